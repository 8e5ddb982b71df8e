"""Kennis die blijft per round: each final round's deliveries per topic as first time or
repeat (`staffquiz.lasting.walk`), and which of those cells the privacy layer lets through.
A round's topics are pooled exactly as the staff report pools them, then split into first
time, repeat and deliveries of people since deleted (who have no history left to classify);
each of the three must be empty or hold k answers, or the part joins Overig. Read-only."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from awareness.reports.counts import Counts, total
from awareness.reports.facts import fetch
from awareness.reports.privacy import split_pooling
from awareness.reports.queries import topic_policy
from awareness.staffquiz.lasting import Delivered, walk
from awareness.staffquiz.models import Answer, Delivery, QuestionVersion, Round
from awareness.staffquiz.spacing import RIGHT, WRONG

Policy = Mapping[object, object]  # a round's topic -> the key it is published under


@dataclass(frozen=True, slots=True)
class Figures:
    """First-time and repeat deliveries of a group, and the questions retired in it.
    `first.delivered` is the number of questions newly given (person and question pairs)."""

    first: Counts = field(default_factory=Counts)
    repeat: Counts = field(default_factory=Counts)
    retired: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.first + other.first, self.repeat + other.repeat,
                       self.retired + other.retired)


@dataclass
class Tally:
    """One round's deliveries of one topic as [delivered, answered, right];
    `retired_from`: for each question retired here, the round its person first got it."""

    first: list[int] = field(default_factory=lambda: [0, 0, 0])
    repeat: list[int] = field(default_factory=lambda: [0, 0, 0])
    deleted: list[int] = field(default_factory=lambda: [0, 0, 0])
    retired_from: list[int] = field(default_factory=list)


# Deliveries whose person was deleted, per round and topic: they count in the staff report.
DELETED = (
    sa.select(Round.number, QuestionVersion.topic, sa.func.count(Delivery.id),
              sa.func.count(Answer.id),
              sa.func.coalesce(sa.func.sum(sa.case((Answer.correct, 1), else_=0)), 0))
    .join(Round, Round.id == Delivery.round_id)
    .join(QuestionVersion, QuestionVersion.id == Delivery.question_id)
    .outerjoin(Answer, Answer.delivery_id == Delivery.id)
    .where(Round.organisation_id == sa.bindparam("organisation_id"),
           Round.opened_at < sa.bindparam("end"), Delivery.staff_member_id.is_(None))
    .group_by(Round.number, QuestionVersion.topic)
)


def tallies(deliveries: Iterable[Delivered], final: Collection[int], organisation_id: int,
            end: datetime) -> dict[int, dict[str, Tally]]:
    """Per final round and topic. Rounds that are not final are left out of the walk: they
    come last, so earlier classifications stand."""
    result: dict[int, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    started: dict[tuple[int, str], int] = {}
    for d, first, _before, retires in walk(d for d in deliveries if d.round_number in final):
        tally = result[d.round_number][d.topic]
        _count(tally.first if first else tally.repeat, d.outcome in (RIGHT, WRONG),
               d.outcome == RIGHT)
        started.setdefault((d.person, d.key), d.round_number)
        if retires:
            tally.retired_from.append(started[(d.person, d.key)])
    params = {"organisation_id": organisation_id, "end": end}
    for number, topic, delivered, answered, right in fetch(DELETED, params):
        if number in final:
            result[number][topic].deleted = [delivered, answered, right]
    return result


def _count(counts: list[int], answered: bool, right: bool) -> None:
    counts[0] += 1
    counts[1] += answered
    counts[2] += right


def policy(topics: dict[str, Tally], k: int) -> Policy:
    """Where each topic of one round is published: pooled by answers like the staff report
    (queries.topic_policy), then split only where every kind may be (privacy.split_pooling)."""
    kinds = {topic: (Counts(*t.first), Counts(*t.repeat), Counts(*t.deleted))
             for topic, t in topics.items()}
    topic_pooling = topic_policy({t: total(kinds[t]) for t in kinds}, k)
    parts: dict[object, list[tuple[Counts, ...]]] = defaultdict(list)
    for topic, part in topic_pooling.into.items():
        parts[part].append(kinds[str(topic)])
    split = split_pooling({part: tuple(map(total, zip(*cells, strict=True)))
                           for part, cells in parts.items()}, k)
    return topic_pooling.then(split).into


def published(tallied: dict[int, dict[str, Tally]], policies: dict[int, Policy]
              ) -> dict[int, dict[object, Figures]]:
    """Per round, its published cells. A retirement lies in the published repeat cell of the
    round where it happens, and counts only if the question's first time was published too
    (so a share never counts a retirement without its start)."""
    result: dict[int, dict[object, Figures]] = {}
    for number, topics in tallied.items():
        cells: dict[object, Figures] = defaultdict(Figures)
        for topic, key in policies[number].items():
            tally = topics[str(topic)]
            retired = sum(1 for start in tally.retired_from if topic in policies[start])
            cells[key] += Figures(Counts(*tally.first), Counts(*tally.repeat), retired)
        result[number] = dict(cells)
    return result


def always_own(tallied: dict[int, dict[str, Tally]], policies: dict[int, Policy],
               shown: Collection[int]) -> set[object]:
    """Topics published under their own name in every round of `shown` that asked them: only
    for those does the row hold every start and retirement of its questions (naming the
    topic of a retirement in a round where it was pooled would tell what its few answers
    were). Rounds outside `shown` (beyond retention) count neither starts nor retirements."""
    asked = {topic for number in shown for topic in tallied.get(number, {})}
    return {topic for topic in asked
            if all(policies[number].get(topic) == topic
                   for number in shown if topic in tallied.get(number, {}))}

"""Staff quiz reports as frozen rows. The counts are computed here; what may be published is
decided by awareness.reports.privacy, one RoundPolicy per round, and range figures are sums
of those published per-round cells, so comparing two date ranges only ever reveals published
cells. Pages and exports render these rows."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from awareness.content.models import StaffTopic
from awareness.organisations.models import Department, Organisation, StaffMember
from awareness.reports.counts import Counts, percentage, total
from awareness.reports.facts import (
    ROUND_TOPIC,
    fetch,
    round_counts,
    round_window,
    rounds_in_window,
    topic_counts,
)
from awareness.reports.models import TalliedRound
from awareness.reports.period import Period, local_date
from awareness.reports.privacy import (
    OTHER,
    Pooling,
    RoundPolicy,
    answers_final,
    effective_threshold,
    pooling,
    round_policy,
    summed,
)
from awareness.staffquiz.models import Round
from awareness.timeutil import utcnow


@dataclass(frozen=True)
class RoundInfo:
    id: int
    number: int
    opened_on: date
    topic: str | None  # None: a personal round (each delivery has its own question)
    question: dict[str, Any]
    tallied: bool
    # Answer figures may be published: the round is closed and settled, or tallied.
    final: bool = True


@dataclass(frozen=True)
class RoundRow:
    """One round. `counts` is None when it went to fewer people than the threshold; the
    correct rate and answer time are hidden while the round is open and when fewer than the
    threshold answered."""

    info: RoundInfo
    topic_title: str
    counts: Counts | None
    correct_shown: bool
    time_shown: bool

    @property
    def participation(self) -> float | None:
        return self.counts.participation if self.counts else None

    @property
    def correct_rate(self) -> float | None:
        return self.counts.correct_rate if self.counts and self.correct_shown else None

    @property
    def average_seconds(self) -> float | None:
        return self.counts.average_seconds if self.counts and self.time_shown else None


@dataclass(frozen=True)
class GroupRow:
    label: str
    counts: Counts
    is_other: bool = False


@dataclass(frozen=True)
class TopicRow:
    title: str
    rounds: int
    counts: Counts


@dataclass(frozen=True)
class IntroRow:
    active: int
    completed: int
    shown: bool

    @property
    def rate(self) -> float | None:
        return percentage(self.completed, self.active) if self.shown else None


@dataclass(frozen=True)
class StaffOverview:
    organisation: str
    period: Period
    threshold: int
    rounds: tuple[RoundRow, ...]
    topics: tuple[TopicRow, ...]
    participation_by_department: tuple[GroupRow, ...]
    correct_by_department: tuple[GroupRow, ...]
    participation_total: Counts
    correct_total: Counts
    timed_total: Counts
    intro: IntroRow

    @property
    def hidden_rounds(self) -> int:
        return sum(1 for row in self.rounds if row.counts is None)

    @property
    def rounds_without_correct(self) -> int:
        """Final rounds whose correct rate is hidden (fewer than k answers)."""
        return sum(1 for row in self.rounds
                   if row.counts is not None and row.info.final and not row.correct_shown)

    @property
    def open_rounds(self) -> int:
        """Shown rounds that are still open: participation only, until they close."""
        return sum(1 for row in self.rounds if row.counts is not None and not row.info.final)


def staff_overview(organisation: Organisation, period: Period, detail: bool = True,
                   now: datetime | None = None) -> StaffOverview:
    """Without detail (the dashboard: rounds and totals) rounds are counted as a whole, the
    department and topic rows stay empty and a round's topic_title is its topic slug. The
    round figures are the same either way: whether a round, its correct rate or its answer
    time is shown depends on its totals (and on whether it is final)."""
    k = effective_threshold(organisation.privacy_threshold)
    window = round_window(organisation.id, period)
    rounds = rounds_in(window, period.timezone, now or utcnow())
    cells = round_cells(rounds, window, per_department=detail)
    topics = round_topic_cells(rounds, window) if detail else {}
    names = department_names(organisation.id) if detail else {}
    titles = topic_titles() if detail else {}
    rows: list[RoundRow] = []
    part_cells: list[dict[object, Counts]] = []
    correct_cells: list[dict[object, Counts]] = []
    topic_cells: list[dict[object, Counts]] = []
    for info in rounds:
        round_cells_ = cells.get(info.id, {})
        policy = round_policy(round_cells_, k, info.final)
        rows.append(round_row(info, round_cells_, policy, titles))
        part_cells.append(policy.participation.apply(round_cells_))
        correct_cells.append(policy.answers.apply(round_cells_))
        if policy.answers:
            topic_cells.append(topic_policy(topics.get(info.id, {}), k).apply(
                topics.get(info.id, {})))
    shown = [row for row in rows if row.counts]
    with_correct = [row for row in shown if row.correct_shown]
    return StaffOverview(
        organisation.name, period, k, tuple(rows),
        _topic_rows(topic_cells, titles) if detail else (),
        group_rows(summed(part_cells), names) if detail else (),
        group_rows(summed(correct_cells), names) if detail else (),
        total(row.counts for row in shown), total(row.counts for row in with_correct),
        total(row.counts for row in shown if row.time_shown), intro_row(organisation.id, k),
    )


def round_row(info: RoundInfo, cells: dict[Any, Counts], policy: RoundPolicy,
              titles: dict[str, str]) -> RoundRow:
    """A round's own row, the same in the overview, the dashboard and the drill-down."""
    shown = bool(policy.participation)
    return RoundRow(info, topic_title(info.topic, titles),
                    total(cells.values()) if shown else None, bool(policy.answers),
                    policy.time_shown)


def topic_policy(cells: dict[object, Counts], k: int) -> Pooling:
    """Within a round whose answer figures are published, its topics: one in a "same" round
    (the whole round), many in a personal one, where topics with fewer than k answers are
    pooled like departments (with complementary suppression)."""
    return pooling({topic: c.answered for topic, c in cells.items()}, k)


def _topic_rows(cells: list[dict[object, Counts]],
                titles: dict[str, str]) -> tuple[TopicRow, ...]:
    """Per topic, the sum of its published per-round cells, and in how many rounds."""
    grouped: dict[object, list[Counts]] = defaultdict(list)
    for published in cells:
        for topic, counts in published.items():
            grouped[topic].append(counts)
    named = sorted(((titles.get(str(topic), str(topic)), items)
                    for topic, items in grouped.items() if topic != OTHER), key=lambda n: n[0])
    if OTHER in grouped:
        named.append((_("Overige onderwerpen"), grouped[OTHER]))
    return tuple(TopicRow(title, len(items), total(items)) for title, items in named)


def topic_title(topic: str | None, titles: dict[str, str]) -> str:
    if topic is None:
        return _("Persoonlijk: ieder een eigen vraag")
    return titles.get(topic, topic)


def group_rows(groups: dict[object, Counts], names: dict[int, str]) -> tuple[GroupRow, ...]:
    rows = [GroupRow(department_label(key, names), counts) for key, counts in groups.items()
            if key != OTHER]
    rows.sort(key=lambda row: row.label.lower())
    if OTHER in groups:
        rows.append(GroupRow(_("Overig"), groups[OTHER], is_other=True))
    return tuple(rows)


def department_label(key: object, names: dict[int, str]) -> str:
    if key is None:
        return _("Geen afdeling")
    if isinstance(key, int) and key in names:
        return names[key]
    return _("Verwijderde afdeling")


# The overview's statements, built once (each view would otherwise rebuild and re-key them).
ROUNDS_IN = rounds_in_window(
    # The question itself is not needed here (the drill-down loads it), so it is not read.
    sa.select(Round.id, Round.number, Round.opened_at, ROUND_TOPIC, Round.closes_at,
              Round.closed_at, TalliedRound.round_id.is_not(None))
    .outerjoin(TalliedRound, TalliedRound.round_id == Round.id)
    .order_by(Round.number)
)
DEPARTMENT_NAMES = sa.select(Department.id, Department.name).where(
    Department.organisation_id == sa.bindparam("organisation_id"))
TOPIC_TITLES = sa.select(StaffTopic.slug, StaffTopic.title)
INTRO_COMPLETION = sa.select(sa.func.count(), sa.func.count(StaffMember.intro_completed_at)).where(
    StaffMember.organisation_id == sa.bindparam("organisation_id"), StaffMember.active.is_(True))


def rounds_in(window: dict[str, Any], timezone: str, now: datetime) -> list[RoundInfo]:
    return [RoundInfo(id_, number, local_date(opened, timezone), topic, {}, bool(tallied),
                      answers_final(bool(tallied), closes, closed, now))
            for id_, number, opened, topic, closes, closed, tallied in fetch(ROUNDS_IN, window)]


def round_cells(rounds: list[RoundInfo], window: dict[str, Any], per_department: bool = True
                ) -> dict[int, dict[int | None, Counts]]:
    """Counts per round and department (the department at the time of the round). A round
    tallied between the two statements comes back from both with the same counts (the tally
    is made from those rows), so the cell is the same either way."""
    live = [info.id for info in rounds if not info.tallied]
    any_tallied = any(info.tallied for info in rounds)
    cells: dict[int, dict[int | None, Counts]] = defaultdict(dict)
    for row in round_counts(live, window if any_tallied else None, per_department):
        cells[row[0]][row[1]] = Counts(row[2], row[3], row[4], row[5], row[6])
    return cells


def round_topic_cells(rounds: list[RoundInfo], window: dict[str, Any]
                      ) -> dict[int, dict[object, Counts]]:
    """Counts per round and topic, the topic being each delivery's question's."""
    live = [info.id for info in rounds if not info.tallied]
    any_tallied = any(info.tallied for info in rounds)
    cells: dict[int, dict[object, Counts]] = defaultdict(dict)
    for round_id, topic, *counts in topic_counts(live, window if any_tallied else None):
        cells[round_id][topic] = Counts(*counts)
    return cells


def department_names(organisation_id: int) -> dict[int, str]:
    return dict(fetch(DEPARTMENT_NAMES, {"organisation_id": organisation_id}))


def topic_titles() -> dict[str, str]:
    return dict(fetch(TOPIC_TITLES))


def intro_row(organisation_id: int, k: int) -> IntroRow:
    [(active, completed)] = fetch(INTRO_COMPLETION, {"organisation_id": organisation_id})
    return IntroRow(active, completed, active >= k)

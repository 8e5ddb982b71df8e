"""Staff quiz reports as frozen rows. k-anonymity is applied here, once, per round: within each
round, departments below the threshold are pooled into "Overig" (topped up until the pool is
large enough), and range figures are sums of those protected per-round cells, so comparing
two date ranges only ever reveals protected cells. Pages and exports render these rows."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from awareness.content.models import StaffTopic
from awareness.organisations.models import Department, Organisation, StaffMember
from awareness.reports.anonymity import OTHER, effective_threshold, pool_small_groups
from awareness.reports.counts import Counts, percentage, total
from awareness.reports.facts import (
    fetch,
    round_counts,
    round_window,
    rounds_in_window,
    topic_counts,
)
from awareness.reports.models import TalliedRound
from awareness.reports.period import Period, local_date
from awareness.staffquiz.models import Round


@dataclass(frozen=True)
class RoundInfo:
    id: int
    number: int
    opened_on: date
    topic: str | None  # None: a personal round (each delivery has its own question)
    question: dict[str, Any]
    tallied: bool


@dataclass(frozen=True)
class RoundRow:
    """One round. `counts` is None when it went to fewer people than the threshold; the
    correct rate and answer time are hidden when fewer than the threshold answered."""

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
        return sum(1 for row in self.rounds if row.counts is not None and not row.correct_shown)


def staff_overview(organisation: Organisation, period: Period,
                   detail: bool = True) -> StaffOverview:
    """Without detail (the dashboard: rounds and totals) rounds are counted as a whole, the
    department and topic rows stay empty and a round's topic_title is its topic slug. The
    round figures are the same either way: whether a round, its correct rate or its answer
    time is shown depends on its totals."""
    k = effective_threshold(organisation.privacy_threshold)
    window = round_window(organisation.id, period)
    rounds = rounds_in(window, period.timezone)
    cells = round_cells(rounds, window, per_department=detail)
    names = department_names(organisation.id) if detail else {}
    titles = topic_titles() if detail else {}
    topics = round_topic_cells(rounds, window) if detail else {}
    rows: list[RoundRow] = []
    # Per department, the protected cells of every round, summed once at the end.
    part_cells: dict[object, list[Counts]] = defaultdict(list)
    correct_cells: dict[object, list[Counts]] = defaultdict(list)
    for info in rounds:
        row, part_pool, correct_pool = _protected_round(info, cells.get(info.id, {}), k, titles)
        rows.append(row)
        for key, counts in part_pool.items():
            part_cells[key].append(counts)
        for key, counts in correct_pool.items():
            correct_cells[key].append(counts)
    shown = [row for row in rows if row.counts]
    with_correct = [row for row in shown if row.correct_shown]
    return StaffOverview(
        organisation.name, period, k, tuple(rows),
        _topic_rows(with_correct, topics, titles, k) if detail else (),
        group_rows(_sums(part_cells), names) if detail else (),
        group_rows(_sums(correct_cells), names) if detail else (),
        total(row.counts for row in shown), total(row.counts for row in with_correct),
        total(row.counts for row in shown if row.time_shown), intro_row(organisation.id, k),
    )


def _protected_round(info: RoundInfo, cells: dict[int | None, Counts], k: int,
                     titles: dict[str, str]) -> tuple[RoundRow, dict, dict]:  # type: ignore[type-arg]
    part_pool = pool_small_groups(cells, lambda c: c.delivered, k)
    correct_pool = pool_small_groups(cells, lambda c: c.answered, k) if part_pool else {}
    round_total = total(cells.values())
    time_shown = bool(correct_pool) and round_total.seconds_count >= k
    row = RoundRow(info, topic_title(info.topic, titles),
                   round_total if part_pool else None,
                   bool(correct_pool), time_shown)
    return row, part_pool, correct_pool


def _sums(cells: dict[object, list[Counts]]) -> dict[object, Counts]:
    return {key: total(values) for key, values in cells.items()}


def _topic_rows(rows: list[RoundRow], cells: dict[int, dict[str, Counts]],
                titles: dict[str, str], k: int) -> tuple[TopicRow, ...]:
    """Per topic, the sum of its protected per-round cells. A personal round asks many topics:
    within a round, topics with fewer than k answers are pooled like departments (in a "same"
    round the one topic is the whole round, so nothing changes there)."""
    grouped: dict[object, list[Counts]] = defaultdict(list)
    for row in rows:
        for topic, counts in pool_small_groups(cells.get(row.info.id, {}),
                                               lambda c: c.answered, k).items():
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
    return names.get(key, _("Verwijderde afdeling"))  # type: ignore[call-overload]


# The overview's statements, built once (each view would otherwise rebuild and re-key them).
ROUNDS_IN = rounds_in_window(
    # The question itself is not needed here (the drill-down loads it), so it is not read.
    sa.select(Round.id, Round.number, Round.opened_at, Round.topic,
              TalliedRound.round_id.is_not(None))
    .outerjoin(TalliedRound, TalliedRound.round_id == Round.id)
    .order_by(Round.number)
)
DEPARTMENT_NAMES = sa.select(Department.id, Department.name).where(
    Department.organisation_id == sa.bindparam("organisation_id"))
TOPIC_TITLES = sa.select(StaffTopic.slug, StaffTopic.title)
INTRO_COMPLETION = sa.select(sa.func.count(), sa.func.count(StaffMember.intro_completed_at)).where(
    StaffMember.organisation_id == sa.bindparam("organisation_id"), StaffMember.active.is_(True))


def rounds_in(window: dict[str, Any], timezone: str) -> list[RoundInfo]:
    return [RoundInfo(id_, number, local_date(opened, timezone), topic, {}, bool(tallied))
            for id_, number, opened, topic, tallied in fetch(ROUNDS_IN, window)]


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
                      ) -> dict[int, dict[str, Counts]]:
    """Counts per round and topic, the topic being each delivery's question's."""
    live = [info.id for info in rounds if not info.tallied]
    any_tallied = any(info.tallied for info in rounds)
    cells: dict[int, dict[str, Counts]] = defaultdict(dict)
    for round_id, topic, *counts in topic_counts(live, window if any_tallied else None):
        cells[round_id][topic] = Counts(*counts)
    return cells


def department_names(organisation_id: int) -> dict[int, str]:
    return dict(fetch(DEPARTMENT_NAMES, {"organisation_id": organisation_id}))  # type: ignore[arg-type]


def topic_titles() -> dict[str, str]:
    return dict(fetch(TOPIC_TITLES))  # type: ignore[arg-type]


def intro_row(organisation_id: int, k: int) -> IntroRow:
    [(active, completed)] = fetch(INTRO_COMPLETION, {"organisation_id": organisation_id})
    return IntroRow(active, completed, active >= k)

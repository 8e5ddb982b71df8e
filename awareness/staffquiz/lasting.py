"""Kennis die blijft (lasting knowledge): whether what staff learn stays. Per topic and period:

* the correct rate the first time a question is asked to a person;
* the correct rate when it comes back to them (and, within that, after a right answer: the
  purest measure of whether knowledge stayed);
* the share of questions retired (two right answers in a row) of all questions people were
  given, from the very first round up to and including the period (a running state: earlier
  history counts, so the share does not restart with the report's range).

`lasting()` is pure: it walks every person's deliveries in round order, so a question counts as
"first" only for a person who never had it before, whatever mode the rounds were in. Figures
carry the number of people behind them (`people`), for the report's privacy layer to apply the
threshold k; nothing here is published as it is. `lasting_deliveries()` reads the input."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa

from awareness.extensions import db
from awareness.staffquiz.models import Answer, Delivery, QuestionVersion, Round
from awareness.staffquiz.personal import outcome
from awareness.staffquiz.spacing import RIGHT, RIGHTS_TO_RETIRE, WRONG

ALL = "*"  # the topic or period key of a total
BEFORE = "<"  # history before the range: feeds the running totals, is never a cell


@dataclass(frozen=True, slots=True)
class Delivered:
    """One delivery. `period`: the report bucket of its round (e.g. the first day of its
    month), or None for history before the report's range (read, never counted)."""

    person: int
    round_number: int
    period: date | None
    key: str
    topic: str
    outcome: str  # RIGHT, WRONG, UNANSWERED or OPEN (see spacing)


@dataclass
class Rate:
    asked: int = 0
    answered: int = 0
    correct: int = 0
    persons: set[int] = field(default_factory=set)  # who answered

    @property
    def people(self) -> int:
        return len(self.persons)

    @property
    def correct_rate(self) -> float | None:
        return round(100 * self.correct / self.answered, 1) if self.answered else None

    def add(self, person: int, result: str) -> None:
        self.asked += 1
        if result in (RIGHT, WRONG):
            self.answered += 1
            self.correct += result == RIGHT
            self.persons.add(person)


@dataclass
class Cell:
    """The figures of one topic (or ALL) in one period (or ALL)."""

    first: Rate = field(default_factory=Rate)
    repeat: Rate = field(default_factory=Rate)
    kept: Rate = field(default_factory=Rate)  # repeats after a right answer
    started: int = 0  # (person, question) pairs asked for the first time in this cell
    retired: int = 0  # pairs retired in this cell
    started_to_date: int = 0  # pairs ever asked, up to and including this period
    retired_to_date: int = 0  # pairs ever retired, up to and including this period
    people_to_date: int = 0  # people behind started_to_date

    @property
    def retired_share(self) -> float | None:
        if not self.started_to_date:
            return None
        return round(100 * self.retired_to_date / self.started_to_date, 1)


Key = tuple[str, date | str]  # (topic or ALL, period or ALL)


class Step(NamedTuple):
    """One delivery seen in its person's history: asked for the first time, the outcome of
    the delivery before it of the same question (None if first), and whether it retired it."""

    delivered: Delivered
    first: bool
    before: str | None
    retires: bool


def walk(deliveries: Iterable[Delivered]) -> Iterator[Step]:
    """Every delivery in its person's round order, classified."""
    streak: dict[tuple[int, str], int] = {}
    last: dict[tuple[int, str], str] = {}
    done: set[tuple[int, str]] = set()  # retired pairs (a pair retires once)
    for d in sorted(deliveries, key=lambda d: (d.person, d.round_number)):
        pair = (d.person, d.key)
        first = pair not in streak
        before = last.get(pair)
        streak[pair] = streak.get(pair, 0) + 1 if d.outcome == RIGHT else 0
        last[pair] = d.outcome
        retires = streak[pair] == RIGHTS_TO_RETIRE and pair not in done
        if retires:
            done.add(pair)
        yield Step(d, first, before, retires)


def lasting(deliveries: Iterable[Delivered]) -> dict[Key, Cell]:
    """Cells per (topic, period), per (topic, ALL), per (ALL, period) and (ALL, ALL)."""
    cells: dict[Key, Cell] = defaultdict(Cell)
    started: dict[Key, set[tuple[int, str]]] = defaultdict(set)
    retired: dict[Key, int] = defaultdict(int)
    for d, first, before, retires in walk(deliveries):
        pair = (d.person, d.key)
        if d.period is None:
            history: tuple[Key, Key] = ((d.topic, BEFORE), (ALL, BEFORE))
            for key in history:
                if first:
                    started[key].add(pair)
                retired[key] += retires
            continue
        for key in _keys(d.topic, d.period):
            cell = cells[key]
            (cell.first if first else cell.repeat).add(d.person, d.outcome)
            if before == RIGHT:
                cell.kept.add(d.person, d.outcome)
            if first:
                cell.started += 1
                started[key].add(pair)
            if retires:
                cell.retired += 1
                retired[key] += 1
    _to_date(cells, started, retired)
    return dict(cells)


def _keys(topic: str, period: date) -> tuple[Key, ...]:
    return ((topic, period), (topic, ALL), (ALL, period), (ALL, ALL))


def _to_date(cells: dict[Key, Cell], started: dict[Key, set[tuple[int, str]]],
             retired: dict[Key, int]) -> None:
    """Running totals per topic over its periods in date order, from the history before the
    range on (ALL: up to the end of the range)."""
    topics = {topic for topic, _period in cells}
    for topic in topics:
        periods = sorted(p for t, p in cells if t == topic and p != ALL)
        pairs = set(started.get((topic, BEFORE), ()))
        count = retired.get((topic, BEFORE), 0)
        for period in [*periods, ALL]:
            if period != ALL:
                pairs |= started[(topic, period)]
                count += retired[(topic, period)]
            cell = cells[(topic, period)]
            cell.started_to_date, cell.retired_to_date = len(pairs), count
            cell.people_to_date = len({person for person, _key in pairs})


_DELIVERIES = (
    sa.select(Delivery.staff_member_id, Round.number, Round.opened_at, QuestionVersion.key,
              QuestionVersion.topic, Answer.correct, Round.closes_at, Round.closed_at)
    .join(Round, Round.id == Delivery.round_id)
    .join(QuestionVersion, QuestionVersion.id == Delivery.question_id)
    .outerjoin(Answer, Answer.delivery_id == Delivery.id)
    .where(Round.organisation_id == sa.bindparam("organisation_id"),
           Round.opened_at < sa.bindparam("end"), Delivery.staff_member_id.is_not(None))
)


def utc_month(moment: datetime) -> date:
    return moment.date().replace(day=1)


def lasting_deliveries(organisation_id: int, start: datetime, end: datetime, now: datetime,
                       period: Callable[[datetime], date] = utc_month) -> list[Delivered]:
    """The organisation's deliveries of rounds opened before `end`: those opened from `start`
    on with `period(opened_at)` as their period, the older ones as history. Read-only."""
    # staff_member_id IS NOT NULL in the query, so every row's person is an int.
    rows: Iterable[tuple[int, int, datetime, str, str, bool | None, datetime, datetime | None]]
    rows = db.session.connection().execute(
        _DELIVERIES, {"organisation_id": organisation_id, "end": end})
    return [Delivered(person, number, period(opened) if opened >= start else None, key, topic,
                      outcome(correct, closes_at, closed_at, now))
            for person, number, opened, key, topic, correct, closes_at, closed_at in rows]

"""Property test of Kennis die blijft over random personal histories: every figure it
publishes is a sum of per-round cells whose first-time and repeat halves are each empty or
hold at least k answers, the total and the months are the sums of the rows (nothing to
subtract), a range is the sum of its rounds (so comparing ranges gives only published
cells), a share never counts a retirement without its start, and a topic named here has
the answers the staff report gives it for that round, but for those of people since deleted
(none, or at least k)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awareness.extensions import db
from awareness.organisations.models import Organisation, StaffMember
from awareness.reports.lasting import Figures, LastingReport, lasting_report
from awareness.reports.period import Period
from awareness.reports.queries import staff_overview
from awareness.staffquiz.models import Delivery
from awareness.timeutil import freeze
from tests.support.database import is_postgres
from tests.support.lasting import add_round

QUESTIONS = ("PH1", "PH2", "WW1")  # tests.support.lasting.TOPIC: two phishing, one wachtwoorden
FIRST_DAY = date(2026, 1, 6)
EXAMPLES = 10 if is_postgres() else 30


@dataclass(frozen=True)
class Plan:
    k: int
    people: int
    # per round, per person: (question index, outcome "r" / "w" / "-")
    rounds: tuple[tuple[tuple[int, str], ...], ...]
    last_open: bool
    deleted: tuple[bool, ...]  # per person: deleted afterwards (deliveries kept, no person)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    people = draw(st.integers(3, 14))
    delivery = st.tuples(st.integers(0, len(QUESTIONS) - 1),
                         st.sampled_from(("r", "r", "w", "-")))
    rounds = draw(st.lists(st.tuples(*[delivery] * people), min_size=1, max_size=5))
    deleted = draw(st.lists(st.sampled_from((False, False, False, True)), min_size=people,
                            max_size=people))
    return Plan(draw(st.integers(2, 4)), people, tuple(rounds), draw(st.booleans()),
                tuple(deleted))


def _day(number: int) -> date:
    return FIRST_DAY + timedelta(days=14 * (number - 1))


def build(plan: Plan) -> Organisation:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    org = Organisation(slug="eigenschap", name="Gemeente Eigenschap", privacy_threshold=plan.k)
    db.session.add(org)
    db.session.flush()
    people = {f"p{n}": StaffMember(organisation_id=org.id, name=f"P{n}", email=f"p{n}@e.nl")
              for n in range(plan.people)}
    db.session.add_all(people.values())
    db.session.flush()
    freeze(_now(plan))
    for number, deliveries in enumerate(plan.rounds, start=1):
        asked: dict[str, dict[str, str]] = {}
        for (name, (question, outcome)) in zip(people, deliveries, strict=True):
            asked.setdefault(QUESTIONS[question], {})[name] = outcome
        add_round(org, number, _day(number), asked, people, now=_now(plan))
    gone = [person.id for person, deleted in zip(people.values(), plan.deleted, strict=True)
            if deleted]
    db.session.execute(sa.update(Delivery).where(Delivery.staff_member_id.in_(gone))
                       .values(staff_member_id=None))
    db.session.commit()
    return org


def _now(plan: Plan) -> datetime:
    """Closed rounds are final at this moment; the last one is still open if the plan says."""
    last = _day(len(plan.rounds))
    return datetime.combine(last, datetime.min.time(), UTC) + timedelta(
        days=3 if plan.last_open else 20)


def _halves_fine(figures: Figures, k: int) -> bool:
    return all(half.delivered == 0 or half.answered >= k
               for half in (figures.first, figures.repeat))


def _check_rows(report: LastingReport) -> None:
    total = report.total
    rows = [*report.topics, *report.months, *([total] if total else [])]
    for row in rows:
        assert row.retired is None or row.started is not None and row.retired <= row.started
    if total is None:
        assert all(row.figures == Figures() for row in rows)
        return
    assert sum((row.figures for row in report.topics), Figures()) == total.figures
    assert sum((row.figures for row in report.months), Figures()) == total.figures


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=plans())
def test_published_figures_are_sums_of_protected_round_cells(app: Flask, plan: Plan) -> None:
    org = build(plan)
    now = _now(plan)
    whole = lasting_report(org, Period(_day(1), _day(len(plan.rounds))), now)
    _check_rows(whole)
    per_round = []
    for number in range(1, len(plan.rounds) + 1):
        single = Period(_day(number), _day(number))
        report = lasting_report(org, single, now)
        _check_rows(report)
        staff = {t.title: t.counts.answered for t in staff_overview(org, single, now=now).topics}
        for row in report.topics:
            assert _halves_fine(row.figures, plan.k), (number, row)
            # The staff report also counts deleted people's answers: 0 or at least k of them.
            answered = row.figures.first.answered + row.figures.repeat.answered
            assert row.is_other or staff[row.label] - answered in (0, *range(plan.k, 99)), (
                number, row, staff)
        if plan.last_open and number == len(plan.rounds):
            assert report.total is None and report.open_rounds == 1
        per_round.append(report)
    assert sum((r.total.figures for r in per_round if r.total), Figures()) == (
        whole.total.figures if whole.total else Figures())
    for row in whole.topics:
        assert sum((other.figures for r in per_round for other in r.topics
                    if other.label == row.label), Figures()) == row.figures

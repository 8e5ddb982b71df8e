"""Personal mode end to end, on SQLite and (with DATABASE_URL) PostgreSQL: 26 fortnightly
rounds for 200 people with seeded answer behaviour, opened by the real tick; and switching
mode halfway, which must leave every earlier report figure as it was."""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from awareness.administration.planning import set_question_mode
from awareness.content.models import BankQuestion
from awareness.extensions import db
from awareness.organisations.models import PERSONAL, SAME, Organisation
from awareness.outbox.models import OutboundEmail
from awareness.reports.aggregates import tally_closed_rounds
from awareness.reports.drilldown import round_report
from awareness.reports.period import Period
from awareness.reports.queries import staff_overview
from awareness.staffquiz.lasting import ALL, lasting, lasting_deliveries
from awareness.staffquiz.models import Answer, Delivery, QuestionVersion, Round
from awareness.staffquiz.services import tick
from awareness.timeutil import freeze
from tests.support.content import write_bank, write_module
from tests.support.staffquiz import add_staff, make_org, schedule

AMS = ZoneInfo("Europe/Amsterdam")
START = date(2026, 1, 6)  # a Tuesday
TOPICS = ("phishing", "wachtwoorden", "avg", "thuiswerken", "datalek", "updates")
PER_TOPIC = 6


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """The usual modules with a bank of 6 topics x 6 questions: 26 rounds must not use it up."""
    root = tmp_path / "content"
    for audience, slug in (("youth", "jong-een"), ("seniors", "senior-een"),
                           ("entrepreneurs", "ondernemer-een"),
                           ("staff", "basiskennis-informatieveiligheid")):
        write_module(root, audience, slug, lessons=5 if audience == "staff" else 3)
    write_bank(root, TOPICS, PER_TOPIC)
    return root


def slot(number: int) -> datetime:
    return datetime.combine(START + timedelta(days=14 * (number - 1)), time(9), AMS)


def open_round(number: int) -> Round:
    freeze(slot(number) + timedelta(minutes=1))
    report = tick(slot(number) + timedelta(minutes=1))
    assert [o.number for o in report.opened] == [number], report
    found = db.session.scalar(sa.select(Round).filter_by(number=number))
    assert found is not None
    return found


class Staff:
    """Seeded behaviour: how likely each person answers, and answers right the first time
    and when a question comes back. Five never answer."""

    def __init__(self, ids: list[int], seed: int = 14) -> None:
        rng = random.Random(seed)
        self.rng = random.Random(seed + 1)
        self.answers = {i: 0.0 if n < 5 else rng.uniform(0.5, 0.95) for n, i in enumerate(ids)}
        self.first = {i: rng.uniform(0.4, 0.8) for i in ids}

    def answer(self, round_: Round) -> None:
        rows = db.session.execute(
            sa.select(Delivery.id, Delivery.staff_member_id, QuestionVersion.question)
            .join(QuestionVersion, QuestionVersion.id == Delivery.question_id)
            .where(Delivery.round_id == round_.id).order_by(Delivery.id)).all()
        seen = _seen_before(round_.number)
        for delivery_id, person, question in rows:
            if self.rng.random() >= self.answers[person]:
                continue
            chance = 0.85 if (person, question["key"]) in seen else self.first[person]
            right = self.rng.random() < chance
            key = next(o["key"] for o in question["options"] if o["correct"] == right)
            db.session.add(Answer(delivery_id=delivery_id, round_id=round_.id, option_key=key,
                                  correct=right, seconds_to_answer=3600,
                                  answered_at=round_.slot_at + timedelta(hours=1)))
        db.session.commit()


def _seen_before(number: int) -> set[tuple[int | None, str]]:
    return {(person, key) for person, key in db.session.execute(
        sa.select(Delivery.staff_member_id, QuestionVersion.key)
        .join(QuestionVersion, QuestionVersion.id == Delivery.question_id)
        .join(Round, Round.id == Delivery.round_id).where(Round.number < number)).all()}


def histories() -> dict[int, list[tuple[int, str, str, bool | None]]]:
    """Per person: (round, question, topic, right?) in round order."""
    rows = db.session.execute(
        sa.select(Delivery.staff_member_id, Round.number, QuestionVersion.key,
                  QuestionVersion.topic, Answer.correct)
        .join(Round, Round.id == Delivery.round_id)
        .join(QuestionVersion, QuestionVersion.id == Delivery.question_id)
        .outerjoin(Answer, Answer.delivery_id == Delivery.id).order_by(Round.number))
    result: dict[int, list[tuple[int, str, str, bool | None]]] = defaultdict(list)
    for person, number, key, topic, correct in rows:
        assert person is not None  # nobody is deleted here
        result[person].append((number, key, topic, correct))
    return result


def test_26_personal_rounds_for_200_people(synced) -> None:
    org = make_org()
    assert org.question_mode == PERSONAL  # the default for a new organisation
    people = [p.id for d in ("Burgerzaken", "Sociaal Domein", "Ruimte", "Griffie")
              for p in add_staff(org, 50, d, prefix=d[:3].lower())]
    schedule(org, start=START)
    staff = Staff(people)
    for number in range(1, 27):
        round_ = open_round(number)
        assert round_.personal and round_.question is None
        # Exactly one question per person, each with its own e-mail.
        delivered = db.session.scalars(sa.select(Delivery.staff_member_id)
                                       .filter_by(round_id=round_.id)).all()
        assert Counter(delivered) == Counter(people)
        mails = db.session.scalar(sa.select(sa.func.count(OutboundEmail.id)).join(
            Delivery, Delivery.id == OutboundEmail.delivery_id).where(
            Delivery.round_id == round_.id, OutboundEmail.kind == "question"))
        assert mails == 200
        staff.answer(round_)

    bank = db.session.scalar(sa.select(sa.func.count(BankQuestion.id)))
    assert bank == len(TOPICS) * PER_TOPIC
    counts: Counter[str] = Counter()
    for history in histories().values():
        assert [number for number, *_ in history] == list(range(1, 27))
        counts.update(_check_person(history))
        # The bank is not used up early: nobody needed more than two thirds of it.
        assert len({key for _, key, _, _ in history}) <= bank * 2 // 3
    # The behaviour exercised every rule, many times over.
    assert counts["wrong or unanswered, back next round"] > 500
    assert counts["right, back after two rounds or later"] > 200
    assert counts["retired"] > 100 and counts["new"] > 1000
    # Never-answering people get their first question again and again.
    silent = [p for p in people if staff.answers[p] == 0.0][0]
    assert len({key for _, key, _, _ in histories()[silent]}) == 1


def _check_person(history: list[tuple[int, str, str, bool | None]]) -> Counter[str]:
    seen: dict[str, list[bool | None]] = defaultdict(list)
    last_round: dict[str, int] = {}
    counts: Counter[str] = Counter()
    previous: tuple[int, str, str, bool | None] | None = None
    for number, key, topic, correct in history:
        if previous is not None and previous[3] is not True:
            # Wrong or unanswered comes back the very next round.
            assert key == previous[1], history
        results = seen[key]
        if not results:
            counts["new"] += 1
            # Topics rotate: a new question never has the topic just met (6 topics, plenty).
            assert previous is None or topic != previous[2], history
        else:
            # Retired (two rights in a row) never returns.
            assert results[-2:] != [True, True], history
            if results[-1] is True:
                assert number >= last_round[key] + 2, history
                counts["right, back after two rounds or later"] += 1
            else:
                counts["wrong or unanswered, back next round"] += 1
        results.append(correct)
        if results[-2:] == [True, True]:
            counts["retired"] += 1
        last_round[key] = number
        previous = (number, key, topic, correct)
    return counts


def figures(organisation: Organisation, period: Period) -> tuple[Any, Any, list[Any]]:
    """Everything the reports show for `period`: overview, dashboard, every round's detail,
    without the flag that says whether a round is read from its tally (shown nowhere). Seen
    from one moment after every round closed (answer figures wait for that)."""
    at = slot(20)
    overview = _untallied(staff_overview(organisation, period, now=at))
    details = [_untallied(round_report(organisation, row.info.id, now=at))
               for row in overview.rounds]
    return overview, _untallied(staff_overview(organisation, period, False, at)), details


def _untallied(report: Any) -> Any:
    def row(r: Any) -> Any:
        return replace(r, info=replace(r.info, tallied=False))
    if hasattr(report, "rounds"):
        return replace(report, rounds=tuple(row(r) for r in report.rounds))
    return replace(report, row=row(report.row))


def test_switching_mode_halfway_keeps_every_earlier_figure(synced) -> None:
    org = make_org(questions=SAME)
    for department, size in (("Burgerzaken", 12), ("Financiën", 7), ("Archief", 3)):
        add_staff(org, size, department, prefix=department[:3].lower())
    schedule(org, start=START)
    staff = Staff(list(db.session.scalars(sa.text("SELECT id FROM staff_member"))))
    for number in range(1, 7):
        staff.answer(open_round(number))
    first_half = Period(START, slot(6).date())
    before = figures(org, first_half)

    assert set_question_mode(org.id, PERSONAL, None)
    for number in range(7, 13):
        round_ = open_round(number)
        assert round_.personal
        staff.answer(round_)
    assert figures(org, first_half) == before
    # The same rounds in a report that also covers the personal ones: the same rows.
    whole = staff_overview(org, Period(START, slot(12).date()), now=slot(20))
    assert whole.rounds[:6] == before[0].rounds
    # Read from their tallies instead of live rows: still the same.
    freeze(slot(14))
    tick(slot(14))
    assert tally_closed_rounds(slot(14)) >= 12
    assert figures(org, first_half) == before
    assert len(before[2]) == 6 and before[0].topics


def test_per_topic_figures_count_each_persons_own_question(synced) -> None:
    org = make_org()
    add_staff(org, 40)
    schedule(org, start=START)
    staff = Staff(list(db.session.scalars(sa.text("SELECT id FROM staff_member"))))
    for number in range(1, 9):
        staff.answer(open_round(number))
    freeze(slot(10))
    tick(slot(10))
    period = Period(START, slot(9).date())
    live = staff_overview(org, period)
    expected: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for history in histories().values():
        for number, _key, topic, correct in history:
            if correct is not None and number <= 8:
                answered, right = expected[topic]
                expected[topic] = (answered + 1, right + correct)
    topics = {row.title.removeprefix("Onderwerp "): (row.counts.answered, row.counts.correct)
              for row in live.topics}
    # Topics with fewer than k answers in a round are pooled within that round ("Overige
    # onderwerpen"), so each shown topic holds at most its true count, and all add up.
    assert sum(a for a, _ in topics.values()) == sum(a for a, _ in expected.values())
    for topic, (answered, right) in topics.items():
        if topic != "Overige onderwerpen":
            assert answered <= expected[topic][0] and right <= expected[topic][1]
    assert [row.topic_title for row in live.rounds] == ["Persoonlijk: ieder een eigen vraag"] * 8
    tally_closed_rounds(slot(10))
    assert staff_overview(org, period).topics == live.topics
    # Kennis die blijft over the same rounds: every delivery is a first time or a repeat.
    cells = lasting(lasting_deliveries(org.id, period.start, period.end, slot(10)))
    total = cells[(ALL, ALL)]
    assert total.first.asked + total.repeat.asked == 40 * 8
    assert total.first.answered + total.repeat.answered == sum(
        a for a, _ in expected.values())

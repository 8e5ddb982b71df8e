"""How colleagues answered: percent per option over the whole organisation, only from answers
of closed rounds, released in batches of at least k, shown only with k answers besides any one
person's own; never per department; kept per organisation and question for a minute."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from awareness.extensions import db
from awareness.organisations.models import SAME
from awareness.reports.aggregates import SETTLE, tally_round
from awareness.reports.colleagues import ColleagueCache, colleague_answers, released
from awareness.staffquiz.models import Answer, Delivery, Round
from awareness.staffquiz.services import send_round_now
from awareness.timeutil import freeze, utcnow
from tests.support.staffquiz import add_staff, answer_token, deliveries, make_org
from tests.web.staff.conftest import csrf_token

T0 = datetime(2026, 3, 3, 8, tzinfo=UTC)
D1, D2 = datetime(2026, 3, 17, tzinfo=UTC), datetime(2026, 3, 31, tzinfo=UTC)


def test_batches_are_released_only_whole_and_at_least_k() -> None:
    # (round, closed at, option, answers): rounds of 3, 1 and 2 answers, then 4.
    rows = [(1, D1, "a", 2), (1, D1, "b", 1), (2, D2, "a", 1),
            (3, D2 + timedelta(days=14), "b", 2), (4, D2 + timedelta(days=28), "a", 4)]
    # k = 5: rounds 1-3 make the first batch (3+1+2 = 6); round 4 (4) waits for more.
    assert released(rows, 5) == ({"a": 3, "b": 3}, 3)
    # k = 3: round 1 (3) alone, then rounds 2-3 (1+2 = 3), then round 4 (4).
    assert released(rows, 3) == ({"a": 7, "b": 3}, 4)
    # The order is the closing order, not the order of the rows.
    assert released(list(reversed(rows)), 5) == released(rows, 5)
    assert released(rows, 20) == ({}, 0)


@pytest.fixture
def ten(synced):
    """Ten people in two departments of five, one "same" round: everyone the same question."""
    freeze(T0)
    org = make_org(questions=SAME)
    add_staff(org, 5, "Burgerzaken", prefix="bz")
    add_staff(org, 5, "Griffie", prefix="gr")
    opened = send_round_now(org.id, T0)
    return org, opened, deliveries(opened.round_id)


def answer(client, delivery: Delivery, key: str):
    token = answer_token(delivery)
    page = client.get(f"/m/a/{token}/{key}")
    return client.post(f"/m/a/{token}/{key}", data={"csrf_token": csrf_token(page.text),
                                                    "option": key})


def shares(html: str) -> dict[str, int]:
    section = html.split("Zo antwoordden je collega", 1)[1].split("</section>", 1)[0]
    return {text: int(pct) for text, pct in
            re.findall(r"<li>[A-D]\. ([^<:]+): <strong>(\d+)%</strong></li>", section)}


def test_result_page_shows_colleagues_once_the_round_closed(client, ten) -> None:
    org, opened, people = ten
    keys = {o["text"]: o["key"] for o in people[0].asked.question["options"]}
    choices = ["Ja"] * 6 + ["Nee"] * 3 + ["Misschien"]  # across both departments
    results = [answer(client, d, keys[c]) for d, c in zip(people, choices, strict=True)]
    # While the round is open, nobody sees anything, however many have answered: reloading
    # the page as colleagues answer would otherwise reveal each answer.
    assert all("Nog niet genoeg collega" in r.text for r in results)
    assert shares(results[-1].text) == {}
    round_ = db.session.get(Round, opened.round_id)
    freeze(round_.closes_at + SETTLE)
    page = client.get(f"/m/a/{answer_token(people[0])}/{keys['Ja']}")
    # 10 answers in the organisation, both departments together: 6, 3 and 1.
    assert shares(page.text) == {"Ja": 60, "Nee": 30, "Misschien": 10}
    assert "van 10 antwoorden" in page.text
    # Read from the tally after the round is tallied, the same.
    tally_round(round_.id)
    db.session.commit()
    assert shares(client.get(f"/m/a/{answer_token(people[1])}/a").text) == shares(page.text)


@pytest.mark.parametrize("answered, shown", [(5, False), (6, True)])
def test_percentages_appear_from_k_answers_besides_ones_own(ten, answered: int,
                                                            shown: bool) -> None:
    org, opened, people = ten
    question = people[0].asked.question
    correct = next(o["key"] for o in question["options"] if o["correct"])
    for delivery in people[:answered]:
        db.session.add(Answer(delivery_id=delivery.id, round_id=opened.round_id,
                              option_key=correct, correct=True, answered_at=T0))
    db.session.commit()
    closes = db.session.get(Round, opened.round_id).closes_at + SETTLE  # closed and settled
    for now, expect in ((closes - timedelta(seconds=1), False), (closes, shown)):
        figure = colleague_answers(org.id, people[0].question_id, 5, now)
        assert figure.shown is expect
        if expect:
            assert figure.shares == {correct: 100.0} and figure.answered == answered


def test_one_figure_for_everyone_whether_they_answered_or_not(client, ten) -> None:
    """Five answers in one round: someone among them would see only four besides their own,
    so none of them sees the figure (and whether it shows tells nobody who answered)."""
    org, opened, people = ten
    keys = [o["key"] for o in people[0].asked.question["options"]]
    for delivery in people[:5]:
        answer(client, delivery, keys[0])
    freeze(db.session.get(Round, opened.round_id).closes_at + SETTLE)
    pages = [client.get(f"/m/a/{answer_token(d)}/{keys[0]}").text for d in people[:5]]
    assert all("Nog niet genoeg collega" in page and not shares(page) for page in pages)
    assert not colleague_answers(org.id, people[0].question_id, 5, utcnow()).shown


def test_k_besides_ones_own_in_every_round_a_question_came_back(ten) -> None:
    """The same question in two closed rounds, 6 answers each: one person may be in both, so
    12 answers show at k = 10 (12 - 2 rounds) and not at k = 11."""
    org, opened, people = ten
    closes = db.session.get(Round, opened.round_id).closes_at
    again = send_round_now(org.id, closes + timedelta(days=1))
    question = people[0].question_id
    # The question comes back to everyone (as spaced repetition brings it back to some).
    db.session.execute(sa.update(Delivery).where(Delivery.round_id == again.round_id)
                       .values(question_id=question))
    for round_id, batch in ((opened.round_id, people[:6]),
                            (again.round_id, deliveries(again.round_id)[:6])):
        for delivery in batch:
            db.session.add(Answer(delivery_id=delivery.id, round_id=round_id, option_key="a",
                                  correct=True, answered_at=T0))
    db.session.commit()
    later = db.session.get(Round, again.round_id).closes_at + SETTLE
    assert colleague_answers(org.id, question, 10, later).shown
    assert not colleague_answers(org.id, question, 11, later).shown


def test_a_figure_is_kept_a_minute_per_organisation_and_question(ten) -> None:
    org, opened, people = ten
    question = people[0].question_id
    cache = ColleagueCache(60)
    settled = db.session.get(Round, opened.round_id).closes_at + SETTLE
    assert not colleague_answers(org.id, question, 5, settled, cache).shown
    for delivery in people:  # answers appear that the kept figure does not know of yet
        db.session.add(Answer(delivery_id=delivery.id, round_id=opened.round_id,
                              option_key="a", correct=True, answered_at=T0))
    db.session.commit()
    within = settled + timedelta(seconds=59)
    assert not colleague_answers(org.id, question, 5, within, cache).shown
    # Another k, or no cache: read afresh.
    assert colleague_answers(org.id, question, 6, within, cache).shown
    assert colleague_answers(org.id, question, 5, within).shown
    # A minute on, or the clock set back (a test, a corrected clock): read again.
    assert colleague_answers(org.id, question, 5, settled + timedelta(seconds=60), cache).shown
    earlier = settled - timedelta(seconds=1)
    assert colleague_answers(org.id, question, 5, earlier, cache).answered == 0


def test_answers_of_other_organisations_and_questions_never_count(synced) -> None:
    freeze(T0)
    alfa, beta = make_org("alfa", questions=SAME), make_org("beta", questions=SAME)
    add_staff(alfa, 1, prefix="a")
    add_staff(beta, 8, prefix="b")
    rounds = [send_round_now(org.id, T0) for org in (alfa, beta)]
    for opened in rounds:
        for delivery in deliveries(opened.round_id):
            db.session.add(Answer(delivery_id=delivery.id, round_id=opened.round_id,
                                  option_key="a", correct=True, answered_at=T0))
    db.session.commit()
    mine = deliveries(rounds[0].round_id)[0]
    later = T0 + timedelta(days=30)
    # Beta asked the same question version; alfa's one person still sees nothing.
    assert deliveries(rounds[1].round_id)[0].question_id == mine.question_id
    assert mine.staff_member_id is not None
    assert not colleague_answers(alfa.id, mine.question_id, 5, later).shown
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 9

"""How colleagues answered: percent per option over the whole organisation, only from answers
of closed rounds, released in batches of at least k, shown only with k answers besides one's
own; never per department."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from awareness.extensions import db
from awareness.organisations.models import SAME
from awareness.reports.aggregates import SETTLE, tally_round
from awareness.reports.colleagues import colleague_answers, released
from awareness.staffquiz.models import Answer, Delivery, Round
from awareness.staffquiz.services import send_round_now
from awareness.timeutil import freeze
from tests.support.staffquiz import add_staff, answer_token, deliveries, make_org
from tests.web.staff.conftest import csrf_token

T0 = datetime(2026, 3, 3, 8, tzinfo=UTC)
D1, D2 = datetime(2026, 3, 17, tzinfo=UTC), datetime(2026, 3, 31, tzinfo=UTC)


def test_batches_are_released_only_whole_and_at_least_k() -> None:
    # (round, closed at, option, answers, own answers): rounds of 3, 1 and 2 answers, then 4.
    rows = [(1, D1, "a", 2, 0), (1, D1, "b", 1, 0), (2, D2, "a", 1, 0),
            (3, D2 + timedelta(days=14), "b", 2, 0), (4, D2 + timedelta(days=28), "a", 4, 0),
            (3, D2 + timedelta(days=14), None, 0, 1)]
    # k = 5: rounds 1-3 make the first batch (3+1+2 = 6); round 4 (4) waits for more.
    assert released(rows, 5) == ({"a": 3, "b": 3}, 1)
    # k = 3: round 1 (3) alone, then rounds 2-3 (1+2 = 3), then round 4 (4).
    assert released(rows, 3) == ({"a": 7, "b": 3}, 1)
    # The order is the closing order, not the order of the rows.
    assert released(list(reversed(rows)), 5) == released(rows, 5)
    assert released(rows, 20) == ({}, 0)


@pytest.fixture
def ten(synced):  # type: ignore[no-untyped-def]
    """Ten people in two departments of five, one "same" round: everyone the same question."""
    freeze(T0)
    org = make_org(questions=SAME)
    add_staff(org, 5, "Burgerzaken", prefix="bz")
    add_staff(org, 5, "Griffie", prefix="gr")
    opened = send_round_now(org.id, T0)
    return org, opened, deliveries(opened.round_id)


def answer(client, delivery: Delivery, key: str):  # type: ignore[no-untyped-def]
    token = answer_token(delivery)
    page = client.get(f"/m/a/{token}/{key}")
    return client.post(f"/m/a/{token}/{key}", data={"csrf_token": csrf_token(page.text),
                                                    "option": key})


def shares(html: str) -> dict[str, int]:
    section = html.split("Zo antwoordden je collega", 1)[1].split("</section>", 1)[0]
    return {text: int(pct) for text, pct in
            re.findall(r"<li>[A-D]\. ([^<:]+): <strong>(\d+)%</strong></li>", section)}


def test_result_page_shows_colleagues_once_the_round_closed(client, ten) -> None:  # type: ignore[no-untyped-def]
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
def test_percentages_appear_from_k_answers_besides_ones_own(ten, answered: int,  # type: ignore[no-untyped-def]
                                                            shown: bool) -> None:
    org, opened, people = ten
    question = people[0].asked.question
    correct = next(o["key"] for o in question["options"] if o["correct"])
    for delivery in people[:answered]:
        db.session.add(Answer(delivery_id=delivery.id, round_id=opened.round_id,
                              option_key=correct, correct=True, answered_at=T0))
    db.session.commit()
    closes = db.session.get(Round, opened.round_id).closes_at + SETTLE  # closed and settled
    me, outsider = people[0], people[-1]  # one who answered, one who did not
    for now, expect in ((closes - timedelta(seconds=1), False), (closes, shown)):
        mine = colleague_answers(org.id, me.question_id, me.staff_member_id, 5, now)
        assert mine.shown is expect
        if expect:
            assert mine.shares == {correct: 100.0} and mine.answered == answered
    # Someone whose own answer is not among them needs k as well: 5 suffice.
    other = colleague_answers(org.id, outsider.question_id, outsider.staff_member_id, 5, closes)
    assert other.shown is (answered >= 5)


def test_answers_of_other_organisations_and_questions_never_count(synced) -> None:  # type: ignore[no-untyped-def]
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
    assert not colleague_answers(alfa.id, mine.question_id, mine.staff_member_id, 5,
                                 later).shown
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 9

"""Each delivery shows its options in its own random order: the same in the e-mail, the
reminder, the answer page (on every reload) and the result; different between deliveries;
answers are stored and graded by key, so the order never changes a grade."""
from __future__ import annotations

import re
from collections import Counter

import pytest
import sqlalchemy as sa

from awareness.extensions import db
from awareness.outbox.models import OutboundEmail
from awareness.staffquiz.models import Answer, Delivery, Round
from awareness.staffquiz.options import display_order
from awareness.staffquiz.rounds import send_reminders
from tests.support.staffquiz import answer_token
from tests.web.staff.conftest import csrf_token, open_round_for

LINE = re.compile(r"^([A-D])\. (.+)\n\s+http://localhost/m/a/[\w.\-]+/(\w+)$", re.M)
PAGE_OPTION = re.compile(r'value="(\w+)"[^>]*> <label for="option-\d">([A-D])\. ([^<]+)</label>')


@pytest.fixture
def round_for_thirty(synced):
    return open_round_for(30)


def order_of(delivery: Delivery) -> tuple[str, ...]:
    return display_order(delivery.option_order, delivery.asked.question["options"])


def texts(delivery: Delivery) -> dict[str, str]:
    return {o["key"]: o["text"] for o in delivery.asked.question["options"]}


def mail_lines(delivery: Delivery, kind: str) -> list[tuple[str, str, str]]:
    body = db.session.scalar(sa.select(OutboundEmail.text_body).filter_by(
        delivery_id=delivery.id, kind=kind))
    assert body is not None
    return LINE.findall(body)


def test_orders_are_permutations_that_differ_between_deliveries(round_for_thirty) -> None:
    _, people = round_for_thirty
    keys = sorted(o["key"] for o in people[0].asked.question["options"])
    orders = [order_of(d) for d in people]
    assert all(sorted(order) == keys and d.option_order for order, d in zip(orders, people,
                                                                            strict=True))
    assert len(set(orders)) > 1
    # The right option is not stuck at one letter: with 30 draws, all three positions occur
    # (the chance that one is missing is 3 * (2/3)^30, about 1 in 60,000).
    correct = next(o["key"] for o in people[0].asked.question["options"] if o["correct"])
    assert set(Counter(order.index(correct) for order in orders)) == {0, 1, 2}


def test_email_reminder_and_pages_show_the_deliverys_own_order(client, round_for_thirty) -> None:
    opened, people = round_for_thirty
    delivery = next(d for d in people if order_of(d)[0] != "a")  # not the bank's order
    order, text = order_of(delivery), texts(delivery)
    expected = [(label, text[key], key) for label, key in zip("ABC", order, strict=True)]
    assert mail_lines(delivery, "question") == expected
    round_ = db.session.get(Round, opened.round_id)
    assert send_reminders(opened.round_id, round_.remind_at) == 30
    assert mail_lines(delivery, "reminder") == expected
    token = answer_token(delivery)
    pages = [client.get(f"/m/a/{token}/{order[1]}").text for _ in range(2)]
    shown = [(label, body, key) for key, label, body in PAGE_OPTION.findall(pages[0])]
    assert shown == expected
    assert PAGE_OPTION.findall(pages[1]) == PAGE_OPTION.findall(pages[0])  # a reload: the same


@pytest.mark.parametrize("position", [0, 1, 2])
def test_grading_is_by_key_wherever_the_right_option_stands(client, round_for_thirty,
                                                            position: int) -> None:
    _, people = round_for_thirty
    correct = next(o["key"] for o in people[0].asked.question["options"] if o["correct"])
    delivery = next(d for d in people if order_of(d).index(correct) == position)
    token = answer_token(delivery)
    page = client.get(f"/m/a/{token}/{correct}")
    result = client.post(f"/m/a/{token}/{correct}",
                         data={"csrf_token": csrf_token(page.text), "option": correct})
    assert "Goed gedaan" in result.text
    # The result lists the options under the letters of the e-mail, the chosen one marked.
    label = "ABC"[position]
    assert re.search(rf"<li>{label}\. {re.escape(texts(delivery)[correct])}", result.text)
    stored = db.session.scalar(sa.select(Answer).filter_by(delivery_id=delivery.id))
    assert stored is not None and (stored.option_key, stored.correct) == (correct, True)

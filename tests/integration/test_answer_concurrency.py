"""20 concurrent confirmations of one personal link record exactly one answer; the others
see "al beantwoord". Each thread is its own client with its own app context; all post the
confirm token of the one page opened (it is bound to the link, not to a cookie)."""
from __future__ import annotations

import re
import threading

import sqlalchemy as sa

from awareness.extensions import db
from awareness.staffquiz.models import Answer
from awareness.staffquiz.options import display_order, option_label
from awareness.staffquiz.services import send_round_now
from awareness.timeutil import utcnow
from tests.support.staffquiz import add_staff, answer_token, deliveries, make_org
from tests.web.staff.conftest import csrf_token

THREADS = 20


def test_twenty_concurrent_posts_record_one_answer(app, synced) -> None:
    org = make_org()
    add_staff(org, 2)
    opened = send_round_now(org.id, utcnow())
    delivery = deliveries(opened.round_id)[0]
    token = answer_token(delivery)
    keys = [o["key"] for o in delivery.asked.question["options"]]
    first = app.test_client()
    csrf = csrf_token(first.get(f"/m/a/{token}/{keys[0]}").text)
    assert first.get_cookie("session") is None
    barrier = threading.Barrier(THREADS)
    results: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def confirm(n: int) -> None:
        client = app.test_client()
        option = keys[n % len(keys)]
        try:
            barrier.wait()
            response = client.post(f"/m/a/{token}/{option}",
                                   data={"csrf_token": csrf, "option": option})
            results.append((response.status_code, response.text))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=confirm, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert [code for code, _ in results] == [200] * THREADS
    db.session.expire_all()
    stored = list(db.session.scalars(sa.select(Answer)))
    assert len(stored) == 1 and stored[0].delivery_id == delivery.id
    already = [text for _, text in results if "al beantwoord" in text]
    assert len(already) == THREADS - 1
    # Everyone is shown the one stored answer, whichever option their request carried.
    winner = next(o["text"] for o in delivery.asked.question["options"]
                  if o["key"] == stored[0].option_key)
    marked = [re.findall(r"<li>([^<]*?)\s*(?:<strong[^>]*>[^<]*</strong>\s*)?"
                         r"<span class=\"tag\">jouw antwoord</span>", text) for _, text in results]
    # Under the letter this person saw it under (their own option order).
    order = display_order(delivery.option_order, delivery.asked.question["options"])
    label = option_label(order.index(stored[0].option_key))
    assert all(m == [f"{label}. {winner}"] for m in marked)

"""A full round for 50 staff against a real SMTP server: tick, e-mails arrive, links parsed
from the received mail, a GET records nothing, POSTs answer, reminders go only to the rest,
the round closes. Plus downtime, daylight saving and a concurrent second tick."""
from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from awareness.extensions import db
from awareness.outbox.models import OutboundEmail
from awareness.outbox.services import drain
from awareness.staffquiz.models import Answer, Delivery, Round
from awareness.staffquiz.services import tick
from awareness.timeutil import freeze
from tests.support.smtp import SmtpServer, smtp_server  # noqa: F401
from tests.support.staffquiz import add_staff, make_org, schedule
from tests.web.staff.conftest import csrf_token

AMS = ZoneInfo("Europe/Amsterdam")
LINK = re.compile(r"http://localhost/m/a/([\w.\-]+)/([a-z])")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


@pytest.fixture
def smtp(app, smtp_server: SmtpServer) -> SmtpServer:  # noqa: F811
    app.config["MAIL_URL"] = smtp_server.url()
    return smtp_server


def at(moment: datetime) -> datetime:
    freeze(moment)
    return moment


def text_part(received) -> str:
    return received.message.get_body(("plain",)).get_content()


def test_full_cycle_for_fifty_staff(synced: Flask, smtp: SmtpServer, client: FlaskClient) -> None:
    org = make_org()
    people = add_staff(org, 50)
    schedule(org, start=date(2026, 3, 3))
    report = tick(at(local(2026, 3, 3, 9, 1)))
    assert [o.deliveries for o in report.opened] == [50]
    assert drain().sent == 50
    mails = smtp.wait_for(50)
    assert sorted(r for m in mails for r in m.rcpt_tos) == sorted(p.email for p in people)
    links: dict[str, tuple[str, list[str]]] = {}
    for received in mails:
        message = received.message
        assert message.get_content_type() == "multipart/alternative"
        html = message.get_body(("html",)).get_content()
        assert "<script" not in html and "<img" not in html
        assert "ciso@gemeente-a.example" in text_part(received)
        found = LINK.findall(text_part(received))
        assert len(found) == 3 and len({t for t, _ in found}) == 1
        assert set(LINK.findall(html)) == set(found)
        links[received.rcpt_tos[0]] = (found[0][0], [k for _, k in found])

    # Mail scanners open every link: nothing is recorded.
    for token, keys in links.values():
        for key in keys:
            assert client.get(f"/m/a/{token}/{key}").status_code == 200
            assert client.head(f"/m/a/{token}/{key}").status_code == 200
    assert count(Answer) == 0

    answering = sorted(links)[:20]
    for address in answering:
        token, keys = links[address]
        page = client.get(f"/m/a/{token}/{keys[0]}")
        result = client.post(f"/m/a/{token}/{keys[0]}",
                             data={"csrf_token": csrf_token(page.text), "option": keys[0]})
        assert result.status_code == 200
    assert count(Answer) == 20

    round_ = db.session.scalar(sa.select(Round))
    assert round_ is not None
    assert tick(at(round_.remind_at - timedelta(minutes=1))).reminders == 0
    assert tick(at(round_.remind_at + timedelta(minutes=1))).reminders == 30
    assert tick(at(round_.remind_at + timedelta(minutes=2))).reminders == 0
    smtp.clear()
    assert drain().sent == 30
    reminded = smtp.wait_for(30)
    assert sorted(r for m in reminded for r in m.rcpt_tos) == sorted(set(links) - set(answering))
    assert all("Herinnering" in m.message["Subject"] for m in reminded)

    assert tick(at(round_.closes_at - timedelta(seconds=1))).closed == 0
    closing = tick(at(round_.closes_at))
    assert closing.closed == 1
    # With a 14-day interval and window, the next round opens as this one closes.
    assert [o.slot_at for o in closing.opened] == [round_.closes_at]
    late, keys = links[sorted(set(links) - set(answering))[0]]
    page = client.get(f"/m/a/{late}/{keys[0]}")
    assert "gesloten" in page.text
    assert count(Answer) == 20
    kinds = Counter(db.session.scalars(
        sa.select(OutboundEmail.kind).join(Delivery, Delivery.id == OutboundEmail.delivery_id)
        .where(Delivery.round_id == round_.id)))
    assert kinds == {"question": 50, "reminder": 30}
    assert db.session.scalar(sa.select(sa.func.count(Delivery.id)).where(
        Delivery.round_id == round_.id, Delivery.sent_at.is_(None))) == 0


def test_after_downtime_only_the_latest_slot_is_opened_once(synced: Flask) -> None:
    org = make_org()
    add_staff(org, 3)
    schedule(org, start=date(2026, 1, 6))
    report = tick(at(local(2026, 2, 5, 12, 0)))  # slots 6 Jan, 20 Jan, 3 Feb all missed
    assert len(report.opened) == 1
    assert report.opened[0].slot_at == local(2026, 2, 3, 9, 0)
    assert tick(at(local(2026, 2, 5, 12, 1))).opened == ()
    assert count(Round) == 1 and count(OutboundEmail) == 3


def test_a_slot_older_than_the_window_is_never_sent(synced: Flask) -> None:
    org = make_org()
    add_staff(org, 2)
    schedule(org, start=date(2026, 1, 6), interval_days=28, answer_window_days=7,
             reminder_after_days=3)
    assert tick(at(local(2026, 1, 20, 9, 0))).opened == ()
    assert count(Round) == 0


@pytest.mark.parametrize("start, expected_utc_hour", [
    (date(2026, 3, 24), 7),   # first slot 24 Mar (CET), then 31 Mar (CEST)
    (date(2026, 10, 20), 8),  # first slot 20 Oct (CEST), then 27 Oct (CET)
])
def test_rounds_across_the_daylight_saving_change_land_at_nine_local(
        synced, start: date, expected_utc_hour: int) -> None:
    org = make_org()
    add_staff(org, 2)
    schedule(org, start=start, interval_days=7, reminder_after_days=2, answer_window_days=6)
    second = start + timedelta(days=7)
    tick(at(datetime.combine(start, time(9, 1), AMS)))
    assert tick(at(datetime.combine(second, time(8, 59), AMS))).opened == ()
    [opened] = tick(at(datetime.combine(second, time(9, 0), AMS))).opened
    assert opened.slot_at.hour == expected_utc_hour
    assert opened.slot_at.astimezone(AMS).time() == time(9, 0)
    slots = [r.slot_at.astimezone(AMS) for r in db.session.scalars(
        sa.select(Round).order_by(Round.number))]
    assert [(s.date(), s.hour) for s in slots] == [(start, 9), (second, 9)]
    closes = db.session.scalar(sa.select(Round.closes_at).where(Round.number == 1))
    assert closes.astimezone(AMS).time() == time(9, 0)


def test_two_schedulers_ticking_at_once_create_one_round(app: Flask, synced: Flask) -> None:
    org = make_org()
    add_staff(org, 40)
    schedule(org, start=date(2026, 3, 3))
    now = at(local(2026, 3, 3, 9, 5))
    barrier = threading.Barrier(2)
    reports, errors = [], []

    def run() -> None:
        with app.app_context():
            try:
                barrier.wait()
                reports.append(tick(now))
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(len(r.opened) for r in reports) == [0, 1]
    db.session.expire_all()
    assert count(Round) == 1 and count(Delivery) == 40 and count(OutboundEmail) == 40

"""The outbox sender against a real SMTP server (aiosmtpd on loopback): one connection per
batch, crash and restart, server down and back, 4xx retried, 5xx failed per recipient."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from awareness.extensions import db
from awareness.outbox.models import FAILED, PENDING, SENDING, SENT, OutboundEmail
from awareness.outbox.sender import open_transport
from awareness.outbox.services import deliver_due, drain, enqueue
from awareness.outbox.transports import Envelope
from awareness.timeutil import freeze, utcnow
from tests.support.smtp import SmtpServer, smtp_server  # noqa: F401


@pytest.fixture
def smtp(app, smtp_server: SmtpServer) -> SmtpServer:  # noqa: F811
    app.config["MAIL_URL"] = smtp_server.url()
    return smtp_server


def queue(count: int, prefix: str = "person") -> list[str]:
    addresses = [f"{prefix}{i}@gemeente.example" for i in range(count)]
    for address in addresses:
        enqueue(to=address, subject="Vraag van de week", text_body=f"Hallo {address}",
                html_body=f"<p>Hallo {address}</p>", kind="test", organisation_id=None)
    db.session.commit()
    return addresses


def rows() -> list[OutboundEmail]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboundEmail).order_by(OutboundEmail.id)))


def statuses() -> Counter[str]:
    return Counter(row.status for row in rows())


def later(minutes: float) -> None:
    freeze(utcnow() + timedelta(minutes=minutes))


def test_a_batch_goes_over_one_connection(smtp: SmtpServer) -> None:
    addresses = queue(30)
    report = deliver_due(batch_size=100)
    assert (report.claimed, report.sent, report.retried, report.failed) == (30, 30, 0, 0)
    assert sorted(smtp.recipients()) == sorted(addresses)
    assert smtp.connections == 1
    assert {m.connection for m in smtp.messages} == {1}
    assert statuses() == {SENT: 30}
    assert all(row.sent_at is not None and row.claimed_by is None for row in rows())


def test_received_message_carries_the_stored_message_id(smtp: SmtpServer) -> None:
    queue(3)
    deliver_due()
    by_recipient = {m.rcpt_tos[0]: m.message for m in smtp.wait_for(3)}
    for row in rows():
        message = by_recipient[row.to_address]
        assert message["Message-ID"] == row.message_id
        assert message["Auto-Submitted"] == "auto-generated"
        assert message.get_content_type() == "multipart/alternative"
        assert message.get_body(("plain",)).get_content().strip() == f"Hallo {row.to_address}"


class Crash(BaseException):
    """Stands for the process being killed: nothing in the sender may catch it."""


class CrashAfter:
    """A real SMTP transport that 'dies' after `limit` accepted messages."""

    def __init__(self, limit: int) -> None:
        self.inner = open_transport()
        self.limit = limit

    def send(self, envelope: Envelope, *, deadline: float | None = None) -> None:
        if self.limit == 0:
            raise Crash()
        self.inner.send(envelope, deadline=deadline)
        self.limit -= 1

    def close(self) -> None:
        self.inner.close()

    def __enter__(self) -> CrashAfter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def test_crash_mid_batch_then_restart_sends_everyone_exactly_once(smtp: SmtpServer) -> None:
    addresses = queue(20)
    transport = CrashAfter(7)
    with pytest.raises(Crash):
        deliver_due(batch_size=50, transport=transport)
    transport.close()
    db.session.rollback()
    assert statuses() == {SENT: 7, SENDING: 13}

    # A restarted worker must leave the crashed worker's batch alone while its lease runs...
    assert deliver_due().claimed == 0
    later(59 / 60)
    assert deliver_due().claimed == 0
    # ... and take it over once the short lease (60 s by default) expired.
    later(2 / 60)
    report = deliver_due(batch_size=50)
    assert (report.claimed, report.sent) == (13, 13)
    assert Counter(smtp.recipients()) == Counter(addresses)  # each exactly once
    assert statuses() == {SENT: 20}


def test_server_down_then_up_delivers_everything(smtp: SmtpServer) -> None:
    addresses = queue(10)
    smtp.stop()
    report = deliver_due()
    assert (report.claimed, report.retried, report.sent) == (10, 10, 0)
    assert statuses() == {PENDING: 10}
    first = rows()
    assert all("Connection" in (row.last_error or "") for row in first)
    assert all(row.next_attempt_at >= utcnow() + timedelta(seconds=59) for row in first)

    smtp.start()
    assert deliver_due().claimed == 0  # backing off: not due yet
    later(1.5)
    assert deliver_due().sent == 10
    assert sorted(smtp.recipients()) == sorted(addresses)
    # The Message-ID chosen at enqueue time survives the retry.
    received = {m.message["Message-ID"] for m in smtp.messages}
    assert received == {row.message_id for row in first}


def test_backoff_doubles_and_gives_up_after_max_attempts(app, smtp: SmtpServer) -> None:
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    queue(1)
    smtp.stop()
    start = utcnow()
    freeze(start)
    deliver_due()
    assert rows()[0].next_attempt_at == start + timedelta(minutes=1)
    later(1)
    deliver_due()
    assert rows()[0].next_attempt_at == utcnow() + timedelta(minutes=2)
    later(2)
    report = deliver_due()
    assert report.failed == 1
    row = rows()[0]
    assert (row.status, row.attempts) == (FAILED, 3)
    assert "gave up after 3 attempts" in (row.last_error or "")


def test_550_for_one_address_fails_only_that_one(smtp: SmtpServer) -> None:
    addresses = queue(5)
    smtp.reject(addresses[2], 550)
    report = deliver_due()
    assert (report.sent, report.failed, report.retried) == (4, 1, 0)
    by_address = {row.to_address: row for row in rows()}
    assert by_address[addresses[2]].status == FAILED
    assert "550" in (by_address[addresses[2]].last_error or "")
    assert sorted(smtp.recipients()) == sorted(a for a in addresses if a != addresses[2])
    assert smtp.connections == 1  # a refused recipient does not cost the connection
    later(600)
    assert deliver_due().claimed == 0  # failed stays failed


@pytest.mark.parametrize("code,stage", [(421, "MAIL"), (451, "RCPT"), (451, "DATA")])
def test_temporary_refusal_is_retried_with_the_same_message_id(
    smtp: SmtpServer, code: int, stage: str
) -> None:
    addresses = queue(4)
    smtp.fail_next(1, code, stage)
    report = deliver_due()
    assert (report.sent, report.retried) == (3, 1)
    retried = next(row for row in rows() if row.status == PENDING)
    assert str(code) in (retried.last_error or "")
    later(1.5)
    assert deliver_due().sent == 1
    assert sorted(smtp.recipients()) == sorted(addresses)
    message = next(m.message for m in smtp.messages if m.rcpt_tos == (retried.to_address,))
    assert message["Message-ID"] == retried.message_id


def test_drain_sends_batch_after_batch(app, smtp: SmtpServer) -> None:
    app.config["MAIL_BATCH_SIZE"] = 7
    addresses = queue(30)
    seen: list[str] = []
    report = drain(on_result=seen.append)
    assert (report.sent, report.claimed) == (30, 30)
    assert seen == [SENT] * 30
    assert sorted(smtp.recipients()) == sorted(addresses)
    assert smtp.connections == 5  # one per batch


def test_drain_stops_when_the_server_is_down(app, smtp: SmtpServer) -> None:
    app.config["MAIL_BATCH_SIZE"] = 5
    queue(12)
    smtp.stop()
    report = drain()
    assert (report.claimed, report.retried) == (5, 5)
    assert statuses() == {PENDING: 12}

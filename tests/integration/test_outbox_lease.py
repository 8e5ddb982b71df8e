"""Short outbox leases against a real SMTP server (aiosmtpd) on a frozen clock: a killed
sender's batch is due again after one lease; a live sender renews and finishes a batch that
takes several leases; a sender that stalled past its lease never sends what another sender
took over. "Another sender" runs in its own app context (its own session and connection),
in the middle of the first one's batch."""
from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from awareness.extensions import db
from awareness.outbox.models import SENDING, SENT, OutboundEmail
from awareness.outbox.sender import DeliveryReport
from awareness.outbox.services import deliver_due
from awareness.timeutil import freeze, utcnow
from tests.support.outbox import Killed, Slow, between, queue, rival
from tests.support.smtp import SmtpServer, smtp_server  # noqa: F401

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def smtp(app: Flask, smtp_server: SmtpServer) -> SmtpServer:  # noqa: F811
    app.config["MAIL_URL"] = smtp_server.url()
    freeze(T0)
    return smtp_server


def statuses() -> Counter[str]:
    db.session.expire_all()
    return Counter(db.session.scalars(sa.select(OutboundEmail.status)))


def test_a_killed_senders_batch_is_due_again_after_one_short_lease(app: Flask,
                                                                  smtp: SmtpServer) -> None:
    addresses = queue(200)

    with pytest.raises(Killed), Slow(0, killed_at=50) as transport:
        deliver_due(batch_size=200, transport=transport)
    db.session.rollback()
    assert statuses() == {SENT: 50, SENDING: 150}

    freeze(T0 + timedelta(seconds=59))
    assert rival(app).claimed == 0  # the lease still runs
    freeze(T0 + timedelta(seconds=61))  # not ten minutes: one lease of 60 s
    report = rival(app)
    assert (report.claimed, report.sent) == (100, 100)
    assert rival(app).sent == 50
    assert Counter(smtp.recipients()) == Counter(addresses)  # each exactly once


def test_a_live_sender_renews_and_finishes_a_batch_longer_than_its_lease(
        app: Flask, smtp: SmtpServer) -> None:
    addresses = queue(12)
    rivals: list[DeliveryReport] = []
    # 20 s per e-mail: the batch takes 240 s, four leases; after each e-mail another sender
    # tries to take the batch over.
    with Slow(20) as transport:
        report = deliver_due(batch_size=12, transport=transport,
                             on_result=between(lambda _n: rivals.append(rival(app))))
    assert (report.claimed, report.sent, report.lost) == (12, 12, 0)
    assert report.renewed >= 3
    assert [r.claimed for r in rivals] == [0] * 12
    assert smtp.connections == 1
    assert Counter(smtp.recipients()) == Counter(addresses)
    assert statuses() == {SENT: 12}
    # Each exchange may run until a sixth of the lease before its end, never past it.
    assert all(30 < left <= 50 for left in transport.deadlines), transport.deadlines


def test_a_stalled_sender_never_sends_what_another_took_over(app: Flask,
                                                             smtp: SmtpServer) -> None:
    addresses = queue(10)
    rivals: list[DeliveryReport] = []

    def stall(sent: int) -> None:
        if sent == 2:  # frozen for 61 s after its second e-mail, past its lease
            freeze(utcnow() + timedelta(seconds=61))
            rivals.append(rival(app))

    with Slow(1) as transport:
        report = deliver_due(batch_size=10, transport=transport, on_result=between(stall))
    assert (report.sent, report.lost, report.renewed) == (2, 8, 1)
    assert [(r.claimed, r.sent) for r in rivals] == [(8, 8)]
    assert Counter(smtp.recipients()) == Counter(addresses)  # nobody got two
    assert statuses() == {SENT: 10}


def test_a_stalled_sender_keeps_what_nobody_took_over(app: Flask, smtp: SmtpServer) -> None:
    addresses = queue(6)

    def stall(sent: int) -> None:
        if sent == 2:
            freeze(utcnow() + timedelta(seconds=90))  # past the lease, but nobody came

    with Slow(1) as transport:
        report = deliver_due(batch_size=6, transport=transport, on_result=between(stall))
    assert (report.sent, report.lost, report.renewed) == (6, 0, 1)
    assert rival(app).claimed == 0
    assert Counter(smtp.recipients()) == Counter(addresses)


def test_the_lease_length_is_a_setting(app: Flask, smtp: SmtpServer) -> None:
    app.config["MAIL_CLAIM_SECONDS"] = 300
    queue(3)

    with pytest.raises(Killed), Slow(0, killed_at=1) as transport:
        deliver_due(transport=transport)
    db.session.rollback()
    freeze(T0 + timedelta(seconds=299))
    assert rival(app).claimed == 0
    freeze(T0 + timedelta(seconds=301))
    assert rival(app).sent == 2

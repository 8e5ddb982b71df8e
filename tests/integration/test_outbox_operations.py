"""What an operator has in hand, against a real SMTP server (aiosmtpd) on a frozen clock: the
sender's settings from the environment, `flask outbox status` showing e-mails held by a
sender's lease and e-mails waiting to be retried, and `flask outbox retry-now` after the mail
server was fixed."""
from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from awareness import create_app
from awareness.extensions import db
from awareness.outbox.models import FAILED, PENDING, SENDING, SENT, OutboundEmail
from awareness.outbox.services import deliver_due, drain, due_count, held_by_senders
from awareness.timeutil import freeze
from tests.support.accounts import make_org
from tests.support.database import reset_schema
from tests.support.outbox import Killed, Slow, queue
from tests.support.smtp import SmtpServer, smtp_server  # noqa: F401

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def smtp(app, smtp_server: SmtpServer) -> SmtpServer:  # noqa: F811
    app.config["MAIL_URL"] = smtp_server.url()
    freeze(T0)
    return smtp_server


def statuses() -> Counter[str]:
    db.session.expire_all()
    return Counter(db.session.scalars(sa.select(OutboundEmail.status)))


def kill_mid_batch(sent: int, worker_id: str = "w1") -> None:
    with pytest.raises(Killed), Slow(0, killed_at=sent) as transport:
        deliver_due(worker_id=worker_id, transport=transport)
    db.session.rollback()


def test_the_sender_follows_its_settings_from_the_environment(
        monkeypatch: pytest.MonkeyPatch, database_url: str,
        smtp_server: SmtpServer) -> None:  # noqa: F811
    monkeypatch.setenv("MAIL_BATCH_SIZE", "4")
    monkeypatch.setenv("MAIL_CLAIM_SECONDS", "120")
    monkeypatch.setenv("MAIL_RETRY_BASE_SECONDS", "300")
    app = create_app({"ENV_NAME": "development", "TESTING": True,
                      "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
                      "SQLALCHEMY_DATABASE_URI": database_url, "MAIL_URL": smtp_server.url()})
    with app.app_context():
        reset_schema()
        freeze(T0)
        try:
            addresses = queue(10)
            kill_mid_batch(1)
            assert [(h.emails, h.until) for h in held_by_senders()] == [
                (3, T0 + timedelta(seconds=120))]  # a batch of 4, leased for 120 s
            freeze(T0 + timedelta(seconds=121))
            smtp_server.fail_next(1, 451, "MAIL")
            report = drain()
            assert (report.sent, report.retried) == (8, 1)
            assert smtp_server.connections == 4  # batches of 4: 3 + 4 + 2 (and the killed 1)
            retried = db.session.scalars(sa.select(OutboundEmail)
                                         .where(OutboundEmail.status == PENDING)).one()
            assert retried.attempts == 2  # it was in the killed sender's batch too
            assert retried.next_attempt_at == T0 + timedelta(seconds=121 + 300 * 2)
            assert Counter(smtp_server.recipients()) == Counter(
                a for a in addresses if a != retried.to_address)
        finally:
            db.session.remove()
            db.engine.dispose()
            freeze(None)


def test_status_shows_who_holds_which_emails_until_when(app, runner, smtp: SmtpServer) -> None:
    west, _east = make_org("west"), make_org("oost")
    queue(5, west.id)
    kill_mid_batch(2, worker_id="mailhost:4242")
    result = runner.invoke(args=["outbox", "status", "--org", "west"])
    assert result.exit_code == 0, result.output
    assert re.search(r"sending\s+3", result.output) and re.search(r"sent\s+2", result.output)
    assert re.search(r"mailhost:4242/\w+: 3 e-mail\(s\) until 2026-03-02 09:01:00 UTC",
                     result.output), result.output
    assert "held by" not in runner.invoke(args=["outbox", "status", "--org", "oost"]).output

    freeze(T0 + timedelta(seconds=61))
    result = runner.invoke(args=["outbox", "status"])
    assert re.search(r"mailhost:4242/\w+: 3 e-mail\(s\), lease ran out at 2026-03-02 "
                     r"09:01:00 UTC: due again", result.output), result.output
    assert re.search(r"due now\s+3", result.output)


def test_status_shows_emails_waiting_to_be_retried(app, runner, smtp: SmtpServer) -> None:
    queue(3)
    smtp.stop()
    deliver_due()
    result = runner.invoke(args=["outbox", "status"])
    assert re.search(r"pending\s+3", result.output) and re.search(r"due now\s+0", result.output)
    assert re.search(r"waiting\s+3\s+to be retried, the first at 2026-03-02 09:01:00 UTC",
                     result.output), result.output
    assert "held by" not in result.output


def test_retry_now_after_the_mail_server_was_fixed(app, runner, smtp: SmtpServer) -> None:
    west, east = make_org("west"), make_org("oost")
    queue(4, west.id, "west")
    queue(2, east.id, "oost")
    smtp.reject("west3@gemeente.example", 550)
    smtp.stop()
    assert deliver_due().retried == 6  # the server is down: all wait out a backoff
    assert due_count() == 0

    smtp.start()
    smtp.accept("west3@gemeente.example")
    freeze(T0 + timedelta(seconds=10))
    result = runner.invoke(args=["outbox", "retry-now", "--org", "west"])
    assert result.exit_code == 0, result.output
    assert "4 waiting e-mail(s) due now" in result.output
    assert due_count() == 4  # not the other organisation's
    assert "sent 4" in runner.invoke(args=["outbox", "send"]).output
    assert sorted(smtp.recipients()) == [f"west{i}@gemeente.example" for i in range(4)]
    assert due_count() == 0 and statuses() == {SENT: 4, PENDING: 2}


def test_retry_now_touches_failed_emails_only_when_asked(app, runner, smtp: SmtpServer) -> None:
    queue(3)
    smtp.reject("person2@gemeente.example", 550)
    smtp.fail_next(1, 421, "MAIL")
    deliver_due()
    assert statuses() == {SENT: 1, PENDING: 1, FAILED: 1}
    result = runner.invoke(args=["outbox", "retry-now"])
    assert "1 waiting e-mail(s) due now" in result.output
    assert "1 failed e-mail(s) left as they are (add --failed to queue them)" in result.output
    assert statuses() == {SENT: 1, PENDING: 1, FAILED: 1}

    smtp.accept("person2@gemeente.example")
    result = runner.invoke(args=["outbox", "retry-now", "--failed"])
    assert "1 failed e-mail(s) queued again" in result.output
    failed = db.session.scalars(sa.select(OutboundEmail)
                                .where(OutboundEmail.to_address.startswith("person2"))).one()
    assert (failed.status, failed.attempts, failed.last_error) == (PENDING, 0, None)
    assert drain().sent == 2
    assert Counter(smtp.recipients()) == Counter(f"person{i}@gemeente.example" for i in range(3))


def test_retry_now_leaves_a_senders_emails_to_it(app, runner, smtp: SmtpServer) -> None:
    queue(4)
    kill_mid_batch(1)
    result = runner.invoke(args=["outbox", "retry-now"])
    assert "0 waiting e-mail(s) due now" in result.output
    assert "3 e-mail(s) held by a sender's lease left to it" in result.output
    assert statuses() == {SENT: 1, SENDING: 3} and due_count() == 0
    assert runner.invoke(args=["outbox", "retry-now", "--org", "nergens"]).exit_code == 1

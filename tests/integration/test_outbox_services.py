"""Outbox services around the sender: enqueue joins the caller's transaction with a stable
Message-ID, a sent e-mail marks its delivery sent, retry and status per organisation, the
file backend, and the `flask outbox` commands."""
from __future__ import annotations

import ast
import re
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
import sqlalchemy as sa

from awareness import outbox
from awareness.extensions import db
from awareness.organisations.models import Organisation, StaffMember
from awareness.outbox.hooks import register_sent_hook
from awareness.outbox.models import FAILED, PENDING, SENT, OutboundEmail
from awareness.outbox.services import (
    Mail,
    deliver_due,
    enqueue,
    enqueue_many,
    failed_emails,
    outbox_status,
    retry_failed,
)
from awareness.staffquiz.models import Delivery, Round
from awareness.timeutil import freeze, utcnow
from tests.support.smtp import SmtpServer, smtp_server  # noqa: F401
from tests.support.staffquiz import version_id


def organisation(slug: str) -> Organisation:
    org = Organisation(slug=slug, name=f"Gemeente {slug}")
    db.session.add(org)
    db.session.flush()
    return org


def mail(to: str, org: Organisation | None = None, delivery_id: int | None = None,
         kind: str = "test") -> OutboundEmail:
    return enqueue(to=to, subject="Onderwerp", text_body="Zie https://localhost/m/a/x",
                   html_body="<p>tekst</p>", kind=kind,
                   organisation_id=org.id if org else None, delivery_id=delivery_id)


def test_enqueue_never_commits_and_fixes_the_message_id(app) -> None:
    email = mail("a@gemeente.example")
    db.session.flush()
    assert re.fullmatch(r"<[0-9a-f]{32}@localhost>", email.message_id)
    assert (email.status, email.attempts) == (PENDING, 0)
    db.session.rollback()  # the caller's transaction decides
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboundEmail)) == 0


def test_enqueue_many_queues_in_chunks_and_never_commits(app) -> None:
    mails = (Mail(f"p{n}@gemeente.example", "Onderwerp", "tekst", "<p>tekst</p>")
             for n in range(7))
    assert enqueue_many(mails, kind="test", organisation_id=None, chunk=3) == 7
    rows = db.session.scalars(sa.select(OutboundEmail).order_by(OutboundEmail.id)).all()
    assert [r.to_address for r in rows] == [f"p{n}@gemeente.example" for n in range(7)]
    assert len({r.message_id for r in rows}) == 7 and {r.status for r in rows} == {PENDING}
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboundEmail)) == 0


def test_message_ids_are_unique(app) -> None:
    ids = {mail(f"p{i}@gemeente.example").message_id for i in range(50)}
    assert len(ids) == 50


def test_sending_marks_the_delivery_sent(app, smtp_server: SmtpServer) -> None:  # noqa: F811
    app.config["MAIL_URL"] = smtp_server.url()
    org = organisation("zuidstad")
    person = StaffMember(organisation_id=org.id, name="Jan", email="jan@zuidstad.example")
    now = utcnow()
    round_ = Round(organisation_id=org.id, number=1, slot_at=now, question_key="q1",
                   topic="phishing", question={}, remind_at=now + timedelta(days=5),
                   closes_at=now + timedelta(days=14))
    db.session.add_all([person, round_])
    db.session.flush()
    delivery = Delivery(round_id=round_.id, staff_member_id=person.id,
                        question_id=version_id({"key": "q1"}))
    db.session.add(delivery)
    db.session.flush()
    mail(person.email, org, delivery.id, kind="question")
    db.session.commit()
    assert delivery.sent_at is None

    assert deliver_due().sent == 1
    db.session.expire_all()
    email = db.session.scalars(sa.select(OutboundEmail)).one()
    assert email.sent_at is not None
    assert db.session.get(Delivery, delivery.id).sent_at == email.sent_at


def test_the_delivery_is_stamped_by_the_staff_quizs_hook_only(app, smtp_server: SmtpServer) -> None:  # noqa: F811
    app.config["MAIL_URL"] = smtp_server.url()
    now = datetime(2026, 3, 3, 9, tzinfo=UTC)
    freeze(now)
    org = organisation("oostdorp")
    people = [StaffMember(organisation_id=org.id, name=name, email=f"{name}@oostdorp.example")
              for name in ("eva", "sem")]
    round_ = Round(organisation_id=org.id, number=1, slot_at=now, remind_at=now,
                   closes_at=now + timedelta(days=14))
    db.session.add_all([*people, round_])
    db.session.flush()
    stamped, untouched = (Delivery(round_id=round_.id, staff_member_id=person.id,
                                   question_id=version_id({"key": "q1"})) for person in people)
    db.session.add_all([stamped, untouched])
    db.session.flush()
    mail("eva@oostdorp.example", org, stamped.id, kind="reminder")
    mail("sem@oostdorp.example", org, untouched.id, kind="test")  # a kind without a hook
    db.session.commit()
    assert deliver_due().sent == 2
    db.session.expire_all()
    assert db.session.get(Delivery, stamped.id).sent_at is not None
    assert db.session.get(Delivery, untouched.id).sent_at is None
    with pytest.raises(ValueError, match="already registered"):
        register_sent_hook(app, "reminder", lambda references: references)


def test_the_outbox_knows_nothing_of_the_staff_quiz() -> None:
    for path in Path(outbox.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                    alias.name for alias in node.names]
                assert not any("staffquiz" in name for name in names), path


def test_retry_and_status_stay_within_the_organisation(app) -> None:
    north, south = organisation("noord"), organisation("zuid")
    emails = [mail("a@noord.example", north), mail("b@noord.example", north),
              mail("c@zuid.example", south), mail("d@zuid.example", south)]
    db.session.flush()
    for email in emails[:3]:
        email.status, email.attempts, email.last_error = FAILED, 20, "550 no such user"
    emails[3].status = SENT
    db.session.commit()

    assert outbox_status(north.id) == {"pending": 0, "sending": 0, "sent": 0, "failed": 2}
    assert outbox_status(south.id) == {"pending": 0, "sending": 0, "sent": 1, "failed": 1}
    assert outbox_status() == {"pending": 0, "sending": 0, "sent": 1, "failed": 3}
    assert {e.to_address for e in failed_emails(north.id)} == {"a@noord.example",
                                                               "b@noord.example"}

    # A coordinator of north cannot requeue south's e-mail, nor a sent one, by its id.
    assert retry_failed([e.id for e in emails], north.id) == 2
    db.session.expire_all()
    assert [e.status for e in emails] == [PENDING, PENDING, FAILED, SENT]
    assert (emails[0].attempts, emails[0].last_error) == (0, None)
    assert retry_failed([], north.id) == 0


def test_file_backend_writes_eml_files(app, tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    app.config["MAIL_URL"] = f"file://{folder}"
    emails = [mail(f"p{i}@gemeente.example") for i in range(3)]
    db.session.commit()
    assert deliver_due().sent == 3
    files = sorted(folder.glob("*.eml"))
    assert len(files) == 3
    parsed = [BytesParser(policy=policy.default).parsebytes(f.read_bytes()) for f in files]
    assert {m["Message-ID"] for m in parsed} == {e.message_id for e in emails}
    assert not list(folder.glob(".tmp-*"))  # written atomically, nothing left behind


def test_outbox_commands(app, runner, smtp_server: SmtpServer) -> None:  # noqa: F811
    app.config["MAIL_URL"] = smtp_server.url()
    org = organisation("west")
    for i in range(4):
        mail(f"p{i}@west.example", org)
    db.session.commit()
    smtp_server.reject("p3@west.example")

    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 3, to retry 0, failed 1" in result.output
    assert len(smtp_server.messages) == 3

    result = runner.invoke(args=["outbox", "status", "--org", "west"])
    assert result.exit_code == 0, result.output
    assert re.search(r"sent\s+3", result.output) and re.search(r"failed\s+1", result.output)
    assert "p3@west.example: 550" in result.output

    smtp_server.accept("p3@west.example")
    result = runner.invoke(args=["outbox", "retry", "--org", "west"])
    assert "1 e-mail(s) queued again" in result.output
    assert "sent 1, to retry 0, failed 0" in runner.invoke(args=["outbox", "send"]).output
    assert runner.invoke(args=["outbox", "send"]).output.strip() == "Nothing to send."

    result = runner.invoke(args=["outbox", "status", "--org", "bestaat-niet"])
    assert result.exit_code == 1


def test_send_with_a_bad_mail_url_claims_nothing(app, runner) -> None:
    app.config["MAIL_URL"] = "gopher://mail.example"
    mail("a@gemeente.example")
    db.session.commit()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert "Cannot send" in result.output
    assert outbox_status()["pending"] == 1

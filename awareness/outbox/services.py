"""Outbox services: `enqueue` (and `enqueue_many`, for thousands at once) stores rendered
e-mails in the caller's transaction (it never commits); delivery and retries live in sender.py
and are re-exported here; status and the operator's levers (retry failed e-mails, make waiting
ones due now) are here."""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from typing import Any, cast
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from awareness.extensions import db
from awareness.outbox.models import FAILED, PENDING, SENDING, SENT, OutboundEmail
from awareness.outbox.sender import DeliveryReport, deliver_due, due_clause
from awareness.timeutil import utcnow

__all__ = [
    "DeliveryReport", "Mail", "deliver_due", "drain", "due_count", "enqueue", "enqueue_many",
    "failed_emails", "held_by_senders", "make_due_now", "outbox_status", "retry_failed",
    "waiting_to_retry",
]
STATUSES = (PENDING, SENDING, SENT, FAILED)


def message_id_domain() -> str:
    """The domain of PUBLIC_URL, else of MAIL_FROM: Message-IDs must be globally unique."""
    host = urlsplit(current_app.config.get("PUBLIC_URL") or "").hostname
    if host:
        return host
    address = parseaddr(current_app.config.get("MAIL_FROM") or "")[1]
    return address.rpartition("@")[2] or "localhost"


def new_message_id(domain: str | None = None) -> str:
    return f"<{uuid.uuid4().hex}@{domain or message_id_domain()}>"


def enqueue(
    *,
    to: str,
    subject: str,
    text_body: str,
    html_body: str,
    kind: str,
    organisation_id: int | None,
    delivery_id: int | None = None,
) -> OutboundEmail:
    """Add one e-mail to the session (the caller commits). Its Message-ID is fixed now and
    reused on every retry, so receivers can de-duplicate."""
    email = OutboundEmail(
        to_address=to,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
        kind=kind,
        organisation_id=organisation_id,
        delivery_id=delivery_id,
        message_id=new_message_id(),
        status=PENDING,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    db.session.add(email)
    return email


@dataclass(frozen=True, slots=True)
class Mail:
    """One rendered e-mail for enqueue_many; `delivery_id` is the caller's opaque reference."""

    to: str
    subject: str
    text_body: str
    html_body: str
    delivery_id: int | None = None


def enqueue_many(mails: Iterable[Mail], *, kind: str, organisation_id: int | None,
                 chunk: int = 1000) -> int:
    """`enqueue` for many e-mails of one kind (a round for 20,000 people): one INSERT per
    `chunk`, in the caller's transaction (never commits), without an ORM object per e-mail.
    Only one chunk is held in memory. Returns how many were queued."""
    domain, now, count = message_id_domain(), utcnow(), 0
    _fast_compression()
    rows: list[dict[str, object]] = []
    for mail in mails:
        rows.append({"to_address": mail.to, "subject": mail.subject,
                     "text_body": mail.text_body, "html_body": mail.html_body, "kind": kind,
                     "organisation_id": organisation_id, "delivery_id": mail.delivery_id,
                     "message_id": new_message_id(domain), "status": PENDING, "attempts": 0,
                     "next_attempt_at": now, "created_at": now})
        if len(rows) == chunk:
            count += _insert(rows)
    return count + (_insert(rows) if rows else 0)


_LZ4 = sa.text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
               "WHERE name = 'default_toast_compression'")
_lz4_servers: dict[str, bool] = {}


def _fast_compression() -> None:
    """PostgreSQL compresses every body over 2 kB (the HTML part always is) with pglz, which
    costs the server more than the rest of queueing a large round; lz4 (PostgreSQL 14+, when
    built with it) is several times faster. For this transaction only; reading needs nothing."""
    engine = db.engine
    if engine.dialect.name != "postgresql":
        return
    server = str(engine.url)
    if server not in _lz4_servers:
        _lz4_servers[server] = bool(db.session.scalar(_LZ4))
    if _lz4_servers[server]:
        db.session.execute(sa.text("SET LOCAL default_toast_compression = lz4"))


def _insert(rows: list[dict[str, object]]) -> int:
    db.session.execute(sa.insert(OutboundEmail.__table__), rows)
    count = len(rows)
    rows.clear()
    return count


def retry_failed(email_ids: Iterable[int], organisation_id: int | None) -> int:
    """Put failed e-mails back in the queue, due now, with fresh attempts. Only e-mails of
    `organisation_id` are touched (None: any organisation, for the regional admin)."""
    ids = list(email_ids)
    if not ids:
        return 0
    stmt = sa.update(OutboundEmail).where(
        OutboundEmail.id.in_(ids), OutboundEmail.status == FAILED
    )
    if organisation_id is not None:
        stmt = stmt.where(OutboundEmail.organisation_id == organisation_id)
    result = cast(sa.CursorResult[Any], db.session.execute(
        stmt.values(status=PENDING, attempts=0, next_attempt_at=utcnow(), last_error=None)
        .execution_options(synchronize_session=False)
    ))
    db.session.commit()
    return int(result.rowcount or 0)


def outbox_status(organisation_id: int | None = None) -> dict[str, int]:
    """How many e-mails are pending, sending, sent and failed (every key present)."""
    stmt = sa.select(OutboundEmail.status, sa.func.count()).group_by(OutboundEmail.status)
    if organisation_id is not None:
        stmt = stmt.where(OutboundEmail.organisation_id == organisation_id)
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({status: int(n) for status, n in db.session.execute(stmt).all()})
    return counts


def due_count() -> int:
    """E-mails that a sender would claim right now."""
    stmt = sa.select(sa.func.count()).select_from(OutboundEmail).where(due_clause(utcnow()))
    return int(db.session.scalar(stmt) or 0)


def failed_emails(organisation_id: int | None, limit: int = 200) -> list[OutboundEmail]:
    """The most recent failed e-mails, for the coordinator's outbox screen."""
    stmt = sa.select(OutboundEmail).where(OutboundEmail.status == FAILED)
    if organisation_id is not None:
        stmt = stmt.where(OutboundEmail.organisation_id == organisation_id)
    stmt = stmt.order_by(OutboundEmail.created_at.desc(), OutboundEmail.id.desc()).limit(limit)
    return list(db.session.scalars(stmt))


def drain(
    *, worker_id: str | None = None, on_result: Callable[[str], None] | None = None
) -> DeliveryReport:
    """Send batches until nothing is due; e-mails put back for a later retry are not waited
    for. Returns the summed report."""
    total = DeliveryReport()
    while True:
        report = deliver_due(worker_id=worker_id, on_result=on_result)
        total.add(report)
        if report.claimed == 0 or report.sent + report.failed + report.lost == 0:
            return total


M = OutboundEmail


def _of(organisation_id: int | None) -> sa.ColumnElement[bool]:
    return sa.true() if organisation_id is None else M.organisation_id == organisation_id


def _changed(stmt: sa.Update) -> int:
    result = cast(sa.CursorResult[Any], db.session.execute(
        stmt.execution_options(synchronize_session=False)))
    return int(result.rowcount or 0)


@dataclass(frozen=True)
class HeldLease:
    """E-mails one sender has claimed: its token (host:pid/batch), how many, until when."""

    holder: str
    emails: int
    until: datetime | None


def held_by_senders(organisation_id: int | None = None) -> list[HeldLease]:
    """The e-mails held by a sender's lease, per sender, the lease ending first on top. A
    lease that ran out belongs to a sender that died or stalled: its e-mails are due again."""
    until = sa.func.max(M.claimed_until)
    stmt = (sa.select(M.claimed_by, sa.func.count(), until)
            .where(M.status == SENDING, _of(organisation_id))
            .group_by(M.claimed_by).order_by(until))
    return [HeldLease(holder or "?", int(n), moment)
            for holder, n, moment in db.session.execute(stmt).all()]


@dataclass(frozen=True)
class Waiting:
    """Pending e-mails waiting out a backoff after a failed attempt."""

    emails: int
    next_attempt_at: datetime | None


def waiting_to_retry(organisation_id: int | None, now: datetime) -> Waiting:
    stmt = sa.select(sa.func.count(), sa.func.min(M.next_attempt_at)).where(
        M.status == PENDING, M.next_attempt_at > now, _of(organisation_id))
    count, first = db.session.execute(stmt).one()
    return Waiting(int(count or 0), first)


@dataclass(frozen=True)
class MadeDue:
    waiting: int  # pending e-mails in backoff, due now
    failed: int  # failed e-mails queued again (only when asked)
    held: int  # e-mails held by a sender's lease, left alone


def make_due_now(organisation_id: int | None, now: datetime, *,
                 include_failed: bool = False) -> MadeDue:
    """After the mail server was fixed: pending e-mails waiting out a backoff become due at
    `now` (their attempts so far still count); failed ones only with `include_failed`, with
    fresh attempts. E-mails a sender holds are left to it. Commits."""
    waiting = _changed(sa.update(M).where(M.status == PENDING, M.next_attempt_at > now,
                                          _of(organisation_id))
                       .values(next_attempt_at=now))
    failed = 0
    if include_failed:
        failed = _changed(sa.update(M).where(M.status == FAILED, _of(organisation_id))
                          .values(status=PENDING, attempts=0, next_attempt_at=now,
                                  last_error=None))
    held = outbox_status(organisation_id)[SENDING]
    db.session.commit()
    return MadeDue(waiting, failed, held)

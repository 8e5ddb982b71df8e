"""The sender: claims due e-mails (a committed lease, `FOR UPDATE SKIP LOCKED` on PostgreSQL),
sends them over one connection and commits each outcome at once, so an e-mail the server
accepted is never sent again and a crash mid-batch loses none: the lease is short
(MAIL_CLAIM_SECONDS) and a live sender renews it while it works, so a dead sender's batch is
due again within a minute and a slow one never loses its claim."""
from __future__ import annotations

import os
import socket
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from flask import current_app

from awareness.extensions import db
from awareness.outbox.hooks import SentHook, sent_hook
from awareness.outbox.lease import Lease, renew, take_lease
from awareness.outbox.models import FAILED, PENDING, SENDING, SENT, OutboundEmail
from awareness.outbox.settings import DEFAULTS
from awareness.outbox.transports import (
    ConnectError,
    Envelope,
    PermanentError,
    TransientError,
    Transport,
    make_transport,
)
from awareness.timeutil import utcnow

M = OutboundEmail
# Per-message updates go through the table (Core): the ORM's bulk-update bookkeeping costs
# more than the SMTP exchange on a large round.
T = OutboundEmail.__table__
RETRY = "retry"
# A claimed e-mail: id, delivery_id, message_id, to_address, subject, text_body, html_body,
# attempts (see _claim).
ClaimedRow = sa.Row[*tuple[Any, ...]]


def setting(name: str) -> Any:
    return current_app.config.get(name, DEFAULTS[name])


@dataclass
class DeliveryReport:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    lost: int = 0  # taken over by another sender while this one was stalled: not sent here
    renewed: int = 0  # times the lease was renewed
    errors: list[str] = field(default_factory=list)

    def add(self, other: DeliveryReport) -> None:
        for name in ("claimed", "sent", "retried", "failed", "lost", "renewed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors[: max(0, 20 - len(self.errors))])


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def open_transport() -> Transport:
    return make_transport(
        current_app.config["MAIL_URL"], current_app.config["MAIL_FROM"],
        timeout=float(setting("MAIL_TIMEOUT")), ca_file=setting("MAIL_CA_FILE"),
    )


def deliver_due(
    *,
    batch_size: int | None = None,
    worker_id: str | None = None,
    transport: Transport | None = None,
    on_result: Callable[[str], None] | None = None,
) -> DeliveryReport:
    """Claim and send one batch of due e-mails. Safe to run in several processes at once."""
    own_transport = transport is None
    transport = transport or open_transport()  # a bad MAIL_URL fails before anything is claimed
    token = f"{worker_id or default_worker_id()}/{uuid.uuid4().hex[:12]}"[-100:]
    lease, rows = _claim(token, batch_size or int(setting("MAIL_BATCH_SIZE")))
    report = DeliveryReport(claimed=len(rows))
    try:
        # Outcomes go through one plain connection, committed per e-mail: cheaper than the
        # session's unit of work, which matters at 20,000 e-mails a round.
        with _outcome_connection() as conn:
            _send_batch(conn, transport, lease, deque(rows), report, on_result)
    finally:
        if own_transport:
            transport.close()
    return report


def _send_batch(
    conn: sa.Connection, transport: Transport, lease: Lease, queue: deque[ClaimedRow],
    report: DeliveryReport, on_result: Callable[[str], None] | None,
) -> None:
    while queue:
        now = utcnow()
        if lease.stale(now):
            held = renew(conn, lease)
            kept = deque(row for row in queue if row.id in held)
            report.renewed, report.lost = report.renewed + 1, report.lost + len(queue) - len(kept)
            queue = kept  # a row another sender took over is never sent here
            continue
        row = queue.popleft()
        outcome, unreachable = _send_one(conn, transport, row, lease.token, report,
                                         lease.deadline(now))
        _record(report, outcome, on_result)
        if unreachable:  # the rest of the batch would meet the same closed door
            error = report.errors[-1].partition(": ")[2]
            for rest in queue:
                _record(report, _retry(conn, rest, lease.token, error), on_result)
            conn.commit()
            return


@contextmanager
def _outcome_connection() -> Iterator[sa.Connection]:
    """The connection that records outcomes. On PostgreSQL it runs in autocommit, each
    outcome one statement (one round trip), without waiting for the WAL flush, like SQLite's
    WAL+NORMAL: a crash of the worker loses nothing; only a crash of the database server
    could drop the last fraction of a second of "sent" marks, and those few e-mails would
    go again with the same Message-ID. An fsync per e-mail would cost more than SMTP."""
    with db.engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            yield conn
            return
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("SET synchronous_commit TO OFF")
        try:
            yield conn
        finally:
            conn.exec_driver_sql("RESET synchronous_commit")


def _send_one(
    conn: sa.Connection, transport: Transport, row: ClaimedRow, token: str,
    report: DeliveryReport, deadline: float,
) -> tuple[str, bool]:
    envelope = Envelope(row.message_id, row.to_address, row.subject, row.text_body, row.html_body)
    unreachable = False
    try:
        transport.send(envelope, deadline=deadline)
    except TransientError as exc:
        report.errors.append(f"{row.to_address}: {exc}")
        outcome, unreachable = _retry(conn, row, token, str(exc)), isinstance(exc, ConnectError)
    except PermanentError as exc:
        report.errors.append(f"{row.to_address}: {exc}")
        outcome = _fail(conn, row, token, str(exc))
    else:
        outcome = _mark_sent(conn, row)
    conn.commit()  # per message: "accepted" and "marked sent" are never far apart
    return outcome, unreachable


def _record(report: DeliveryReport, outcome: str, on_result: Callable[[str], None] | None) -> None:
    if outcome == SENT:
        report.sent += 1
    elif outcome == FAILED:
        report.failed += 1
    else:
        report.retried += 1
    if on_result is not None:
        on_result(outcome)


def due_clause(now: Any) -> sa.ColumnElement[bool]:
    """Pending and due, or claimed by a worker whose lease ran out (it crashed)."""
    return sa.or_(
        sa.and_(M.status == PENDING, M.next_attempt_at <= now),
        sa.and_(M.status == SENDING, M.claimed_until < now),
    )


def _claim(token: str, batch_size: int) -> tuple[Lease, Sequence[ClaimedRow]]:
    now = utcnow()
    lease = take_lease(token, int(setting("MAIL_CLAIM_SECONDS")), now)
    pick = sa.select(M.id).where(due_clause(now)).order_by(M.next_attempt_at, M.id)
    pick = pick.limit(batch_size)
    if db.session.get_bind().dialect.name == "postgresql":
        # Materialised, so the LIMIT holds: PostgreSQL may re-run a plain IN (subquery) per row.
        picked = pick.with_for_update(skip_locked=True).cte("picked").prefix_with("MATERIALIZED")
        pick = sa.select(picked.c.id)
    # One conditional UPDATE is the claim: on SQLite writers are serialised, on PostgreSQL
    # SKIP LOCKED hands concurrent workers disjoint rows; either way a row goes to one token.
    db.session.execute(
        sa.update(M)
        .where(M.id.in_(pick), due_clause(now))
        .values(status=SENDING, claimed_by=token,
                claimed_until=lease.until, attempts=M.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    rows = db.session.execute(
        sa.select(M.id, M.kind, M.delivery_id, M.message_id, M.to_address, M.subject,
                  M.text_body, M.html_body, M.attempts)
        .where(M.claimed_by == token, M.status == SENDING)
        .order_by(M.next_attempt_at, M.id)
    ).all()
    db.session.commit()  # no transaction left open while the batch is being sent
    return lease, rows


# Built once: constructing statements per e-mail costs more than executing them.
_MARK_SENT = (
    sa.update(T).where(T.c.id == sa.bindparam("row_id"))
    .values(status=SENT, sent_at=sa.bindparam("now"), claimed_by=None, claimed_until=None,
            last_error=None)
)


def _update(conn: sa.Connection, row_id: int, token: str, **values: Any) -> None:
    conn.execute(
        sa.update(T).where(T.c.id == row_id, T.c.claimed_by == token)
        .values(claimed_by=None, claimed_until=None, **values)
    )


@lru_cache(maxsize=64)
def _sent_statements(hook: SentHook | None, dialect: str) -> tuple[sa.Executable, ...]:
    """"Mark sent" plus the kind's sent hook, built once per hook. PostgreSQL: one atomic
    statement (the mark as a data-modifying CTE whose RETURNING feeds the hook), so one round
    trip; elsewhere two statements in the same transaction."""
    if hook is None:
        return (_MARK_SENT,)
    if dialect == "postgresql":
        sent = _MARK_SENT.returning(T.c.delivery_id).cte("sent")
        return (hook(sa.select(sent.c.delivery_id)),)
    return (_MARK_SENT, hook(sa.select(sa.bindparam("reference", type_=sa.Integer()))))


def _mark_sent(conn: sa.Connection, row: ClaimedRow) -> str:
    # Not conditional on the claim: the server has the message, whoever holds the row now.
    params = {"row_id": row.id, "now": utcnow(), "reference": row.delivery_id}
    hook = sent_hook(row.kind) if row.delivery_id is not None else None
    for statement in _sent_statements(hook, conn.dialect.name):
        conn.execute(statement, params)
    return SENT


def backoff(attempts: int) -> timedelta:
    base, cap = int(setting("MAIL_RETRY_BASE_SECONDS")), int(setting("MAIL_RETRY_MAX_SECONDS"))
    return timedelta(seconds=min(cap, base * 2 ** max(0, min(attempts - 1, 30))))


def _retry(conn: sa.Connection, row: ClaimedRow, token: str, error: str) -> str:
    if row.attempts >= int(setting("MAIL_MAX_ATTEMPTS")):
        return _fail(conn, row, token, f"gave up after {row.attempts} attempts: {error}")
    _update(conn, row.id, token, status=PENDING, last_error=error[:2000],
            next_attempt_at=utcnow() + backoff(row.attempts))
    return RETRY


def _fail(conn: sa.Connection, row: ClaimedRow, token: str, error: str) -> str:
    _update(conn, row.id, token, status=FAILED, last_error=error[:2000])
    return FAILED


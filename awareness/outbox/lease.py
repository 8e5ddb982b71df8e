"""A sender's lease on the batch it claimed: short (MAIL_CLAIM_SECONDS), renewed while the
sender works, so a dead sender's batch is due again within one lease and a live one never
loses its claim. Every time is taken from `utcnow()`, the clock all senders compare.

Why nothing the mail server accepted can go out twice:
- a claim and a renewal are both conditional updates of the same rows (claim: lease ran out;
  renewal: still ours), so they cannot both win: on PostgreSQL the row lock and SKIP LOCKED
  order them, on SQLite writers take turns. A row lost to another sender is never sent;
- a sender renews once a quarter of its lease has passed and lets one SMTP exchange run only
  until a sixth of the lease before its end (a deadline the transport enforces), so an e-mail
  is accepted and marked sent while the row is still its own. The margin covers committing
  the outcome and clocks that differ a little between machines. With the default 60 s lease
  an exchange may take at least 35 s, more than MAIL_TIMEOUT's 30 s per read or write.
What remains: a process frozen (not dead) in the middle of one exchange for longer than its
lease, whose message the server accepts meanwhile; any timing-based lease has that limit.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from awareness.outbox.models import SENDING, OutboundEmail
from awareness.timeutil import utcnow

T = OutboundEmail.__table__
RENEW_AFTER, MARGIN = 1 / 4, 1 / 6  # shares of the lease


@dataclass
class Lease:
    """A sender's claim on its batch: its token, its length, and until when it runs."""

    token: str
    seconds: int
    until: datetime

    def stale(self, now: datetime) -> bool:
        """A quarter of the lease has passed since it was taken or renewed."""
        return now >= self.until - timedelta(seconds=self.seconds * (1 - RENEW_AFTER))

    def deadline(self, now: datetime) -> float:
        """The `time.monotonic()` by which an exchange started at `now` must be over."""
        left = (self.until - now).total_seconds() - self.seconds * MARGIN
        return time.monotonic() + left


def take_lease(token: str, seconds: int, now: datetime) -> Lease:
    return Lease(token, seconds, now + timedelta(seconds=seconds))


def renew(conn: sa.Connection, lease: Lease) -> set[int]:
    """Extend the lease on every row the sender still holds, in one statement, and commit.
    Returns the ids of those rows; a row missing from them was taken over by another sender
    after this one's lease ran out (it was stalled) and must not be sent."""
    until = utcnow() + timedelta(seconds=lease.seconds)
    held = set(conn.scalars(
        sa.update(T).where(T.c.claimed_by == lease.token, T.c.status == SENDING)
        .values(claimed_until=until).returning(T.c.id)
    ))
    conn.commit()
    lease.until = until
    return held

"""Leader election through the scheduler_lease table: `acquire(name, holder, ttl)` inserts the
lease or takes it over when it expired (or renews it for its holder) in one upsert statement,
so of two processes racing for one name exactly one wins. Clocks of workers should agree
within a fraction of the ttl (NTP)."""
from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from awareness.extensions import db
from awareness.scheduler.models import Lease
from awareness.timeutil import utcnow


def acquire(name: str, holder: str, ttl: float) -> bool:
    """Take or renew the lease `name` for `ttl` seconds; True when `holder` now holds it.
    Commits its own transaction."""
    now = utcnow()
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Lease).values(name=name, holder=holder, expires_at=now + timedelta(seconds=ttl))
    upsert = stmt.on_conflict_do_update(
        index_elements=[Lease.name],
        set_={"holder": stmt.excluded.holder, "expires_at": stmt.excluded.expires_at},
        # Only a free (expired) lease or our own changes hands; otherwise nothing is written.
        where=sa.or_(Lease.expires_at < now, Lease.holder == holder),
    ).returning(Lease.holder)
    try:
        # A row comes back only when it was inserted or updated, i.e. when we hold it now.
        won = db.session.execute(upsert).scalar_one_or_none() == holder
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return won


def release(name: str, holder: str) -> bool:
    """Give the lease up at once (on shutdown), so another worker need not wait for expiry."""
    result = cast(sa.CursorResult[Any], db.session.execute(
        sa.delete(Lease).where(Lease.name == name, Lease.holder == holder)
    ))
    db.session.commit()
    return bool(result.rowcount)


def holder_of(name: str) -> str | None:
    """Who holds the unexpired lease `name`, if anyone."""
    return db.session.scalar(
        sa.select(Lease.holder).where(Lease.name == name, Lease.expires_at >= utcnow())
    )

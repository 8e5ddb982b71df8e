"""Server-side sessions of coordinators and admins (ASVS V3). The browser holds a random token;
the database holds its SHA-256 with the times that decide whether it still counts: revoked,
idle for too long, or too old. Loading a session is one indexed query that brings the user
(and organisation) along, and it writes at most once a minute."""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from awareness.accounts.models import User, UserSession
from awareness.extensions import autocommit_connection, db

# last_seen_at is written when it is older than this, so the idle timeout is exact to a minute
# (a session can end up to a minute early, never late) without a write per request.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Limits:
    idle: timedelta
    absolute: timedelta


LOAD = (
    sa.select(UserSession, User)
    .join(User, User.id == UserSession.user_id)
    .where(UserSession.token_hash == sa.bindparam("token_hash"))
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_live(record: UserSession, user: User, now: datetime, limits: Limits) -> bool:
    return (record.revoked_at is None and user.is_enabled
            and now - record.last_seen_at < limits.idle
            and now - record.created_at < limits.absolute)


def start(user_id: int, device: str, now: datetime, limits: Limits, *,
          complete: bool = False) -> tuple[str, UserSession]:
    """A new session, pending its second factor unless `complete`. Commits. The user's ended
    sessions (revoked or expired) are deleted here: nothing else needs them."""
    db.session.execute(sa.delete(UserSession).where(
        UserSession.user_id == user_id,
        sa.or_(UserSession.revoked_at.is_not(None),
               UserSession.last_seen_at <= now - limits.idle,
               UserSession.created_at <= now - limits.absolute)))
    token = secrets.token_urlsafe(32)
    record = UserSession(token_hash=token_hash(token), user_id=user_id, created_at=now,
                         last_seen_at=now, authenticated_at=now, device=device[:60],
                         second_factor_at=now if complete else None)
    db.session.add(record)
    db.session.commit()
    return token, record


def load(token: str, now: datetime, limits: Limits) -> tuple[UserSession, User] | None:
    """The live session of this token and its user, or None."""
    row = db.session.execute(LOAD, {"token_hash": token_hash(token)}).one_or_none()
    if row is None or not is_live(row[0], row[1], now, limits):
        return None
    record, user = row
    if now - record.last_seen_at >= TOUCH_EVERY:
        # On a connection of its own: the request's transaction stays untouched (a GET never
        # commits), and the loaded row is not marked dirty.
        with autocommit_connection() as connection:
            connection.execute(sa.update(UserSession).where(UserSession.id == record.id)
                               .values(last_seen_at=now))
        set_committed_value(record, "last_seen_at", now)
    return record, user


def complete_second_factor(session_id: int, now: datetime) -> str:
    """The second step is done: the session gets a new token (ASVS 3.2.1) and counts as
    freshly authenticated. Commits; returns the new token."""
    token = secrets.token_urlsafe(32)
    record = db.session.get_one(UserSession, session_id)
    record.token_hash = token_hash(token)
    record.second_factor_at = record.authenticated_at = record.last_seen_at = now
    db.session.commit()
    return token


def mark_fresh(session_id: int, now: datetime) -> None:
    db.session.get_one(UserSession, session_id).authenticated_at = now
    db.session.commit()


def revoke(session_id: int, now: datetime) -> None:
    db.session.execute(sa.update(UserSession).where(
        UserSession.id == session_id, UserSession.revoked_at.is_(None)).values(revoked_at=now))
    db.session.commit()


def revoke_all(user_id: int, now: datetime, *, keep: int | None = None,
               pending_only: bool = False) -> int:
    """End the user's sessions (except `keep`) in the caller's transaction; returns how many."""
    where = [UserSession.user_id == user_id, UserSession.revoked_at.is_(None)]
    if keep is not None:
        where.append(UserSession.id != keep)
    if pending_only:
        where.append(UserSession.second_factor_at.is_(None))
    result = db.session.execute(sa.update(UserSession).where(*where).values(revoked_at=now)
                                .execution_options(synchronize_session=False))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]  # CursorResult of an UPDATE


def active(user_id: int, now: datetime, limits: Limits) -> list[UserSession]:
    """The user's complete, live sessions, most recently used first."""
    rows = db.session.scalars(sa.select(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None),
        UserSession.second_factor_at.is_not(None),
        UserSession.last_seen_at > now - limits.idle,
        UserSession.created_at > now - limits.absolute,
    ).order_by(UserSession.last_seen_at.desc(), UserSession.id.desc()))
    return list(rows)


BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
            ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
           ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
           ("Linux", "Linux"))


def describe_device(user_agent: str) -> str:
    """'Firefox, Windows': enough to recognise one's own devices, nothing more is stored."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    summary = ", ".join(part for part in (browser, system) if part)
    return summary or re.sub(r"[^\w .-]", "", user_agent.split("/", 1)[0])[:30]

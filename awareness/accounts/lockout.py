"""The lockout: five failed passwords or codes lock the account, for a time that doubles with
every lockout since the last successful login (15 minutes, 30, 60, ... at most a day), and the
owner gets an e-mail. A password reset by e-mail lifts it, so nobody can keep an owner out."""
from __future__ import annotations

from datetime import datetime, timedelta

from awareness.accounts import audit, notices, sessions
from awareness.accounts.models import User
from awareness.timeutil import utcnow

LOCK_AFTER = 5
LOCK_MINUTES = 15
MAX_LOCK_MINUTES = 24 * 60


def lock_minutes(lockouts: int) -> int:
    """15 minutes for the first lockout, then 30, 60, ... up to a day."""
    return min(LOCK_MINUTES * 2 ** max(lockouts - 1, 0), MAX_LOCK_MINUTES)


def is_locked(user: User, now: datetime | None = None) -> bool:
    return user.locked_until is not None and user.locked_until > (now or utcnow())


def register_failure(user: User, action: str, **detail: object) -> None:
    """Count a failed password or code (the caller commits). The fifth locks the account,
    ends its half-finished logins and tells the owner."""
    now = utcnow()
    user.failed_logins += 1
    audit.record(action, user.id, user.organisation_id, **detail)
    if user.failed_logins >= LOCK_AFTER:
        user.failed_logins = 0
        user.lockouts += 1
        minutes = lock_minutes(user.lockouts)
        user.locked_until = now + timedelta(minutes=minutes)
        sessions.revoke_all(user.id, now, pending_only=True)
        audit.record("login.locked", user.id, user.organisation_id, minutes=minutes)
        notices.notify(user, notices.LOCKED, minutes=minutes)

"""Login: the password, then a TOTP code or a recovery code, each accepted exactly once also
when the same code arrives twice at the same moment (a conditional UPDATE decides, not a read
before a write). Failures count towards the lockout (lockout.py). Each public function
commits once at the end."""
from __future__ import annotations

import logging

import sqlalchemy as sa

from awareness.accounts import audit, lockout, passwords, recovery, secrets, totp
from awareness.accounts.models import RecoveryCode, User
from awareness.accounts.services import AccountError, find_user, get_user, normalise_email
from awareness.extensions import db
from awareness.timeutil import utcnow

log = logging.getLogger("awareness.accounts")


class LoginFailed(AccountError):
    """Wrong e-mail, password or code, or a locked account: deliberately one message."""


def authenticate(email: str, password: str) -> User:
    """Check e-mail and password (the first step). Raises LoginFailed without saying why."""
    user = find_user(email)
    if user is None or not user.is_enabled:
        passwords.burn_time(password)
        audit.record("login.failure", user.id if user else None,
                     user.organisation_id if user else None,
                     email=normalise_email(email)[:254], reason="unknown_or_disabled")
        db.session.commit()
        raise LoginFailed()
    if lockout.is_locked(user):
        passwords.burn_time(password)
        audit.record("login.failure", user.id, user.organisation_id, reason="locked")
        db.session.commit()
        raise LoginFailed()
    if not passwords.verify_password(user.password_hash, password):
        lockout.register_failure(user, "login.failure", reason="password")
        db.session.commit()
        raise LoginFailed()
    db.session.commit()
    return user


def verify_second_factor(user_id: int, code: str, now: float) -> str:
    """Accept a TOTP code or an unused recovery code; returns "totp" or "recovery"."""
    user = get_user(user_id)
    if lockout.is_locked(user) or not user.is_enabled or user.totp_enabled_at is None:
        raise LoginFailed()
    try:
        method = _use_totp(user, code, now) or _use_recovery_code(user, code)
    except secrets.SecretUnreadable:
        # The server's fault (a TOTP key removed too early), not the user's: no failure counted.
        log.exception("TOTP secret of account %s cannot be opened", user.id)
        raise LoginFailed() from None
    if method is None:
        lockout.register_failure(user, "login.failure", reason="second_factor")
        db.session.commit()
        raise LoginFailed()
    user.failed_logins = 0
    user.lockouts = 0
    user.locked_until = None
    user.last_login_at = utcnow()
    audit.record("login.success", user.id, user.organisation_id, method=method)
    db.session.commit()
    return method


def _use_totp(user: User, code: str, now: float) -> str | None:
    secret = secrets.unseal(user.totp_secret_sealed or "")
    step = totp.matching_step(secret, code, now, user.totp_last_step)
    if step is None:
        return None
    # Only the request whose UPDATE changes the row may use this step: a second one with the
    # same code waits for the first to commit and then finds the condition false.
    claimed = db.session.execute(
        sa.update(User).where(User.id == user.id, sa.or_(
            User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False))
    if not claimed.rowcount:  # type: ignore[attr-defined]  # CursorResult of an UPDATE
        return None
    return "totp"


def _use_recovery_code(user: User, code: str) -> str | None:
    if not recovery.looks_like_recovery_code(code):
        return None
    stored = db.session.scalar(sa.select(RecoveryCode.code_hash).filter_by(user_id=user.id)
                               .limit(1))
    salt = recovery.salt_of(stored or "")
    if salt is None:
        return None
    used = db.session.execute(
        sa.update(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None),
            RecoveryCode.code_hash == recovery.code_hash(code, salt))
        .values(used_at=utcnow()).execution_options(synchronize_session=False))
    if not used.rowcount:  # type: ignore[attr-defined]
        return None
    audit.record("recovery_code.used", user.id, user.organisation_id)
    return "recovery"


def confirm_password(user_id: int, password: str) -> None:
    """Re-authentication before a sensitive action; failures count towards the lockout."""
    user = get_user(user_id)
    if lockout.is_locked(user) or not passwords.verify_password(user.password_hash, password):
        lockout.register_failure(user, "reauth.failure")
        db.session.commit()
        raise LoginFailed()
    db.session.commit()

"""Account use cases: creating and disabling accounts, login with lockout, the TOTP second
factor and recovery codes, re-authentication. Each public function commits once at the end."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from awareness.accounts import audit, passwords, recovery, totp
from awareness.accounts.models import ADMIN, COORDINATOR, RecoveryCode, User
from awareness.extensions import db
from awareness.organisations.models import Organisation
from awareness.timeutil import utcnow

LOCK_AFTER = 5
LOCK_MINUTES = 15


class AccountError(Exception):
    """A use case could not be done; str(error) is a Dutch message for the user."""


class LoginFailed(AccountError):
    """Wrong e-mail, password or code, or a locked account: deliberately one message."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).filter_by(email=normalise_email(email)))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise AccountError(_("Dit account bestaat niet."))
    return user


def create_user(email: str, role: str, password: str, org_slug: str | None = None) -> User:
    """Create an enabled account; it enrols its second factor at the first login."""
    email = normalise_email(email)
    if role not in (ADMIN, COORDINATOR):
        raise AccountError(_("Kies de rol admin of coordinator."))
    if "@" not in email:
        raise AccountError(_("Vul een geldig e-mailadres in."))
    if find_user(email) is not None:
        raise AccountError(_("Er is al een account met dit e-mailadres."))
    organisation = None
    if role == COORDINATOR:
        organisation = db.session.scalar(sa.select(Organisation).filter_by(slug=org_slug or ""))
        if organisation is None:
            raise AccountError(_("Een coördinator hoort bij een bestaande organisatie (--org)."))
    passwords.check_policy(password)
    user = User(email=email, role=role, password_hash=passwords.hash_password(password),
                organisation_id=organisation.id if organisation else None,
                failed_logins=0, session_version=0, is_enabled=True)
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", None, user.organisation_id, email=email, role=role)
    db.session.commit()
    return user


def list_users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.role, User.email)))


def disable_user(email: str) -> User:
    user = _existing(email)
    user.is_enabled = False
    user.session_version += 1  # ends every open session now
    audit.record("user.disabled", user.id, user.organisation_id, email=user.email)
    db.session.commit()
    return user


def reset_totp(email: str) -> User:
    """Forget the second factor and recovery codes: the next login enrols again."""
    user = _existing(email)
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.session_version += 1
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record("totp.reset", user.id, user.organisation_id, email=user.email)
    db.session.commit()
    return user


def _existing(email: str) -> User:
    user = find_user(email)
    if user is None:
        raise AccountError(_("Er is geen account met dit e-mailadres."))
    return user


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > utcnow()


def _register_failure(user: User, action: str, **detail: object) -> None:
    user.failed_logins += 1
    audit.record(action, user.id, user.organisation_id, **detail)
    if user.failed_logins >= LOCK_AFTER:
        user.failed_logins = 0
        user.locked_until = utcnow() + timedelta(minutes=LOCK_MINUTES)
        user.session_version += 1  # a half-finished login cannot continue
        audit.record("login.locked", user.id, user.organisation_id, minutes=LOCK_MINUTES)


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
    if is_locked(user):
        passwords.burn_time(password)
        audit.record("login.failure", user.id, user.organisation_id, reason="locked")
        db.session.commit()
        raise LoginFailed()
    if not passwords.verify_password(user.password_hash, password):
        _register_failure(user, "login.failure", reason="password")
        db.session.commit()
        raise LoginFailed()
    db.session.commit()
    return user


def verify_second_factor(user_id: int, code: str, now: float) -> str:
    """Accept a TOTP code or an unused recovery code; returns "totp" or "recovery"."""
    user = get_user(user_id)
    if is_locked(user) or not user.is_enabled or user.totp_enabled_at is None:
        raise LoginFailed()
    method = _use_totp(user, code, now) or _use_recovery_code(user, code)
    if method is None:
        _register_failure(user, "login.failure", reason="second_factor")
        db.session.commit()
        raise LoginFailed()
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = utcnow()
    audit.record("login.success", user.id, user.organisation_id, method=method)
    db.session.commit()
    return method


def _use_totp(user: User, code: str, now: float) -> str | None:
    step = totp.matching_step(user.totp_secret or "", code, now, user.totp_last_step)
    if step is None:
        return None
    user.totp_last_step = step
    return "totp"


def _use_recovery_code(user: User, code: str) -> str | None:
    if not recovery.looks_like_recovery_code(code):
        return None
    row = db.session.scalar(sa.select(RecoveryCode).filter_by(
        user_id=user.id, code_hash=recovery.code_hash(code), used_at=None))
    if row is None:
        return None
    row.used_at = utcnow()
    audit.record("recovery_code.used", user.id, user.organisation_id)
    return "recovery"


def pending_secret(user_id: int) -> str:
    """The secret being enrolled, created on first use and kept until confirmed."""
    user = get_user(user_id)
    if user.totp_enabled_at is not None:
        raise AccountError(_("De tweede stap is al ingesteld."))
    if not user.totp_secret:
        user.totp_secret = totp.new_secret()
        db.session.commit()
    return user.totp_secret


def confirm_enrolment(user_id: int, code: str, now: float) -> list[str]:
    """Switch TOTP on once the app shows a matching code; returns fresh recovery codes."""
    user = get_user(user_id)
    if user.totp_enabled_at is not None or not user.totp_secret:
        raise AccountError(_("De tweede stap is al ingesteld."))
    step = totp.matching_step(user.totp_secret, code, now, None)
    if step is None:
        raise AccountError(_("Deze code klopt niet. Controleer de tijd op uw telefoon en "
                             "probeer de nieuwste code."))
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    user.last_login_at = utcnow()
    codes = _replace_recovery_codes(user)
    audit.record("totp.enrolled", user.id, user.organisation_id)
    db.session.commit()
    return codes


def new_recovery_codes(user_id: int) -> list[str]:
    """Replace every recovery code of the account with ten new ones (shown once)."""
    user = get_user(user_id)
    codes = _replace_recovery_codes(user)
    audit.record("recovery_codes.renewed", user.id, user.organisation_id)
    db.session.commit()
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = recovery.new_codes()
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=recovery.code_hash(c))
                       for c in codes)
    return codes


def unused_recovery_codes(user_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(RecoveryCode.id)).filter_by(
        user_id=user_id, used_at=None)) or 0


def confirm_password(user_id: int, password: str) -> None:
    """Re-authentication before a sensitive action; failures count towards the lockout."""
    user = get_user(user_id)
    if is_locked(user) or not passwords.verify_password(user.password_hash, password):
        _register_failure(user, "reauth.failure")
        db.session.commit()
        raise LoginFailed()
    db.session.commit()


def change_password(user_id: int, current: str, new: str) -> User:
    """Change the password of a logged-in user; other sessions end (session_version)."""
    user = get_user(user_id)
    if not passwords.verify_password(user.password_hash, current):
        _register_failure(user, "reauth.failure")
        db.session.commit()
        raise AccountError(_("Het huidige wachtwoord klopt niet."))
    passwords.check_policy(new)
    user.password_hash = passwords.hash_password(new)
    user.session_version += 1
    audit.record("password.changed", user.id, user.organisation_id)
    db.session.commit()
    return user

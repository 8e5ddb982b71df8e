"""Account use cases: creating and disabling accounts, enrolling the TOTP second factor,
recovery codes, changing the password. Login itself is in login.py. Each public function
commits once at the end; every change that ends sessions ends them in the same transaction."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from awareness.accounts import (
    audit,
    lockout,
    notices,
    passwords,
    recovery,
    secrets,
    sessions,
    totp,
)
from awareness.accounts.models import ADMIN, COORDINATOR, RecoveryCode, User
from awareness.extensions import db
from awareness.organisations.models import Organisation
from awareness.timeutil import utcnow


class AccountError(Exception):
    """A use case could not be done; str(error) is a Dutch message for the user."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).filter_by(email=normalise_email(email)))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise AccountError(_("Dit account bestaat niet."))
    return user


def personal_words(user: User) -> list[str]:
    """Words of the account that a password must not lean on."""
    return [user.email, *([user.organisation.name, user.organisation.slug]
                          if user.organisation else [])]


def create_user(email: str, role: str, password: str, org_slug: str | None = None, *,
                must_change_password: bool = False) -> User:
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
    passwords.check_policy(password, [email, *([organisation.name] if organisation else [])])
    user = User(email=email, role=role, password_hash=passwords.hash_password(password),
                organisation_id=organisation.id if organisation else None,
                failed_logins=0, lockouts=0, is_enabled=True,
                must_change_password=must_change_password)
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
    sessions.revoke_all(user.id, utcnow())
    audit.record("user.disabled", user.id, user.organisation_id, email=user.email)
    db.session.commit()
    return user


def reset_totp(email: str) -> User:
    """Forget the second factor and recovery codes: the next login enrols again."""
    user = _existing(email)
    user.totp_secret_sealed = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    sessions.revoke_all(user.id, utcnow())
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record("totp.reset", user.id, user.organisation_id, email=user.email)
    db.session.commit()
    return user


def _existing(email: str) -> User:
    user = find_user(email)
    if user is None:
        raise AccountError(_("Er is geen account met dit e-mailadres."))
    return user


def pending_secret(user_id: int) -> str:
    """The secret being enrolled, created on first use and kept (sealed) until confirmed."""
    user = get_user(user_id)
    if user.totp_enabled_at is not None:
        raise AccountError(_("De tweede stap is al ingesteld."))
    if not user.totp_secret_sealed:
        user.totp_secret_sealed = secrets.seal(totp.new_secret())
        db.session.commit()
    return secrets.unseal(user.totp_secret_sealed)


def confirm_enrolment(user_id: int, code: str, now: float) -> list[str]:
    """Switch TOTP on once the app shows a matching code; returns fresh recovery codes."""
    user = get_user(user_id)
    if user.totp_enabled_at is not None or not user.totp_secret_sealed:
        raise AccountError(_("De tweede stap is al ingesteld."))
    step = totp.matching_step(secrets.unseal(user.totp_secret_sealed), code, now, None)
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


def new_recovery_codes(user_id: int, keep_session: int | None) -> list[str]:
    """Replace every recovery code of the account with ten new ones (shown once); every other
    session ends, and the owner is told by e-mail."""
    user = get_user(user_id)
    codes = _replace_recovery_codes(user)
    sessions.revoke_all(user.id, utcnow(), keep=keep_session)
    audit.record("recovery_codes.renewed", user.id, user.organisation_id)
    notices.notify(user, notices.RECOVERY_CODES_RENEWED)
    db.session.commit()
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes, salt = recovery.new_codes(), recovery.new_salt()
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=recovery.code_hash(c, salt))
                       for c in codes)
    return codes


def unused_recovery_codes(user_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(RecoveryCode.id)).filter_by(
        user_id=user_id, used_at=None)) or 0


def end_all_sessions(user_id: int) -> int:
    """"Overal uitloggen": every session of the account ends; returns how many."""
    user = get_user(user_id)
    ended = sessions.revoke_all(user.id, utcnow())
    audit.record("sessions.ended", user.id, user.organisation_id, sessions=ended)
    db.session.commit()
    return ended


def change_password(user_id: int, current: str, new: str) -> User:
    """Change the password of a logged-in user. Every session of the account ends (the caller
    starts a new one for this browser), and the owner is told by e-mail."""
    user = get_user(user_id)
    if not passwords.verify_password(user.password_hash, current):
        lockout.register_failure(user, "reauth.failure")
        db.session.commit()
        raise AccountError(_("Het huidige wachtwoord klopt niet."))
    if new == current:
        raise AccountError(_("Kies een ander wachtwoord dan het huidige."))
    passwords.check_policy(new, personal_words(user))
    user.password_hash = passwords.hash_password(new)
    user.must_change_password = False
    sessions.revoke_all(user.id, utcnow())
    audit.record("password.changed", user.id, user.organisation_id)
    notices.notify(user, notices.PASSWORD_CHANGED)
    db.session.commit()
    return user

"""Password reset by e-mail: a signed token that expires after an hour and is bound to the
current password hash, so it works once; the reset ends every session of the account."""
from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from awareness.accounts import audit, passwords
from awareness.accounts.models import User
from awareness.accounts.services import AccountError, find_user
from awareness.extensions import db
from awareness.outbox.rendering import render_email
from awareness.outbox.services import enqueue
from awareness.timeutil import utcnow

MAX_AGE_SECONDS = 3600
SALT = "awareness.password-reset"


class InvalidResetToken(AccountError):
    """The link is broken, expired or already used."""


class _Signer(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())  # the application clock, so tests can move it


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT, signer=_Signer)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def make_token(user: User) -> str:
    return str(_serializer().dumps({"u": user.id, "p": _fingerprint(user)}))


def request_reset(email: str, link_for: Callable[[str], str]) -> None:
    """Queue a reset mail if an enabled account has this address; otherwise do nothing,
    so the caller's answer is the same either way."""
    user = find_user(email)
    if user is None or not user.is_enabled:
        return
    mail = render_email("password_reset", link=link_for(make_token(user)),
                        minutes=MAX_AGE_SECONDS // 60)
    enqueue(to=user.email, subject=mail.subject or _("Nieuw wachtwoord instellen"),
            text_body=mail.text, html_body=mail.html, kind="password_reset",
            organisation_id=user.organisation_id)
    audit.record("password.reset_requested", user.id, user.organisation_id)
    db.session.commit()


def user_for_token(token: str) -> User:
    try:
        data = _serializer().loads(token, max_age=MAX_AGE_SECONDS)
    except BadSignature as error:  # SignatureExpired is a subclass
        raise InvalidResetToken(_("Deze link is verlopen of al gebruikt. Vraag een nieuwe "
                                  "link aan.")) from error
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or not user.is_enabled or data.get("p") != _fingerprint(user):
        raise InvalidResetToken(_("Deze link is verlopen of al gebruikt. Vraag een nieuwe "
                                  "link aan."))
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password; the token stops working because the hash it is bound to changed."""
    user = user_for_token(token)
    passwords.check_policy(new_password)
    user.password_hash = passwords.hash_password(new_password)
    user.session_version += 1
    user.failed_logins = 0
    user.locked_until = None
    audit.record("password.reset", user.id, user.organisation_id)
    db.session.commit()
    return user

"""Password reset by e-mail. The page stores every request, known address or not, and answers
the same (no account enumeration, also not by timing); the worker then looks the address up
and queues at most RESETS_PER_HOUR mails per account. The link is a signed token that expires
after an hour and is bound to the current password hash, so it works once; the reset ends
every session of the account, lifts a lockout and tells the owner."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from awareness.accounts import audit, notices, passwords, sessions
from awareness.accounts.models import AuditEvent, PasswordResetRequest, User
from awareness.accounts.services import AccountError, find_user, personal_words
from awareness.extensions import db
from awareness.outbox.rendering import render_email
from awareness.outbox.services import enqueue
from awareness.signing import secret_keys
from awareness.timeutil import utcnow

MAX_AGE_SECONDS = 3600
SALT = "awareness.password-reset"
RESETS_PER_HOUR = 3
RESET_PATH = "/beheer/wachtwoord-herstellen/"  # the route of web/auth/views.reset_password


class InvalidResetToken(AccountError):
    """The link is broken, expired or already used."""


class _Signer(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())  # the application clock, so tests can move it


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_keys(), salt=SALT, signer=_Signer)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def make_token(user: User) -> str:
    return str(_serializer().dumps({"u": user.id, "p": _fingerprint(user)}))


def request_reset(email: str, now: datetime) -> None:
    """Store the request; the same work whether or not the address has an account."""
    db.session.add(PasswordResetRequest(email=email.strip().lower()[:254], requested_at=now))
    db.session.commit()


def process_requests(now: datetime, batch: int = 100) -> int:
    """Worker side: claim each stored request (the DELETE that removes it decides, so several
    workers may run), queue a mail when an enabled account has the address and has had fewer
    than RESETS_PER_HOUR in the last hour. One transaction per request; returns mails queued."""
    queued = 0
    rows = db.session.execute(sa.select(PasswordResetRequest.id, PasswordResetRequest.email)
                              .order_by(PasswordResetRequest.id).limit(batch)).all()
    for request_id, email in rows:
        claimed = db.session.execute(sa.delete(PasswordResetRequest).where(
            PasswordResetRequest.id == request_id))
        if claimed.rowcount:  # type: ignore[attr-defined]  # CursorResult of a DELETE
            queued += _queue_mail(email, now)
        db.session.commit()
    return queued


def _queue_mail(email: str, now: datetime) -> int:
    user = find_user(email)
    if user is None or not user.is_enabled:
        return 0
    recent = db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.user_id == user.id, AuditEvent.action == "password.reset_requested",
        AuditEvent.at > now - timedelta(hours=1))) or 0
    if recent >= RESETS_PER_HOUR:
        audit.record("password.reset_throttled", user.id, user.organisation_id)
        return 0
    mail = render_email("password_reset", link=notices.public_url(RESET_PATH + make_token(user)),
                        minutes=MAX_AGE_SECONDS // 60)
    enqueue(to=user.email, subject=mail.subject or _("Nieuw wachtwoord instellen"),
            text_body=mail.text, html_body=mail.html, kind="password_reset",
            organisation_id=user.organisation_id)
    audit.record("password.reset_requested", user.id, user.organisation_id)
    return 1


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
    passwords.check_policy(new_password, personal_words(user))
    user.password_hash = passwords.hash_password(new_password)
    user.must_change_password = False
    user.failed_logins = 0
    user.lockouts = 0
    user.locked_until = None
    sessions.revoke_all(user.id, utcnow())
    audit.record("password.reset", user.id, user.organisation_id)
    notices.notify(user, notices.PASSWORD_RESET)
    db.session.commit()
    return user

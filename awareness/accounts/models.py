"""Coordinator and admin accounts, their server-side sessions, recovery codes, pending
password-reset requests, and the audit log."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from awareness.dbtypes import UTCDateTime
from awareness.extensions import db
from awareness.organisations.models import Organisation
from awareness.timeutil import utcnow

ADMIN, COORDINATOR = "admin", "coordinator"


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(300))
    role: Mapped[str] = mapped_column(sa.String(20))
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    # Fernet token (accounts/secrets.py), never the plain secret: the key lives outside the DB.
    totp_secret_sealed: Mapped[str | None] = mapped_column(sa.String(255))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The TOTP time-step of the last accepted code: the same code cannot be used twice.
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Lockouts since the last successful login: each one lasts twice as long as the one before.
    lockouts: Mapped[int] = mapped_column(default=0)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set for accounts made with `flask users create`: the admin knows that password.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Joined: every coordinator page needs the organisation with the user (menu, access
    # checks), so the one query per request that loads the user brings it along.
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    # The server-side session this object was loaded for (web/auth/session.py). Flask-Login
    # keeps get_id() in the cookie, so that is the session's token, never the user's id: the
    # "alternative token" of the Flask-Login docs, which ends with the session row.
    session_token = ""  # nosec B105  # a session id holder, empty until loaded; no password

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


class RecoveryCode(db.Model):
    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(300))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UserSession(db.Model):
    """A login of a coordinator or admin: the cookie carries a random token, the database only
    its SHA-256. Revoked on logout, password change or reset, recovery-code renewal; expires
    after an idle time and an absolute time (config SESSION_IDLE_MINUTES, SESSION_MAX_HOURS)."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Written at most once a minute (see accounts/sessions.py), not on every request.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The last check of the password or the second factor: sensitive actions need it recent.
    authenticated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None while only the password is done: nothing under /beheer opens before the second step.
    second_factor_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "Firefox op Windows": enough to recognise one's own devices, no address, no full string.
    device: Mapped[str] = mapped_column(sa.String(60), default="")


class PasswordResetRequest(db.Model):
    """'Wachtwoord vergeten' stores every request, known address or not, so the page does
    the same work either way; the worker looks the account up and deletes the row."""

    __tablename__ = "password_reset_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

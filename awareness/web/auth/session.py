"""Flask-Login glue: the session carries "user id:session version", so a password change or
a lock-out ends every other session of that account. The helpers below own the other session
keys: `second_factor_done` (access.py checks it) and `auth_at` (time of the last password or
code check, for re-authentication)."""
from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import g, session, url_for
from flask_login import login_user, logout_user

from awareness.accounts.models import User
from awareness.extensions import db, login_manager
from awareness.timeutil import utcnow

# "strong": a session cookie copied to another browser or address is dropped.
login_manager.session_protection = "strong"
login_manager.login_view = "auth.login"


# Built once: every request under /beheer runs it (Session.get rebuilds its query each time).
USER_BY_ID = sa.select(User).where(User.id == sa.bindparam("user_id"))


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.execute(USER_BY_ID, {"user_id": int(user_id)}).scalar_one_or_none()
    if user is None or not user.is_enabled or user.session_version != int(version):
        return None
    return user


def begin(user: User, next_url: str | None) -> None:
    """After the password: logged in, but nothing under /beheer opens before the second step."""
    _clear()
    login_user(user)
    session["second_factor_done"] = False
    session["next"] = safe_next(next_url)


def complete_second_factor() -> str:
    """Mark the login complete; returns where to go next."""
    session["second_factor_done"] = True
    mark_fresh()
    return safe_next(session.pop("next", None))


def mark_fresh() -> None:
    session["auth_at"] = int(utcnow().timestamp())


def is_fresh(max_age_seconds: int) -> bool:
    auth_at = session.get("auth_at")
    return isinstance(auth_at, int) and utcnow().timestamp() - auth_at <= max_age_seconds


def end() -> None:
    logout_user()
    _clear()


def _clear() -> None:
    session.clear()
    # Flask-WTF caches the CSRF token per app context; it belonged to the cleared session.
    g.pop("csrf_token", None)


def relogin(user: User) -> None:
    """Keep this browser logged in after its own password change bumped session_version."""
    login_user(user)
    session["second_factor_done"] = True
    mark_fresh()


def safe_next(target: str | None) -> str:
    """Only paths on this site: an open redirect would make phishing links look like ours."""
    if target:
        target = target.rstrip("?")
        parts = urlsplit(target)
        if (target.startswith("/") and not target.startswith("//") and "\\" not in target
                and not parts.scheme and not parts.netloc):
            return target
    return url_for("coordinators.dashboard")

"""Flask-Login glue for server-side sessions (accounts/sessions.py). The signed cookie carries
only the session's random token (as Flask-Login's user id, the "alternative token" of its
docs); the row in the database says who it is, whether the second step is done and when the
password or code was last checked. Ending the row ends the login, wherever the cookie is.
The cookie itself also keeps the CSRF token, flash messages and `next`."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import abort, current_app, g, request, session, url_for
from flask_login import current_user, login_user, logout_user

from awareness.accounts import sessions
from awareness.accounts.models import User, UserSession
from awareness.extensions import login_manager
from awareness.timeutil import utcnow

# The session lives on the server, so Flask-Login's own binding (a hash of the client's
# address, which trusted a raw X-Forwarded-For) adds nothing: switched off.
login_manager.session_protection = None
login_manager.login_view = "auth.login"


def limits() -> sessions.Limits:
    config = current_app.config
    return sessions.Limits(idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
                           absolute=timedelta(hours=config["SESSION_MAX_HOURS"]))


@login_manager.user_loader
def load_user(token: str) -> User | None:
    found = sessions.load(token, utcnow(), limits())
    if found is None:
        return None
    record, user = found
    user.session_token = token
    g.user_session = record
    return user


def current() -> UserSession | None:
    """The session row of this request, if someone is logged in (or half logged in)."""
    return g.get("user_session") if current_user.is_authenticated else None


def _login(user: User, token: str, record: UserSession) -> None:
    user.session_token = token
    g.user_session = record
    login_user(user)


def begin(user: User, next_url: str | None) -> None:
    """After the password: logged in, but nothing under /beheer opens before the second step."""
    target = safe_next(next_url)
    if (previous := current()) is not None:  # a second login in this browser replaces the first
        sessions.revoke(previous.id, utcnow())
    _clear()
    device = sessions.describe_device(request.user_agent.string)
    token, record = sessions.start(user.id, device, utcnow(), limits())
    _login(user, token, record)
    session["next"] = target


def second_factor_done() -> bool:
    record = current()
    return record is not None and record.second_factor_at is not None


def complete_second_factor() -> str:
    """Mark the login complete (with a new session token); returns where to go next."""
    record = current()
    if record is None:
        abort(400)
    token = sessions.complete_second_factor(record.id, utcnow())
    _login(current_user._get_current_object(), token, record)
    return safe_next(session.pop("next", None))


def restart(user: User) -> None:
    """A new complete, fresh session for this browser after its own password change ended
    every session of the account."""
    _clear()
    device = sessions.describe_device(request.user_agent.string)
    token, record = sessions.start(user.id, device, utcnow(), limits(), complete=True)
    _login(user, token, record)


def mark_fresh() -> None:
    record = current()
    if record is not None:
        sessions.mark_fresh(record.id, utcnow())


def is_fresh(max_age_seconds: int) -> bool:
    record = current()
    return record is not None and (
        utcnow() - record.authenticated_at).total_seconds() <= max_age_seconds


def end() -> None:
    """Log out here: the row is revoked, so a copy of the cookie is worthless too."""
    record = current()
    if record is not None:
        sessions.revoke(record.id, utcnow())
    logout_user()
    _clear()


def _clear() -> None:
    session.clear()
    g.pop("user_session", None)
    # Flask-WTF caches the CSRF token per app context; it belonged to the cleared session.
    g.pop("csrf_token", None)


def has_control_characters(target: str) -> bool:
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in target)


def refuse_control_characters() -> None:
    """before_request of the auth pages: a CR/LF in `next` is a 400, never a 500 later."""
    if has_control_characters(request.args.get("next", "")):
        abort(400)


def safe_next(target: str | None) -> str:
    """Only paths on this site: an open redirect would make phishing links look like ours."""
    if target and not has_control_characters(target):
        target = target.rstrip("?")
        parts = urlsplit(target)
        if (target.startswith("/") and not target.startswith("//") and "\\" not in target
                and not parts.scheme and not parts.netloc):
            return target
    return url_for("coordinators.dashboard")

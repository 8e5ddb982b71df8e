"""Server-side sessions of coordinators and admins (M-3, M-4): a forged or copied cookie opens
nothing, logout ends the session everywhere, idle and absolute timeouts, "overal uitloggen",
the __Host- cookie in production. Through the real pages, on a frozen clock."""
from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask import Flask, g
from flask.sessions import SecureCookieSessionInterface
from flask.testing import FlaskClient
from flask_login import current_user

from awareness import create_app
from awareness.accounts.models import UserSession
from awareness.config import PUBLISHED_KEY
from awareness.extensions import db
from awareness.timeutil import freeze
from tests.support.accounts import (
    PASSWORD,
    csrf_token,
    isolated_requests,
    login,
    logout,
    make_org,
    make_user,
    totp_now,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADMIN_PAGE = "/beheer/audit"


@pytest.fixture(autouse=True)
def _isolated(app):
    with isolated_requests(app):
        freeze(T0)
        yield


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _with_cookie(app, value: str):
    client = app.test_client()
    client.set_cookie("session", value, domain="localhost")
    return client


def _forge(app: Flask, key: str, payload: dict[str, Any]) -> str:
    """A session cookie signed with `key`, as an attacker who knows that key makes it."""
    real = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = key
    interface = app.session_interface
    assert isinstance(interface, SecureCookieSessionInterface)
    try:
        return interface.get_signing_serializer(app).dumps(payload)
    finally:
        app.config["SECRET_KEY"] = real


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/beheer/inloggen" in response.headers["Location"]


def test_the_published_key_is_not_the_key_of_a_development_app(app: Flask) -> None:
    assert app.config["SECRET_KEY"] != PUBLISHED_KEY
    admin = make_user("admin@regio.nl", role="admin")
    # The review's exploit: an admin session signed with the key this code once shipped.
    forged = _forge(app, PUBLISHED_KEY, {"_user_id": f"{admin.id}:0", "_fresh": True,
                                         "second_factor_done": True, "auth_at": 1e12})
    assert _is_login_redirect(_with_cookie(app, forged).get(ADMIN_PAGE))


@pytest.mark.parametrize("user_id", ["{id}:0", "{id}", "{random}"])
def test_even_a_leaked_key_forges_no_session(app: Flask, user_id: str) -> None:
    """The cookie only names a server-side session by a random token: with the real key an
    attacker can sign anything, but not guess a live token."""
    admin = make_user("admin@regio.nl", role="admin")
    login(app.test_client(), admin)  # a live session exists
    value = user_id.format(id=admin.id, random=secrets.token_urlsafe(32))
    forged = _forge(app, app.config["SECRET_KEY"], {"_user_id": value, "_fresh": True,
                                                    "second_factor_done": True})
    assert _is_login_redirect(_with_cookie(app, forged).get(ADMIN_PAGE))


def test_after_logout_the_old_cookie_opens_nothing(app: Flask, client: FlaskClient) -> None:
    admin = make_user("admin@regio.nl", role="admin")
    login(client, admin)
    stolen = _cookie(client)
    assert _with_cookie(app, stolen).get(ADMIN_PAGE).status_code == 200
    logout(client)
    assert _is_login_redirect(_with_cookie(app, stolen).get(ADMIN_PAGE))
    record = db.session.scalar(sa.select(UserSession))
    assert record.revoked_at == T0


def test_a_copied_cookie_works_only_until_the_session_ends(app: Flask, client: FlaskClient) -> None:
    """No binding to a client's X-Forwarded-For (spoofable); what ends a stolen cookie is the
    server ending the session."""
    admin = make_user("admin@regio.nl", role="admin")
    login(client, admin)
    copy = _with_cookie(app, _cookie(client))
    assert copy.get(ADMIN_PAGE, headers={"X-Forwarded-For": "10.9.9.9"}).status_code == 200
    logout(client)
    assert _is_login_redirect(copy.get(ADMIN_PAGE, headers={"X-Forwarded-For": "10.1.1.1"}))


def test_a_new_login_in_the_same_browser_ends_the_previous_session(app, client) -> None:
    """Back to the login page halfway (a logged-in browser is sent on): the pending session
    of the first attempt ends, not only the cookie."""
    admin = make_user("admin@regio.nl", role="admin")

    def password_step() -> str:
        token = csrf_token(client, "/beheer/inloggen")
        client.post("/beheer/inloggen", data={"csrf_token": token, "email": admin.email,
                                              "password": PASSWORD})
        return _cookie(client)

    earlier = password_step()
    password_step()
    live = db.session.scalars(sa.select(UserSession).where(UserSession.revoked_at.is_(None)))
    assert len(list(live)) == 1
    assert _is_login_redirect(_with_cookie(app, earlier).get("/beheer/tweede-stap"))


def test_an_idle_session_expires_after_thirty_minutes(app: Flask, client: FlaskClient) -> None:
    admin = make_user("admin@regio.nl", role="admin")
    login(client, admin)
    freeze(T0 + timedelta(minutes=29))
    assert client.get(ADMIN_PAGE).status_code == 200  # activity moves the idle window
    freeze(T0 + timedelta(minutes=58))
    assert client.get(ADMIN_PAGE).status_code == 200
    freeze(T0 + timedelta(minutes=58 + 30))
    assert _is_login_redirect(client.get(ADMIN_PAGE))


def test_the_idle_timeout_is_configurable(app: Flask, client: FlaskClient) -> None:
    app.config["SESSION_IDLE_MINUTES"] = 5
    admin = make_user("admin@regio.nl", role="admin")
    login(client, admin)
    freeze(T0 + timedelta(minutes=5))
    assert _is_login_redirect(client.get(ADMIN_PAGE))


def test_a_busy_session_still_ends_after_twelve_hours(app: Flask, client: FlaskClient) -> None:
    admin = make_user("admin@regio.nl", role="admin")
    login(client, admin)
    for minutes in range(20, 12 * 60, 20):
        freeze(T0 + timedelta(minutes=minutes))
        assert client.get(ADMIN_PAGE).status_code == 200, minutes
    freeze(T0 + timedelta(hours=12))
    assert _is_login_redirect(client.get(ADMIN_PAGE))


def test_last_seen_is_written_at_most_once_a_minute(app: Flask, client: FlaskClient) -> None:
    admin = make_user("admin@regio.nl", role="admin")
    login(client, admin)

    def last_seen() -> datetime:
        db.session.expire_all()
        seen = db.session.scalar(sa.select(UserSession.last_seen_at))
        assert seen is not None
        return seen

    freeze(T0 + timedelta(seconds=50))
    client.get(ADMIN_PAGE)
    assert last_seen() == T0
    freeze(T0 + timedelta(seconds=70))
    client.get(ADMIN_PAGE)
    assert last_seen() == T0 + timedelta(seconds=70)


def test_a_logged_in_request_costs_one_query_for_its_session(app, client) -> None:
    """The performance target of coordinator pages: the session, the user and the
    organisation come in one indexed query (and no write while last_seen_at is recent)."""
    org = make_org("alfa")
    login(client, make_user("coord@alfa.nl", organisation=org))
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    token = client.get_cookie("session")
    with app.test_request_context(headers={"Cookie": f"session={token.value}"}):
        for key in ("_login_user", "user_session"):  # left by the login in this app context
            g.pop(key, None)
        db.session.expire_all()
        sa.event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert current_user.organisation.slug == "alfa"
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", record)
    assert len(statements) == 1, statements
    assert "user_session" in statements[0] and "organisation" in statements[0]


def test_ended_sessions_are_deleted_at_the_next_login(app: Flask) -> None:
    account = make_user("admin@regio.nl", role="admin")
    first = app.test_client()
    login(first, account)
    logout(first)
    freeze(T0 + timedelta(seconds=30))
    login(app.test_client(), account)  # the first session was revoked
    freeze(T0 + timedelta(hours=1))
    login(app.test_client(), account)  # the second one expired (idle)
    assert db.session.scalar(sa.select(sa.func.count(UserSession.id))) == 1


def test_log_out_everywhere_ends_every_session(app: Flask) -> None:
    org = make_org("alfa")
    account = make_user("coord@alfa.nl", organisation=org)
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, account)
    freeze(T0 + timedelta(seconds=30))
    login(phone, account)
    page = laptop.get("/beheer/account").get_data(as_text=True)
    assert page.count("(deze sessie)") == 1 and "Overal uitloggen" in page
    assert page.count("<tr><td>") == 2  # both sessions listed
    response = laptop.post("/beheer/account/overal-uitloggen",
                           data={"csrf_token": csrf_token(laptop, "/beheer/account")})
    assert _is_login_redirect(response)
    assert _is_login_redirect(phone.get("/beheer/alfa/medewerkers"))
    assert _is_login_redirect(laptop.get("/beheer/alfa/medewerkers"))
    assert db.session.scalar(sa.select(sa.func.count(UserSession.id)).where(
        UserSession.revoked_at.is_(None))) == 0


def test_new_recovery_codes_end_the_other_sessions(app: Flask) -> None:
    account = make_user("admin@regio.nl", role="admin")
    here, there = app.test_client(), app.test_client()
    login(here, account)
    freeze(T0 + timedelta(seconds=30))
    login(there, account)
    token = csrf_token(here, "/beheer/account/herstelcodes")
    assert here.post("/beheer/account/herstelcodes", data={"csrf_token": token}
                     ).status_code == 200
    assert here.get("/beheer/account").status_code == 200
    assert _is_login_redirect(there.get("/beheer/account"))


def test_a_half_finished_login_opens_nothing_and_is_not_listed(app: Flask) -> None:
    account = make_user("admin@regio.nl", role="admin")
    half = app.test_client()
    token = csrf_token(half, "/beheer/inloggen")
    half.post("/beheer/inloggen", data={"csrf_token": token, "email": account.email,
                                        "password": PASSWORD})
    assert half.get(ADMIN_PAGE).headers["Location"].endswith("/beheer/tweede-stap")
    full = app.test_client()
    freeze(T0 + timedelta(seconds=30))
    login(full, account)
    assert full.get("/beheer/account").get_data(as_text=True).count("<tr><td>") == 1


def test_the_session_token_changes_when_the_second_step_is_done(app, client) -> None:
    account = make_user("admin@regio.nl", role="admin")
    token = csrf_token(client, "/beheer/inloggen")
    client.post("/beheer/inloggen", data={"csrf_token": token, "email": account.email,
                                          "password": PASSWORD})
    pending = _cookie(client)
    token = csrf_token(client, "/beheer/tweede-stap")
    client.post("/beheer/tweede-stap", data={"csrf_token": token,
                                             "code": totp_now(account.secret)})
    assert client.get(ADMIN_PAGE).status_code == 200
    # The cookie from before the second step (e.g. fixed by an attacker) is worth nothing.
    assert _with_cookie(app, pending).get(ADMIN_PAGE).status_code == 302


def test_production_uses_a_secure_host_only_cookie(tmp_path, database_url) -> None:
    app = create_app({
        "ENV_NAME": "production", "SECRET_KEY": "p" * 40, "PUBLIC_URL": "https://veilig.nl",
        "TOTP_ENCRYPTION_KEYS": [Fernet.generate_key().decode()],
        "SQLALCHEMY_DATABASE_URI": database_url, "MAIL_URL": f"file://{tmp_path / 'mail'}",
        "RATELIMIT_STORAGE_URI": "memory://", "TESTING": True})
    with app.app_context(), isolated_requests(app):
        db.create_all()
        account = make_user("admin@regio.nl", role="admin")
        client, site = app.test_client(), "https://veilig.nl"
        page = client.get("/beheer/inloggen", base_url=site).get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        response = client.post("/beheer/inloggen", base_url=site, data={
            "csrf_token": token, "email": account.email, "password": PASSWORD},
            headers={"Referer": f"{site}/beheer/inloggen"})
        assert response.headers["Location"].endswith("/beheer/tweede-stap")
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith("__Host-session=")
        assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
        # I-10: the language cookie is Secure too, and no obsolete Permissions-Policy entry.
        language = client.get("/taal", base_url=site)
        assert "interest-cohort" not in language.headers["Permissions-Policy"]
        token = language.get_data(as_text=True).split(
            'name="csrf_token" type="hidden" value="')[1].split('"')[0]
        chosen = client.post("/taal", base_url=site, data={"csrf_token": token, "lang": "en"},
                             headers={"Referer": f"{site}/taal"})
        assert chosen.headers["Set-Cookie"].startswith("lang=en") and (
            "Secure" in chosen.headers["Set-Cookie"])
        db.session.remove()
        db.engine.dispose()  # this app's own pool: no connection left for the GC to close

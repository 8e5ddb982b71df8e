"""Login with password + TOTP or a recovery code, enrolment, lockout, rate limit, logout,
re-authentication and session invalidation, through the real pages."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import sqlalchemy as sa

from awareness.accounts.models import AuditEvent, RecoveryCode, User
from awareness.accounts.secrets import unseal
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
# Recovery codes: 16 characters in groups of four (about 78 bits).
CODE = r"<li><code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code></li>"


@pytest.fixture(autouse=True)
def _isolated(app):
    with isolated_requests(app):
        yield


def _password_step(client, email, password=PASSWORD):
    token = csrf_token(client, "/beheer/inloggen")
    return client.post("/beheer/inloggen", data={"csrf_token": token, "email": email,
                                                  "password": password})


def _code_step(client, code):
    token = csrf_token(client, "/beheer/tweede-stap")
    return client.post("/beheer/tweede-stap", data={"csrf_token": token, "code": code})


def _actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_login_needs_password_and_totp(app, client):
    freeze(T0)
    org = make_org("alfa")
    account = make_user("coord@alfa.nl", organisation=org)
    assert client.get("/beheer/").status_code == 302
    response = _password_step(client, "Coord@Alfa.nl")
    assert response.headers["Location"].endswith("/beheer/tweede-stap")
    # Half logged in: nothing under /beheer opens yet.
    assert client.get("/beheer/alfa/medewerkers").headers["Location"].endswith("/tweede-stap")
    response = _code_step(client, totp_now(account.secret))
    assert response.status_code == 302
    assert client.get("/beheer/alfa/medewerkers").status_code == 200
    assert _actions() == ["login.success"]
    assert db.session.get(User, account.id).last_login_at is not None


def test_wrong_password_and_unknown_email_get_the_same_answer(app, client):
    make_user("admin@regio.nl", role="admin")
    wrong = _password_step(client, "admin@regio.nl", "not the password at all")
    unknown = _password_step(client, "nobody@regio.nl", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    message = "Dit is niet gelukt. Controleer uw gegevens."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert _actions() == ["login.failure", "login.failure"]


def _flat(response) -> str:
    return response.get_data(as_text=True)


def test_totp_code_cannot_be_used_twice(app, client):
    freeze(T0)
    account = make_user("admin@regio.nl", role="admin")
    login(client, account)
    logout(client)
    _password_step(client, account.email)
    assert _code_step(client, totp_now(account.secret)).status_code == 401
    freeze(T0 + timedelta(seconds=30))
    assert _code_step(client, totp_now(account.secret)).status_code == 302


def test_code_of_the_previous_step_is_accepted_but_older_is_not(app, client):
    freeze(T0)
    account = make_user("admin@regio.nl", role="admin")
    assert account.secret is not None
    totp = pyotp.TOTP(account.secret)
    _password_step(client, account.email)
    assert _code_step(client, totp.at(T0 - timedelta(seconds=90))).status_code == 401
    assert _code_step(client, totp.at(T0 - timedelta(seconds=30))).status_code == 302


def test_recovery_code_works_once(app, client):
    freeze(T0)
    account = make_user("new@regio.nl", role="admin", enrolled=False)
    _password_step(client, account.email)
    page = client.get("/beheer/tweede-stap", follow_redirects=True)
    html = _flat(page)
    assert "<svg" in html and "style=" not in html.split("<svg", 1)[1].split("</svg>")[0]
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1)
    secret = secret.replace(" ", "")
    sealed = db.session.get_one(User, account.id).totp_secret_sealed
    assert sealed is not None
    assert secret not in sealed and unseal(sealed) == secret  # encrypted at rest
    token = csrf_token(client, "/beheer/tweede-stap/instellen")
    shown = client.post("/beheer/tweede-stap/instellen", data={
        "csrf_token": token, "code": pyotp.TOTP(secret).at(T0)})
    codes = re.findall(CODE, _flat(shown))
    assert shown.status_code == 200 and len(codes) == 10
    stored = list(db.session.scalars(sa.select(RecoveryCode.code_hash)))
    assert len(stored) == 10 and not set(codes) & set(stored)  # stored hashed only
    # scrypt under one random salt per account (ASVS 2.6.2)
    assert len({h.split("$")[1] for h in stored}) == 1 and all(
        h.startswith("scrypt$") for h in stored)
    assert client.get("/beheer/account").status_code == 200
    for attempt, expected in ((codes[3].upper(), 302), (codes[3], 401)):
        logout(client)
        _password_step(client, account.email)
        assert _code_step(client, attempt).status_code == expected
    assert "recovery_code.used" in _actions()


def test_enrolment_rejects_a_wrong_code(app, client):
    account = make_user("new@regio.nl", role="admin", enrolled=False)
    _password_step(client, account.email)
    token = csrf_token(client, "/beheer/tweede-stap/instellen")
    response = client.post("/beheer/tweede-stap/instellen", data={"csrf_token": token,
                                                                 "code": "000000x"})
    assert response.status_code == 400
    assert db.session.get(User, account.id).totp_enabled_at is None
    assert client.get("/beheer/").status_code == 302


def test_lockout_after_five_failures_without_revealing_it(app, client):
    freeze(T0)
    account = make_user("admin@regio.nl", role="admin")
    for _ in range(5):
        assert _password_step(client, account.email, "wrong password 123").status_code == 401
    user = db.session.get(User, account.id)
    assert user.locked_until is not None
    locked = _password_step(client, account.email)  # the right password, but locked
    assert locked.status_code == 401
    assert "Dit is niet gelukt" in _flat(locked)
    assert _actions().count("login.locked") == 1
    freeze(T0 + timedelta(minutes=16))
    assert _password_step(client, account.email).status_code == 302


def test_failed_codes_count_towards_the_lockout(app, client):
    freeze(T0)
    account = make_user("admin@regio.nl", role="admin")
    _password_step(client, account.email)
    for _ in range(4):
        assert _code_step(client, "123456").status_code == 401
    response = _code_step(client, "123456")
    assert response.headers["Location"].endswith("/beheer/inloggen")
    assert db.session.get(User, account.id).locked_until is not None


def test_login_is_rate_limited_per_address(app, client):
    token = csrf_token(client, "/beheer/inloggen")
    codes = [client.post("/beheer/inloggen", data={
        "csrf_token": token, "email": f"x{i}@example.org", "password": "whatever12345"}
    ).status_code for i in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429


def test_logout_is_a_post_with_csrf(app, client):
    freeze(T0)
    account = make_user("admin@regio.nl", role="admin")
    login(client, account)
    assert client.get("/beheer/uitloggen").status_code == 405
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/beheer/uitloggen").status_code == 400
    client.post("/beheer/uitloggen", data={"csrf_token": csrf_token(client, "/beheer/account")})
    assert client.get("/beheer/").status_code == 302


def test_session_cookie_flags(app, client):
    freeze(T0)
    account = make_user("admin@regio.nl", role="admin")
    token = csrf_token(client, "/beheer/inloggen")
    response = client.post("/beheer/inloggen", data={"csrf_token": token, "email": account.email,
                                                      "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_password_change_ends_other_sessions(app):
    freeze(T0)
    account = make_user("admin@regio.nl", role="admin")
    first, second = app.test_client(), app.test_client()
    login(first, account)
    freeze(T0 + timedelta(seconds=30))
    login(second, account)
    new = "a much longer new password"
    response = first.post("/beheer/account", data={
        "csrf_token": csrf_token(first, "/beheer/account"), "current": PASSWORD,
        "password": new, "confirm": new})
    assert response.status_code == 302
    assert first.get("/beheer/account").status_code == 200
    assert second.get("/beheer/account").status_code == 302
    assert "password.changed" in _actions()


def test_weak_password_is_refused_on_change(app, client):
    freeze(T0)
    account = make_user("admin@regio.nl", role="admin")
    login(client, account)
    for weak in ("short", "wachtwoord123"):
        response = client.post("/beheer/account", data={
            "csrf_token": csrf_token(client, "/beheer/account"), "current": PASSWORD,
            "password": weak, "confirm": weak})
        assert response.status_code == 400


def test_sensitive_action_asks_for_the_password_again(app, client):
    freeze(T0)
    make_org("alfa")
    account = make_user("admin@regio.nl", role="admin")
    login(client, account)
    url = "/beheer/alfa/overzichten-per-persoon"
    assert client.get(url).status_code == 200  # fresh: just logged in
    freeze(T0 + timedelta(minutes=11))
    response = client.get(url)
    assert response.status_code == 302
    reauth = response.headers["Location"]
    assert "/beheer/opnieuw-bevestigen?next=" in reauth
    token = csrf_token(client, reauth)
    assert client.post(reauth, data={"csrf_token": token,
                                     "password": "wrong one 123456"}).status_code == 401
    back = client.post(reauth, data={"csrf_token": token, "password": PASSWORD})
    assert back.headers["Location"] == url
    assert client.get(url).status_code == 200
    assert "reauth.failure" in _actions()


def test_stale_post_goes_to_reauth_and_does_nothing(app, client):
    freeze(T0)
    org = make_org("alfa")
    login(client, make_user("admin@regio.nl", role="admin"))
    token = csrf_token(client, "/beheer/alfa/overzichten-per-persoon")
    freeze(T0 + timedelta(minutes=11))
    response = client.post("/beheer/alfa/overzichten-per-persoon",
                           data={"csrf_token": token, "enabled": "y", "reason": "OR"})
    assert "opnieuw-bevestigen" in response.headers["Location"]
    db.session.expire_all()
    assert org.per_person_reports is False


def test_next_parameter_cannot_leave_the_site(app, client):
    freeze(T0)
    account = make_user("admin@regio.nl", role="admin")
    token = csrf_token(client, "/beheer/inloggen")
    client.post("/beheer/inloggen?next=//evil.example/x", data={
        "csrf_token": token, "email": account.email, "password": PASSWORD})
    response = _code_step(client, totp_now(account.secret))
    assert response.headers["Location"] == "/beheer/"


def test_renew_recovery_codes_replaces_the_old_ones(app, client):
    freeze(T0)
    account = make_user("admin@regio.nl", role="admin")
    login(client, account)
    token = csrf_token(client, "/beheer/account/herstelcodes")
    response = client.post("/beheer/account/herstelcodes", data={"csrf_token": token})
    codes = re.findall(CODE, _flat(response))
    assert len(codes) == 10
    assert db.session.scalar(sa.select(sa.func.count(RecoveryCode.id))) == 10

"""Authentication hardening (L-2 to L-5): control characters in `next`, the escalating
lockout and its e-mail, notices on password change, reset and new recovery codes, at most
three reset mails per account per hour, the forced password change of CLI accounts, password
strength, and rate limits that a client's X-Forwarded-For cannot dodge."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from awareness.accounts import passwords
from awareness.accounts.models import AuditEvent, User, UserSession
from awareness.accounts.reset import process_requests
from awareness.extensions import db
from awareness.outbox.models import OutboundEmail
from awareness.outbox.services import drain
from awareness.timeutil import freeze, utcnow
from tests.support.accounts import (
    PASSWORD,
    csrf_token,
    isolated_requests,
    login,
    make_org,
    make_user,
)
from tests.support.smtp import SmtpServer

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEW = "paars konijn fietst traag"


@pytest.fixture(autouse=True)
def _isolated(app):
    with isolated_requests(app):
        freeze(T0)
        yield


def _password_step(client, email: str, password: str = PASSWORD, **kwargs):
    token = csrf_token(client, "/beheer/inloggen")
    return client.post("/beheer/inloggen", data={"csrf_token": token, "email": email,
                                                  "password": password}, **kwargs)


def _actions(action: str) -> int:
    return db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).filter_by(
        action=action)) or 0


def _notices(kind: str = "account_notice") -> list[OutboundEmail]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboundEmail).filter_by(kind=kind)
                                   .order_by(OutboundEmail.id)))


@pytest.mark.parametrize("path", ["/beheer/inloggen", "/beheer/opnieuw-bevestigen",
                                  "/beheer/tweede-stap"])
def test_control_characters_in_next_are_a_400(client: FlaskClient, path: str) -> None:
    for bad in ("/beheer/%0D%0AX-Injected:%201", "/beheer/%00", "/beheer/%7F", "%09//evil"):
        assert client.get(f"{path}?next={bad}").status_code == 400


def test_reauthentication_with_a_crlf_next_is_refused_before_anything_happens(app, client):
    account = make_user("admin@regio.nl", role="admin")
    login(client, account)
    freeze(T0 + timedelta(minutes=20))
    url = "/beheer/opnieuw-bevestigen?next=/beheer/%0D%0AX-Injected:%201"
    response = client.post(url, data={"csrf_token": csrf_token(client, "/beheer/account"),
                                      "password": PASSWORD})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.scalar(sa.select(UserSession.authenticated_at)) == T0  # not freshened


def test_the_lockout_escalates_and_mails_the_owner(app, client):
    account = make_user("admin@regio.nl", role="admin")
    for _ in range(5):
        assert _password_step(client, account.email, "wrong password 123").status_code == 401
    with SmtpServer() as smtp:
        app.config["MAIL_URL"] = smtp.url()
        drain()
        mail = smtp.wait_for(1)[0]
    assert mail.rcpt_tos == ("admin@regio.nl",)
    assert "tijdelijk geblokkeerd" in mail.message["Subject"]
    body = mail.message.get_body(("plain",)).get_content()
    assert "15 minuten" in body and "http://localhost/beheer/wachtwoord-vergeten" in body
    freeze(T0 + timedelta(minutes=16))
    # Another address, because of the per-address limit.
    elsewhere: dict[str, Any] = {"environ_base": {"REMOTE_ADDR": "198.51.100.7"}}
    for _ in range(5):
        _password_step(client, account.email, "wrong password 123", **elsewhere)
    assert "30 minuten" in _notices()[-1].text_body  # the second lockout lasts twice as long
    freeze(T0 + timedelta(minutes=16 + 29))
    assert _password_step(client, account.email, **elsewhere).status_code == 401
    freeze(T0 + timedelta(minutes=16 + 31))
    assert _password_step(client, account.email, **elsewhere).status_code == 302
    assert _actions("login.locked") == 2


def test_a_successful_login_resets_the_escalation(app, client):
    account = make_user("admin@regio.nl", role="admin")
    for _ in range(5):
        _password_step(client, account.email, "wrong password 123")
    freeze(T0 + timedelta(minutes=16))
    login(client, account)
    assert db.session.get(User, account.id).lockouts == 0


def test_a_password_reset_lifts_the_lockout(app, client):
    account = make_user("admin@regio.nl", role="admin")
    for _ in range(5):
        _password_step(client, account.email, "wrong password 123")
    token = csrf_token(client, "/beheer/wachtwoord-vergeten")
    client.post("/beheer/wachtwoord-vergeten", data={"csrf_token": token,
                                                      "email": account.email})
    assert process_requests(utcnow()) == 1
    link = re.search(r"http://localhost(/beheer/wachtwoord-herstellen/\S+)",
                     _notices("password_reset")[0].text_body).group(1)
    token = csrf_token(client, link)
    assert client.post(link, data={"csrf_token": token, "password": NEW, "confirm": NEW}
                       ).status_code == 302
    assert _password_step(client, account.email, NEW).status_code == 302
    assert "opnieuw ingesteld" in _notices()[-1].subject


def test_at_most_three_reset_mails_per_account_per_hour(app, client):
    make_user("admin@regio.nl", role="admin")
    for n in range(5):
        freeze(T0 + timedelta(minutes=n))
        token = csrf_token(client, "/beheer/wachtwoord-vergeten")
        assert client.post("/beheer/wachtwoord-vergeten", data={
            "csrf_token": token, "email": "admin@regio.nl"},
            environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}).status_code == 200
        process_requests(utcnow())
    assert len(_notices("password_reset")) == 3
    assert _actions("password.reset_throttled") == 2
    freeze(T0 + timedelta(minutes=61))
    token = csrf_token(client, "/beheer/wachtwoord-vergeten")
    client.post("/beheer/wachtwoord-vergeten", data={"csrf_token": token,
                                                      "email": "admin@regio.nl"})
    assert process_requests(utcnow()) == 1


def test_a_password_change_mails_a_notice(app, client):
    account = make_user("admin@regio.nl", role="admin")
    login(client, account)
    response = client.post("/beheer/account", data={
        "csrf_token": csrf_token(client, "/beheer/account"), "current": PASSWORD,
        "password": NEW, "confirm": NEW})
    assert response.status_code == 302
    with SmtpServer() as smtp:
        app.config["MAIL_URL"] = smtp.url()
        drain()
        mail = smtp.wait_for(1)[0]
    assert mail.rcpt_tos == ("admin@regio.nl",) and "gewijzigd" in mail.message["Subject"]


def test_new_recovery_codes_mail_a_notice(app, client):
    account = make_user("admin@regio.nl", role="admin")
    login(client, account)
    token = csrf_token(client, "/beheer/account/herstelcodes")
    client.post("/beheer/account/herstelcodes", data={"csrf_token": token})
    notices = _notices()
    assert len(notices) == 1 and notices[0].subject == "Nieuwe herstelcodes voor Digitaal Veilig"


def test_an_account_made_on_the_command_line_must_change_its_password(app, client, runner):
    make_org("alfa")
    initial = "beheerder koos dit wachtwoord"
    assert runner.invoke(args=["users", "create", "--email", "c@alfa.nl", "--role",
                               "coordinator", "--org", "alfa"], input=f"{initial}\n"
                         ).exit_code == 0
    user = db.session.scalar(sa.select(User).filter_by(email="c@alfa.nl"))
    assert _password_step(client, user.email, initial).status_code == 302
    page = client.get("/beheer/tweede-stap/instellen").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1)
    token = csrf_token(client, "/beheer/tweede-stap/instellen")
    client.post("/beheer/tweede-stap/instellen", data={
        "csrf_token": token, "code": pyotp.TOTP(secret.replace(" ", "")).at(T0)})
    for page in ("/beheer/", "/beheer/alfa/medewerkers", "/beheer/account"):
        assert client.get(page).headers["Location"].endswith("/beheer/account/nieuw-wachtwoord")
    token = csrf_token(client, "/beheer/account/nieuw-wachtwoord")
    same = client.post("/beheer/account/nieuw-wachtwoord", data={
        "csrf_token": token, "current": initial, "password": initial, "confirm": initial})
    assert same.status_code == 400 and "ander wachtwoord" in same.get_data(as_text=True)
    done = client.post("/beheer/account/nieuw-wachtwoord", data={
        "csrf_token": token, "current": initial, "password": NEW, "confirm": NEW})
    assert done.status_code == 302
    assert client.get("/beheer/alfa/medewerkers").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).must_change_password is False


@pytest.mark.parametrize("weak", [
    "Welkom2026!!!", "wachtwoord12345", "Zomer2026Zomer", "qwertyuiop123", "1q2w3e4r5t6y7u",
    "gemeentealfa2026", "Password123456", "coord@alfa.nl123",
])
def test_guessable_passwords_are_refused(app: Flask, weak: str) -> None:
    with app.test_request_context(), pytest.raises(passwords.WeakPasswordError):
        passwords.check_policy(weak, ["coord@alfa.nl", "Gemeente Alfa"])


@pytest.mark.parametrize("strong", [NEW, "correct horse battery staple", "Vx9#kq2!Lm4@Tz"])
def test_strong_passwords_pass(app: Flask, strong: str) -> None:
    with app.test_request_context():
        passwords.check_policy(strong, ["coord@alfa.nl"])


def test_a_client_x_forwarded_for_does_not_dodge_the_login_limit(app, client):
    codes = [_password_step(client, f"x{n}@example.org", "whatever12345",
                            headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
             for n in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429

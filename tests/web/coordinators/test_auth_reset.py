"""Password reset by e-mail through a real SMTP server, and the `flask users` commands."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from awareness.accounts.models import AuditEvent, PasswordResetRequest, User
from awareness.accounts.reset import process_requests
from awareness.accounts.secrets import seal
from awareness.extensions import db
from awareness.outbox.models import OutboundEmail
from awareness.outbox.services import drain
from awareness.timeutil import freeze, utcnow
from tests.support.accounts import (
    csrf_token,
    isolated_requests,
    login,
    make_org,
    make_user,
    totp_now,
)
from tests.support.smtp import SmtpServer

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEW = "een heel nieuw wachtwoord"


@pytest.fixture(autouse=True)
def _isolated(app):
    with isolated_requests(app):
        yield


def _ask_reset(client, email: str):
    token = csrf_token(client, "/beheer/wachtwoord-vergeten")
    return client.post("/beheer/wachtwoord-vergeten", data={"csrf_token": token, "email": email})


def _mailed_link(app: Flask, smtp: SmtpServer) -> str:
    app.config["MAIL_URL"] = smtp.url()
    process_requests(utcnow())  # the worker's job: the page only stored the request
    drain()
    message = smtp.wait_for(1)[-1].message
    body = message.get_body(("plain",)).get_content()
    match = re.search(r"http://localhost(/beheer/wachtwoord-herstellen/\S+)", body)
    assert match, body
    return match.group(1)


def test_reset_by_mail_sets_a_new_password_once(app, client):
    freeze(T0)
    account = make_user("admin@regio.nl", role="admin")
    other = app.test_client()
    login(other, account)
    with SmtpServer() as smtp:
        answer = _ask_reset(client, "ADMIN@regio.nl")
        assert answer.status_code == 200
        link = _mailed_link(app, smtp)
        assert smtp.messages[0].rcpt_tos == ("admin@regio.nl",)
    token = csrf_token(client, link)
    weak = client.post(link, data={"csrf_token": token, "password": "kort", "confirm": "kort"})
    assert weak.status_code == 400
    done = client.post(link, data={"csrf_token": token, "password": NEW, "confirm": NEW})
    assert done.headers["Location"].endswith("/beheer/inloggen")
    assert client.get(link).status_code == 400  # bound to the old hash: single use
    assert other.get("/beheer/account").status_code == 302  # other sessions ended
    freeze(T0 + timedelta(seconds=30))
    token = csrf_token(client, "/beheer/inloggen")
    assert client.post("/beheer/inloggen", data={"csrf_token": token, "email": account.email,
                                                  "password": NEW}).status_code == 302
    token = csrf_token(client, "/beheer/tweede-stap")
    assert client.post("/beheer/tweede-stap", data={
        "csrf_token": token, "code": totp_now(account.secret)}).status_code == 302
    actions = list(db.session.scalars(sa.select(AuditEvent.action)))
    assert "password.reset_requested" in actions and "password.reset" in actions


def test_unknown_address_gets_the_same_answer_and_no_mail(app, client):
    make_user("admin@regio.nl", role="admin")
    known = _ask_reset(client, "admin@regio.nl").get_data(as_text=True)
    unknown = _ask_reset(client, "nobody@regio.nl").get_data(as_text=True)
    strip = re.compile(r'value="[^"]*"')
    assert strip.sub("", known) == strip.sub("", unknown)
    # The same work for both: each request is stored; only the worker looks the address up.
    assert db.session.scalar(sa.select(sa.func.count(PasswordResetRequest.id))) == 2
    assert db.session.scalar(sa.select(sa.func.count(OutboundEmail.id))) == 0
    assert process_requests(utcnow()) == 1
    assert db.session.scalar(sa.select(sa.func.count(OutboundEmail.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(PasswordResetRequest.id))) == 0


def test_reset_link_expires_after_an_hour(app, client):
    freeze(T0)
    make_user("admin@regio.nl", role="admin")
    with SmtpServer() as smtp:
        _ask_reset(client, "admin@regio.nl")
        link = _mailed_link(app, smtp)
    freeze(T0 + timedelta(minutes=59))
    assert client.get(link).status_code == 200
    assert client.get(link[:-3] + "abc").status_code == 400
    freeze(T0 + timedelta(minutes=61))
    expired = client.get(link)
    assert expired.status_code == 400 and "verlopen" in expired.get_data(as_text=True)
    assert client.get("/beheer/wachtwoord-herstellen/nonsense").status_code == 400


def test_users_cli(app, runner):
    make_org("alfa")
    result = runner.invoke(args=["users", "create", "--email", "C@Alfa.nl", "--role",
                                 "coordinator", "--org", "alfa"], input="een lang wachtwoord\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).filter_by(email="c@alfa.nl"))
    assert user.password_hash.startswith("scrypt:") and "een lang" not in user.password_hash
    assert user.must_change_password  # the admin knows this password
    weak = runner.invoke(args=["users", "create", "--email", "d@alfa.nl", "--role", "admin"],
                         input="wachtwoord123\n")
    assert weak.exit_code != 0 and "makkelijk" in weak.output
    no_org = runner.invoke(args=["users", "create", "--email", "e@alfa.nl", "--role",
                                 "coordinator"], input="een lang wachtwoord\n")
    assert no_org.exit_code != 0
    listing = runner.invoke(args=["users", "list"])
    assert "c@alfa.nl\tcoordinator\talfa\tenabled\tno-totp" in listing.output
    user.totp_secret_sealed, user.totp_enabled_at = seal("JBSWY3DPEHPK3PXP"), T0
    db.session.commit()
    assert runner.invoke(args=["users", "reset-totp", "c@alfa.nl"]).exit_code == 0
    assert runner.invoke(args=["users", "disable", "c@alfa.nl"]).exit_code == 0
    db.session.expire_all()
    assert user.totp_secret_sealed is None and user.is_enabled is False
    assert runner.invoke(args=["users", "disable", "x@alfa.nl"]).exit_code != 0

"""Key rotation without breaking what is out there: SECRET_KEY_FALLBACKS keep links, reset
tokens and cookies signed with the old key valid while new ones use the new key (I-9), and
TOTP_ENCRYPTION_KEYS with `flask users reseal-totp` move TOTP secrets onto a new key."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask import Flask
from flask.testing import FlaskClient

from awareness.accounts import reset
from awareness.accounts.models import User
from awareness.accounts.secrets import SecretUnreadable, unseal
from awareness.extensions import db
from awareness.staffquiz import tokens
from awareness.timeutil import freeze
from awareness.web.residents import learner
from tests.support.accounts import (
    PASSWORD,
    csrf_token,
    isolated_requests,
    login,
    make_user,
    totp_now,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEW_KEY = "n" * 48


@pytest.fixture(autouse=True)
def _isolated(app):
    with isolated_requests(app):
        freeze(T0)
        yield


def _signed_with_the_current_key(app, account):
    with app.test_request_context():
        user = db.session.get_one(User, account.id)
        return {"staff": tokens.make(tokens.HISTORY, 7, 0), "reset": reset.make_token(user),
                "learner": learner._serializer().dumps({"id": "abc", "org": None})}


def _verify(app, signed) -> None:
    with app.test_request_context():
        assert tokens.read(tokens.HISTORY, signed["staff"]).id == 7
        assert reset.user_for_token(signed["reset"]).email == "admin@regio.nl"
        assert learner._serializer().loads(signed["learner"])["id"] == "abc"


def test_fallback_keys_keep_old_links_and_sessions_valid(app: Flask, client: FlaskClient) -> None:
    account = make_user("admin@regio.nl", role="admin")
    login(client, account)
    signed = _signed_with_the_current_key(app, account)
    old_key = app.config["SECRET_KEY"]
    app.config.update(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[old_key])
    _verify(app, signed)
    assert client.get("/beheer/audit").status_code == 200  # the session cookie too
    renewed = _signed_with_the_current_key(app, account)
    app.config["SECRET_KEY_FALLBACKS"] = []
    _verify(app, renewed)  # new signatures use the new key alone
    with app.test_request_context(), pytest.raises(tokens.InvalidTokenError):
        tokens.read(tokens.HISTORY, signed["staff"])  # without the fallback: gone
    with app.test_request_context(), pytest.raises(reset.InvalidResetToken):
        reset.user_for_token(signed["reset"])
    assert client.get("/beheer/audit").status_code == 302


def _code_step(client, account):
    token = csrf_token(client, "/beheer/inloggen")
    client.post("/beheer/inloggen", data={"csrf_token": token, "email": account.email,
                                          "password": PASSWORD})
    token = csrf_token(client, "/beheer/tweede-stap")
    return client.post("/beheer/tweede-stap", data={"csrf_token": token,
                                                    "code": totp_now(account.secret)})


def test_totp_secrets_move_to_a_new_key(app, client, runner) -> None:
    account = make_user("admin@regio.nl", role="admin")
    old = app.config["TOTP_ENCRYPTION_KEYS"]
    new = Fernet.generate_key().decode()
    app.config["TOTP_ENCRYPTION_KEYS"] = [new]  # the old key removed too early
    assert _code_step(client, account).status_code == 401
    assert db.session.get(User, account.id).failed_logins == 0  # the server's fault
    app.config["TOTP_ENCRYPTION_KEYS"] = [new, *old]  # the new key first, the old still opens
    result = runner.invoke(args=["users", "reseal-totp"])
    assert result.exit_code == 0 and "1 of 1 TOTP secrets re-sealed" in result.output
    db.session.expire_all()
    sealed = db.session.scalar(sa.select(User.totp_secret_sealed))
    assert sealed is not None
    assert unseal(sealed, [new]) == account.secret
    with pytest.raises(SecretUnreadable):
        unseal(sealed, old)
    app.config["TOTP_ENCRYPTION_KEYS"] = [new]
    freeze(T0.replace(minute=1))
    assert _code_step(app.test_client(), account).status_code == 302

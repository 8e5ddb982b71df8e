"""Tiny factories for organisations and coordinator/admin accounts, and a helper that logs
in through the real pages (password, then a TOTP code computed from the stored secret)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyotp
from flask import Flask, g, request_started
from flask.testing import FlaskClient

from awareness.accounts import passwords
from awareness.accounts.models import User
from awareness.accounts.secrets import seal
from awareness.extensions import db
from awareness.organisations.models import Organisation
from awareness.timeutil import utcnow
from awareness.web.templating import CATALOG_KEY

PASSWORD = "correct horse battery staple"
# Hashing with scrypt is deliberately slow; tests share one hash of PASSWORD.
_HASH: dict[str, str] = {}


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    secret: str | None
    password: str = PASSWORD


def make_org(slug: str, name: str | None = None) -> Organisation:
    organisation = Organisation(slug=slug, name=name or f"Gemeente {slug.title()}")
    db.session.add(organisation)
    db.session.commit()
    return organisation


def make_user(email: str, role: str = "coordinator", organisation: Organisation | None = None,
              enrolled: bool = True) -> Account:
    if PASSWORD not in _HASH:
        _HASH[PASSWORD] = passwords.hash_password(PASSWORD)
    secret = pyotp.random_base32() if enrolled else None
    user = User(email=email, role=role, password_hash=_HASH[PASSWORD],
                organisation_id=organisation.id if organisation else None,
                totp_secret_sealed=seal(secret) if secret else None,
                totp_enabled_at=utcnow() if enrolled else None)
    db.session.add(user)
    db.session.commit()
    return Account(user.id, email, secret)


def totp_now(secret: str | None) -> str:
    """The current code for an account's secret (None: made with enrolled=False)."""
    assert secret is not None, "the account is not enrolled"
    return pyotp.TOTP(secret).at(utcnow().timestamp())


def csrf_token(client: FlaskClient, path: str) -> str:
    # The test app context outlives requests, and Flask-WTF caches the token in `g`: drop it
    # so a second client (another browser) gets a token of its own session.
    g.pop("csrf_token", None)
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: FlaskClient, account: Account) -> None:
    """Log in fully (password + TOTP) through the real pages."""
    token = csrf_token(client, "/beheer/inloggen")
    response = client.post("/beheer/inloggen", data={
        "csrf_token": token, "email": account.email, "password": account.password})
    assert response.status_code == 302, response.get_data(as_text=True)
    token = csrf_token(client, "/beheer/tweede-stap")
    response = client.post("/beheer/tweede-stap", data={
        "csrf_token": token, "code": totp_now(account.secret)})
    assert response.status_code == 302, response.get_data(as_text=True)


def logout(client: FlaskClient) -> None:
    client.post("/beheer/uitloggen", data={"csrf_token": csrf_token(client, "/beheer/account")})


@contextmanager
def isolated_requests(app: Flask) -> Iterator[None]:
    """The `app` fixture keeps one app context open for the whole test, so `g` (where
    Flask-Login caches the user and Flask-WTF the CSRF token) would outlive a request and leak
    one browser's login into the next request of another. Clear it at every request start,
    as a real server does by giving each request its own app context."""

    def clear(sender: Flask, **_extra: object) -> None:
        for key in ("_login_user", "user_session", "csrf_token", "csrf_valid", CATALOG_KEY):
            g.pop(key, None)

    request_started.connect(clear, app)
    try:
        yield
    finally:
        request_started.disconnect(clear, app)

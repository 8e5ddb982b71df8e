"""L-1: one TOTP code and one recovery code, submitted at the same moment from several
half-logged-in browsers, are accepted exactly once (a conditional UPDATE decides). Each thread
is its own client with its own app context and database session; SQLite and PostgreSQL."""
from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from flask.testing import FlaskClient

from awareness.accounts import services
from awareness.accounts.models import AuditEvent, RecoveryCode
from awareness.extensions import db
from awareness.timeutil import freeze
from tests.support.accounts import PASSWORD, csrf_token, make_user, totp_now

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# Fewer than the five failures that lock the account, so every loser is a plain refusal.
BROWSERS = 5


def _half_logged_in(app, email: str) -> list[FlaskClient]:  # type: ignore[no-untyped-def]
    clients = []
    for _ in range(BROWSERS):
        client = app.test_client()
        token = csrf_token(client, "/beheer/inloggen")
        response = client.post("/beheer/inloggen", data={
            "csrf_token": token, "email": email, "password": PASSWORD})
        assert response.status_code == 302
        clients.append(client)
    return clients


def _at_once(clients: list[FlaskClient], submit: Callable[[FlaskClient, str], int]) -> list[int]:
    tokens = [csrf_token(client, "/beheer/tweede-stap") for client in clients]
    barrier = threading.Barrier(len(clients))
    codes: list[int] = []
    errors: list[BaseException] = []

    def run(client: FlaskClient, token: str) -> None:
        try:
            barrier.wait()
            codes.append(submit(client, token))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=pair) for pair in zip(clients, tokens,
                                                                         strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return sorted(codes)


def _count(action: str) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).filter_by(
        action=action)) or 0


def test_one_totp_code_from_five_browsers_at_once_logs_in_once(app) -> None:  # type: ignore[no-untyped-def]
    freeze(T0)
    account = make_user("admin@regio.nl", role="admin")
    clients = _half_logged_in(app, account.email)
    code = totp_now(account.secret)
    results = _at_once(clients, lambda client, token: client.post(
        "/beheer/tweede-stap", data={"csrf_token": token, "code": code}).status_code)
    assert results == [302] + [401] * (BROWSERS - 1)
    assert _count("login.success") == 1


def test_one_recovery_code_from_five_browsers_at_once_logs_in_once(app) -> None:  # type: ignore[no-untyped-def]
    freeze(T0)
    account = make_user("admin@regio.nl", role="admin")
    with app.test_request_context():
        code = services.new_recovery_codes(account.id, None)[0]
    clients = _half_logged_in(app, account.email)
    results = _at_once(clients, lambda client, token: client.post(
        "/beheer/tweede-stap", data={"csrf_token": token, "code": code}).status_code)
    assert results == [302] + [401] * (BROWSERS - 1)
    assert _count("recovery_code.used") == 1 and _count("login.success") == 1
    assert db.session.scalar(sa.select(sa.func.count(RecoveryCode.id)).where(
        RecoveryCode.used_at.is_not(None))) == 1

"""Shared fixtures: an app on a fresh database (SQLite per test, or PostgreSQL when
DATABASE_URL is set), a client, a CLI runner, and a small content library."""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
import time_machine

from awareness import create_app
from awareness.content.loader import load_library
from awareness.content.sync import sync_library
from awareness.extensions import db, limiter
from awareness.timeutil import freeze
from tests.support.accounts import isolated_requests
from tests.support.content import write_library
from tests.support.database import is_postgres, private_postgres_database, reset_schema


def pytest_configure(config: pytest.Config) -> None:
    """`TEST_CLOCK=<ISO instant>` moves the whole wall clock (time.time, datetime.now,
    date.today) of this run to that instant, ticking on from there: `make test-shifted` uses
    it to prove that no test depends on the real date or hour. time-machine rather than
    libfaketime: libfaketime 0.9.10 breaks Python's sleeps and timed waits (EINVAL or hangs)."""
    moment = os.environ.get("TEST_CLOCK")
    if moment:
        traveller = time_machine.travel(datetime.fromisoformat(moment), tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


@pytest.fixture(scope="session")
def postgres_url():  # type: ignore[no-untyped-def]
    if not is_postgres():
        yield None
        return
    with private_postgres_database() as url:
        yield url


@pytest.fixture
def database_url(tmp_path: Path, postgres_url: str | None) -> str:
    return postgres_url or f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return write_library(tmp_path / "content")


@pytest.fixture
def app(tmp_path: Path, content_dir: Path, database_url: str):  # type: ignore[no-untyped-def]
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "CONTENT_DIR": str(content_dir),
        "MAIL_URL": f"file://{tmp_path / 'mail'}",
        "PUBLIC_URL": "http://localhost",
        "SERVER_NAME": "localhost",
    })
    with app.app_context(), isolated_requests(app):
        reset_schema()
        limiter.reset()
        yield app
        db.session.remove()
        db.engine.dispose()
    freeze(None)


@pytest.fixture
def synced(app):  # type: ignore[no-untyped-def]
    """The app with the fixture content loaded into the database."""
    library, problems = load_library(app.config["CONTENT_DIR"])
    assert problems == []
    sync_library(library, problems)
    return app


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def runner(app):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()

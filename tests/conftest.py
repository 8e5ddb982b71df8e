"""Shared fixtures: an app on a fresh database (SQLite per test, or PostgreSQL when
DATABASE_URL is set), a client, a CLI runner, and a small content library."""
from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session", autouse=True)
def development_environment() -> Iterator[None]:
    """Unset AWARENESS_ENV means production (fail closed): the suite says it is development,
    here for create_app() in this process and in every subprocess that inherits it."""
    previous = os.environ.get("AWARENESS_ENV")
    os.environ["AWARENESS_ENV"] = "development"
    yield
    if previous is None:
        os.environ.pop("AWARENESS_ENV", None)
    else:
        os.environ["AWARENESS_ENV"] = previous


@pytest.fixture
def app_overrides() -> dict[str, Any]:
    """Extra settings for the `app` fixture; a test module overrides this fixture."""
    return {}


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
def app(tmp_path: Path, content_dir: Path, database_url: str,  # type: ignore[no-untyped-def]
        app_overrides: dict[str, Any]):
    app = create_app({
        "TESTING": True,
        "ENV_NAME": "development",
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "CONTENT_DIR": str(content_dir),
        "MAIL_URL": f"file://{tmp_path / 'mail'}",
        "PUBLIC_URL": "http://localhost",
        "SERVER_NAME": "localhost",
        **app_overrides,
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

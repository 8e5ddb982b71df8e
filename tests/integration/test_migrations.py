"""Migrations from an empty database build exactly the models (`flask db check` is clean)."""
from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from tests.support.database import is_postgres

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_database_url(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not is_postgres():
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    name = f"awareness_mig_{uuid.uuid4().hex[:8]}"
    with psycopg.connect("postgresql://postgres@127.0.0.1/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1/{name}"
    with psycopg.connect("postgresql://postgres@127.0.0.1/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _flask(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 40,
           "AWARENESS_ENV": "development"}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_upgrade_from_empty_matches_models(empty_database_url: str) -> None:
    upgrade = _flask(empty_database_url, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    check = _flask(empty_database_url, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr

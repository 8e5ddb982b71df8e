"""Migrations from an empty database build exactly the models (`flask db check` is clean)."""
from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

from awareness.config import derived_fernet_key
from tests.support.database import is_postgres

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x" * 40


@pytest.fixture
def empty_database_url(tmp_path: Path):
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
    env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin", "SECRET_KEY": SECRET,
           "AWARENESS_ENV": "development"}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_upgrade_from_empty_matches_models(empty_database_url: str) -> None:
    upgrade = _flask(empty_database_url, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    check = _flask(empty_database_url, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr


def test_security_1_seals_existing_totp_secrets_and_can_go_back(
        empty_database_url: str) -> None:
    """Accounts from before security_1 keep their second factor: the plain secret is sealed
    with the configured key; the old unsalted recovery-code hashes are removed."""
    assert _flask(empty_database_url, "db", "upgrade", "0001").returncode == 0
    engine = sa.create_engine(empty_database_url)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO user_account (email, password_hash, role, totp_secret, failed_logins,"
            " session_version, is_enabled, created_at) VALUES ('a@regio.nl', 'x', 'admin',"
            " 'JBSWY3DPEHPK3PXP', 0, 3, true, '2026-01-01 00:00:00')"))
        conn.execute(sa.text("INSERT INTO recovery_code (user_id, code_hash) VALUES "
                             "((SELECT id FROM user_account), 'ab12')"))
    upgrade = _flask(empty_database_url, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    key = derived_fernet_key(SECRET)  # development without TOTP_ENCRYPTION_KEYS
    with engine.connect() as conn:
        sealed, lockouts, must_change = conn.execute(sa.text(
            "SELECT totp_secret_sealed, lockouts, must_change_password FROM user_account")).one()
        assert conn.execute(sa.text("SELECT count(*) FROM recovery_code")).scalar() == 0
    assert Fernet(key).decrypt(sealed.encode()) == b"JBSWY3DPEHPK3PXP"
    assert (lockouts, bool(must_change)) == (0, False)
    downgrade = _flask(empty_database_url, "db", "downgrade", "0001")
    assert downgrade.returncode == 0, downgrade.stderr
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT totp_secret FROM user_account")).scalar() == (
            "JBSWY3DPEHPK3PXP")
    engine.dispose()

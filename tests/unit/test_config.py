"""Configuration comes from the environment and fails closed: no AWARENESS_ENV means
production, production refuses unsafe settings, and no key is ever built into the code."""
from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from awareness import create_app
from awareness.config import PUBLISHED_KEY, UnsafeConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]
STRONG = "s" * 40
TOTP_KEY = Fernet.generate_key().decode()


@pytest.fixture
def production(monkeypatch, tmp_path):
    """A complete, safe production environment; tests take one setting away."""
    for name in ("AWARENESS_ENV", "SECRET_KEY", "SECRET_KEY_FALLBACKS", "DEV_MAIL_VIEW",
                 "SESSION_COOKIE_SECURE", "RATELIMIT_STORAGE_URI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", STRONG)
    monkeypatch.setenv("PUBLIC_URL", "https://veilig.example.nl")
    monkeypatch.setenv("TOTP_ENCRYPTION_KEYS", TOTP_KEY)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    return monkeypatch


def test_defaults_use_sqlite_in_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("AWARENESS_ENV", "development")
    config = load_config(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'awareness.sqlite'}"
    assert config["BABEL_DEFAULT_LOCALE"] == "nl"


@pytest.mark.parametrize("given", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_postgres_urls_get_the_psycopg3_driver(monkeypatch, tmp_path, given):
    monkeypatch.setenv("AWARENESS_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", given)
    assert load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_unset_environment_is_production_and_refuses_to_start_without_a_key(production):
    production.delenv("SECRET_KEY")
    with pytest.raises(UnsafeConfigError, match="SECRET_KEY"):
        create_app()


@pytest.mark.parametrize("name", ["prod", "Productie", "dev", "test"])
def test_an_unknown_environment_name_is_refused(production, name):
    production.setenv("AWARENESS_ENV", name)
    with pytest.raises(UnsafeConfigError, match="AWARENESS_ENV"):
        create_app()


def test_a_process_without_any_setting_refuses_to_start() -> None:
    """What a municipality gets that runs the Procfile's gunicorn without configuring
    anything: no app, and a message that says why."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    started = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
    assert started.returncode != 0
    assert "UnsafeConfigError: SECRET_KEY must be set" in started.stderr


@pytest.mark.parametrize("key", [PUBLISHED_KEY, "short", "x" * 31])
def test_production_refuses_the_published_or_a_short_key(production, key):
    production.setenv("SECRET_KEY", key)
    with pytest.raises(UnsafeConfigError, match="SECRET_KEY"):
        create_app()


def test_production_refuses_a_weak_fallback_key(production):
    production.setenv("SECRET_KEY_FALLBACKS", f"{'o' * 40},{PUBLISHED_KEY}")
    with pytest.raises(UnsafeConfigError, match="SECRET_KEY_FALLBACKS"):
        create_app()


def test_production_refuses_plain_http(production):
    production.setenv("PUBLIC_URL", "http://veilig.example.nl")
    with pytest.raises(UnsafeConfigError, match="https"):
        create_app()


@pytest.mark.parametrize("keys", ["", "not-a-fernet-key"])
def test_production_refuses_missing_or_bad_totp_keys(production, keys):
    production.setenv("TOTP_ENCRYPTION_KEYS", keys)
    with pytest.raises(UnsafeConfigError, match="TOTP_ENCRYPTION_KEYS"):
        create_app()


def test_production_refuses_the_dev_mail_view(production):
    production.setenv("DEV_MAIL_VIEW", "1")
    with pytest.raises(UnsafeConfigError, match="DEV_MAIL_VIEW"):
        create_app()


def test_production_with_safe_settings_starts_with_secure_host_cookies(production):
    production.setenv("SESSION_COOKIE_SECURE", "0")  # cannot be switched off in production
    app = create_app()
    assert app.config["ENV_NAME"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["DEV_MAIL_VIEW"] is False
    assert "devmail.index" not in app.view_functions


def test_production_warns_loudly_about_memory_rate_limits(production, caplog):
    with caplog.at_level(logging.WARNING, logger="awareness"):
        create_app()
    assert "UNSAFE AT SCALE: RATELIMIT_STORAGE_URI is memory://" in caplog.text
    caplog.clear()
    production.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    with caplog.at_level(logging.WARNING, logger="awareness"):
        create_app()
    assert "UNSAFE AT SCALE" not in caplog.text


def test_development_key_is_random_kept_in_the_instance_folder_and_shared(
        monkeypatch, tmp_path):
    monkeypatch.setenv("AWARENESS_ENV", "development")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("TOTP_ENCRYPTION_KEYS", raising=False)
    first = load_config(str(tmp_path / "instance"))
    key_file = tmp_path / "instance" / "secret-key"
    assert first["SECRET_KEY"] == key_file.read_text().strip()
    assert len(first["SECRET_KEY"]) >= 32 and first["SECRET_KEY"] != PUBLISHED_KEY
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # Another process of the same instance (worker, CLI) gets the same key, also later.
    second = load_config(str(tmp_path / "instance"))
    assert second["SECRET_KEY"] == first["SECRET_KEY"]
    assert second["TOTP_ENCRYPTION_KEYS"] == first["TOTP_ENCRYPTION_KEYS"]
    Fernet(first["TOTP_ENCRYPTION_KEYS"][0])  # a valid key, derived from the secret
    # Another instance folder gets another key: nothing is built into the code.
    assert load_config(str(tmp_path / "other"))["SECRET_KEY"] != first["SECRET_KEY"]


def test_development_cookies_are_plain_by_default(monkeypatch, tmp_path):
    monkeypatch.setenv("AWARENESS_ENV", "development")
    config = load_config(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] is False and config["SESSION_COOKIE_NAME"] == "session"
    assert config["DEV_MAIL_VIEW"] is False  # only when switched on


def test_key_fallbacks_are_a_list(monkeypatch, tmp_path):
    monkeypatch.setenv("AWARENESS_ENV", "development")
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", " old-key-1, old-key-2 ")
    assert load_config(str(tmp_path))["SECRET_KEY_FALLBACKS"] == ["old-key-1", "old-key-2"]


def test_rate_limits_come_from_the_environment_and_a_typo_stops_the_start(monkeypatch, tmp_path):
    monkeypatch.setenv("AWARENESS_ENV", "development")
    monkeypatch.setenv("RESIDENT_POST_LIMIT", "300/minute;3000/hour")  # a library's address
    assert load_config(str(tmp_path))["RESIDENT_POST_LIMIT"] == "300/minute;3000/hour"
    monkeypatch.setenv("STAFF_ADDRESS_LIMIT", "600 per minuut")
    with pytest.raises(UnsafeConfigError, match="STAFF_ADDRESS_LIMIT"):
        load_config(str(tmp_path))


def test_behind_a_proxy_the_client_address_and_https_come_from_forwarded_headers(
        monkeypatch, tmp_path):
    from flask import request

    monkeypatch.setenv("PROXY_COUNT", "1")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    app = create_app({"ENV_NAME": "development", "SECRET_KEY": STRONG})
    seen: dict[str, object] = {}

    @app.get("/_probe")
    def probe():
        seen.update(addr=request.remote_addr, secure=request.is_secure)
        return "ok"

    app.test_client().get("/_probe", headers={"X-Forwarded-For": "203.0.113.7",
                                              "X-Forwarded-Proto": "https"})
    assert seen == {"addr": "203.0.113.7", "secure": True}

"""Configuration comes from the environment; production refuses unsafe defaults."""
from __future__ import annotations

import pytest

from awareness import create_app
from awareness.config import UnsafeConfigError, load_config


def test_defaults_use_sqlite_in_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = load_config(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'awareness.sqlite'}"
    assert config["BABEL_DEFAULT_LOCALE"] == "nl"


@pytest.mark.parametrize("given", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_postgres_urls_get_the_psycopg3_driver(monkeypatch, tmp_path, given):
    monkeypatch.setenv("DATABASE_URL", given)
    assert load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_production_refuses_the_default_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("AWARENESS_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PUBLIC_URL", "https://veilig.example.nl")
    with pytest.raises(UnsafeConfigError, match="SECRET_KEY"):
        create_app()


def test_production_refuses_a_short_secret_and_plain_http(monkeypatch, tmp_path):
    monkeypatch.setenv("AWARENESS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(UnsafeConfigError):
        load_config(str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("PUBLIC_URL", "http://veilig.example.nl")
    with pytest.raises(UnsafeConfigError, match="https"):
        load_config(str(tmp_path))


def test_production_with_safe_settings_starts_with_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("AWARENESS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("PUBLIC_URL", "https://veilig.example.nl")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["DEV_MAIL_VIEW"] is False


def test_behind_a_proxy_the_client_address_and_https_come_from_forwarded_headers(
        monkeypatch, tmp_path):
    from flask import request

    monkeypatch.setenv("PROXY_COUNT", "1")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    app = create_app()
    seen = {}

    @app.get("/_probe")
    def probe():  # type: ignore[no-untyped-def]
        seen.update(addr=request.remote_addr, secure=request.is_secure)
        return "ok"

    app.test_client().get("/_probe", headers={"X-Forwarded-For": "203.0.113.7",
                                              "X-Forwarded-Proto": "https"})
    assert seen == {"addr": "203.0.113.7", "secure": True}

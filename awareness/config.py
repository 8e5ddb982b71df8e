"""Settings from the environment. Production refuses to start with unsafe defaults."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from awareness.outbox.settings import mail_settings

DEV_SECRET = "dev-only-not-secret"


class UnsafeConfigError(RuntimeError):
    """Raised when a production configuration would be insecure."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver named.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgres://")
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url
    return f"sqlite:///{Path(instance_path) / 'awareness.sqlite'}"


def load_config(instance_path: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    env = os.environ.get("AWARENESS_ENV", "development")
    config: dict[str, Any] = {
        "ENV_NAME": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        # No pool_pre_ping: it costs a round trip per request; SQLAlchemy already discards
        # connections that fail with a disconnect error, and recycling covers idle timeouts.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 1800},
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
        "MAIL_URL": os.environ.get("MAIL_URL", f"file://{Path(instance_path) / 'mail'}"),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Awareness <awareness@localhost>"),
        **mail_settings(os.environ),  # MAIL_BATCH_SIZE, MAIL_CLAIM_SECONDS, ... (checked)
        "CONTENT_DIR": os.environ.get(
            "CONTENT_DIR", str(Path(__file__).resolve().parent.parent / "content")
        ),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 1024 * 1024)),
        "MAX_FORM_MEMORY_SIZE": 64 * 1024,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ("nl", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(os.environ.get("SESSION_COOKIE_SECURE"),
                                       env == "production"),
        "REMEMBER_COOKIE_SECURE": env == "production",
        "LEARNER_COOKIE_DAYS": int(os.environ.get("LEARNER_COOKIE_DAYS", 365)),
        "DEV_MAIL_VIEW": _bool(os.environ.get("DEV_MAIL_VIEW"), env == "development"),
        "RESIDENT_RETENTION_MONTHS": int(os.environ.get("RESIDENT_RETENTION_MONTHS", 24)),
        "WTF_CSRF_TIME_LIMIT": None,
        # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto (0 = none).
        # Rate limits per client and HTTPS detection depend on it.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", 0)),
    }
    if overrides:
        config.update(overrides)
    if config["ENV_NAME"] == "production":
        check_production(config)
    return config


def check_production(config: Mapping[str, Any]) -> None:
    """Refuse settings that are only safe on a developer's machine."""
    secret = config.get("SECRET_KEY") or ""
    if secret == DEV_SECRET or len(secret) < 32:
        raise UnsafeConfigError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production."
        )
    if not str(config.get("PUBLIC_URL", "")).startswith("https://"):
        raise UnsafeConfigError("PUBLIC_URL must be an https:// address in production.")

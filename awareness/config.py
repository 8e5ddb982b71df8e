"""Settings from the environment. The configuration fails closed: without AWARENESS_ENV the app
runs as production, and production refuses to start with unsafe settings. No key is ever
built into the code."""
from __future__ import annotations

import base64
import os
import re
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from limits import parse_many

from awareness.outbox.settings import mail_settings

PRODUCTION, DEVELOPMENT = "production", "development"
# The key this code base once shipped as a default. It is public, so it is refused everywhere.
PUBLISHED_KEY = "dev-only-not-secret"
KEY_FILE = "secret-key"
MIN_KEY_LENGTH = 32


class UnsafeConfigError(RuntimeError):
    """Raised when a configuration would be insecure; the app does not start."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _rate_limit(name: str, default: str) -> str:
    """A rate-limit setting, checked now: a typo must stop the start, not switch limits off."""
    value = os.environ.get(name, default)
    try:
        if not parse_many(value):
            raise ValueError(value)
    except ValueError as error:
        raise UnsafeConfigError(
            f"{name} must be rate limits such as '60/minute;600/hour', not {value!r}.") from error
    return value


def _list(value: str | None) -> list[str]:
    """A list setting: items separated by commas or whitespace."""
    return [item for item in re.split(r"[\s,]+", value or "") if item]


def _env_name(overrides: Mapping[str, Any]) -> str:
    name = str(overrides.get("ENV_NAME") or os.environ.get("AWARENESS_ENV", PRODUCTION))
    name = name.strip().lower()
    if name not in (PRODUCTION, DEVELOPMENT):
        # A typo such as "prod" must not quietly give a development setup.
        raise UnsafeConfigError(
            f"AWARENESS_ENV must be '{PRODUCTION}' or '{DEVELOPMENT}', not {name!r}.")
    return name


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


def development_secret_key(instance_path: str) -> str:
    """The random key of this instance folder, created once (mode 0600) and then shared by
    every process that uses the folder: `make run` starts the CLI, the web server and the
    worker, and a link the worker signs must verify in the web process, also after a restart."""
    path = Path(instance_path) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-key-")  # 0600
        try:
            with os.fdopen(handle, "w") as file:
                file.write(secrets.token_urlsafe(48))
            # link() never overwrites: of two processes starting at once, one key wins.
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    key = path.read_text().strip()
    if len(key) < MIN_KEY_LENGTH:
        raise UnsafeConfigError(f"{path} is damaged; delete it to get a new key.")
    return key


def derived_fernet_key(secret_key: str) -> str:
    """Development only: a TOTP encryption key derived from SECRET_KEY (HKDF), so a developer
    needs no second setting. Production sets TOTP_ENCRYPTION_KEYS, rotated on its own."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"awareness totp secrets").derive(secret_key.encode())
    return base64.urlsafe_b64encode(raw).decode()


def _security_settings(env: str) -> dict[str, Any]:
    """Keys, cookies, sessions and limits: what production checks before it starts."""
    secure = env == PRODUCTION or _bool(os.environ.get("SESSION_COOKIE_SECURE"))
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        # Older keys that still verify cookies and links (not sign them): key rotation.
        "SECRET_KEY_FALLBACKS": _list(os.environ.get("SECRET_KEY_FALLBACKS")),
        # Fernet keys for TOTP secrets at rest: the first encrypts, all decrypt.
        "TOTP_ENCRYPTION_KEYS": _list(os.environ.get("TOTP_ENCRYPTION_KEYS")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        # __Host-: the browser only accepts it over https, for this host, path / (ASVS 3.4.4).
        "SESSION_COOKIE_NAME": "__Host-session" if secure else "session",
        "REMEMBER_COOKIE_SECURE": secure,
        # Coordinator and admin sessions (ASVS 3.3.2): re-authenticate after this.
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", 30)),
        "SESSION_MAX_HOURS": int(os.environ.get("SESSION_MAX_HOURS", 12)),
        # /dev/mail: only when switched on, never in production, only from loopback.
        "DEV_MAIL_VIEW": _bool(os.environ.get("DEV_MAIL_VIEW")),
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Per client address, beside the per-route limits (see web/limits.py).
        "RESIDENT_POST_LIMIT": _rate_limit("RESIDENT_POST_LIMIT", "60/minute;600/hour"),
        "STAFF_ADDRESS_LIMIT": _rate_limit("STAFF_ADDRESS_LIMIT", "600/minute"),
        "STAFF_FAILED_LINK_LIMIT": _rate_limit("STAFF_FAILED_LINK_LIMIT", "20/minute;100/hour"),
        # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto (0 = none).
        # Rate limits per client and HTTPS detection depend on it.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", 0)),
    }


def load_config(instance_path: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    overrides = overrides or {}
    env = _env_name(overrides)
    config: dict[str, Any] = {
        "ENV_NAME": env,
        **_security_settings(env),
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
        # Rendered resident pages are kept per content version; a worker that did not run
        # `flask content sync` itself sees a new version within this many seconds.
        "CONTENT_CHECK_SECONDS": float(os.environ.get("CONTENT_CHECK_SECONDS", 1)),
        # Colleagues' answers on a result page change only when a round settles; each web
        # process keeps a figure this many seconds (reports.colleagues.ColleagueCache).
        "COLLEAGUES_CACHE_SECONDS": float(os.environ.get("COLLEAGUES_CACHE_SECONDS", 60)),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 1024 * 1024)),
        "MAX_FORM_MEMORY_SIZE": 64 * 1024,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ("nl", "en"),
        "LEARNER_COOKIE_DAYS": int(os.environ.get("LEARNER_COOKIE_DAYS", 365)),
        "RESIDENT_RETENTION_MONTHS": int(os.environ.get("RESIDENT_RETENTION_MONTHS", 24)),
    }
    config.update(overrides, ENV_NAME=env)
    if env == PRODUCTION:
        check_production(config)
    else:
        _fill_development_keys(config, instance_path)
    return config


def _fill_development_keys(config: dict[str, Any], instance_path: str) -> None:
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = development_secret_key(instance_path)
    if not config.get("TOTP_ENCRYPTION_KEYS"):
        config["TOTP_ENCRYPTION_KEYS"] = [derived_fernet_key(config["SECRET_KEY"])]


def _strong(key: object) -> bool:
    return isinstance(key, str) and len(key) >= MIN_KEY_LENGTH and key != PUBLISHED_KEY


def check_production(config: Mapping[str, Any]) -> None:
    """Refuse settings that are only safe on a developer's machine."""
    if not _strong(config.get("SECRET_KEY")):
        raise UnsafeConfigError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production, "
            "e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'.")
    if not all(_strong(key) for key in config.get("SECRET_KEY_FALLBACKS") or []):
        raise UnsafeConfigError("Every key in SECRET_KEY_FALLBACKS must be at least 32 "
                                "random characters: each one can still sign in.")
    if not str(config.get("PUBLIC_URL", "")).startswith("https://"):
        raise UnsafeConfigError("PUBLIC_URL must be an https:// address in production.")
    _check_fernet_keys(config.get("TOTP_ENCRYPTION_KEYS") or [])
    if config.get("DEV_MAIL_VIEW"):
        raise UnsafeConfigError("DEV_MAIL_VIEW shows every e-mail; it is refused in production.")


def _check_fernet_keys(keys: list[str]) -> None:
    hint = ("TOTP_ENCRYPTION_KEYS must hold at least one Fernet key in production, e.g. "
            "python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'.")
    if not keys:
        raise UnsafeConfigError(hint)
    for key in keys:
        try:
            Fernet(key)
        except ValueError as error:
            raise UnsafeConfigError(hint) from error


def startup_warnings(config: Mapping[str, Any]) -> list[str]:
    """Settings that work but are unsafe at scale; create_app logs them loudly."""
    warnings = []
    if config["ENV_NAME"] == PRODUCTION and str(
            config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        warnings.append(
            "RATELIMIT_STORAGE_URI is memory://: every web process (gunicorn worker) counts on "
            "its own, so login and reset limits are multiplied by the number of processes. Set "
            "RATELIMIT_STORAGE_URI=redis://... in production.")
    return warnings

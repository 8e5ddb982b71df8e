"""TOTP secrets at rest: sealed with Fernet (AES-CBC + HMAC) under TOTP_ENCRYPTION_KEYS, keys
that live in the environment, never in the database. The first key seals; every key opens, so
a new key can be put first and `flask users reseal-totp` moves the stored secrets onto it."""
from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app


class SecretUnreadable(RuntimeError):
    """No configured key opens this secret (a key was removed too early)."""


def _box(keys: Sequence[str] | None = None) -> MultiFernet:
    keys = keys if keys is not None else current_app.config["TOTP_ENCRYPTION_KEYS"]
    return MultiFernet([Fernet(key) for key in keys])


def seal(secret: str, keys: Sequence[str] | None = None) -> str:
    return _box(keys).encrypt(secret.encode()).decode()


def unseal(sealed: str, keys: Sequence[str] | None = None) -> str:
    try:
        return _box(keys).decrypt(sealed.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable("no key in TOTP_ENCRYPTION_KEYS opens this secret") from error


def reseal(sealed: str, keys: Sequence[str] | None = None) -> str:
    """The same secret under the first key (after a key rotation)."""
    try:
        return _box(keys).rotate(sealed.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable("no key in TOTP_ENCRYPTION_KEYS opens this secret") from error

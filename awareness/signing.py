"""The keys that sign cookies and links. SECRET_KEY signs; the older keys in
SECRET_KEY_FALLBACKS still verify, so a key can be rotated without breaking every open link
at once. Every itsdangerous serializer takes its keys from here."""
from __future__ import annotations

from functools import lru_cache

from flask import current_app
from itsdangerous import URLSafeSerializer


def secret_keys() -> list[str]:
    """Oldest first, the signing key last: the order itsdangerous (and Flask 3.1.1+) expects.
    The keys are strings: config.py reads them from the environment."""
    config = current_app.config
    return [*(config.get("SECRET_KEY_FALLBACKS") or []), config["SECRET_KEY"]]


def url_safe_serializer(salt: str) -> URLSafeSerializer:
    """An itsdangerous URLSafeSerializer over secret_keys() for `salt`, built once per set of
    keys: building one (it tries its JSON module) costs more than a signature, and cookies and
    links are read on every request. It holds no state between calls."""
    return _url_safe(tuple(secret_keys()), salt)


@lru_cache(maxsize=32)
def _url_safe(keys: tuple[str, ...], salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(list(keys), salt=salt)

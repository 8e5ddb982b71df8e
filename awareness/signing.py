"""The keys that sign cookies and links. SECRET_KEY signs; the older keys in
SECRET_KEY_FALLBACKS still verify, so a key can be rotated without breaking every open link
at once. Every itsdangerous serializer takes its keys from here."""
from __future__ import annotations

from flask import current_app


def secret_keys() -> list[str]:
    """Oldest first, the signing key last: the order itsdangerous (and Flask 3.1.1+) expects.
    The keys are strings: config.py reads them from the environment."""
    config = current_app.config
    return [*(config.get("SECRET_KEY_FALLBACKS") or []), config["SECRET_KEY"]]

"""Sent hooks: how another package learns, in the very transaction that marks an e-mail sent,
that the mail server accepted an e-mail of one kind. The outbox stores an opaque reference
per e-mail (`outbound_email.delivery_id`, set by whoever queued it) and hands it back; it never
knows what the reference means.

A hook is registered per kind at app setup and, given a SELECT of the references just sent,
returns the statement to run. A statement rather than a callback, so that on PostgreSQL the
sender runs "mark sent" and the hook's statement as one statement (one round trip per e-mail,
which is what keeps a 20,000-person round close to raw SMTP speed)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app

SentHook = Callable[[sa.Select[Any]], sa.Executable]
EXTENSION = "outbox.sent_hooks"


def register_sent_hook(app: Flask, kind: str, hook: SentHook) -> None:
    """Run `hook`'s statement whenever an e-mail of `kind` has been sent (one hook per kind).
    The statement may use the bind parameter `now`, the moment it was marked sent."""
    hooks: dict[str, SentHook] = app.extensions.setdefault(EXTENSION, {})
    if kind in hooks and hooks[kind] is not hook:
        raise ValueError(f"a sent hook for e-mails of kind {kind!r} is already registered")
    hooks[kind] = hook


def sent_hook(kind: str) -> SentHook | None:
    hooks: dict[str, SentHook] = current_app.extensions.get(EXTENSION, {})
    return hooks.get(kind)

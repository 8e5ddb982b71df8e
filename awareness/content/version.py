"""The content version: one number that every content change raises, in the same transaction
as the change. Readers that keep rendered content compare it to decide whether it is stale.

`local_changes()` counts the changes written by this process, so a reader here can look at
the database again at once instead of waiting for its next periodic check."""
from __future__ import annotations

import itertools

import sqlalchemy as sa

from awareness.content.models import ContentVersion
from awareness.extensions import db
from awareness.timeutil import utcnow

_ROW = 1
_READ = sa.select(ContentVersion.version).where(ContentVersion.id == _ROW)
_changes = itertools.count(1)
_last_change = 0


def current() -> int:
    """The version in the database (0 before the first sync)."""
    return db.session.scalar(_READ) or 0


def bump() -> None:
    """Raise the version within the caller's transaction (the caller commits)."""
    global _last_change
    now = utcnow()
    raised = db.session.execute(
        sa.update(ContentVersion).where(ContentVersion.id == _ROW)
        .values(version=ContentVersion.version + 1, changed_at=now))
    if not getattr(raised, "rowcount", 0):
        db.session.add(ContentVersion(id=_ROW, version=1, changed_at=now))
    _last_change = next(_changes)


def local_changes() -> int:
    """How many times this process raised the version (a cheap hint, no database)."""
    return _last_change

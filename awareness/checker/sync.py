"""Stores validated checker trees by slug, in the transaction of its own caller's choosing:
`flask content sync` calls it only after every content file, trees included, is valid."""
from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa

from awareness.checker.models import CheckTreeSource
from awareness.content.checktree import CheckTree
from awareness.content.sync import SyncSummary
from awareness.extensions import db
from awareness.timeutil import utcnow


def sync_checks(trees: Mapping[str, CheckTree]) -> SyncSummary:
    """Add or update each tree, delete trees whose file is gone; one commit. Counts refer to
    outcome ids, never to the stored tree, so they survive every change."""
    summary = SyncSummary()
    try:
        stored = {row.slug: row for row in db.session.scalars(sa.select(CheckTreeSource))}
        for slug, tree in trees.items():
            row = stored.get(slug)
            if row is not None and row.content_hash == tree.content_hash:
                summary.unchanged.append(slug)
                continue
            (summary.updated if row else summary.added).append(slug)
            row = row or CheckTreeSource(slug=slug)
            row.content_hash, row.source, row.synced_at = tree.content_hash, tree.source, utcnow()
            db.session.add(row)
        for slug, row in stored.items():
            if slug not in trees:
                db.session.delete(row)
                summary.retired.append(slug)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return summary

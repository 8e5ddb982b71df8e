"""Checker use cases: the current tree of a slug, and counting that an outcome was reached.

The count is the only thing the checker writes: one number per month, municipality and
outcome. The answers that led there are never sent to the database."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

import sqlalchemy as sa

from awareness.checker.models import CheckerTally, CheckTreeSource
from awareness.content.checks import parse_check
from awareness.content.checktree import CheckTree
from awareness.content.schema import Problem
from awareness.content.yamlfile import FileChecker
from awareness.extensions import db
from awareness.organisations.models import Organisation

# Parsed trees by content hash: a tree is parsed once per process and version, and a new
# `flask content sync` is picked up by the next request (the hash is read every time).
_PARSED: dict[str, CheckTree] = {}
_MAX_PARSED = 16


class StoredTreeError(RuntimeError):
    """A stored tree no longer parses: only possible if someone edited the table by hand."""


def current_tree(slug: str) -> CheckTree | None:
    digest = db.session.scalar(
        sa.select(CheckTreeSource.content_hash).where(CheckTreeSource.slug == slug))
    if digest is None:
        return None
    tree = _PARSED.get(digest)
    if tree is None:
        source = db.session.scalar(
            sa.select(CheckTreeSource.source).where(CheckTreeSource.slug == slug))
        tree = _parse(slug, source or "")
        if len(_PARSED) >= _MAX_PARSED:
            _PARSED.clear()
        _PARSED[tree.content_hash] = tree
    return tree


def _parse(slug: str, source: str) -> CheckTree:
    problems: list[Problem] = []
    tree = parse_check(slug, source, None, FileChecker(f"check_tree {slug}", problems))
    if tree is None:
        raise StoredTreeError("; ".join(map(str, problems)))
    return tree


def month_of(now: datetime) -> date:
    return now.date().replace(day=1)


def record_outcome(tree: str, outcome: str, organisation_id: int | None, now: datetime) -> None:
    """Add one to the month's count of `outcome`. An organisation id that no longer exists
    (an old cookie) counts as "none chosen"."""
    if organisation_id is not None and db.session.get(Organisation, organisation_id) is None:
        organisation_id = None
    key = (CheckerTally.month == month_of(now), CheckerTally.tree == tree,
           CheckerTally.outcome == outcome,
           CheckerTally.organisation_id.is_not_distinct_from(organisation_id))
    try:
        added = cast(sa.CursorResult[Any], db.session.execute(
            sa.update(CheckerTally).where(*key).values(count=CheckerTally.count + 1)))
        if added.rowcount == 0:
            db.session.add(CheckerTally(month=month_of(now), organisation_id=organisation_id,
                                        tree=tree, outcome=outcome, count=1))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise

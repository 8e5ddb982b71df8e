"""`flask content check` and `flask content sync` with checker trees: a broken tree is named
with file and line and stops the sync before anything is written; a good one is stored and
kept up to date, and a removed file removes the tree."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from awareness.checker.models import CheckTreeSource
from awareness.content.models import Module
from awareness.extensions import db
from tests.support.checks import TREE, line_of, write_checks
from tests.support.content import balance_quizzes


def stored() -> dict[str, str]:
    return dict(db.session.execute(sa.select(CheckTreeSource.slug, CheckTreeSource.source)).all())


def test_check_reports_a_broken_tree_with_file_and_line(app, runner, content_dir: Path):
    path = write_checks(content_dir, TREE.replace("next: geld", "next: nergens"))
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert f"{path}:{line_of(TREE, '- id: bericht')}: answer 'bericht' leads to 'nergens'" \
        in result.output


def test_sync_writes_nothing_when_a_tree_is_broken(app, runner, content_dir: Path):
    write_checks(content_dir, TREE.replace("report: [politie]", "report: []"))
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 1 and "nothing was changed" in result.output
    assert stored() == {}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Module)) == 0


def test_sync_stores_updates_and_removes_trees(app, runner, content_dir: Path):
    balance_quizzes(content_dir)  # the plain fixture breaks the quiz-design rules
    path = write_checks(content_dir)
    assert runner.invoke(args=["content", "check"]).output.endswith("Checker trees OK: 1.\n")
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    assert "checker trees: added 1" in result.output and stored() == {"is-het-nep": TREE}
    assert "unchanged 1" in runner.invoke(args=["content", "sync"]).output
    changed = TREE.replace("Gratis advies.", "Gratis advies, ook zonder schade.")
    path.write_text(changed, encoding="utf-8")
    assert "checker trees: added 0, updated 1" in runner.invoke(args=["content", "sync"]).output
    db.session.expire_all()
    assert stored() == {"is-het-nep": changed}
    path.unlink()
    assert "removed 1" in runner.invoke(args=["content", "sync"]).output
    db.session.expire_all()
    assert stored() == {}

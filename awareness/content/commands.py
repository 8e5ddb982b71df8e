"""`flask content check` and `flask content sync`."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from awareness.checker.sync import sync_checks
from awareness.content.checks import load_checks, resident_module_slugs
from awareness.content.checktree import CheckTree
from awareness.content.loader import load_library
from awareness.content.quizdesign import design_problems
from awareness.content.schema import Problem
from awareness.content.sync import InvalidContentError, sync_library


@click.group("content", help="Validate and load the learning content.")
def content_cli() -> None:
    pass


def _load(directory: str | None):  # type: ignore[no-untyped-def]
    return load_library(directory or current_app.config["CONTENT_DIR"])


def _load_checks(directory: str | None) -> tuple[dict[str, CheckTree], list[Problem]]:
    """The "Is het nep?" trees (content/checks), checked against the resident modules."""
    folder = directory or current_app.config["CONTENT_DIR"]
    return load_checks(folder, resident_module_slugs(folder))


@content_cli.command("check")
@click.option("--dir", "directory", help="Content folder (default: CONTENT_DIR).")
@with_appcontext
def check(directory: str | None) -> None:
    """Validate every content file and the quiz design; print each problem with file and
    line."""
    library, problems = _load(directory)
    trees, tree_problems = _load_checks(directory)
    problems = [*problems, *design_problems(library), *tree_problems]
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.secho(f"{len(problems)} problem(s) found.", fg="red", err=True)
        sys.exit(1)
    click.secho(f"Content OK: {len(library.modules)} modules, {len(library.bank)} bank "
                f"questions in {len(library.topics)} topics.", fg="green")
    click.secho(f"Checker trees OK: {len(trees)}.", fg="green")


@content_cli.command("sync")
@click.option("--dir", "directory", help="Content folder (default: CONTENT_DIR).")
@with_appcontext
def sync(directory: str | None) -> None:
    """Load the content into the database in one transaction (nothing on any problem)."""
    library, problems = _load(directory)
    trees, tree_problems = _load_checks(directory)
    problems = [*problems, *tree_problems]  # any problem anywhere: nothing is written
    items = len(library.modules) + len(library.bank)
    try:
        with click.progressbar(length=items, label="Syncing content") as bar:
            def progress(iterable):  # type: ignore[no-untyped-def]
                for item in iterable:
                    yield item
                    bar.update(1)
            summary = sync_library(library, problems, progress=progress)
    except InvalidContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.secho(f"{len(exc.problems)} problem(s): nothing was changed.", fg="red", err=True)
        sys.exit(1)
    click.echo(f"added {len(summary.added)}, updated {len(summary.updated)}, "
               f"unchanged {len(summary.unchanged)}, retired {len(summary.retired)}")
    checks = sync_checks(trees)
    click.echo(f"checker trees: added {len(checks.added)}, updated {len(checks.updated)}, "
               f"unchanged {len(checks.unchanged)}, removed {len(checks.retired)}")
    # A design rule is about a whole set of questions: it must not hold up an urgent fix
    # (say, removing unsafe advice). `check`, which the tests run, treats it as an error.
    warnings = design_problems(library)
    for problem in warnings:
        click.echo(f"warning: {problem}", err=True)
    if warnings:
        click.secho(f"{len(warnings)} quiz-design problem(s): run `flask content check`.",
                    fg="yellow", err=True)

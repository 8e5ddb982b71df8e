"""Assertions about the problems the content loader reports, shared by the content tests."""
from __future__ import annotations

from pathlib import Path

from awareness.content.schema import Problem


def listing(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems) or "(no problems)"


def assert_reported(
    problems: list[Problem], path: Path, line: int | None, *fragments: str, only: bool = True
) -> None:
    """A problem names `path` and `line` and its message holds every fragment; with `only`,
    no other file is blamed (breaking one file must not make others look broken)."""
    found = [
        p for p in problems
        if p.path == str(path) and p.line == line and all(f in p.message for f in fragments)
    ]
    assert found, f"expected {path}:{line}: {' ... '.join(fragments)}\ngot:\n{listing(problems)}"
    if only:
        others = [p for p in problems if p.path != str(path)]
        assert not others, f"other files blamed too:\n{listing(others)}"

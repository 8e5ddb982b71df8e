"""The shipped quizzes cannot be passed by their layout (issue 13): no quiz-design problem,
and a test-wise guesser who knows nothing of the subject does not beat chance by more than
10 percentage points, on the resident quizzes or on the staff bank."""
from __future__ import annotations

import pytest

from awareness.content.loader import load_library
from awareness.content.quizdesign import Item, bank_items, design_problems, module_items
from awareness.content.schema import RESIDENT_AUDIENCES, Library
from tests.content.guesser import guess
from tests.content.problems import listing
from tests.content.test_shipped_content import CONTENT

MAX_ADVANTAGE = 0.10


@pytest.fixture(scope="module")
def library() -> Library:
    library, problems = load_library(CONTENT)
    assert problems == [], listing(problems)
    return library


def test_the_shipped_quizzes_have_no_design_problems(library: Library) -> None:
    problems = design_problems(library)
    assert problems == [], listing(problems)


def resident_items(library: Library) -> list[Item]:
    return [item for module in sorted(library.modules.values(), key=lambda m: m.slug)
            if module.audience in RESIDENT_AUDIENCES for item in module_items(module)]


@pytest.mark.parametrize("which", ["resident quizzes", "staff bank"])
def test_a_test_wise_guesser_does_not_beat_chance(library: Library, which: str) -> None:
    items = resident_items(library) if which == "resident quizzes" else list(bank_items(library))
    assert items
    outcome = guess(items)
    print(f"{which}: {outcome.report()}")  # shown with -s, and below when it fails
    assert outcome.advantage <= MAX_ADVANTAGE, outcome.report()
    assert outcome.single_advantage <= MAX_ADVANTAGE, outcome.report()

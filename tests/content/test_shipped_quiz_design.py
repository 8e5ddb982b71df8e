"""The shipped quizzes cannot be passed by their layout (issue 13): no quiz-design problem,
and a test-wise guesser who knows nothing of the subject does not beat chance by more than
10 percentage points, on the resident quizzes or on the staff bank."""
from __future__ import annotations

import pytest

from awareness.content.loader import load_library
from awareness.content.quizdesign import Item, design_problems, quiz_sets
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
    return [item for quiz_set in quiz_sets(library) if quiz_set.name.startswith("quiz ")
            and quiz_set.name.split()[1].split("/")[0] in RESIDENT_AUDIENCES
            for item in quiz_set.items]


def bank_items(library: Library) -> list[Item]:
    return [item for quiz_set in quiz_sets(library)
            if quiz_set.name == "the staff question bank" for item in quiz_set.items]


@pytest.mark.parametrize("which", ["resident quizzes", "staff bank"])
def test_a_test_wise_guesser_does_not_beat_chance(library: Library, which: str) -> None:
    items = resident_items(library) if which == "resident quizzes" else bank_items(library)
    assert items
    outcome = guess(items)
    print(f"{which}: {outcome.report()}")  # shown with -s, and below when it fails
    assert outcome.advantage <= MAX_ADVANTAGE, outcome.report()
    assert outcome.single_advantage <= MAX_ADVANTAGE, outcome.report()

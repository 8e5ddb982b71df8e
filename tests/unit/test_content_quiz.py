"""The content loader on quiz.yaml: counts, correct options, ids and types, each reported
with the file and the line of the question or field at fault."""
from __future__ import annotations

from pathlib import Path

import pytest

from awareness.content.loader import load_library
from awareness.content.schema import Problem
from tests.content.problems import assert_reported, listing
from tests.support.content import write_library

# Ten lines per question; question n starts at line 2 + 10 * (n - 1).
SINGLE = """\
  - id: {key}
    type: single
    text: Vraag {key}?
    options:
      - text: Goed antwoord
        correct: true
      - text: Fout antwoord
        feedback: Dit klopt niet.
      - text: Nog een fout antwoord
    explanation: Uitleg bij {key}.
"""
MULTIPLE = SINGLE.replace("type: single", "type: multiple").replace(
    "      - text: Nog een fout antwoord\n", "      - text: Ook goed\n        correct: true\n")
ALL_CORRECT = MULTIPLE.replace("        feedback: Dit klopt niet.\n", "        correct: true\n")
NONE_CORRECT = MULTIPLE.replace("        correct: true\n", "")


def quiz(first: str, count: int = 6) -> str:
    rest = [SINGLE.format(key=f"q{n}") for n in range(2, count + 1)]
    return "questions:\n" + "".join([first, *rest])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_library(tmp_path / "content")


@pytest.fixture
def quiz_file(root: Path) -> Path:
    return root / "modules" / "youth" / "jong-een" / "quiz.yaml"


def problems_after(quiz_file: Path, root: Path, text: str) -> list[Problem]:
    quiz_file.write_text(text, encoding="utf-8")
    return load_library(root)[1]


def test_the_hand_written_quiz_is_valid(quiz_file: Path, root: Path) -> None:
    problems = problems_after(quiz_file, root, quiz(MULTIPLE.format(key="q1")))
    assert problems == [], listing(problems)
    questions = load_library(root)[0].modules["jong-een"].questions
    assert [q.key for q in questions] == ["q1", "q2", "q3", "q4", "q5", "q6"]
    assert [o.key for o in questions[0].options] == ["a", "b", "c"]
    assert [o.correct for o in questions[0].options] == [True, False, True]


@pytest.mark.parametrize(("count", "text"), [
    (0, "questions: []\n"),
    (5, None),
    (11, None),
])
def test_too_few_or_too_many_questions_are_reported(
    quiz_file: Path, root: Path, count: int, text: str | None
) -> None:
    text = text or quiz(SINGLE.format(key="q1"), count)
    assert_reported(problems_after(quiz_file, root, text), quiz_file, 1,
                    f"a quiz has 6 to 10 questions, found {count}")


@pytest.mark.parametrize("count", [6, 10])
def test_question_counts_at_the_limits_are_accepted(quiz_file: Path, root: Path, count: int):
    assert problems_after(quiz_file, root, quiz(SINGLE.format(key="q1"), count)) == []


@pytest.mark.parametrize(("old", "new", "found"), [
    ("        correct: true\n", "", 0),
    ("      - text: Nog een fout antwoord\n",
     "      - text: Nog een fout antwoord\n        correct: true\n", 2),
])
def test_a_single_choice_question_needs_exactly_one_correct_option(
    quiz_file: Path, root: Path, old: str, new: str, found: int
) -> None:
    first = SINGLE.format(key="q1").replace(old, new)
    assert_reported(problems_after(quiz_file, root, quiz(first)), quiz_file, 2,
                    f"a single-choice question needs exactly 1 correct option, found {found}")


@pytest.mark.parametrize("block", [ALL_CORRECT, NONE_CORRECT], ids=["all", "none"])
def test_a_multiple_choice_question_needs_a_correct_and_a_wrong_option(
    quiz_file: Path, root: Path, block: str
) -> None:
    first = block.format(key="q1")
    assert_reported(problems_after(quiz_file, root, quiz(first)), quiz_file, 2,
                    "needs at least 1 correct and at least 1 wrong option")


@pytest.mark.parametrize("count", [1, 7])
def test_too_few_or_too_many_options_are_reported(quiz_file: Path, root: Path, count: int):
    options = "".join(f"      - text: Optie {n}\n" + ("        correct: true\n" if n == 1 else "")
                      for n in range(1, count + 1))
    first = (f"  - id: q1\n    type: single\n    text: Vraag?\n    options:\n{options}"
             "    explanation: Uitleg.\n")
    assert_reported(problems_after(quiz_file, root, quiz(first)), quiz_file, 5,
                    "give 2 to 6 options")


@pytest.mark.parametrize("value", ["ja", "'true'", "1", "null"])
def test_correct_must_be_true_or_false(quiz_file: Path, root: Path, value: str) -> None:
    first = SINGLE.format(key="q1").replace("correct: true", f"correct: {value}")
    assert_reported(problems_after(quiz_file, root, quiz(first)), quiz_file, 7,
                    "'correct' must be true or false")


def test_a_duplicate_question_id_is_reported_at_the_second_question(
    quiz_file: Path, root: Path
) -> None:
    text = quiz(SINGLE.format(key="q1")).replace("- id: q2", "- id: q1")
    assert_reported(problems_after(quiz_file, root, text), quiz_file, 12,
                    "duplicate question id 'q1'")


@pytest.mark.parametrize("key", ["Vraag-1", "vraag 1", "vraag_1", "vraag.1", "-vraag"])
def test_a_question_id_must_be_a_slug(quiz_file: Path, root: Path, key: str) -> None:
    first = SINGLE.format(key="q1").replace("- id: q1", f"- id: {key}")
    assert_reported(problems_after(quiz_file, root, quiz(first)), quiz_file, 2,
                    "is not a valid slug")


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("    type: single\n", "    type: open\n", 3, "'type' must be one of single, multiple"),
    ("    type: single\n", "", 2, "missing field 'type'"),
    ("    explanation: Uitleg bij q1.\n", "", 2, "missing field 'explanation'"),
    ("    text: Vraag q1?\n", "    text: Vraag q1?\n    hint: Denk na.\n", 5,
     "unknown field 'hint'"),
    ("    text: Vraag q1?\n", "    text:\n      en: Question?\n", 4,
     "'text' is missing the translation key 'nl'"),
    ("        feedback: Dit klopt niet.\n", "        feedback:\n          de: Falsch.\n", 10,
     "unknown language 'de'"),
    ("      - text: Fout antwoord\n", "      - tekst: Fout antwoord\n", 8,
     "unknown field 'tekst'"),
    ("      - text: Fout antwoord\n", "      - tekst: Fout antwoord\n", 8,
     "missing field 'text'"),
])
def test_a_broken_question_field_is_reported_with_its_line(
    quiz_file: Path, root: Path, old: str, new: str, line: int, message: str
) -> None:
    first = SINGLE.format(key="q1")
    assert old in first
    text = quiz(first.replace(old, new))
    assert_reported(problems_after(quiz_file, root, text), quiz_file, line, message)


def test_options_that_are_not_a_list_are_reported(quiz_file: Path, root: Path) -> None:
    first = "  - id: q1\n    type: single\n    text: Vraag?\n    options: Ja of nee\n" \
            "    explanation: Uitleg.\n"
    assert_reported(problems_after(quiz_file, root, quiz(first)), quiz_file, 5,
                    "'options' must be a list of mappings")


def test_an_unknown_top_level_field_is_reported(quiz_file: Path, root: Path) -> None:
    text = "titel: Quiz\n" + quiz(SINGLE.format(key="q1"))
    assert_reported(problems_after(quiz_file, root, text), quiz_file, 1, "unknown field 'titel'")

"""`flask content check` guards the quiz design: each rule of content/README.md ("Quiz
design") on a broken fixture, reported with the file and the line of the question or option."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from awareness.content.loader import load_library
from awareness.content.models import Module
from awareness.content.quizdesign import design_problems
from awareness.content.schema import Problem
from awareness.extensions import db
from tests.content.problems import assert_reported, listing
from tests.support.content import balance_quizzes, write_module

Option = tuple[str, bool]


def options(correct: Sequence[int], size: int, texts: Sequence[str] = ()) -> list[Option]:
    texts = list(texts) or [f"Antwoord {chr(65 + i)}" for i in range(size)]
    return [(text, i + 1 in correct) for i, text in enumerate(texts)]


def write_quiz(path: Path, questions: Sequence[tuple[str, list[Option]]]) -> None:
    data = {"questions": [{
        "id": f"q{n}", "type": kind, "text": f"Vraag {n}?",
        "options": [{"text": t, "correct": True} if c else {"text": t, "feedback": "Nee."}
                    for t, c in opts],
        "explanation": f"Uitleg bij vraag {n}."} for n, (kind, opts) in enumerate(questions, 1)]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def rotate(count: int, size: int = 3) -> list[tuple[str, list[Option]]]:
    return [("single", options([n % size + 1], size)) for n in range(count)]


@pytest.fixture
def root(content_dir: Path) -> Path:
    return balance_quizzes(content_dir)


@pytest.fixture
def youth(root: Path) -> Path:
    return root / "modules" / "youth" / "jong-een" / "quiz.yaml"


def problems(root: Path) -> list[Problem]:
    library, loading = load_library(root)
    assert loading == [], listing(loading)
    return design_problems(library)


def test_the_balanced_fixture_has_no_design_problems(root: Path) -> None:
    assert problems(root) == []


def test_a_single_choice_question_with_two_options_is_reported(root: Path, youth: Path):
    write_quiz(youth, [*rotate(5), ("single", options([2], 2))])
    assert_reported(problems(root), youth, line_of(youth, "id: q6"),
                    "a single-choice question needs at least 3 options, found 2")


@pytest.mark.parametrize(("kind_options", "message"), [
    (options([1, 3], 3), "a multiple-choice question needs at least 4 options, found 3"),
    (options([1, 2, 4], 4), "a multiple-choice question needs at least 2 wrong options, found 1"),
])
def test_a_thin_multiple_choice_question_is_reported(root, youth, kind_options, message):
    write_quiz(youth, [*rotate(5), ("multiple", kind_options)])
    assert_reported(problems(root), youth, line_of(youth, "id: q6"), message)


def test_a_position_holding_half_of_ten_answers_is_reported(root: Path, youth: Path) -> None:
    quiz = [("single", options([p], 3)) for p in [2, 1, 1, 3, 1, 2, 1, 3, 1, 2]]
    write_quiz(youth, quiz)
    assert_reported(problems(root), youth, line_of(youth, "id: q2"),
                    "quiz youth/jong-een: the correct option is at position 1 in 5 of 10")


def test_positions_unbalanced_over_an_audience_are_reported(root: Path, youth: Path) -> None:
    """Each quiz alone may be chance (3 of 6); the two together are not."""
    write_module(root, "youth", "jong-twee")
    second = root / "modules" / "youth" / "jong-twee" / "quiz.yaml"
    for path in (youth, second):
        write_quiz(path, [("single", options([p], 3)) for p in [2, 1, 3, 1, 2, 1]])
    found = problems(root)
    assert [p.message.split(":")[0] for p in found] == ["all youth quizzes"]
    assert_reported(found, youth, line_of(youth, "id: q2"),
                    "the correct option is at position 1 in 6 of 12")


def test_the_correct_options_first_in_every_multiple_choice_question_is_reported(root, youth):
    write_quiz(youth, [*rotate(2), *[("multiple", options([1, 2], 4))] * 4])
    assert_reported(problems(root), youth, line_of(youth, "id: q3"),
                    "the correct options come first in 4 of 4 multiple-choice questions")


def test_the_same_number_of_correct_options_everywhere_is_reported(root, youth) -> None:
    write_quiz(youth, [*rotate(2), *[("multiple", options(c, 5)) for c in
                                     ([1, 3], [2, 4], [3, 5], [2, 5])]])
    assert_reported(problems(root), youth, line_of(youth, "id: q3"),
                    "all 4 multiple-choice questions have 2 correct options")


def test_a_correct_option_that_is_always_the_longest_is_reported(root, youth) -> None:
    quiz = []
    for n in range(6):
        texts = ["Kort fout", "Ook kort"]
        texts.insert(n % 3, "Dit is het goede en lange antwoord")
        quiz.append(("single", options([n % 3 + 1], 3, texts)))
    write_quiz(youth, quiz)
    assert_reported(problems(root), youth, line_of(youth, "id: q1"),
                    "the correct option is the longest in 6 of 6")


def test_a_staff_bank_with_the_correct_option_second_longest_is_reported(root: Path) -> None:
    for path in sorted((root / "staff-quiz").glob("[!t]*.yaml")):  # not topics.yaml
        data = yaml.safe_load(path.read_text())
        for n, question in enumerate(data["questions"]):
            texts: list[dict[str, object]] = [
                {"text": "Kort"}, {"text": "Een veel langere tekst hier"}, {"text": "Tekst"}]
            texts.insert(n % 4, {"text": "Middellange tekst", "correct": True})
            data["questions"][n] = {"id": question.pop("id"), **question, "options": texts}
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    bank = root / "staff-quiz" / "phishing.yaml"
    assert_reported(problems(root), bank, line_of(bank, "id: phishing-001"),
                    "the staff question bank: the correct option is the second-longest in 6 of 6")


def test_a_cue_word_only_in_wrong_options_is_reported_at_the_first_option(root, youth):
    quiz = [("single", options([n % 3 + 1], 3, [
        "Ik wacht, want het is druk" if i != n % 3 and n < 4 else f"Ik lees de tekst {i}."
        for i in range(3)])) for n in range(6)]
    write_quiz(youth, quiz)
    found = problems(root)
    assert_reported(found, youth, line_of(youth, "want het is druk"),
                    "the cue word 'want' is in 0 correct and 8 wrong options")


def test_check_fails_on_design_problems_and_sync_only_warns(runner, root, youth) -> None:
    write_quiz(youth, [("single", options([1], 3))] * 6)
    line = line_of(youth, "id: q1")
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert f"{youth}:{line}: quiz youth/jong-een: the correct option is at position 1" in (
        result.stderr)
    synced = runner.invoke(args=["content", "sync"])
    assert synced.exit_code == 0, synced.output
    assert f"warning: {youth}:{line}: quiz youth/jong-een" in synced.stderr
    assert db.session.scalar(sa.select(Module).filter_by(slug="jong-een")) is not None

"""The content loader on the staff question bank (content/staff-quiz/): topics, unique ids,
exactly one correct option of 3-4, a source, and known module references."""
from __future__ import annotations

from pathlib import Path

import pytest

from awareness.content.loader import load_library
from awareness.content.schema import Problem
from tests.content.problems import assert_reported, listing
from tests.support.content import write_library

# phishing.yaml written by hand: the question mapping starts at line 3.
TOPIC_FILE = """\
topic: phishing
questions:
  - id: phishing-001
    text: Je krijgt een vreemde mail. Wat doe je?
    options:
      - text: Ik meld de mail.
        correct: true
      - text: Ik klik op de link.
      - text: Ik stuur de mail door naar een collega.
    explanation: Meld een verdachte mail altijd. Zo kan de servicedesk anderen waarschuwen.
    source: BIO2 6.03.02
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_library(tmp_path / "content")


@pytest.fixture
def bank(root: Path) -> Path:
    return root / "staff-quiz"


def problems_after(path: Path, root: Path, text: str) -> list[Problem]:
    path.write_text(text, encoding="utf-8")
    return load_library(root)[1]


def test_the_hand_written_topic_file_is_valid(bank: Path, root: Path) -> None:
    problems = problems_after(bank / "phishing.yaml", root, TOPIC_FILE)
    assert problems == [], listing(problems)
    library = load_library(root)[0]
    question = library.bank["phishing-001"]
    assert (question.topic, question.source, question.module) == (
        "phishing", "BIO2 6.03.02", None)
    assert [(o.key, o.correct) for o in question.options] == [
        ("a", True), ("b", False), ("c", False)]
    assert [t.slug for t in sorted(library.topics.values(), key=lambda t: t.position)] == [
        "phishing", "wachtwoorden"]
    assert set(library.bank) == {"phishing-001", "wachtwoorden-001", "wachtwoorden-002",
                                 "wachtwoorden-003"}


def test_a_missing_topics_file_is_reported(bank: Path, root: Path) -> None:
    (bank / "topics.yaml").unlink()
    assert_reported(load_library(root)[1], bank / "topics.yaml", None, "file not found",
                    only=False)


def test_a_duplicate_topic_is_reported(bank: Path, root: Path) -> None:
    text = "topics:\n  - id: phishing\n    title: A\n  - id: phishing\n    title: B\n" \
           "  - id: wachtwoorden\n    title: C\n"
    assert_reported(problems_after(bank / "topics.yaml", root, text), bank / "topics.yaml", 4,
                    "duplicate topic 'phishing'")


def test_a_topic_without_a_title_is_reported(bank: Path, root: Path) -> None:
    text = "topics:\n  - id: phishing\n  - id: wachtwoorden\n    title: C\n"
    assert_reported(problems_after(bank / "topics.yaml", root, text), bank / "topics.yaml", 2,
                    "missing field 'title'", only=False)


def test_an_unknown_topic_is_reported(bank: Path, root: Path) -> None:
    text = TOPIC_FILE.replace("topic: phishing", "topic: spam")
    assert_reported(problems_after(bank / "phishing.yaml", root, text), bank / "phishing.yaml",
                    1, "unknown topic 'spam'")


def test_a_topic_file_without_a_topic_is_reported(bank: Path, root: Path) -> None:
    text = TOPIC_FILE.replace("topic: phishing\n", "")
    assert_reported(problems_after(bank / "phishing.yaml", root, text), bank / "phishing.yaml",
                    1, "missing field 'topic'")


def test_a_question_id_used_in_two_topic_files_is_reported(bank: Path, root: Path) -> None:
    text = TOPIC_FILE.replace("topic: phishing", "topic: wachtwoorden")
    path = bank / "wachtwoorden.yaml"
    assert_reported(problems_after(path, root, text), path, None,
                    "question id 'phishing-001' is used twice in the bank")


@pytest.mark.parametrize(("old", "new", "found"), [
    ("        correct: true\n", "", 0),
    ("      - text: Ik klik op de link.\n",
     "      - text: Ik klik op de link.\n        correct: true\n", 2),
])
def test_a_bank_question_needs_exactly_one_correct_option(
    bank: Path, root: Path, old: str, new: str, found: int
) -> None:
    path = bank / "phishing.yaml"
    assert_reported(problems_after(path, root, TOPIC_FILE.replace(old, new)), path, 3,
                    f"a bank question needs exactly 1 correct option, found {found}")


@pytest.mark.parametrize(("old", "new"), [
    ("      - text: Ik stuur de mail door naar een collega.\n", ""),
    ("      - text: Ik stuur de mail door naar een collega.\n",
     "      - text: Ik stuur de mail door naar een collega.\n      - text: Ik wis hem.\n"
     "      - text: Ik bel de afzender.\n"),
])
def test_a_bank_question_has_three_or_four_options(
    bank: Path, root: Path, old: str, new: str
) -> None:
    path = bank / "phishing.yaml"
    assert_reported(problems_after(path, root, TOPIC_FILE.replace(old, new)), path, 5,
                    "give 3 to 4 options")


def test_four_options_are_accepted(bank: Path, root: Path) -> None:
    text = TOPIC_FILE.replace("      - text: Ik klik op de link.\n",
                              "      - text: Ik klik op de link.\n      - text: Ik wis hem.\n")
    assert problems_after(bank / "phishing.yaml", root, text) == []


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("    source: BIO2 6.03.02\n", "", 3, "missing field 'source'"),
    ("    source: BIO2 6.03.02\n", "    source: ''\n", 11, "'source' must be a non-empty text"),
    ("    explanation: Meld", "    uitleg: Meld", 10, "unknown field 'uitleg'"),
    ("    explanation: Meld", "    uitleg: Meld", 3, "missing field 'explanation'"),
    ("  - id: phishing-001\n", "  - id: ''\n", 3, "'id' must be a non-empty text"),
    ("        correct: true\n", "        correct: ja\n", 7, "'correct' must be true or false"),
    ("    source: BIO2 6.03.02\n", "    source: BIO2 6.03.02\n    module: bestaat-niet\n", 12,
     "module 'bestaat-niet' does not exist"),
    ("    source: BIO2 6.03.02\n", "    source: BIO2 6.03.02\n    module: [a, b]\n", 12,
     "module ['a', 'b'] does not exist"),
])
def test_a_broken_bank_question_is_reported_with_its_line(
    bank: Path, root: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in TOPIC_FILE
    path = bank / "phishing.yaml"
    assert_reported(problems_after(path, root, TOPIC_FILE.replace(old, new)), path, line, message)


def test_a_module_reference_to_an_existing_module_is_accepted(bank: Path, root: Path) -> None:
    text = TOPIC_FILE + "    module: basiskennis-informatieveiligheid\n"
    assert problems_after(bank / "phishing.yaml", root, text) == []
    assert load_library(root)[0].bank["phishing-001"].module == (
        "basiskennis-informatieveiligheid")


def test_the_content_hash_follows_the_question(bank: Path, root: Path) -> None:
    problems_after(bank / "phishing.yaml", root, TOPIC_FILE)
    before = load_library(root)[0].bank
    problems_after(bank / "phishing.yaml", root, TOPIC_FILE.replace("BIO2 6.03.02", "BIO2 6.3"))
    after = load_library(root)[0].bank
    assert after["phishing-001"].content_hash != before["phishing-001"].content_hash
    assert after["wachtwoorden-001"].content_hash == before["wachtwoorden-001"].content_hash


def test_a_reference_to_a_module_with_its_own_problem_is_not_a_second_problem(
    bank: Path, root: Path
) -> None:
    help_file = root / "modules/staff/basiskennis-informatieveiligheid/help.md"
    help_file.write_text("")
    text = TOPIC_FILE + "    module: basiskennis-informatieveiligheid\n"
    assert_reported(problems_after(bank / "phishing.yaml", root, text), help_file, None, "empty")

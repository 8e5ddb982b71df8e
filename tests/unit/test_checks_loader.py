"""The "Is het nep?" loader and validator: a valid tree loads and can be walked; each kind of
mistake is reported with its file, its line and what is wrong (broken fixtures)."""
from __future__ import annotations

from pathlib import Path

import pytest

from awareness.content.checks import load_checks
from awareness.content.checktree import (
    MAX_QUESTIONS,
    Outcome,
    Question,
    UnknownAnswerError,
    paths,
    walk,
)
from awareness.content.schema import Problem
from tests.content.problems import assert_reported, listing
from tests.support.checks import PATHS, TREE, line_of, write_checks
from tests.support.content import write_library

MODULES = {"jong-een", "senior-een", "ondernemer-een"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_library(tmp_path / "content")


def broken(root: Path, old: str, new: str, occurrence: int = 1) -> tuple[Path, list[Problem]]:
    """Write TREE with the `occurrence`-th `old` replaced by `new`; load it."""
    parts = TREE.split(old)
    assert len(parts) > occurrence, f"{old!r} not in TREE {occurrence} times"
    text = old.join(parts[:occurrence]) + new + old.join(parts[occurrence:])
    path = write_checks(root, text)
    return path, load_checks(root, MODULES)[1]


def test_the_valid_tree_loads_and_every_path_ends_in_an_outcome(root: Path) -> None:
    write_checks(root)
    trees, problems = load_checks(root, MODULES)
    assert problems == [], listing(problems)
    tree = trees["is-het-nep"]
    assert tree.title == {"nl": "Is het nep?", "en": "Is it fake?"}
    assert {path: outcome.id for path, outcome in paths(tree)} == PATHS
    assert tree.routes["fraudehelpdesk"].tel == "0887867372"
    assert tree.outcomes["oplichting"].module == "senior-een"
    assert tree.outcomes["voorzichtig"].already == ()


def test_walking_follows_answers_and_refuses_unknown_ones(root: Path) -> None:
    write_checks(root)
    tree = load_checks(root, MODULES)[0]["is-het-nep"]
    node, taken = walk(tree, ())
    assert isinstance(node, Question) and node.id == "kanaal" and taken == ()
    node, taken = walk(tree, ("bericht", "nee"))
    assert isinstance(node, Outcome) and node.id == "voorzichtig"
    assert [(s.question.id, s.answer.id) for s in taken] == [("kanaal", "bericht"),
                                                             ("geld", "nee")]
    for bad in [("onbekend",), ("bericht", "misschien"), ("deur", "ja"), ("bericht", "")]:
        with pytest.raises(UnknownAnswerError):
            walk(tree, bad)


def test_no_checks_folder_is_no_problem(root: Path) -> None:
    assert load_checks(root, MODULES) == ({}, [])


def test_invalid_yaml_names_the_line(root: Path) -> None:
    path, problems = broken(root, "start: kanaal", "start: [kanaal")
    assert_reported(problems, path, line_of(TREE, "routes:"), "invalid YAML")


def test_an_answer_to_nowhere_is_a_dead_end(root: Path) -> None:
    path, problems = broken(root, "next: geld", "next: nergens")
    assert_reported(problems, path, line_of(TREE, "- id: bericht"), "'bericht' leads to "
                    "'nergens', which is neither a question nor an outcome")


def test_a_loop_is_named_where_it_closes(root: Path) -> None:
    path, problems = broken(root, "next: voorzichtig", "next: kanaal")
    assert_reported(problems, path, line_of(TREE, "- id: nee"),
                    "answer 'nee' leads back to 'kanaal': a loop")


def test_an_outcome_nobody_reaches_is_reported(root: Path) -> None:
    path, problems = broken(root, "next: deur-112", "next: oplichting")
    assert_reported(problems, path, line_of(TREE, "- id: deur-112"),
                    "'deur-112' cannot be reached from the start")


def test_an_outcome_needs_sources_and_report_routes(root: Path) -> None:
    path, problems = broken(root, "    report: [fraudehelpdesk]\n", "")
    assert_reported(problems, path, line_of(TREE, "- id: voorzichtig"), "missing field 'report'")
    path, problems = broken(root, "report: [politie]", "report: []")
    assert_reported(problems, path, line_of(TREE, "report: [politie]"), "at least one route")
    path, problems = broken(root, "report: [politie]", "report: [politie, huisarts]")
    assert_reported(problems, path, line_of(TREE, "report: [politie]"),
                    "unknown report route 'huisarts'")
    sources = ("    sources:\n      - title: Fraudehelpdesk\n"
               "        url: https://www.fraudehelpdesk.nl/\n")
    path, problems = broken(root, sources, "    sources: []\n")
    assert_reported(problems, path, line_of(TREE, "title: Fraudehelpdesk") - 1,
                    "at least one source")


def test_an_outcome_needs_steps(root: Path) -> None:
    path, problems = broken(root, '      - {nl: "Bel 112.", en: "Call 112."}\n', "", 1)
    text = TREE.replace('      - {nl: "Bel 112.", en: "Call 112."}\n', "")
    assert_reported(problems, path, line_of(text, "steps:", 3), "'steps' must be a list")


def test_texts_need_dutch_and_english(root: Path) -> None:
    path, problems = broken(root, '{nl: "Met een bericht", en: "In a message"}',
                            '{nl: "Met een bericht"}')
    assert_reported(problems, path, line_of(TREE, "Met een bericht"),
                    "missing the translation 'en'")
    path, problems = broken(root, '{nl: "Nee", en: "No"}', '{nl: "Nee", en: "No", de: "Nein"}')
    assert_reported(problems, path, line_of(TREE, '{nl: "Nee"'), "unknown language 'de'")
    path, problems = broken(root, 'title: {nl: "Is het nep?", en: "Is it fake?"}',
                            "title: Is het nep")
    assert_reported(problems, path, 1, "'title' must be a mapping with 'nl' and 'en'")


def test_ids_are_unique_slugs(root: Path) -> None:
    path, problems = broken(root, "  - id: voorzichtig", "  - id: geld")
    assert_reported(problems, path, line_of(TREE, "  - id: voorzichtig"),
                    "duplicate outcome id 'geld'")
    path, problems = broken(root, "      - id: nee", "      - id: ja")
    assert_reported(problems, path, line_of(TREE, "      - id: nee"), "duplicate answer id 'ja'")
    path, problems = broken(root, "      - id: deur", "      - id: Deur!")
    assert_reported(problems, path, line_of(TREE, "      - id: deur"),
                    "answer id 'Deur!' is not a valid slug")


def test_a_question_has_two_to_six_answers(root: Path) -> None:
    one = TREE.replace('''      - id: nee
        text: {nl: "Nee", en: "No"}
        next: voorzichtig
''', "")
    path = write_checks(root, one)
    problems = load_checks(root, MODULES)[1]
    assert_reported(problems, path, line_of(one, "answers:", 2), "2 to 6 answers, found 1",
                    only=False)


def test_paths_may_not_ask_too_many_questions(root: Path) -> None:
    # kanaal > geld > q1 > q2 ...: the question that makes the path too long is named.
    chain = "".join(f'''  - id: q{n}
    text: {{nl: "Vraag {n}?", en: "Question {n}?"}}
    answers:
      - id: a
        text: {{nl: "A", en: "A"}}
        next: {f"q{n + 1}" if n < MAX_QUESTIONS else "voorzichtig"}
      - id: b
        text: {{nl: "B", en: "B"}}
        next: voorzichtig
''' for n in range(1, MAX_QUESTIONS + 1))
    text = TREE.replace("        next: voorzichtig\n", "        next: q1\n", 1)
    text = text.replace("outcomes:\n", chain + "outcomes:\n")
    path = write_checks(root, text)
    problems = load_checks(root, MODULES)[1]
    too_far = f"q{MAX_QUESTIONS - 1}"  # kanaal and geld come first
    assert_reported(problems, path, line_of(text, f"- id: {too_far}"),
                    f"asks more than {MAX_QUESTIONS} questions")


def test_outcome_modules_must_be_resident_modules(root: Path) -> None:
    path, problems = broken(root, "module: senior-een", "module: basiskennis-informatieveiligheid")
    assert_reported(problems, path, line_of(TREE, "module: senior-een"),
                    "module 'basiskennis-informatieveiligheid' does not exist")


def test_routes_are_checked(root: Path) -> None:
    path, problems = broken(root, "url: https://www.politie.nl\n", "url: http://www.politie.nl\n")
    assert_reported(problems, path, line_of(TREE, "    url: https://www.politie.nl"),
                    "must start with https://")
    path, problems = broken(root, "phone: 0900-8844", "phone: bel ons")
    assert_reported(problems, path, line_of(TREE, "phone: 0900-8844"), "digits, spaces")


def test_the_start_must_be_a_question_and_files_slugs(root: Path) -> None:
    path, problems = broken(root, "start: kanaal", "start: oplichting")
    assert_reported(problems, path, line_of(TREE, "start: kanaal"),
                    "start 'oplichting' is not a question")
    bad = write_checks(root, TREE, name="Is_Het_Nep")
    assert_reported(load_checks(root, MODULES)[1], bad, None, "not a valid slug", only=False)


def test_every_problem_in_one_file_is_reported_at_once(root: Path) -> None:
    text = TREE.replace("next: geld", "next: nergens").replace("report: [politie]",
                                                                "report: [huisarts]")
    path = write_checks(root, text)
    problems = load_checks(root, MODULES)[1]
    assert len(problems) >= 2, listing(problems)
    assert {p.path for p in problems} == {str(path)}

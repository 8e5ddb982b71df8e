"""The shipped "Is het nep?" tree (content/checks): it validates against the shipped modules,
every path is walked to an outcome that gives steps, report routes and sources and links a
resident module, the report routes carry the numbers of the fact brief, and it reads at B1."""
from __future__ import annotations

from pathlib import Path

import pytest

from awareness.content.checks import load_checks, resident_module_slugs
from awareness.content.checktree import MAX_QUESTIONS, CheckTree, Outcome, paths, walk
from awareness.content.readability import MIN_READING_EASE, assess
from tests.content.problems import listing

CONTENT = Path(__file__).resolve().parents[2] / "content"
# The numbers as /work/shared/content-facts.md gives them, with their sources.
FACT_PHONES = {"noodnummer": "112", "politie": "0900-8844", "fraudehelpdesk": "088-786 73 72",
               "helpwanted": "020-261 52 75", "meld-misdaad-anoniem": "0800-7000"}


@pytest.fixture(scope="module")
def tree() -> CheckTree:
    trees, problems = load_checks(CONTENT, resident_module_slugs(CONTENT))
    assert problems == [], listing(problems)
    return trees["is-het-nep"]


ALL_PATHS = list(paths(load_checks(CONTENT, None)[0]["is-het-nep"]))


@pytest.mark.parametrize("path, outcome", ALL_PATHS, ids=["/".join(p) for p, _ in ALL_PATHS])
def test_every_path_is_walked_to_full_advice(tree: CheckTree, path: tuple[str, ...],
                                             outcome: Outcome) -> None:
    node, taken = walk(tree, path)
    assert node == outcome and len(taken) == len(path) <= MAX_QUESTIONS
    assert outcome.steps and outcome.report and outcome.sources
    assert all(s["url"].startswith("https://") for s in outcome.sources)
    assert outcome.module in resident_module_slugs(CONTENT)


def test_every_question_and_outcome_is_on_some_path(tree: CheckTree) -> None:
    reached = {o.id for _, o in ALL_PATHS}
    asked = {tree.start} | {walk(tree, p[:n])[0].id for p, _ in ALL_PATHS for n in range(len(p))}
    assert reached == set(tree.outcomes)
    assert asked == set(tree.questions)


def test_the_issue_s_questions_are_asked(tree: CheckTree) -> None:
    texts = " ".join(q.text["nl"].lower() for q in tree.questions.values())
    for topic in ("hoe kwam het", "geld", "haast", "nieuw", "aan de deur", "bankpas", "code"):
        assert topic in texts + " ".join(
            a.text["nl"].lower() for q in tree.questions.values() for a in q.answers), topic


def test_report_routes_carry_the_numbers_of_the_fact_brief(tree: CheckTree) -> None:
    assert {r: tree.routes[r].phone for r in FACT_PHONES} == FACT_PHONES
    assert tree.routes["fraudehelpdesk"].url == "https://www.fraudehelpdesk.nl"
    # Someone at the door who wants to take things: 112 comes first.
    assert tree.outcomes["deur-112"].report[0] == "noodnummer"


def test_every_verdict_kind_is_used(tree: CheckTree) -> None:
    assert {o.verdict for o in tree.outcomes.values()} == {
        "noodgeval", "oplichting", "voorzichtig", "waarschijnlijk-veilig"}


def test_no_unsafe_rule_from_the_content_review(tree: CheckTree) -> None:
    # Content review 8 and 9: no courier exception, no ID card as proof.
    advice = " ".join(t["nl"] for o in tree.outcomes.values()
                      for t in (o.explanation, *o.steps, *o.already)).lower()
    assert "tenzij u daar zelf om vroeg" not in advice
    assert "legitimatie" not in advice
    assert "ook niet als u dat zelf aan de telefoon heeft afgesproken" in advice


@pytest.mark.parametrize("outcome_id", sorted(load_checks(CONTENT, None)[0]["is-het-nep"]
                                              .outcomes))
def test_each_outcome_reads_at_b1(tree: CheckTree, outcome_id: str) -> None:
    outcome = tree.outcomes[outcome_id]
    text = " ".join(t["nl"] for t in (outcome.explanation, *outcome.steps, *outcome.already))
    result = assess(text)
    assert result.reading_ease >= MIN_READING_EASE and not result.avoid, result

"""The test-wise guesser itself: it finds the tells the content review found, and gains
nothing on a quiz without them (so the shipped-content test can fail, and can pass)."""
from __future__ import annotations

import pytest

from awareness.content.quizdesign import Item
from awareness.content.schema import OptionSpec
from tests.content.guesser import chance, guess


def item(correct: list[int], texts: list[str], n: int = 0, kind: str = "single") -> Item:
    return Item(f"q{n}", kind, tuple(OptionSpec(chr(97 + i), {"nl": t}, i + 1 in correct)
                                     for i, t in enumerate(texts)), "quiz.yaml", n)


def equal(size: int) -> list[str]:
    return [f"Antwoord {chr(65 + i)}" for i in range(size)]


def test_chance_is_one_in_n_or_one_in_all_non_empty_sets() -> None:
    assert chance(item([1], equal(4))) == 0.25
    assert chance(item([1, 2], equal(4), kind="multiple")) == 1 / 15


def test_correct_first_and_wrong_last_is_found() -> None:
    """The module quizzes of the review: answer 1, and 'all but the last'."""
    items = [item([1], equal(3), n) for n in range(8)]
    items += [item([1, 2, 3], equal(4), n, "multiple") for n in range(8, 12)]
    outcome = guess(items)
    assert outcome.score == 1.0
    assert outcome.table[0][0] in ("single: always option 1", "multiple: all but the last")


def test_the_second_longest_option_is_found() -> None:
    texts = ["Een wat langere tekst", "Kort", "De allerlangste tekst van alle vier", "Tekst"]
    outcome = guess([item([1], texts, n) for n in range(10)])
    assert dict(outcome.table)["single: the second-longest option"] == 1.0


@pytest.mark.parametrize("texts", [
    ["Ik meld het bij de servicedesk", "Ik wacht, want het is druk", "Ik wis de mail"],
    ["Ik stuur de mail door naar de servicedesk", "Ik klik toch maar", "Ik wis hem"],
])
def test_cue_words_are_found(texts: list[str]) -> None:
    outcome = guess([item([1], texts, n) for n in range(10)])
    assert outcome.advantage > 0.3, outcome.report()


def test_a_balanced_quiz_gives_the_guesser_nothing() -> None:
    items = [item([n % 4 + 1], equal(4), n) for n in range(12)]
    items += [item(c, equal(4), n, "multiple") for n, c in enumerate([[1, 3], [2, 4], [2]], 12)]
    outcome = guess(items)
    assert outcome.advantage == pytest.approx(0.0, abs=0.02), outcome.report()

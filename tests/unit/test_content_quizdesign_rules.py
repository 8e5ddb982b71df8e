"""The quiz-design rules as pure functions: calibrated so that the patterns the content review
counted (issue 13) are errors, and a set written to QUIZ-RULES.md's limits is not."""
from __future__ import annotations

from collections.abc import Sequence

import pytest

from awareness.content.chance import at_least, at_most, distribution
from awareness.content.quizdesign import (
    Item,
    QuizSet,
    cue_word_problems,
    length_problems,
    length_rank,
    position_problems,
    variety_problems,
)
from awareness.content.schema import OptionSpec


def item(correct: Sequence[int], texts: Sequence[str], n: int = 0, kind: str = "single") -> Item:
    """A question whose options have these texts; `correct` holds 1-based positions."""
    options = tuple(OptionSpec(chr(97 + i), {"nl": t}, i + 1 in correct, line=10 * n + i + 2)
                    for i, t in enumerate(texts))
    return Item(f"q{n}", kind, options, "quiz.yaml", 10 * n + 1)


def equal(size: int) -> list[str]:
    return [f"Antwoord {chr(65 + i)}" for i in range(size)]


def by_length(correct_rank: int, size: int) -> list[str]:
    """Texts whose lengths are all different; the correct one (at position 1) has rank
    `correct_rank` counted from the longest."""
    lengths = sorted(range(20, 20 + 5 * size, 5), reverse=True)
    mine = lengths.pop(correct_rank - 1)
    return ["x" * n for n in [mine, *lengths]]


def rotated(count: int, size: int = 3) -> list[int]:
    return [n % size + 1 for n in range(count)]


def single_set(positions: Sequence[int], size: int = 3, name: str = "set") -> QuizSet:
    return QuizSet(name, tuple(item([p], equal(size), n) for n, p in enumerate(positions)))


def messages(problems) -> list[str]:
    return [p.message for p in problems]


# --- chance ----------------------------------------------------------------------------------

def test_the_distribution_is_binomial_for_equal_chances() -> None:
    assert distribution([0.5, 0.5]) == pytest.approx([0.25, 0.5, 0.25])
    assert sum(distribution([1 / 3, 1 / 4, 1 / 5, 0.9])) == pytest.approx(1.0)
    assert at_least(6, [1 / 3] * 6) == pytest.approx(3 ** -6)
    assert at_most(0, [0.25] * 4) == pytest.approx(0.75 ** 4)
    assert at_least(0, [0.3] * 5) == pytest.approx(1.0)


# --- the review's counts are errors ----------------------------------------------------------

def test_83_of_83_correct_first_is_an_error() -> None:
    (problem,) = position_problems(single_set([1] * 83))
    assert "position 1 in 83 of 83" in problem.message
    assert (problem.path, problem.line) == ("quiz.yaml", 1)


def test_the_correct_option_longest_in_49_of_83_is_an_error() -> None:
    ranks = [1] * 49 + [2, 3] * 17
    quiz = QuizSet("set", tuple(item([1], by_length(r, 3), n) for n, r in enumerate(ranks)))
    assert messages(length_problems(quiz)) == [
        "set: the correct option is the longest in 49 of 83 single-choice questions (59%; the "
        "limit is 35%, chance alone gives 33%); first: q0"]


def test_the_bank_correct_second_longest_in_40_of_66_is_an_error() -> None:
    ranks = [2] * 40 + [3] * 13 + [4] * 11 + [1] * 2
    bank = QuizSet("bank", tuple(item([1], by_length(r, 4), n) for n, r in enumerate(ranks)))
    assert [m.split(" in ")[0] for m in messages(length_problems(bank))] == [
        "bank: the correct option is the second-longest"]


def test_want_in_34_distractors_and_1_correct_option_is_an_error() -> None:
    questions = [item([1], ["Ik wacht", "Ik klik, want het moet", "Ik typ", "Ik sluit af"], n)
                 for n in range(34)]
    questions.append(item([2], ["Ik wacht", "Ik stop, want het is nep", "Ik typ", "Ik sluit"],
                          34))
    questions += [item([1], equal(4), n) for n in range(35, 66)]
    (problem,) = cue_word_problems(QuizSet("bank", tuple(questions)))
    assert "'want' is in 1 correct and 34 wrong options" in problem.message
    assert problem.line == 3  # the first wrong option with it


def test_meld_only_in_correct_options_is_an_error() -> None:
    questions = [item([n % 3 + 1], [("Ik meld het" if i == n % 3 else "Ik wacht") for i in
                                    range(3)], n) for n in range(4)]
    (problem,) = cue_word_problems(QuizSet("set", tuple(questions)))
    assert "'meld' is in 4 correct and 0 wrong options" in problem.message


# --- limits and small sets -------------------------------------------------------------------

@pytest.mark.parametrize(("first", "flagged"), [(4, False), (5, True)])
def test_a_position_over_40_percent_of_ten_questions_is_an_error(first: int, flagged: bool):
    positions = [1] * first + [2, 3] * 5
    problems = position_problems(single_set(positions[:10]))
    assert bool(problems) is flagged, messages(problems)


@pytest.mark.parametrize(("positions", "size", "flagged"), [
    ([1, 1, 1, 1, 2, 3], 3, False),  # 67 %, but chance gives 4 of 6 one time in ten
    ([2, 2, 2, 2, 2, 3], 3, False),  # 5 of 6 of three options: 1.8 % by chance
    ([2, 2, 2, 2, 2, 3], 4, True),   # 5 of 6 of four options: 0.5 % by chance
    ([3] * 6, 3, True),
])
def test_small_sets_are_judged_by_how_likely_chance_makes_them(positions, size, flagged):
    problems = position_problems(single_set(positions, size))
    assert bool(problems) is flagged, messages(problems)
    if flagged:
        assert "likely by chance" in problems[0].message


def test_the_last_position_may_not_be_favoured_even_under_40_percent() -> None:
    positions = [4] * 16 + [1, 2, 3] * 8
    (problem,) = position_problems(single_set(positions, size=4))
    assert "is the last one in 16 of 40" in problem.message
    assert position_problems(single_set([4] * 10 + [1, 2, 3] * 10, size=4)) == []


def test_multiple_choice_with_the_correct_options_in_a_block_is_an_error() -> None:
    first = QuizSet("set", tuple(item([1, 2], equal(4), n, "multiple") for n in range(4)))
    last = QuizSet("set", tuple(item([3, 4], equal(4), n, "multiple") for n in range(4)))
    mixed = QuizSet("set", tuple(item(c, equal(4), n, "multiple")
                                 for n, c in enumerate([[1, 2], [2, 4], [1, 3], [3, 4]])))
    assert "the correct options come first in 4 of 4" in position_problems(first)[0].message
    assert "the correct options come last in 4 of 4" in position_problems(last)[0].message
    assert position_problems(mixed) == []


def test_an_audience_varies_the_number_of_correct_options() -> None:
    same = [item(c, equal(5), n, "multiple")
            for n, c in enumerate([[1, 3], [2, 4], [1, 5], [3, 4]])]
    (problem,) = variety_problems(QuizSet("all youth quizzes", tuple(same), audience=True))
    assert "all 4 multiple-choice questions have 2 correct options" in problem.message
    varied = [*same[:3], item([2], equal(5), 9, "multiple")]
    assert variety_problems(QuizSet("x", tuple(varied), audience=True)) == []


@pytest.mark.parametrize(("longest", "flagged"), [(3, False), (4, True)])
def test_the_longest_in_more_than_35_percent_is_an_error(longest: int, flagged: bool) -> None:
    ranks = [1] * longest + [2] * (7 - longest) + [3] * 3
    quiz = QuizSet("s", tuple(item([1], by_length(r, 3), n) for n, r in enumerate(ranks)))
    assert bool(length_problems(quiz)) is flagged


@pytest.mark.parametrize(("second", "flagged"), [(9, False), (10, True)])
def test_one_middle_rank_in_more_than_45_percent_is_an_error(second: int, flagged: bool):
    ranks = [2] * second + [1, 3, 4] * 4
    quiz = QuizSet("s", tuple(item([1], by_length(r, 4), n)
                              for n, r in enumerate(ranks[:20])))
    problems = length_problems(quiz)
    assert bool(problems) is flagged, messages(problems)
    if flagged:
        assert "the second-longest in 10 of 20" in problems[0].message


def test_the_shortest_in_more_than_35_percent_is_an_error() -> None:
    ranks = [3] * 4 + [2] * 3 + [1] * 3
    quiz = QuizSet("s", tuple(item([1], by_length(r, 3), n) for n, r in enumerate(ranks)))
    (problem,) = length_problems(quiz)
    assert "the shortest in 4 of 10" in problem.message


def test_options_of_equal_length_give_no_length_rank() -> None:
    assert length_rank(item([2], equal(3)), from_top=True) is None
    assert length_rank(item([1], ["xx", "x", "xxx"]), from_top=True) == 2
    assert length_rank(item([1], ["xx", "x", "xxx"]), from_top=False) == 2


@pytest.mark.parametrize(("wrong", "flagged"), [(3, False), (4, True)])
def test_a_cue_word_in_four_wrong_options_and_no_correct_one_is_an_error(wrong, flagged):
    questions = [item([1], ["Ik stop", "Ik klik, want ja" if n < wrong else "Ik klik", "Ik lees"],
                      n) for n in range(6)]
    assert bool(cue_word_problems(QuizSet("s", tuple(questions)))) is flagged


def test_a_cue_word_on_both_sides_in_proportion_passes() -> None:
    questions = [item([1], ["Ik stop, want het is nep", "Ik klik, want ja", "Ik lees"], n)
                 for n in range(12)]
    assert cue_word_problems(QuizSet("s", tuple(questions))) == []


# --- content written to QUIZ-RULES.md passes -------------------------------------------------

def test_a_set_at_every_limit_of_the_quiz_rules_passes() -> None:
    """20 questions with 3 or 4 options: position 1 holds 40 %, the correct option is the
    longest in 35 % and the shortest in 35 %, and 'want' and 'meld' sit on both sides."""
    positions = [1] * 8 + [2] * 6 + [3] * 6
    ranks = [1] * 7 + [2] * 6 + [3] * 7
    questions = []
    for n, (position, rank) in enumerate(zip(positions, ranks, strict=True)):
        texts = by_length(rank, 3)
        texts.insert(position - 1, texts.pop(0))
        texts[n % 3] = texts[n % 3][:-8] + (" want ja" if n % 2 else " meld ja")
        questions.append(item([position], texts, n))
    questions += [item([2, 4], equal(5), 20, "multiple"), item([1, 3, 5], equal(5), 21,
                                                                 "multiple")]
    quiz = QuizSet("s", tuple(questions), audience=True)
    problems = (position_problems(quiz) + length_problems(quiz) + cue_word_problems(quiz)
                + variety_problems(quiz))
    assert messages(problems) == []

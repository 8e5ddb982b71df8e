"""The personal choice, as a pure function of one person's history and the bank."""
from __future__ import annotations

import pytest

from awareness.staffquiz.questions import Candidate, EmptyBankError
from awareness.staffquiz.spacing import (
    NEW,
    OPEN,
    REFRESH,
    REPEAT,
    RIGHT,
    UNANSWERED,
    WRONG,
    Asked,
    Bank,
    choose_for_person,
    tracks,
)

TOPICS = ("phishing", "wachtwoorden", "avg")
CANDIDATES = [Candidate(f"{topic}-{n}", topic, position, 10 * position + n)
              for position, topic in enumerate(TOPICS) for n in range(1, 4)]
BANK = Bank(CANDIDATES)


def asked(number: int, key: str, result: str) -> Asked:
    return Asked(number, key, key.rsplit("-", 1)[0], result)


def pick(history: list[Asked], round_number: int, bank: Bank = BANK) -> tuple[str, str]:
    chosen = choose_for_person(history, bank, round_number)
    return chosen.candidate.key, chosen.reason


def test_a_newcomer_gets_the_first_question_of_the_first_topic() -> None:
    assert pick([], 1) == ("phishing-1", NEW)


@pytest.mark.parametrize("result", [WRONG, UNANSWERED])
def test_wrong_or_unanswered_comes_back_the_next_round(result: str) -> None:
    assert pick([asked(4, "avg-2", result)], 5) == ("avg-2", REPEAT)


def test_right_comes_back_after_two_rounds_and_two_rights_retire_it() -> None:
    history = [asked(1, "phishing-1", RIGHT)]
    assert pick(history, 2) == ("wachtwoorden-1", NEW)
    history.append(asked(2, "wachtwoorden-1", RIGHT))
    assert pick(history, 3) == ("phishing-1", REPEAT)
    history.append(asked(3, "phishing-1", RIGHT))  # a second right in a row: retired
    assert tracks(history)["phishing-1"].retired
    assert pick(history, 4) == ("wachtwoorden-1", REPEAT)
    history.append(asked(4, "wachtwoorden-1", RIGHT))
    for number in range(5, 12):  # never again, however long the person stays
        key, reason = pick(history, number)
        assert key not in {"phishing-1", "wachtwoorden-1"}
        history.append(asked(number, key, RIGHT))


def test_a_wrong_answer_breaks_the_streak() -> None:
    history = [asked(1, "avg-1", RIGHT), asked(3, "avg-1", WRONG)]
    assert pick(history, 4) == ("avg-1", REPEAT)
    history += [asked(4, "avg-1", RIGHT)]
    assert not tracks(history)["avg-1"].retired
    assert pick(history, 5)[0] != "avg-1"  # right once more: back after two rounds
    assert pick(history, 6) == ("avg-1", REPEAT)


def test_wrong_goes_before_a_right_that_is_due_too() -> None:
    # Round 1 right (due in 3), round 2 wrong (due in 3): "next round" is kept.
    history = [asked(1, "phishing-1", RIGHT), asked(2, "avg-1", WRONG)]
    assert pick(history, 3) == ("avg-1", REPEAT)
    history.append(asked(3, "avg-1", RIGHT))
    assert pick(history, 4) == ("phishing-1", REPEAT)


def test_several_due_repeats_the_oldest_first_one_per_round() -> None:
    # Away for a while: three right answers are due; the one due first goes first.
    history = [asked(1, "phishing-1", RIGHT), asked(2, "wachtwoorden-1", RIGHT),
               asked(3, "avg-1", RIGHT)]
    order = []
    for number in (9, 10, 11):
        key, reason = pick(history, number)
        assert reason == REPEAT
        order.append(key)
        history.append(asked(number, key, UNANSWERED if number == 9 else RIGHT))
    # Round 9's unanswered phishing-1 comes back in 10, before the older right ones.
    assert order == ["phishing-1", "phishing-1", "wachtwoorden-1"]


def test_an_open_question_is_neither_repeated_nor_asked_anew() -> None:
    # A long answer window: round 5 is still open when round 6 opens.
    history = [asked(5, "phishing-1", OPEN)]
    key, reason = pick(history, 6)
    assert (key, reason) == ("wachtwoorden-1", NEW)


def test_new_questions_rotate_topics() -> None:
    history: list[Asked] = []
    topics = []
    for number in range(1, 10):
        key, reason = pick(history, number)
        topics.append(key.rsplit("-", 1)[0])
        # Right answers, so the repeats come between the new questions.
        history.append(asked(number, key, RIGHT))
    for a, b, c in zip(topics, topics[1:], topics[2:], strict=False):
        assert not a == b == c


def test_a_new_question_avoids_the_topic_just_met() -> None:
    history = [asked(1, "avg-1", WRONG), asked(2, "avg-1", WRONG), asked(3, "avg-1", RIGHT)]
    key, reason = pick(history, 4)
    assert reason == NEW and not key.startswith("avg")


def test_questions_no_longer_in_the_bank_do_not_come_back() -> None:
    # avg-2 was switched off (or removed from the bank) after a wrong answer.
    bank = Bank([c for c in CANDIDATES if c.key != "avg-2"])
    assert pick([asked(1, "avg-2", WRONG)], 2, bank) == ("phishing-1", NEW)


def test_a_used_up_bank_refreshes_the_question_met_longest_ago() -> None:
    small = Bank(CANDIDATES[:2])  # phishing-1, phishing-2
    history = [asked(1, "phishing-1", RIGHT), asked(2, "phishing-2", RIGHT),
               asked(3, "phishing-1", RIGHT), asked(4, "phishing-2", RIGHT)]
    assert pick(history, 5, small) == ("phishing-1", REFRESH)


def test_an_empty_bank_raises() -> None:
    with pytest.raises(EmptyBankError):
        Bank([])


def test_the_choice_is_pure() -> None:
    history = [asked(1, "phishing-1", WRONG), asked(2, "phishing-1", RIGHT)]
    snapshot = list(history)
    assert pick(history, 3) == pick(history, 3)
    assert history == snapshot

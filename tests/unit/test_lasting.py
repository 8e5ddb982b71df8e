"""Kennis die blijft, against a fixture worked out by hand.

Two topics, phishing (P) and avg (A); periods January (JAN) and February (FEB) 2026, and one
round of history before the range (period None). Per person, in round order:

    person 1:  r1 history P1 right | r2 JAN P2 wrong | r3 JAN P1 right | r4 FEB P2 right
               r5 FEB A1 unanswered
    person 2:  r2 JAN P1 right | r3 JAN A1 wrong | r4 FEB A1 right | r5 FEB P1 right
    person 3:  r2 JAN A2 right | r4 FEB P1 open (round not closed, no answer yet)

Person 1's P1 (r1, r3) and person 2's P1 (r2, r5) are two rights in a row: retired in JAN and
FEB. Person 1's P1 was first asked before the range, so r3 is a repeat, not a first time.
"""
from __future__ import annotations

from datetime import date

import pytest

from awareness.staffquiz.lasting import ALL, Delivered, lasting
from awareness.staffquiz.spacing import OPEN, RIGHT, UNANSWERED, WRONG

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)
DELIVERIES = [
    Delivered(1, 1, None, "P1", "phishing", RIGHT),
    Delivered(1, 2, JAN, "P2", "phishing", WRONG),
    Delivered(1, 3, JAN, "P1", "phishing", RIGHT),
    Delivered(1, 4, FEB, "P2", "phishing", RIGHT),
    Delivered(1, 5, FEB, "A1", "avg", UNANSWERED),
    Delivered(2, 2, JAN, "P1", "phishing", RIGHT),
    Delivered(2, 3, JAN, "A1", "avg", WRONG),
    Delivered(2, 4, FEB, "A1", "avg", RIGHT),
    Delivered(2, 5, FEB, "P1", "phishing", RIGHT),
    # Out of order on purpose: the computation orders each person's rounds itself.
    Delivered(3, 4, FEB, "P1", "phishing", OPEN),
    Delivered(3, 2, JAN, "A2", "avg", RIGHT),
]


def rate(r):
    return (r.asked, r.answered, r.correct, r.people, r.correct_rate)


@pytest.fixture(scope="module")
def cells():
    return lasting(DELIVERIES)


# (topic, period): first, repeat, kept (repeat after a right answer) as
# (asked, answered, correct, people, correct rate)
EXPECTED_RATES = {
    # P JAN first: 1's P2 wrong, 2's P1 right = 1/2. Repeat: 1's P1 right (after right).
    ("phishing", JAN): ((2, 2, 1, 2, 50.0), (1, 1, 1, 1, 100.0), (1, 1, 1, 1, 100.0)),
    # P FEB first: 3's P1, open, not answered. Repeats: 1's P2 (after wrong) and 2's P1 (after
    # right), both right.
    ("phishing", FEB): ((1, 0, 0, 0, None), (2, 2, 2, 2, 100.0), (1, 1, 1, 1, 100.0)),
    # A JAN first: 2's A1 wrong, 3's A2 right.
    ("avg", JAN): ((2, 2, 1, 2, 50.0), (0, 0, 0, 0, None), (0, 0, 0, 0, None)),
    # A FEB first: 1's A1 unanswered. Repeat: 2's A1 right, after wrong (not "kept").
    ("avg", FEB): ((1, 0, 0, 0, None), (1, 1, 1, 1, 100.0), (0, 0, 0, 0, None)),
    # Phishing over the range: first 2+1 asked, 2 answered, 1 right; repeats 1+2, all right.
    ("phishing", ALL): ((3, 2, 1, 2, 50.0), (3, 3, 3, 2, 100.0), (2, 2, 2, 2, 100.0)),
    # Everything: first 2+1+2+1 = 6 asked, 4 answered (people 1, 2, 3), 2 right = 50%;
    # repeats 1+2+1 = 4, all right (people 1 and 2); kept: 1's P1 and 2's P1.
    (ALL, ALL): ((6, 4, 2, 3, 50.0), (4, 4, 4, 2, 100.0), (2, 2, 2, 2, 100.0)),
    # January, all topics: first 2+2 asked and answered, 1+1 right; repeat 1's P1.
    (ALL, JAN): ((4, 4, 2, 3, 50.0), (1, 1, 1, 1, 100.0), (1, 1, 1, 1, 100.0)),
}


@pytest.mark.parametrize("key", EXPECTED_RATES, ids=[f"{t}-{p}" for t, p in EXPECTED_RATES])
def test_correct_rates_first_time_and_when_it_comes_back(cells, key) -> None:
    cell = cells[key]
    assert (rate(cell.first), rate(cell.repeat), rate(cell.kept)) == EXPECTED_RATES[key]


# (topic, period): pairs started in the cell, retired in it, and the running state:
# pairs ever given, pairs ever retired, their share, people behind it.
EXPECTED_RETIRED = {
    # Started in JAN: (1,P2), (2,P1). Running: (1,P1) from history + those 2 = 3 pairs, 1
    # retired (1's P1 in r3): 1/3 = 33.3%; people 1 and 2.
    ("phishing", JAN): (2, 1, 3, 1, 33.3, 2),
    # FEB adds (3,P1): 4 pairs; 2's P1 retires: 2/4 = 50%; people 1, 2, 3.
    ("phishing", FEB): (1, 1, 4, 2, 50.0, 3),
    ("phishing", ALL): (3, 2, 4, 2, 50.0, 3),
    # avg: (2,A1), (3,A2) in JAN, (1,A1) in FEB; none retired.
    ("avg", JAN): (2, 0, 2, 0, 0.0, 2),
    ("avg", FEB): (1, 0, 3, 0, 0.0, 3),
    # All topics: JAN 5 pairs (history's (1,P1) + 4), 1 retired = 20%; FEB 7 pairs, 2 retired
    # = 28.57%.
    (ALL, JAN): (4, 1, 5, 1, 20.0, 3),
    (ALL, FEB): (2, 1, 7, 2, 28.6, 3),
    (ALL, ALL): (6, 2, 7, 2, 28.6, 3),
}


@pytest.mark.parametrize("key", EXPECTED_RETIRED, ids=[f"{t}-{p}" for t, p in EXPECTED_RETIRED])
def test_share_of_questions_retired(cells, key) -> None:
    cell = cells[key]
    assert (cell.started, cell.retired, cell.started_to_date, cell.retired_to_date,
            cell.retired_share, cell.people_to_date) == EXPECTED_RETIRED[key]


def test_history_alone_makes_no_cells() -> None:
    assert lasting([Delivered(1, 1, None, "P1", "phishing", RIGHT)]) == {}


def test_a_pair_retires_once_even_if_asked_again_in_a_same_round() -> None:
    # A "same" round may ask a retired question again: a third right retires nothing more.
    cells = lasting([Delivered(1, n, JAN, "P1", "phishing", RIGHT) for n in (1, 2, 3)])
    assert cells[(ALL, ALL)].retired == 1 and cells[(ALL, ALL)].retired_share == 100.0

"""The per-attempt option order: a permutation of the keys, reproducible from its seed,
about uniform over attempts, and unpredictable without the app's secret."""
from __future__ import annotations

from collections import Counter
from itertools import permutations

from awareness.learning.shuffle import attempt_seed, option_order

KEYS = ["a", "b", "c"]


def test_the_order_is_a_permutation_and_the_same_for_the_same_seed() -> None:
    seed = attempt_seed("secret", "resident", "learner", "module", 1, 1)
    order = option_order(seed, "q1", KEYS)
    assert sorted(order) == KEYS
    assert option_order(seed, "q1", KEYS) == order
    assert option_order(seed, "q1", list(reversed(KEYS))) == order  # input order is irrelevant


def test_every_part_of_the_seed_and_the_secret_matter() -> None:
    base = ("resident", "learner", "module", 1, 1)
    seeds = {attempt_seed("secret", *base), attempt_seed("other secret", *base),
             attempt_seed("secret", "resident", "learner", "module", 1, 2),
             attempt_seed("secret", "resident", "someone", "module", 1, 1),
             attempt_seed("secret", "resident", "learner", "module", 2, 1)}
    assert len(seeds) == 5
    # Joined with a separator: ("ab", "c") and ("a", "bc") are different attempts.
    assert attempt_seed("s", "ab", "c") != attempt_seed("s", "a", "bc")


def test_orders_over_many_attempts_are_about_uniform() -> None:
    orders = Counter(tuple(option_order(attempt_seed("secret", "x", n), "q1", KEYS))
                     for n in range(1200))
    assert set(orders) == set(permutations(KEYS))
    assert all(140 <= count <= 260 for count in orders.values()), orders  # 200 expected


def test_questions_of_one_attempt_are_shuffled_independently() -> None:
    seed = attempt_seed("secret", "x")
    orders = {tuple(option_order(seed, f"q{n}", KEYS)) for n in range(60)}
    assert len(orders) == 6

"""The pooling rule on its own: small groups into Overig, topped up until Overig is large
enough, and nothing at all when even everything together is too small."""
from __future__ import annotations

from awareness.reports.anonymity import OTHER, effective_threshold, pool_small_groups


def size(value: int) -> int:
    return value


def test_large_groups_stay_and_no_overig_when_none_is_small() -> None:
    assert pool_small_groups({"a": 12, "b": 7}, size, 5) == {"a": 12, "b": 7}


def test_small_groups_that_together_reach_the_threshold_form_overig() -> None:
    assert pool_small_groups({"a": 12, "c": 3, "d": 4}, size, 5) == {"a": 12, OTHER: 7}


def test_one_small_group_alone_is_topped_up_with_the_next_smallest() -> None:
    # Overig = c (3) alone would be c itself; b (7) is the smallest shown group and joins it.
    assert pool_small_groups({"a": 12, "b": 7, "c": 3}, size, 5) == {"a": 12, OTHER: 10}


def test_ties_are_broken_by_name_so_the_result_is_stable() -> None:
    assert pool_small_groups({"x": 6, "b": 6, "c": 1}, size, 5) == {"x": 6, OTHER: 7}


def test_everything_too_small_hides_everything() -> None:
    assert pool_small_groups({"a": 2, "b": 1}, size, 5) == {}


def test_empty_groups_are_dropped_and_do_not_force_pooling() -> None:
    assert pool_small_groups({"a": 6, "b": 5, "c": 0}, size, 5) == {"a": 6, "b": 5}


def test_threshold_never_below_two() -> None:
    assert effective_threshold(1) == 2 and effective_threshold(None) == 5
    assert effective_threshold(8) == 8

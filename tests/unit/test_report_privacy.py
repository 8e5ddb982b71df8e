"""The privacy layer's rules on their own: small groups into Overig, topped up until Overig is
large enough, nothing at all when even everything together is too small; one policy per round
for participation and answers."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from awareness.reports.counts import Counts
from awareness.reports.privacy import (
    OTHER,
    answers_final,
    effective_threshold,
    pool_small_groups,
    pooling,
    round_policy,
)


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


# ---- one policy per round ----------------------------------------------------------------

def _cells(**sizes: tuple[int, int]) -> dict[object, Counts]:
    return {key: Counts(delivered, answered, answered, 0, 0)
            for key, (delivered, answered) in sizes.items()}


def test_answers_never_show_a_department_that_participation_pools() -> None:
    # M-1 of the security review: griffie (3) is pooled for participation together with
    # bedrijf; the answer table must not then show bedrijf on its own.
    cells = _cells(burgerzaken=(14, 8), ruimte=(9, 4), sociaal=(12, 7), griffie=(3, 2),
                   bedrijf=(8, 6))
    policy = round_policy(cells, 5, final=True)
    assert policy.participation.into == {"burgerzaken": "burgerzaken", "ruimte": "ruimte",
                                         "sociaal": "sociaal", "griffie": OTHER,
                                         "bedrijf": OTHER}
    # ruimte has 4 answers (< 5): its answers join Overig; griffie and bedrijf stay there.
    assert policy.answers.apply(cells) == {"burgerzaken": Counts(14, 8, 8),
                                           "sociaal": Counts(12, 7, 7),
                                           OTHER: Counts(20, 12, 12)}


def test_open_rounds_publish_participation_only() -> None:
    cells = _cells(a=(10, 9), b=(10, 8))
    policy = round_policy(cells, 5, final=False)
    assert policy.participation and not policy.answers and not policy.time_shown


def test_fewer_than_k_answers_in_all_hides_the_answers_but_not_participation() -> None:
    policy = round_policy(_cells(a=(10, 2), b=(10, 2)), 5, final=True)
    assert policy.participation and not policy.answers


def test_answers_are_final_once_tallied_or_settled_after_closing() -> None:
    closes = datetime(2025, 1, 21, 8, tzinfo=UTC)
    assert not answers_final(False, closes, None, closes + timedelta(minutes=59))
    assert answers_final(False, closes, None, closes + timedelta(hours=1))
    # Closed early by hand: settled an hour after that.
    early = closes - timedelta(days=3)
    assert answers_final(False, closes, early, early + timedelta(hours=1))
    assert answers_final(True, closes, None, closes - timedelta(days=10))


def test_none_is_a_key_like_any_other() -> None:
    # People without a department (and the dashboard's whole-round cells) are keyed None.
    assert pooling({None: 7}, 5).apply({None: Counts(7)}) == {None: Counts(7)}

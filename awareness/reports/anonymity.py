"""k-anonymity for report groups, as pure functions: groups smaller than the threshold are
pooled into "Overig", and the pool is topped up with the next-smallest groups until it is
itself at least the threshold (complementary suppression), so no group can be worked out by
subtracting the shown groups from the total. Only awareness.reports.queries calls this."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Protocol, TypeVar

# The key of the pooled group; real keys are department ids, slugs or months, never this.
OTHER = "__overig__"
# An organisation may lower its threshold, but never to the point where a group is one person.
MIN_THRESHOLD = 2


class Addable(Protocol):
    def __add__(self, other: Addable, /) -> Addable: ...


C = TypeVar("C", bound=Addable)


def effective_threshold(configured: int | None) -> int:
    return max(configured or 5, MIN_THRESHOLD)


def pool_small_groups(groups: Mapping[object, C], size: Callable[[C], int], k: int,
                      order: Callable[[object], str] = str) -> dict[object, C]:
    """Return the groups with at least `k` members plus, if needed, one OTHER group holding
    the rest. Empty groups (size 0) describe nobody and are dropped. When even all groups
    together stay below `k`, nothing can be shown and the result is empty."""
    present = {key: value for key, value in groups.items() if size(value) > 0}
    shown = {key: value for key, value in present.items() if size(value) >= k}
    small = [present[key] for key in present if key not in shown]
    if not small:
        return shown
    pool = _total(small)
    # Top up the pool with the smallest shown groups (ties broken by name, so it is stable).
    for key in sorted(shown, key=lambda key: (size(shown[key]), order(key))):
        if size(pool) >= k:
            break
        pool = pool + shown.pop(key)
    if size(pool) < k:
        return {}
    return {**shown, OTHER: pool}


def _total(values: Iterable[C]) -> C:
    iterator = iter(values)
    total = next(iterator)
    for value in iterator:
        total = total + value
    return total

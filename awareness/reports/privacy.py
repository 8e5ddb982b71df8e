"""The privacy layer: reports compute cells (a group of people and its counts); this module
decides which cells may be published. Every staff figure a coordinator or admin sees passes
through one RoundPolicy per round, so every table of a round and of a report hides the same
groups, and range figures are sums of these per-round cells.

The rules (docs/privacy.md says them in words, tests/unit/test_privacy_property.py checks them
against every report over random organisations):
- Within a round the departments are partitioned once, by the number of people the round went
  to (fixed when it opens): departments of at least k stay, the rest are pooled into "Overig",
  topped up with the next-smallest departments until Overig itself reaches k (complementary
  suppression). Every participation cell is a union of these parts.
- Answer figures (correct rate, chosen options, answer time) exist only once the round is
  final: closed and settled, or tallied. They use a coarsening of the same partition in which
  every part holds at least k answers: a part with fewer joins Overig (and is never shown
  while participation pools it), so no answer cell differs from another by fewer than k.
- A split of a published cell (Kennis die blijft: first time and repeat within a round's
  topic) is published only where every kind is empty or has k answers (`split_pooling`).
- Anything that describes fewer than k people in total is not shown at all.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, Self, TypeVar

from awareness.reports.aggregates import SETTLE
from awareness.reports.counts import Counts, total

# The key of the pooled group; real keys are department ids, slugs or months, never this.
OTHER = "__overig__"
# An organisation may lower its threshold, but never to the point where a group is one person.
MIN_THRESHOLD = 2


class Addable(Protocol):
    def __add__(self, other: Self, /) -> Self: ...


C = TypeVar("C", bound=Addable)
K = TypeVar("K", bound=Hashable)  # a group's key: a department id (or None), a slug, a month


def effective_threshold(configured: int | None) -> int:
    return max(configured or 5, MIN_THRESHOLD)


@dataclass(frozen=True)
class Pooling:
    """Where each group's cell is published: under its own key, under OTHER, or (absent from
    `into`) nowhere. Empty when nothing of the whole may be shown."""

    into: Mapping[object, object] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.into)

    def apply(self, cells: Mapping[K, C]) -> dict[object, C]:
        """The publishable cells: each group's cell added into the one it is published in."""
        published: dict[object, C] = {}
        for key, value in cells.items():
            if key not in self.into:  # (None is a real key: people without a department)
                continue
            target = self.into[key]
            published[target] = published[target] + value if target in published else value
        return published

    def then(self, coarser: Pooling) -> Pooling:
        """This pooling followed by one over its own published keys."""
        return Pooling({key: coarser.into[target] for key, target in self.into.items()
                        if target in coarser.into})


def pooling(sizes: Mapping[K, int], k: int, forced: Collection[object] = (),
            order: Callable[[K], str] = str) -> Pooling:
    """Groups of at least `k` keep their key; smaller groups (and those `forced`) go into
    OTHER, topped up with the smallest kept groups (ties by name, so it is stable) until
    OTHER reaches `k`. Empty groups describe nobody and are left out; if even everything
    together stays below `k`, nothing is published."""
    present = {key: size for key, size in sizes.items() if size > 0}
    kept = {key for key, size in present.items() if size >= k and key not in forced}
    pooled = [key for key in present if key not in kept]
    if not pooled:
        return Pooling({key: key for key in kept})
    size = sum(present[key] for key in pooled)
    for key in sorted(kept, key=lambda key: (present[key], order(key))):
        if size >= k:
            break
        kept.discard(key)
        pooled.append(key)
        size += present[key]
    if size < k:
        return Pooling()
    return Pooling({**{key: key for key in kept}, **{key: OTHER for key in pooled}})


def split_pooling(parts: Mapping[K, Sequence[Counts]], k: int) -> Pooling:
    """Parts published split into kinds (Kennis die blijft: first time, repeat, and people
    since deleted) while another table publishes each part whole: a part keeps its key only
    if each of its kinds is empty or has at least `k` answers, so no kind is the whole minus
    a small group. The others go into OTHER, topped up with the smallest kept parts until
    each kind of OTHER is empty or has `k` answers; if even everything together fails,
    nothing is published."""
    def fine(cells: Iterable[Sequence[Counts]]) -> bool:
        return all(kind.delivered == 0 or kind.answered >= k
                   for kind in map(total, zip(*cells, strict=True)))

    kept = {key for key, kinds in parts.items() if key != OTHER and fine([kinds])}
    pooled = [key for key in parts if key not in kept]
    for key in sorted(kept, key=lambda key: (total(parts[key]).answered, str(key))):
        if not pooled or fine(parts[part] for part in pooled):
            break
        kept.discard(key)
        pooled.append(key)
    if pooled and not fine(parts[part] for part in pooled):
        return Pooling()
    return Pooling({**{key: key for key in kept}, **{key: OTHER for key in pooled}})


def pool_small_groups(groups: Mapping[K, C], size: Callable[[C], int], k: int,
                      order: Callable[[K], str] = str) -> dict[object, C]:
    """One table on its own (resident usage): `pooling` applied to its own group sizes."""
    return pooling({key: size(value) for key, value in groups.items()}, k,
                   order=order).apply(groups)


@dataclass(frozen=True)
class RoundPolicy:
    """What of one round may be published: participation per part of `participation`,
    answer figures per part of `answers` (empty while the round is open or when fewer than
    k answered), the average answer time only with at least k timed answers."""

    participation: Pooling
    answers: Pooling
    time_shown: bool


def round_policy(cells: Mapping[K, Counts], k: int, final: bool) -> RoundPolicy:
    """`cells` are a round's counts per department (at the time of the round)."""
    participation = pooling({key: c.delivered for key, c in cells.items()}, k)
    answers = Pooling()
    if final and participation:
        parts = participation.apply(cells)
        # Pooled over participation's parts, not the departments: a department that
        # participation pools into Overig stays there. Overig counts as pooled, so a small
        # part joins it first rather than pulling in another department.
        answers = participation.then(
            pooling({key: c.answered for key, c in parts.items()}, k, forced={OTHER}))
    timed = total(cells.values()).seconds_count if answers else 0
    return RoundPolicy(participation, answers, timed >= k)


def answers_final(tallied: bool, closes_at: datetime, closed_at: datetime | None,
                  now: datetime) -> bool:
    """A round's answers may be reported once they can no longer change: it was tallied, or
    it closed at least SETTLE ago (an answer confirmed at the last second has landed)."""
    if tallied:
        return True
    closed = min(closes_at, closed_at) if closed_at is not None else closes_at
    return closed <= now - SETTLE


def summed(parts: Iterable[Mapping[object, Counts]]) -> dict[object, Counts]:
    """Range figures: the published cells of many rounds, summed per published key."""
    cells: dict[object, list[Counts]] = {}
    for published in parts:
        for key, counts in published.items():
            cells.setdefault(key, []).append(counts)
    return {key: total(values) for key, values in cells.items()}

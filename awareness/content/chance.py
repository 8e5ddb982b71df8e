"""How likely a count of hits is by chance alone, when each trial has its own probability
(a quiz mixes questions with 3, 4 or 5 options). Pure arithmetic, no dependencies."""
from __future__ import annotations

from collections.abc import Sequence


def distribution(chances: Sequence[float]) -> list[float]:
    """P(X = k) for k = 0..n, X the number of hits in independent trials (Poisson binomial)."""
    probabilities = [1.0]
    for p in chances:
        step = [0.0] * (len(probabilities) + 1)
        for k, mass in enumerate(probabilities):
            step[k] += mass * (1 - p)
            step[k + 1] += mass * p
        probabilities = step
    return probabilities


def at_least(hits: int, chances: Sequence[float]) -> float:
    """P(X >= hits): small means the count is higher than chance explains."""
    return min(1.0, sum(distribution(chances)[max(hits, 0):]))


def at_most(hits: int, chances: Sequence[float]) -> float:
    """P(X <= hits): small means the count is lower than chance explains."""
    return min(1.0, sum(distribution(chances)[:max(hits + 1, 0)]))

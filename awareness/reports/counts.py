"""Additive counters behind every report row, and the percentages derived from them."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def percentage(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True, slots=True)
class Counts:
    """Deliveries of a group: how many were sent, answered and answered correctly."""

    delivered: int = 0
    answered: int = 0
    correct: int = 0
    seconds_sum: int = 0
    seconds_count: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.delivered + other.delivered, self.answered + other.answered,
                      self.correct + other.correct, self.seconds_sum + other.seconds_sum,
                      self.seconds_count + other.seconds_count)

    @property
    def participation(self) -> float | None:
        return percentage(self.answered, self.delivered)

    @property
    def correct_rate(self) -> float | None:
        return percentage(self.correct, self.answered)

    @property
    def average_seconds(self) -> float | None:
        return self.seconds_sum / self.seconds_count if self.seconds_count else None


def total(values: Iterable[Counts | None]) -> Counts:
    """The sum of many Counts without building every intermediate one (reports add
    rounds x departments of them on every page view)."""
    delivered = answered = correct = seconds_sum = seconds_count = 0
    for value in values:
        if value is not None:
            delivered += value.delivered
            answered += value.answered
            correct += value.correct
            seconds_sum += value.seconds_sum
            seconds_count += value.seconds_count
    return Counts(delivered, answered, correct, seconds_sum, seconds_count)


@dataclass(frozen=True, slots=True)
class Distribution:
    """Answers of a group per option, for a round's drill-down."""

    answered: int = 0
    options: tuple[tuple[str, int], ...] = ()

    def __add__(self, other: Distribution) -> Distribution:
        merged = dict(self.options)
        for key, count in other.options:
            merged[key] = merged.get(key, 0) + count
        return Distribution(self.answered + other.answered, tuple(sorted(merged.items())))

    def count(self, key: str) -> int:
        return dict(self.options).get(key, 0)


@dataclass(frozen=True, slots=True)
class Usage:
    """Resident activity of a group: module starts, completions and quiz scores."""

    starts: int = 0
    completions: int = 0
    attempts: int = 0
    score_sum: int = 0
    max_score_sum: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.starts + other.starts, self.completions + other.completions,
                     self.attempts + other.attempts, self.score_sum + other.score_sum,
                     self.max_score_sum + other.max_score_sum)

    @property
    def size(self) -> int:
        return max(self.starts, self.completions, self.attempts)

    @property
    def average_score(self) -> float | None:
        return percentage(self.score_sum, self.max_score_sum)

"""A test-wise guesser: it knows nothing of the subject and answers by position, by length
and by cue words. A single-choice strategy names the options it would still consider and
picks one of them at random, so it scores 1/len(candidates) when the correct option is among
them. A multiple-choice strategy ticks one set of options and scores only if that set is
exactly right (all or nothing). Chance is 1/n for single choice and 1/(2^n - 1), one of all
non-empty sets of options, for multiple choice."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import ceil

from awareness.content.quizdesign import Item, words

# Words a test-wise reader takes as a sign of a wrong option, and of a right one: the cue
# words of content/README.md (the rules writers know), the action verbs in all their forms.
SUSPECT = {"want", "omdat", "dan", "dus", "nooit", "altijd", "alles", "niets", "alleen",
           "gewoon", "zeker", "toch", "maar", "misschien"}
PROMISING = {"meld", "meldt", "melden", "bel", "belt", "bellen", "check", "checkt", "checken",
             "controleer", "controleert", "controleren"}

Single = Callable[[Item], list[int]]  # the candidate positions (0-based)
Multiple = Callable[[Item], frozenset[int]]  # the positions it ticks


def lengths(item: Item) -> list[int]:
    return [len(o.text["nl"]) for o in item.options]


def by_rank(rank: int, longest: bool) -> Single:
    """Options at this length rank (1 = longest or shortest); ties all count."""
    def pick(item: Item) -> list[int]:
        distinct = sorted(set(lengths(item)), reverse=longest)
        target = distinct[min(rank, len(distinct)) - 1]
        return [i for i, n in enumerate(lengths(item)) if n == target]
    return pick


def at(position: int) -> Single:
    return lambda item: [min(position, item.size) - 1]


def with_words(cues: set[str], keep: bool) -> Single:
    """Keep (or drop) the options with a cue word; if that leaves none, keep them all."""
    def pick(item: Item) -> list[int]:
        chosen = [i for i, o in enumerate(item.options) if bool(words(o) & cues) == keep]
        return chosen or list(range(item.size))
    return pick


def reviewer(item: Item) -> list[int]:
    """The content review's script: prefer action verbs, drop suspect words, drop the longest."""
    options = with_words(PROMISING, True)(item)
    options = [i for i in options if not words(item.options[i]) & SUSPECT] or options
    longest = max(lengths(item)[i] for i in options)
    return [i for i in options if lengths(item)[i] != longest] or options


SINGLE: dict[str, Single] = {
    **{f"always option {k}": at(k) for k in range(1, 4)},
    "always the last option": lambda item: [item.size - 1],
    "the longest option": by_rank(1, longest=True),
    "the shortest option": by_rank(1, longest=False),
    "the second-longest option": by_rank(2, longest=True),
    "the second-shortest option": by_rank(2, longest=False),
    "drop suspect words": with_words(SUSPECT, False),
    "prefer action verbs": with_words(PROMISING, True),
    "prefer suspect words": with_words(SUSPECT, True),
    "the review's script": reviewer,
}

MULTIPLE: dict[str, Multiple] = {
    "all but the last": lambda item: frozenset(range(item.size - 1)),
    "all but the first": lambda item: frozenset(range(1, item.size)),
    "the first half": lambda item: frozenset(range(ceil(item.size / 2))),
    "the last half": lambda item: frozenset(range(item.size // 2, item.size)),
    "the first two": lambda item: frozenset({0, 1}),
    "the longer half": lambda item: frozenset(
        sorted(range(item.size), key=lambda i: -lengths(item)[i])[:ceil(item.size / 2)]),
    "no suspect words": lambda item: frozenset(with_words(SUSPECT, False)(item)),
    "the action verbs": lambda item: frozenset(with_words(PROMISING, True)(item)),
}


def single_score(strategy: Single, item: Item) -> float:
    candidates = set(strategy(item))
    return 1 / len(candidates) if item.correct_positions[0] - 1 in candidates else 0.0


def multiple_score(strategy: Multiple, item: Item) -> float:
    return float(strategy(item) == frozenset(p - 1 for p in item.correct_positions))


def chance(item: Item) -> float:
    return 1 / item.size if item.kind == "single" else 1 / (2 ** item.size - 1)


@dataclass(frozen=True)
class Outcome:
    """The best strategies' mean score over a set, against chance (both 0-1)."""
    questions: int
    score: float
    chance: float
    single_score: float
    single_chance: float
    table: tuple[tuple[str, float], ...]

    @property
    def advantage(self) -> float:
        return self.score - self.chance

    @property
    def single_advantage(self) -> float:
        return self.single_score - self.single_chance

    def report(self) -> str:
        rows = "\n".join(f"  {score:6.1%}  {name}" for name, score in self.table)
        return (f"{self.questions} questions: best guesser {self.score:.1%} against chance "
                f"{self.chance:.1%}; single choice {self.single_score:.1%} against "
                f"{self.single_chance:.1%}. Per strategy (mean over its kind):\n{rows}")


def guess(items: Sequence[Item]) -> Outcome:
    """Try every strategy; the guesser keeps the best one for each kind of question."""
    single = [i for i in items if i.kind == "single"]
    multiple = [i for i in items if i.kind == "multiple"]
    table = {f"single: {name}": _mean([single_score(s, i) for i in single])
             for name, s in SINGLE.items()} if single else {}
    table |= {f"multiple: {name}": _mean([multiple_score(s, i) for i in multiple])
              for name, s in MULTIPLE.items()} if multiple else {}
    best_single = max((v for k, v in table.items() if k.startswith("single")), default=0.0)
    best_multiple = max((v for k, v in table.items() if k.startswith("multiple")), default=0.0)
    total = best_single * len(single) + best_multiple * len(multiple)
    return Outcome(
        questions=len(items), score=total / len(items), chance=_mean([chance(i) for i in items]),
        single_score=best_single, single_chance=_mean([chance(i) for i in single]),
        table=tuple(sorted(table.items(), key=lambda row: -row[1])),
    )


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0

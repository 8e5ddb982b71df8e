"""The quiz-design rules (content/README.md, "Quiz design"): the layout of a quiz must not
give its answers away. Pure functions over a loaded Library; each problem names the file and
line of a question (or option) that shows the pattern. Thresholds are calibrated on the content
review of issue 13 and explained in the README."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from math import comb

from awareness.content.chance import at_least, at_most
from awareness.content.schema import Library, ModuleSpec, OptionSpec, Problem

MIN_OPTIONS = {"single": 3, "multiple": 4}
MIN_WRONG_MULTIPLE = 2
# From this many questions a share limit holds on its own; in smaller sets a share over the
# limit is an error only if chance explains it less than SMALL_SET_ALPHA of the time.
LARGE_SET = 10
SMALL_SET_ALPHA = 0.01
POSITION_LIMIT = 0.40     # no position holds more than 40 % of the correct answers
LAST_ALPHA = 0.05         # the last position is not favoured beyond chance
MULTIPLE_ORDER_ALPHA = 0.01
MULTIPLE_VARIETY_MIN = 4  # an audience with this many multiple-choice questions varies the count
EXTREME_LIMIT = 0.35      # the correct option is the longest / the shortest
RANK_LIMIT = 0.45         # the correct option sits at one middle length rank
CUE_ONE_SIDED = 4         # a cue word in this many options of one side and none of the other
CUE_ALPHA = 0.001         # or split so unevenly that chance explains it less often than this
CUE_WORDS = (
    "want", "omdat", "dan", "dus",                                          # justifications
    "nooit", "altijd", "alles", "niets", "alleen", "gewoon", "zeker",       # absolutes
    "toch", "maar", "misschien",                                            # hedges
    "meld", "melden", "bel", "check", "controleer",                         # action verbs
)
WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Item:
    """One question as the design rules see it."""
    label: str
    kind: str
    options: tuple[OptionSpec, ...]
    path: str
    line: int | None

    @property
    def size(self) -> int:
        return len(self.options)

    @property
    def correct_positions(self) -> tuple[int, ...]:
        return tuple(n for n, o in enumerate(self.options, start=1) if o.correct)


@dataclass(frozen=True)
class QuizSet:
    name: str
    items: tuple[Item, ...]
    audience: bool = False  # all quizzes of one audience: the variety rule applies


def design_problems(library: Library) -> list[Problem]:
    """Every quiz-design problem in the library: per question, then per set."""
    sets = quiz_sets(library)
    # Each question once (the audience sets repeat the module sets' questions).
    items = {(i.path, i.line, i.label): i for quiz_set in sets for i in quiz_set.items}
    problems = [p for item in items.values() for p in option_count_problems(item)]
    for quiz_set in sets:
        problems += position_problems(quiz_set)
        problems += length_problems(quiz_set)
        problems += cue_word_problems(quiz_set)
        if quiz_set.audience:
            problems += variety_problems(quiz_set)
    return problems


def module_items(module: ModuleSpec) -> tuple[Item, ...]:
    return tuple(Item(f"{module.audience}/{module.slug} {q.key}", q.kind, q.options,
                      q.path or module.slug, q.line) for q in module.questions)


def bank_items(library: Library) -> tuple[Item, ...]:
    """The staff bank in file order (all single choice)."""
    return tuple(Item(q.key, "single", q.options, q.path or q.topic, q.line)
                 for q in sorted(library.bank.values(), key=lambda q: (q.path or "", q.line or 0)))


def quiz_sets(library: Library) -> list[QuizSet]:
    """Each module's quiz, each audience's quizzes together, and the whole staff bank."""
    sets: list[QuizSet] = []
    by_audience: dict[str, list[QuizSet]] = {}
    for module in sorted(library.modules.values(), key=lambda m: (m.audience, m.slug)):
        by_audience.setdefault(module.audience, []).append(QuizSet(
            f"quiz {module.audience}/{module.slug}", module_items(module)))
    for audience, modules in by_audience.items():
        if len(modules) == 1:
            sets.append(QuizSet(modules[0].name, modules[0].items, audience=True))
            continue
        sets += modules
        sets.append(QuizSet(f"all {audience} quizzes", tuple(
            item for m in modules for item in m.items), audience=True))
    bank = bank_items(library)
    if bank:
        sets.append(QuizSet("the staff question bank", bank))
    return sets


def option_count_problems(item: Item) -> list[Problem]:
    """Two options make a coin toss; one wrong option in a multiple-choice question makes
    'tick all but one' a winning strategy."""
    problems = []
    low = MIN_OPTIONS[item.kind]
    if item.size < low:
        kind = "single-choice" if item.kind == "single" else "multiple-choice"
        problems.append(Problem(item.path, item.line, f"a {kind} question needs at least "
                                f"{low} options, found {item.size}"))
    wrong = item.size - len(item.correct_positions)
    if item.kind == "multiple" and wrong < MIN_WRONG_MULTIPLE:
        problems.append(Problem(item.path, item.line, f"a multiple-choice question needs at "
                                f"least {MIN_WRONG_MULTIPLE} wrong options, found {wrong}"))
    return problems


# --- patterns over a set ---------------------------------------------------------------------

@dataclass(frozen=True)
class Tally:
    """How often a pattern holds in a set, against how often chance alone would make it."""
    hits: tuple[Item, ...]
    chances: tuple[float, ...]

    @property
    def share(self) -> float:
        return len(self.hits) / len(self.chances) if self.chances else 0.0

    @property
    def expected(self) -> float:
        return sum(self.chances) / len(self.chances) if self.chances else 0.0

    def p_value(self) -> float:
        return at_least(len(self.hits), self.chances)

    def over(self, limit: float) -> bool:
        """Over the share limit, and (in a small set) too often to be chance."""
        if not self.hits or self.share <= limit:
            return False
        return len(self.chances) >= LARGE_SET or self.p_value() < SMALL_SET_ALPHA

    def unlikely(self, alpha: float) -> bool:
        return bool(self.hits) and len(self.hits) > sum(self.chances) and self.p_value() < alpha


def tally(items: Sequence[Item], hit: Callable[[Item], bool],
          chance: Callable[[Item], float]) -> Tally:
    return Tally(tuple(i for i in items if hit(i)), tuple(chance(i) for i in items))


def _report(quiz_set: QuizSet, found: Tally, what: str, noun: str, limit: float | None
            ) -> Problem:
    first = found.hits[0]
    rule = f"the limit is {limit:.0%}, " if limit is not None else ""
    # Where chance decides (small sets, rules without a limit), say how unlikely it is.
    odds = (f", {found.p_value():.2g} likely by chance"
            if limit is None or len(found.chances) < LARGE_SET else "")
    message = (f"{quiz_set.name}: {what} in {len(found.hits)} of {len(found.chances)} {noun} "
               f"({found.share:.0%}; {rule}chance alone gives {found.expected:.0%}{odds}); "
               f"first: {first.label}")
    return Problem(first.path, first.line, message)


def position_problems(quiz_set: QuizSet) -> list[Problem]:
    """Where the correct option stands: single choice by position, multiple choice by
    whether the correct options form a block at the start or the end."""
    single = [i for i in quiz_set.items if i.kind == "single"]
    problems = []
    for k in range(1, max((i.size for i in single), default=0) + 1):
        found = Tally(tuple(i for i in single if i.correct_positions == (k,)),
                      tuple(1 / i.size if i.size >= k else 0.0 for i in single))
        if found.over(POSITION_LIMIT):
            problems.append(_report(quiz_set, found, f"the correct option is at position {k}",
                                    "single-choice questions", POSITION_LIMIT))
    last = tally(single, lambda i: i.correct_positions == (i.size,), lambda i: 1 / i.size)
    alpha = LAST_ALPHA if len(single) >= LARGE_SET else SMALL_SET_ALPHA
    if not problems and last.unlikely(alpha):
        problems.append(_report(quiz_set, last, "the correct option is the last one",
                                "single-choice questions", None))
    return problems + _block_problems(quiz_set)


def _block_problems(quiz_set: QuizSet) -> list[Problem]:
    multiple = [i for i in quiz_set.items if i.kind == "multiple"]
    problems = []
    for where, block in (("first", _correct_first), ("last", _correct_last)):
        found = tally(multiple, block, lambda i: 1 / comb(i.size, len(i.correct_positions)))
        if found.unlikely(MULTIPLE_ORDER_ALPHA):
            problems.append(_report(quiz_set, found, f"the correct options come {where}",
                                    "multiple-choice questions", None))
    return problems


def _correct_first(item: Item) -> bool:
    return item.correct_positions == tuple(range(1, len(item.correct_positions) + 1))


def _correct_last(item: Item) -> bool:
    count = len(item.correct_positions)
    return item.correct_positions == tuple(range(item.size - count + 1, item.size + 1))


def variety_problems(quiz_set: QuizSet) -> list[Problem]:
    """Multiple-choice questions that always have the same number of correct options teach
    the reader how many to tick."""
    multiple = [i for i in quiz_set.items if i.kind == "multiple"]
    counts = {len(i.correct_positions) for i in multiple}
    if len(multiple) < MULTIPLE_VARIETY_MIN or len(counts) > 1:
        return []
    first = multiple[0]
    return [Problem(first.path, first.line, f"{quiz_set.name}: all {len(multiple)} "
                    f"multiple-choice questions have {counts.pop()} correct options; vary it")]


# --- length ----------------------------------------------------------------------------------

def length_rank(item: Item, from_top: bool) -> int | None:
    """1 for the longest (from_top) or shortest option; None when another option has the
    same length, which tells a reader nothing."""
    lengths = [len(o.text["nl"]) for o in item.options]
    mine = lengths[item.correct_positions[0] - 1]
    if lengths.count(mine) > 1:
        return None
    return 1 + sum((n > mine) if from_top else (n < mine) for n in lengths)


def length_problems(quiz_set: QuizSet) -> list[Problem]:
    single = [i for i in quiz_set.items if i.kind == "single"]
    problems, seen = [], set()
    for label, from_top, rank, limit in _length_patterns(single):
        found = Tally(tuple(i for i in single
                            if _has_rank(i, rank) and length_rank(i, from_top) == rank),
                      tuple(1 / i.size if _has_rank(i, rank) else 0.0 for i in single))
        labels = tuple(i.label for i in found.hits)
        if labels in seen or not found.over(limit):
            continue
        seen.add(labels)
        problems.append(_report(quiz_set, found, f"the correct option is {label}",
                                "single-choice questions", limit))
    return problems


def _has_rank(item: Item, rank: int) -> bool:
    """Rank 1 is an end; a higher rank counts only where it lies strictly in the middle."""
    return rank == 1 or item.size > rank


def _length_patterns(items: Sequence[Item]) -> Iterator[tuple[str, bool, int, float]]:
    """The longest and shortest, then each middle rank counted from either end."""
    yield "the longest", True, 1, EXTREME_LIMIT
    yield "the shortest", False, 1, EXTREME_LIMIT
    names = {2: "second", 3: "third", 4: "fourth"}
    for rank in range(2, max((i.size for i in items), default=0)):
        for from_top, end in ((True, "longest"), (False, "shortest")):
            yield f"the {names.get(rank, str(rank))}-{end}", from_top, rank, RANK_LIMIT


# --- cue words -------------------------------------------------------------------------------

def words(option: OptionSpec) -> set[str]:
    return set(WORD.findall(option.text["nl"].casefold()))


def cue_word_problems(quiz_set: QuizSet) -> list[Problem]:
    """A cue word found on one side only (the README's rule), or split between right and
    wrong options so unevenly that chance does not explain it."""
    options = [(item, o, words(o)) for item in quiz_set.items for o in item.options]
    base = sum(o.correct for _, o, _ in options) / len(options) if options else 0.0
    problems = []
    for word in CUE_WORDS:
        right = [(i, o) for i, o, w in options if word in w and o.correct]
        wrong = [(i, o) for i, o, w in options if word in w and not o.correct]
        chances = [base] * (len(right) + len(wrong))
        one_sided = max(len(right), len(wrong)) >= CUE_ONE_SIDED and not (right and wrong)
        skewed = min(at_most(len(right), chances), at_least(len(right), chances)) < CUE_ALPHA
        if one_sided or skewed:
            heavy = right if len(right) * (1 - base) > len(wrong) * base else wrong
            item, option = heavy[0]
            problems.append(Problem(item.path, option.line or item.line, (
                f"{quiz_set.name}: the cue word {word!r} is in {len(right)} correct and "
                f"{len(wrong)} wrong options (chance alone puts {base:.0%} of them in "
                f"correct ones); first: {item.label}. Use it on both sides, or rephrase")))
    return problems

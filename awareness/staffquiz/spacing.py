"""Personal spaced repetition, as a pure function of one person's history and the bank.

Every round a person gets exactly one question:
1. a question they answered wrong or left unanswered comes back the next round;
2. else a question they answered right comes back two rounds later (about 28 days); a second
   right answer in a row retires it for them;
3. else a question they were never asked, from the topic they met longest ago (topics rotate,
   so nobody gets three of one topic in a row through new questions);
4. only when the bank holds nothing new for them: the question they met longest ago.
Within 1 and 2 the repeat that fell due first goes first (then the one asked first). Wrong and
unanswered come before right: "next round" is a promise, "after two rounds" an approximation,
and at most one wrong-or-unanswered repeat can be due at a time (one question per round), so
it is always kept. A question whose round is still open and unanswered is neither repeated nor
asked anew. Questions retired from the bank or switched off are never chosen."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from awareness.staffquiz.questions import Candidate, EmptyBankError

RIGHT, WRONG, UNANSWERED, OPEN = "right", "wrong", "unanswered", "open"
OUTCOMES = (RIGHT, WRONG, UNANSWERED, OPEN)
ROUNDS_AFTER_WRONG = 1
ROUNDS_AFTER_RIGHT = 2
RIGHTS_TO_RETIRE = 2
REPEAT, NEW, REFRESH = "repeat", "new", "refresh"


class Asked(NamedTuple):
    """One earlier delivery to the person (in any mode). `outcome`: RIGHT, WRONG, UNANSWERED
    (the round closed without an answer) or OPEN (its round is still open, no answer yet).
    A tuple: a round for 20,000 people reads a quarter of a million of them."""

    round_number: int
    key: str
    topic: str
    outcome: str


@dataclass(frozen=True, slots=True)
class Track:
    """One question's state for one person, from their deliveries of it."""

    key: str
    first_round: int
    last_round: int
    last_outcome: str
    rights_in_a_row: int

    @property
    def retired(self) -> bool:
        return self.rights_in_a_row >= RIGHTS_TO_RETIRE

    @property
    def due_round(self) -> int | None:
        """The round from which it should come back; None while open or once retired."""
        if self.last_outcome == OPEN or self.retired:
            return None
        gap = ROUNDS_AFTER_RIGHT if self.last_outcome == RIGHT else ROUNDS_AFTER_WRONG
        return self.last_round + gap


@dataclass(frozen=True, slots=True)
class Pick:
    candidate: Candidate
    reason: str  # REPEAT, NEW or REFRESH


def tracks(history: Sequence[Asked]) -> dict[str, Track]:
    """Each question's state after `history` (oldest first)."""
    first: dict[str, int] = {}
    last: dict[str, Asked] = {}
    streak: dict[str, int] = {}
    for asked in history:
        key = asked.key
        first.setdefault(key, asked.round_number)
        last[key] = asked
        streak[key] = streak.get(key, 0) + 1 if asked.outcome == RIGHT else 0
    return {key: Track(key, first[key], a.round_number, a.outcome, streak[key])
            for key, a in last.items()}


class Bank:
    """The candidates of one organisation, indexed once per round (shared by everyone)."""

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        if not candidates:
            raise EmptyBankError("no question available")
        self.by_key = {c.key: c for c in candidates}
        topics: dict[str, list[Candidate]] = {}
        for candidate in sorted(candidates, key=lambda c: (c.order, c.key)):
            topics.setdefault(candidate.topic, []).append(candidate)
        self.by_topic = topics
        self.topic_rank = {t: (topics[t][0].topic_position, t) for t in topics}


def choose_for_person(history: Sequence[Asked], bank: Bank, round_number: int) -> Pick:
    """The one question for this person in round `round_number`; `history` oldest first."""
    state = tracks(history)
    due = _due(state, bank, round_number)
    if due is not None:
        return Pick(bank.by_key[due.key], REPEAT)
    fresh = _fresh(history, state, bank)
    if fresh is not None:
        return Pick(fresh, NEW)
    return Pick(_refresher(state, bank), REFRESH)


def _due(state: dict[str, Track], bank: Bank, round_number: int) -> Track | None:
    best: tuple[tuple[int, int, int, int, str], Track] | None = None
    for track in state.values():
        due = track.due_round
        if due is None or due > round_number or track.key not in bank.by_key:
            continue
        after_right = 1 if track.last_outcome == RIGHT else 0
        rank = (after_right, due, track.last_round, track.first_round, track.key)
        if best is None or rank < best[0]:
            best = (rank, track)
    return best[1] if best else None


def _fresh(history: Sequence[Asked], state: dict[str, Track], bank: Bank) -> Candidate | None:
    last_met = {asked.topic: asked.round_number for asked in history}
    for topic in sorted(bank.by_topic, key=lambda t: (last_met.get(t, -1), bank.topic_rank[t])):
        for candidate in bank.by_topic[topic]:
            if candidate.key not in state:
                return candidate
    return None


def _refresher(state: dict[str, Track], bank: Bank) -> Candidate:
    # Everything was asked: the question met longest ago, one still open only if nothing else.
    def rank(c: Candidate) -> tuple[bool, int, int, str]:
        track = state[c.key]
        return (track.last_outcome == OPEN, track.last_round, c.order, c.key)

    return min(bank.by_key.values(), key=rank)

"""How colleagues answered the same question: percent per option over the whole organisation
(never per department), shown on a staff member's result page.

Temporal differencing is what this must resist: someone reloading the page as colleagues
answer would otherwise see each new answer arrive. So the figure counts only answers from
rounds that have closed and settled (an hour, as for the coordinator's figures), and releases
them in batches: rounds are taken in the order they closed, and a batch is cut only once it
holds at least k answers. Two moments ever differ by whole batches of at least k answers,
whose rounds closed at a time the reader did not choose. The figure is the same for everyone
in the organisation (it includes everyone's answers, the reader's own too), so comparing two
people's pages reveals nothing either. It is shown only when the released answers hold at
least k besides any one person's own: a person answers a round at most once (one delivery
per person and round), so "k more than the number of released rounds" bounds every reader's
own answers at once, and whether the figure shows is the same for everyone too. Old rounds are
read from their tally, so deleting answers after the retention period changes nothing.

Since nothing in it depends on the reader, the figure is kept per organisation, question
version and k for COLLEAGUES_CACHE_SECONDS (`ColleagueCache`): every result page of a busy
morning would otherwise read the same rows again, and the rows change only when a round
settles. A kept figure is one that was released, so keeping it a minute longer releases
nothing early."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from awareness.extensions import autocommit_connection
from awareness.reports.aggregates import SETTLE
from awareness.reports.models import RoundTally, TalliedRound
from awareness.reports.privacy import effective_threshold
from awareness.staffquiz.models import Answer, Delivery, Round

# A round's answers count here once it closed and settled, as for the coordinator's figures
# (reports.privacy.answers_final): "settled" is bound to now - SETTLE.
_CLOSED = sa.or_(Round.closes_at <= sa.bindparam("settled"),
                 Round.closed_at <= sa.bindparam("settled"))
_OF_ORGANISATION = Round.organisation_id == sa.bindparam("organisation_id")
_QUESTION: sa.BindParameter[int] = sa.bindparam("question_id", type_=sa.Integer())
_tallied = sa.select(TalliedRound.round_id).where(TalliedRound.round_id == Round.id)

# (round, closing moment, option, answers)
_ANSWERS: sa.CompoundSelect[*tuple[Any, ...]] = sa.union_all(
    sa.select(Round.id, Round.closes_at, Answer.option_key, sa.func.count())
    .select_from(Delivery).join(Answer, Answer.delivery_id == Delivery.id)
    .join(Round, Round.id == Delivery.round_id)
    .where(Delivery.question_id == _QUESTION, _OF_ORGANISATION, _CLOSED, ~_tallied.exists())
    .group_by(Round.id, Round.closes_at, Answer.option_key),
    sa.select(Round.id, Round.closes_at, RoundTally.option_key,
              sa.cast(sa.func.sum(RoundTally.deliveries), sa.Integer))
    .join(Round, Round.id == RoundTally.round_id)
    .where(RoundTally.question_id == _QUESTION, RoundTally.option_key.is_not(None),
           _OF_ORGANISATION, _CLOSED)
    .group_by(Round.id, Round.closes_at, RoundTally.option_key),
)

Row = tuple[int, datetime, str, int]


@dataclass(frozen=True)
class ColleagueAnswers:
    answered: int  # answers in the released batches
    shares: dict[str, float]  # option key -> percent of those answers
    shown: bool
    threshold: int  # k

    def share(self, key: str) -> float:
        return self.shares.get(key, 0.0)


def released(rows: Iterable[Row], k: int) -> tuple[dict[str, int], int]:
    """Pure: per option, the answers of the released batches, and how many rounds those
    batches hold. Rounds in the order they closed; a batch is released once it holds k."""
    per_round: dict[tuple[datetime, int], dict[str, int]] = defaultdict(dict)
    for round_id, closes_at, option, count in rows:
        answers = per_round[(closes_at, round_id)]
        answers[option] = answers.get(option, 0) + int(count)
    total: dict[str, int] = {}
    batch: dict[str, int] = {}
    rounds = batch_rounds = 0
    for moment in sorted(per_round):
        for option, count in per_round[moment].items():
            batch[option] = batch.get(option, 0) + count
        batch_rounds += 1
        if sum(batch.values()) >= k:
            for option, count in batch.items():
                total[option] = total.get(option, 0) + count
            rounds, batch, batch_rounds = rounds + batch_rounds, {}, 0
    return total, rounds


class ColleagueCache:
    """Figures by (organisation, question version, k), each kept for `seconds` from the moment
    it was read (on the app's clock, so a test that moves the clock reads again). Full, it
    starts over: a deployment has a few hundred questions per organisation."""

    def __init__(self, seconds: float, max_entries: int = 4096) -> None:
        self.keep, self.max_entries = timedelta(seconds=seconds), max_entries
        self._entries: dict[tuple[int, int, int], tuple[datetime, ColleagueAnswers]] = {}

    def get(self, key: tuple[int, int, int], now: datetime) -> ColleagueAnswers | None:
        entry = self._entries.get(key)
        if entry is None or not entry[0] <= now < entry[0] + self.keep:
            return None
        return entry[1]

    def put(self, key: tuple[int, int, int], now: datetime, figure: ColleagueAnswers) -> None:
        if len(self._entries) >= self.max_entries:
            self._entries = {}
        self._entries[key] = (now, figure)


def colleague_answers(organisation_id: int, question_id: int, threshold: int, now: datetime,
                      cache: ColleagueCache | None = None) -> ColleagueAnswers:
    """The organisation's released answers to this question version; `threshold` is the
    organisation's privacy threshold k."""
    k = effective_threshold(threshold)
    key = (organisation_id, question_id, k)
    kept = cache.get(key, now) if cache is not None else None
    if kept is not None:
        return kept
    with autocommit_connection() as conn:
        rows = conn.execute(_ANSWERS, {"organisation_id": organisation_id,
                                       "settled": now - SETTLE,
                                       "question_id": question_id}).all()
    counts, rounds = released([tuple(row) for row in rows], k)
    answered = sum(counts.values())
    figure = ColleagueAnswers(answered, {}, False, k)
    if answered - rounds >= k:
        figure = ColleagueAnswers(answered, {option: round(100 * n / answered, 1)
                                             for option, n in counts.items()}, True, k)
    if cache is not None:
        cache.put(key, now, figure)
    return figure

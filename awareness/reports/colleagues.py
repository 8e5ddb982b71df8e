"""How colleagues answered the same question: percent per option over the whole organisation
(never per department), shown on a staff member's result page.

Temporal differencing is what this must resist: someone reloading the page as colleagues
answer would otherwise see each new answer arrive. So the figure counts only answers from
rounds that have closed and settled (an hour, as for the coordinator's figures), and releases
them in batches: rounds are taken in the order they closed, and a batch is cut only once it
holds at least k answers. Two moments ever differ by whole batches of at least k answers,
whose rounds closed at a time the reader did not choose. The figure is the same for everyone
in the organisation (it includes everyone's answers, the reader's own too), so comparing two
people's pages reveals nothing either; it is shown to a reader only when the released answers
hold at least k besides their own. Old rounds are read from their tally, so deleting answers
after the retention period changes nothing."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
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

# (round, closing moment, option or None, answers, the reader's own answers)
_ANSWERS: sa.CompoundSelect[*tuple[Any, ...]] = sa.union_all(
    sa.select(Round.id, Round.closes_at, Answer.option_key, sa.func.count(), sa.literal(0))
    .select_from(Delivery).join(Answer, Answer.delivery_id == Delivery.id)
    .join(Round, Round.id == Delivery.round_id)
    .where(Delivery.question_id == _QUESTION, _OF_ORGANISATION, _CLOSED, ~_tallied.exists())
    .group_by(Round.id, Round.closes_at, Answer.option_key),
    sa.select(Round.id, Round.closes_at, RoundTally.option_key,
              sa.cast(sa.func.sum(RoundTally.deliveries), sa.Integer), sa.literal(0))
    .join(Round, Round.id == RoundTally.round_id)
    .where(RoundTally.question_id == _QUESTION, RoundTally.option_key.is_not(None),
           _OF_ORGANISATION, _CLOSED)
    .group_by(Round.id, Round.closes_at, RoundTally.option_key),
    sa.select(Round.id, Round.closes_at, sa.null(), sa.literal(0), sa.func.count())
    .select_from(Delivery).join(Answer, Answer.delivery_id == Delivery.id)
    .join(Round, Round.id == Delivery.round_id)
    .where(Delivery.question_id == _QUESTION, _OF_ORGANISATION, _CLOSED,
           Delivery.staff_member_id == sa.bindparam("staff_member_id"))
    .group_by(Round.id, Round.closes_at),
)

Row = tuple[int, datetime, str | None, int, int]


@dataclass(frozen=True)
class ColleagueAnswers:
    answered: int  # answers in the released batches, the reader's own included
    shares: dict[str, float]  # option key -> percent of those answers
    shown: bool
    threshold: int  # k

    def share(self, key: str) -> float:
        return self.shares.get(key, 0.0)


def released(rows: Iterable[Row], k: int) -> tuple[dict[str, int], int]:
    """Pure: per option, the answers of the released batches, and how many of those are the
    reader's own. Rounds in the order they closed; a batch is released once it holds k."""
    per_round: dict[tuple[datetime, int], dict[str, int]] = defaultdict(dict)
    mine: dict[tuple[datetime, int], int] = defaultdict(int)
    for round_id, closes_at, option, count, own in rows:
        moment = (closes_at, round_id)
        if option is not None:
            per_round[moment][option] = per_round[moment].get(option, 0) + int(count)
        mine[moment] += int(own)
    total: dict[str, int] = {}
    batch: dict[str, int] = {}
    own_total = own_batch = 0
    for moment in sorted(per_round):
        for option, count in per_round[moment].items():
            batch[option] = batch.get(option, 0) + count
        own_batch += mine[moment]
        if sum(batch.values()) >= k:
            for option, count in batch.items():
                total[option] = total.get(option, 0) + count
            own_total, batch, own_batch = own_total + own_batch, {}, 0
    return total, own_total


def colleague_answers(organisation_id: int, question_id: int, staff_member_id: int,
                      threshold: int, now: datetime) -> ColleagueAnswers:
    """The organisation's released answers to this question version, for this reader;
    `threshold` is the organisation's privacy threshold k."""
    k = effective_threshold(threshold)
    with autocommit_connection() as conn:
        rows = conn.execute(_ANSWERS, {"organisation_id": organisation_id,
                                       "settled": now - SETTLE,
                                       "question_id": question_id,
                                       "staff_member_id": staff_member_id}).all()
    counts, own = released([tuple(row) for row in rows], k)
    answered = sum(counts.values())
    if answered - own < k:
        return ColleagueAnswers(answered, {}, False, k)
    return ColleagueAnswers(answered, {key: round(100 * n / answered, 1)
                                       for key, n in counts.items()}, True, k)

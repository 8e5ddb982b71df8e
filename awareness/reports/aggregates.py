"""Tallies: a round's deliveries counted per department and option into round_tally, after
which reports read the tally and retention may delete the answers. Helpers here never commit;
the caller (the retention job, or the round-closing service) owns the transaction."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from awareness.extensions import db
from awareness.reports.facts import live_round_facts
from awareness.reports.models import RoundTally, TalliedRound
from awareness.staffquiz.models import Round

# A round is tallied a while after it closed, so an answer confirmed at the last second of
# the window (in a transaction still running) is not missed.
SETTLE = timedelta(hours=1)
TALLY_COLUMNS = ["round_id", "department_id", "option_key", "correct", "deliveries",
                 "seconds_sum", "seconds_count", "question_id"]


def tally_round(round_id: int) -> bool:
    """Count a round into round_tally, once. Returns False when it was already tallied."""
    if db.session.get(TalliedRound, round_id) is not None:
        return False
    db.session.execute(sa.insert(RoundTally).from_select(TALLY_COLUMNS,
                                                         live_round_facts([round_id])))
    db.session.add(TalliedRound(round_id=round_id))
    db.session.flush()
    return True


def rounds_to_tally(now: datetime) -> list[int]:
    settled = now - SETTLE
    query = (
        sa.select(Round.id)
        .outerjoin(TalliedRound, TalliedRound.round_id == Round.id)
        .where(TalliedRound.round_id.is_(None),
               sa.or_(Round.closes_at <= settled, Round.closed_at <= settled))
        .order_by(Round.id)
    )
    return list(db.session.scalars(query))


def tally_closed_rounds(now: datetime) -> int:
    return sum(tally_round(round_id) for round_id in rounds_to_tally(now))

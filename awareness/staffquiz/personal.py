"""Reading everyone's history for a personal round and choosing each person's question with
the pure spacing rules. One query for the whole organisation's history, so a round for 20,000
people with a year of history is chosen in about a second."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from awareness.extensions import db
from awareness.staffquiz.models import Answer, Delivery, QuestionVersion, Round
from awareness.staffquiz.questions import candidates_for
from awareness.staffquiz.spacing import (
    OPEN,
    RIGHT,
    UNANSWERED,
    WRONG,
    Asked,
    Bank,
    Pick,
    choose_for_person,
)

# Plain integers per row (no timestamps to convert, no strings to copy): a round for 20,000
# people with a year of history reads a quarter of a million rows.
_HISTORY = (
    sa.select(Delivery.staff_member_id, Round.number, Delivery.question_id, Answer.correct)
    .join(Round, Round.id == Delivery.round_id)
    .outerjoin(Answer, Answer.delivery_id == Delivery.id)
    .where(Round.organisation_id == sa.bindparam("organisation_id"),
           Delivery.staff_member_id.is_not(None))
    .order_by(Round.number)
)
_ROUNDS = sa.select(Round.number, Round.closes_at, Round.closed_at).where(
    Round.organisation_id == sa.bindparam("organisation_id"))
_VERSIONS = sa.select(QuestionVersion.id, QuestionVersion.key, QuestionVersion.topic)


def outcome(correct: bool | None, closes_at: datetime, closed_at: datetime | None,
            now: datetime) -> str:
    if correct is not None:
        return RIGHT if correct else WRONG
    return UNANSWERED if closed_at is not None or closes_at <= now else OPEN


def histories(organisation_id: int, now: datetime) -> dict[int, list[Asked]]:
    """Every staff member's deliveries in the organisation, oldest first, as of `now`."""
    conn = db.session.connection()
    params = {"organisation_id": organisation_id}
    unanswered = {number: outcome(None, closes_at, closed_at, now)
                  for number, closes_at, closed_at in conn.execute(_ROUNDS, params)}
    versions = {id_: (key, topic) for id_, key, topic in conn.execute(_VERSIONS)}
    result: dict[int, list[Asked]] = defaultdict(list)
    # staff_member_id IS NOT NULL in the query, so every row's person is an int.
    rows: Iterable[tuple[int, int, int, bool | None]]
    rows = conn.execute(_HISTORY, params)
    for staff_id, number, question_id, correct in rows:
        key, topic = versions[question_id]
        result[staff_id].append(Asked(number, key, topic, unanswered[number] if correct is None
                                      else RIGHT if correct else WRONG))
    return result


def choose_all(organisation_id: int, round_number: int, staff_ids: Iterable[int],
               now: datetime) -> dict[int, Pick]:
    """Each person's question for round `round_number`. Raises EmptyBankError."""
    bank = Bank(candidates_for(organisation_id))
    known = histories(organisation_id, now)
    return {staff_id: choose_for_person(known.get(staff_id, ()), bank, round_number)
            for staff_id in staff_ids}

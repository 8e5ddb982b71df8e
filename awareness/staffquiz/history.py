"""A staff member's own history: their deliveries, their answers and (once answered or
closed) the explanation. Read-only; reached only through their own signed link."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from awareness.extensions import db
from awareness.organisations.models import StaffMember
from awareness.staffquiz import tokens
from awareness.staffquiz.answering import GivenAnswer, LinkNotFoundError
from awareness.staffquiz.models import Answer, Delivery, QuestionVersion, Round
from awareness.timeutil import utcnow


@dataclass(frozen=True)
class HistoryRow:
    round_number: int
    opened_at: datetime
    question: dict[str, Any]
    closed: bool
    answer: GivenAnswer | None
    answer_token: str  # to answer a round that is still open

    @property
    def show_explanation(self) -> bool:
        # Never reveal the right answer of a round someone can still answer.
        return self.answer is not None or self.closed

    def option_text(self, key: str) -> str:
        return next((o["text"] for o in self.question["options"] if o["key"] == key), key)

    @property
    def correct_text(self) -> str:
        text: str = next(o["text"] for o in self.question["options"] if o["correct"])
        return text


@dataclass(frozen=True)
class History:
    staff_member_id: int
    name: str
    rows: tuple[HistoryRow, ...]
    # While the admin has per-person lists on, staff are told so on this page.
    per_person_reports: bool = False


def staff_for_token(purpose: str, token: str) -> StaffMember:
    """The active staff member a HISTORY or INTRO link belongs to; raises LinkNotFoundError
    when the link is bad, revoked (another generation) or older than the retention period."""
    try:
        data = tokens.read(purpose, token)
    except tokens.InvalidTokenError as exc:
        raise LinkNotFoundError(token) from exc
    staff = db.session.get(StaffMember, data.id)
    if staff is None or not staff.active or staff.token_generation != data.generation:
        raise LinkNotFoundError(token)
    if data.expired(staff.organisation.retention_months, utcnow()):
        raise LinkNotFoundError(token)
    return staff


def history(token: str, now: datetime, limit: int = 100) -> History:
    staff = staff_for_token(tokens.HISTORY, token)
    rows = db.session.execute(
        sa.select(Delivery.id, QuestionVersion.question, Round,
                  Answer.option_key, Answer.correct, Answer.answered_at)
        .join(Round, Round.id == Delivery.round_id)
        .join(QuestionVersion, QuestionVersion.id == Delivery.question_id)
        .outerjoin(Answer, Answer.delivery_id == Delivery.id)
        .where(Delivery.staff_member_id == staff.id)
        .order_by(Round.opened_at.desc()).limit(limit)
    )
    sign = tokens.Signer(tokens.ANSWER)
    return History(staff.id, staff.name, tuple(
        HistoryRow(
            round_.number, round_.opened_at, question,
            round_.closed_at is not None or now >= round_.closes_at,
            GivenAnswer(option, correct, at) if option is not None else None,
            sign(delivery_id, staff.token_generation),
        )
        for delivery_id, question, round_, option, correct, at in rows
    ), staff.organisation.per_person_reports)


def history_token(staff_member_id: int, generation: int) -> str:
    return tokens.make(tokens.HISTORY, staff_member_id, generation)

"""The fortnightly staff quiz: schedule, rounds, deliveries (one per person per round) and
answers (at most one per delivery, enforced by a unique constraint)."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from awareness.dbtypes import UTCDateTime
from awareness.extensions import Model
from awareness.organisations.models import Organisation, StaffMember
from awareness.timeutil import utcnow


class QuizSchedule(Model):
    __tablename__ = "quiz_schedule"

    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(default=False)
    start_date: Mapped[date]
    weekday: Mapped[int] = mapped_column(default=1)  # 0 = Monday, as datetime.weekday()
    time_of_day: Mapped[time] = mapped_column(sa.Time, default=time(9, 0))
    interval_days: Mapped[int] = mapped_column(default=14)
    reminder_after_days: Mapped[int] = mapped_column(default=5)
    answer_window_days: Mapped[int] = mapped_column(default=14)

    organisation: Mapped[Organisation] = relationship()


class SchedulePause(Model):
    __tablename__ = "schedule_pause"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    first_day: Mapped[date]
    last_day: Mapped[date]
    label: Mapped[str] = mapped_column(sa.String(200), default="")


class QuestionSetting(Model):
    """Per-organisation switch for a bank question (absent row = enabled)."""

    __tablename__ = "question_setting"

    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    question_key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=True)


class Round(Model):
    __tablename__ = "quiz_round"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "number"),
        # A second tick for the same slot violates this and becomes a no-op.
        sa.UniqueConstraint("organisation_id", "slot_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    slot_at: Mapped[datetime] = mapped_column(UTCDateTime)
    question_key: Mapped[str] = mapped_column(sa.String(64), index=True)
    topic: Mapped[str] = mapped_column(sa.String(64))
    # What was asked, frozen: the bank may change later.
    question: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    remind_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()


class Delivery(Model):
    __tablename__ = "delivery"
    __table_args__ = (sa.UniqueConstraint("round_id", "staff_member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quiz_round.id", ondelete="CASCADE"), index=True
    )
    # NULL once the person is deleted (AVG): the anonymous counts stay.
    staff_member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_member.id", ondelete="SET NULL"), index=True
    )
    # Department at the time of the round, so reports do not shift when people move.
    department_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("department.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[Round] = relationship()
    staff_member: Mapped[StaffMember | None] = relationship()


class Answer(Model):
    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        sa.ForeignKey("delivery.id", ondelete="CASCADE"), unique=True
    )
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quiz_round.id", ondelete="CASCADE"), index=True
    )
    option_key: Mapped[str] = mapped_column(sa.String(8))
    correct: Mapped[bool]
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seconds_to_answer: Mapped[int | None]

"""The fortnightly staff quiz: schedule, rounds (the slot), deliveries (one per person per
round, each with its own question) and answers (at most one per delivery, enforced by a unique
constraint). Questions are kept as immutable versions, so history never changes with the bank."""
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


class QuestionVersion(Model):
    """A bank question exactly as it was asked. Deliveries point here; a changed question in
    the bank becomes a new version, so what someone was asked (and its options' meaning, which
    colleagues' answers count by) never changes."""

    __tablename__ = "quiz_question"
    __table_args__ = (sa.UniqueConstraint("key", "version_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64))
    topic: Mapped[str] = mapped_column(sa.String(64))
    # sha256 of the snapshot's canonical JSON (see questions.version_hash).
    version_hash: Mapped[str] = mapped_column(sa.String(64))
    question: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


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
    # The round's question in "same" mode (frozen: the bank may change later). NULL in a
    # personal round, where every delivery carries its own question.
    question_key: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    topic: Mapped[str | None] = mapped_column(sa.String(64))
    question: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    remind_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()

    @property
    def personal(self) -> bool:
        return self.question_key is None


class Delivery(Model):
    __tablename__ = "delivery"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "staff_member_id"),
        # Colleagues' answers and per-topic reports look deliveries up by question.
        sa.Index("ix_delivery_question_round", "question_id", "round_id"),
    )

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
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz_question.id"))
    # The order this person sees the options in (keys joined by commas), drawn at random
    # once, so the letters in the e-mail give nothing away and a reload shows the same order.
    # NULL: the bank's order (deliveries from before the shuffle existed).
    option_order: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[Round] = relationship()
    staff_member: Mapped[StaffMember | None] = relationship()
    asked: Mapped[QuestionVersion] = relationship()


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

"""Aggregates that reports read instead of (or beside) personal rows. A round's tally is its
answers counted per department and option; resident tallies count old progress per month.
Both exist so retention can delete the personal rows while the counts stay reportable."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from awareness.dbtypes import UTCDateTime
from awareness.extensions import Model
from awareness.timeutil import utcnow


class TalliedRound(Model):
    """Marks a round whose counts live in round_tally; reports then ignore its live rows."""

    __tablename__ = "tallied_round"

    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quiz_round.id", ondelete="CASCADE"), primary_key=True
    )
    tallied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RoundTally(Model):
    """Deliveries of one round counted per department, question and chosen option (NULL =
    no answer)."""

    __tablename__ = "round_tally"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quiz_round.id", ondelete="CASCADE"), index=True
    )
    department_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("department.id", ondelete="SET NULL"), index=True
    )
    # The question asked (a personal round asks many); NULL only in tallies from before.
    question_id: Mapped[int | None] = mapped_column(sa.ForeignKey("quiz_question.id"))
    option_key: Mapped[str | None] = mapped_column(sa.String(8))
    correct: Mapped[bool] = mapped_column(default=False)
    deliveries: Mapped[int]
    seconds_sum: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    seconds_count: Mapped[int] = mapped_column(default=0)


class ResidentTally(Model):
    """Resident activity older than the retention period, per month (UTC), municipality,
    audience and module. Several rows may share a key; reports add them up."""

    __tablename__ = "resident_tally"
    __table_args__ = (sa.Index("ix_resident_tally_month_org", "month", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(sa.Date)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL")
    )
    audience: Mapped[str] = mapped_column(sa.String(20))
    module_slug: Mapped[str] = mapped_column(sa.String(100))
    starts: Mapped[int] = mapped_column(default=0)
    completions: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    score_sum: Mapped[int] = mapped_column(default=0)
    max_score_sum: Mapped[int] = mapped_column(default=0)

"""What the checker keeps: the synced trees, and per month, municipality and outcome a count.
No answers, no paths, no times finer than a month, no learner id."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from awareness.dbtypes import UTCDateTime
from awareness.extensions import db
from awareness.timeutil import utcnow


class CheckTreeSource(db.Model):
    """A validated tree as `flask content sync` stored it: its YAML text, parsed on use."""

    __tablename__ = "check_tree"

    slug: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    source: Mapped[str] = mapped_column(sa.Text)
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckerTally(db.Model):
    """How often an outcome was reached in a month (UTC), per municipality (NULL: none
    chosen). Several rows may share a key after concurrent first counts; reports add them."""

    __tablename__ = "checker_tally"
    __table_args__ = (sa.Index("ix_checker_tally_month_org", "month", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(sa.Date)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    tree: Mapped[str] = mapped_column(sa.String(100))
    outcome: Mapped[str] = mapped_column(sa.String(100))
    count: Mapped[int] = mapped_column(default=0)

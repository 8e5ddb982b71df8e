"""Anonymous resident progress. Progress refers to content by slug + version, never by a
foreign key into reloadable content, and to a learner only by a random id."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from awareness.dbtypes import UTCDateTime
from awareness.extensions import Model
from awareness.timeutil import utcnow


class ModuleProgress(Model):
    __tablename__ = "module_progress"
    __table_args__ = (sa.UniqueConstraint("learner_id", "module_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    module_slug: Mapped[str] = mapped_column(sa.String(100))
    module_version: Mapped[int]
    audience: Mapped[str] = mapped_column(sa.String(20))
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    last_lesson: Mapped[int] = mapped_column(default=1)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    best_score: Mapped[int | None]


class Attempt(Model):
    __tablename__ = "attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    module_slug: Mapped[str] = mapped_column(sa.String(100), index=True)
    module_version: Mapped[int]
    audience: Mapped[str] = mapped_column(sa.String(20))
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    score: Mapped[int]
    max_score: Mapped[int]
    # {"question-key": ["a", "c"]}
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

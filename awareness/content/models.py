"""Content as loaded into the database. A module is immutable per (slug, version):
changed files create a new version, so stored attempts keep pointing at what they answered."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from awareness.dbtypes import UTCDateTime
from awareness.extensions import Model
from awareness.timeutil import utcnow


class Module(Model):
    __tablename__ = "module"
    __table_args__ = (
        sa.UniqueConstraint("slug", "version"),
        sa.Index("ix_module_current_audience", "is_current", "audience"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(100))
    version: Mapped[int]
    is_current: Mapped[bool] = mapped_column(default=True)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    audience: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[dict[str, str]] = mapped_column(sa.JSON)
    summary: Mapped[dict[str, str]] = mapped_column(sa.JSON)
    minutes: Mapped[int]
    level: Mapped[str] = mapped_column(sa.String(20))
    related: Mapped[list[str]] = mapped_column(sa.JSON)
    sources: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON)
    help_html: Mapped[str] = mapped_column(sa.Text)
    # Stored once per immutable version, so catalogue pages need not load every lesson.
    lesson_count: Mapped[int]
    question_count: Mapped[int]
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lessons: Mapped[list[Lesson]] = relationship(
        order_by="Lesson.position", cascade="all, delete-orphan"
    )
    questions: Mapped[list[ModuleQuestion]] = relationship(
        order_by="ModuleQuestion.position", cascade="all, delete-orphan"
    )


class Lesson(Model):
    __tablename__ = "lesson"
    __table_args__ = (sa.UniqueConstraint("module_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id", ondelete="CASCADE"))
    position: Mapped[int]
    slug: Mapped[str] = mapped_column(sa.String(100))
    title: Mapped[str] = mapped_column(sa.String(300))
    body_html: Mapped[str] = mapped_column(sa.Text)


class ModuleQuestion(Model):
    __tablename__ = "module_question"
    __table_args__ = (sa.UniqueConstraint("module_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(100))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(10))  # single | multiple
    text: Mapped[dict[str, str]] = mapped_column(sa.JSON)
    explanation: Mapped[dict[str, str]] = mapped_column(sa.JSON)
    # [{"key": "a", "text": {...}, "correct": bool, "feedback": {...} | None}]
    options: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)


class StaffTopic(Model):
    __tablename__ = "staff_topic"

    slug: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=0)


class BankQuestion(Model):
    """One question of the fortnightly staff quiz bank. Rounds keep a snapshot of it."""

    __tablename__ = "bank_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    topic: Mapped[str] = mapped_column(sa.ForeignKey("staff_topic.slug"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    # [{"key": "a", "text": "...", "correct": bool}]
    options: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    explanation: Mapped[str] = mapped_column(sa.Text)
    source: Mapped[str] = mapped_column(sa.Text)
    module_slug: Mapped[str | None] = mapped_column(sa.String(100))
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    # Removed from the files: kept for rounds that used it, never chosen again.
    retired: Mapped[bool] = mapped_column(default=False)
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def correct_key(self) -> str:
        key: str = next(o["key"] for o in self.options if o["correct"])
        return key


class ContentVersion(Model):
    """One row: a counter that `flask content sync` raises whenever it changes content, so
    rendered pages can be kept until the next change (awareness.web.pagecache)."""

    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int]
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

"""Organisation, Department and StaffMember: the roster that the staff quiz mails."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from awareness.dbtypes import UTCDateTime
from awareness.extensions import Model
from awareness.timeutil import utcnow

# How an organisation's staff quiz picks questions: "same" gives everyone the round's question;
# "personal" picks each person's question from their own history (spaced repetition).
SAME, PERSONAL = "same", "personal"
QUESTION_MODES = (SAME, PERSONAL)


class Organisation(Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Amsterdam")
    # Reports merge or hide any group smaller than this (k-anonymity).
    privacy_threshold: Mapped[int] = mapped_column(default=5)
    per_person_reports: Mapped[bool] = mapped_column(default=False)
    retention_months: Mapped[int] = mapped_column(default=24)
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    listed_for_residents: Mapped[bool] = mapped_column(default=True)
    # New organisations start personal; the migration kept existing ones on "same".
    question_mode: Mapped[str] = mapped_column(sa.String(10), default=PERSONAL,
                                               server_default=PERSONAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Reaching residents (awareness.organisations.branding): the address printed on handouts
    # and posters, the sites that may frame the embedded pages, and the look as NL Design
    # System tokens. The logo is deferred: most pages that load the organisation never show it.
    public_url: Mapped[str | None] = mapped_column(sa.String(300))
    embed_origins: Mapped[list[str]] = mapped_column(sa.JSON, default=list, server_default="[]")
    design_tokens: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict,
                                                          server_default="{}")
    logo_png: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)

    departments: Mapped[list[Department]] = relationship(
        back_populates="organisation", order_by="Department.name"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class Department(Model):
    __tablename__ = "department"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))

    organisation: Mapped[Organisation] = relationship(back_populates="departments")


class StaffMember(Model):
    __tablename__ = "staff_member"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    department_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("department.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    # Stored lower-case: the roster upserts by e-mail, case-insensitively.
    email: Mapped[str] = mapped_column(sa.String(254))
    active: Mapped[bool] = mapped_column(default=True)
    start_date: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    intro_invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    intro_completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumping it revokes every personal link of this person.
    token_generation: Mapped[int] = mapped_column(default=0)

    organisation: Mapped[Organisation] = relationship()
    department: Mapped[Department | None] = relationship()

    def __repr__(self) -> str:
        return f"<StaffMember {self.id}>"

"""The DPIA and works-council pack of one organisation: the facts a privacy officer (FG) and a
works council (OR, WOR art. 27) need, read from the organisation's real settings and the
deployment's configuration, never typed in by hand. The page and the PDF render this one
frozen object; docs/privacy.md states the same rules in words."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

import sqlalchemy as sa

from awareness.accounts.audit import AuditRow
from awareness.accounts.models import User
from awareness.administration.organisations import per_person_decision
from awareness.extensions import db
from awareness.organisations.models import Department, Organisation, StaffMember
from awareness.reports.people import INTRO_MONTHS
from awareness.reports.period import local_date
from awareness.reports.privacy import effective_threshold
from awareness.staffquiz.models import QuizSchedule


@dataclass(frozen=True)
class Deployment:
    """Where the data lives, from the configuration (never a password)."""

    database: str  # "postgresql" or "sqlite"
    database_host: str | None
    mail: str  # "smtp" or "file"
    mail_host: str | None
    public_host: str | None
    resident_retention_months: int


@dataclass(frozen=True)
class DpiaPack:
    organisation: str
    slug: str
    made_on: date
    threshold: int
    retention_months: int
    intro_months: int
    contact_email: str | None
    per_person_reports: bool
    per_person_decision: AuditRow | None
    staff_active: int
    departments: int
    departments_below_threshold: int
    schedule: QuizSchedule | None
    coordinators: tuple[str, ...]
    admins: int
    deployment: Deployment


def deployment_of(config: dict[str, object]) -> Deployment:
    database = urlsplit(str(config.get("SQLALCHEMY_DATABASE_URI", "")))
    mail = urlsplit(str(config.get("MAIL_URL", "")))
    return Deployment(
        "sqlite" if database.scheme.startswith("sqlite") else "postgresql",
        database.hostname, "file" if mail.scheme == "file" else "smtp",
        mail.hostname if mail.scheme != "file" else None,
        urlsplit(str(config.get("PUBLIC_URL", ""))).hostname,
        int(str(config.get("RESIDENT_RETENTION_MONTHS", 24))))


def dpia_pack(organisation: Organisation, deployment: Deployment, now: datetime) -> DpiaPack:
    k = effective_threshold(organisation.privacy_threshold)
    headcount = (sa.select(sa.func.count(StaffMember.id))
                 .where(StaffMember.department_id == Department.id,
                        StaffMember.active.is_(True)).scalar_subquery())
    sizes = list(db.session.scalars(sa.select(headcount).where(
        Department.organisation_id == organisation.id)))
    active = db.session.scalar(sa.select(sa.func.count(StaffMember.id)).where(
        StaffMember.organisation_id == organisation.id, StaffMember.active.is_(True))) or 0
    coordinators = tuple(db.session.scalars(
        sa.select(User.email).where(User.organisation_id == organisation.id,
                                    User.role == "coordinator", User.is_enabled.is_(True))
        .order_by(User.email)))
    admins = db.session.scalar(sa.select(sa.func.count(User.id)).where(
        User.role == "admin", User.is_enabled.is_(True))) or 0
    return DpiaPack(
        organisation.name, organisation.slug, local_date(now, organisation.timezone), k,
        organisation.retention_months, INTRO_MONTHS, organisation.contact_email,
        organisation.per_person_reports, per_person_decision(organisation.id), active,
        len(sizes), sum(1 for size in sizes if 0 < size < k),
        db.session.get(QuizSchedule, organisation.id), coordinators, admins, deployment)

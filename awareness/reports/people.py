"""The per-person reports. BIO2 evidence (intro course within three months of starting) is
the one per-person report every organisation has; the participation list (intro course done,
how many rounds a person received and answered: never which answer, never whether it was
right) exists only while the admin has switched it on. Views of both are audited by the
caller (awareness.reports.services)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from awareness.extensions import db
from awareness.organisations.models import Department, Organisation, StaffMember
from awareness.reports.counts import percentage
from awareness.reports.period import Period, add_months, local_date
from awareness.staffquiz.models import Answer, Delivery, Round

INTRO_MONTHS = 3  # BIO2 6.03.02: awareness training within three months of starting
ON_TIME, LATE, OPEN, OVERDUE = "on_time", "late", "open", "overdue"
STATUS_LABELS = {ON_TIME: "Op tijd afgerond", LATE: "Te laat afgerond",
                 OPEN: "Nog binnen de termijn", OVERDUE: "Te laat: niet afgerond"}


class PerPersonReportsOffError(PermissionError):
    """The organisation has not switched per-person participation lists on."""


@dataclass(frozen=True)
class PersonParticipation:
    name: str
    department: str
    intro_completed_on: date | None
    received: int
    answered: int

    @property
    def rate(self) -> float | None:
        return percentage(self.answered, self.received)


@dataclass(frozen=True)
class ParticipationList:
    organisation: str
    period: Period
    since: date
    rows: tuple[PersonParticipation, ...]


def participation_list(organisation: Organisation, period: Period,
                       now: datetime) -> ParticipationList:
    """Rounds received and answered per person, within the range and the retention period
    (older answers are deleted, so older rounds would wrongly count as unanswered)."""
    if not organisation.per_person_reports:
        raise PerPersonReportsOffError(organisation.slug)
    since = add_months(local_date(now, organisation.timezone), -organisation.retention_months)
    start = max(period.start, Period(since, since, period.timezone).start)
    query = (
        sa.select(StaffMember.name, Department.name, StaffMember.intro_completed_at,
                  sa.func.count(Delivery.id), sa.func.count(Answer.id))
        .select_from(Delivery)
        .join(Round, Round.id == Delivery.round_id)
        .join(StaffMember, StaffMember.id == Delivery.staff_member_id)
        .outerjoin(Department, Department.id == StaffMember.department_id)
        .outerjoin(Answer, Answer.delivery_id == Delivery.id)
        .where(Round.organisation_id == organisation.id,
               Round.opened_at >= start, Round.opened_at < period.end)
        .group_by(StaffMember.id, StaffMember.name, Department.name,
                  StaffMember.intro_completed_at)
        .order_by(StaffMember.name, StaffMember.id)
    )
    tz = organisation.timezone
    rows = tuple(PersonParticipation(name, dept or _("Geen afdeling"),
                                     local_date(done, tz) if done else None, received, answered)
                 for name, dept, done, received, answered in db.session.execute(query))
    return ParticipationList(organisation.name, period, since, rows)


@dataclass(frozen=True)
class IntroEvidence:
    name: str
    department: str
    start_date: date
    deadline: date
    completed_on: date | None
    status: str

    @property
    def status_label(self) -> str:
        return _(STATUS_LABELS[self.status])

    @property
    def overdue(self) -> bool:
        return self.status == OVERDUE


@dataclass(frozen=True)
class BioReport:
    organisation: str
    period: Period | None
    today: date
    rows: tuple[IntroEvidence, ...]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


def bio_report(organisation: Organisation, period: Period | None, now: datetime) -> BioReport:
    """Every active staff member (optionally those who started within the range): start
    date, deadline, intro-course completion and whether they are overdue."""
    tz = organisation.timezone
    today = local_date(now, tz)
    query = (sa.select(StaffMember, Department.name)
             .outerjoin(Department, Department.id == StaffMember.department_id)
             .where(StaffMember.organisation_id == organisation.id,
                    StaffMember.active.is_(True))
             .order_by(StaffMember.name, StaffMember.id))
    rows = []
    for person, dept in db.session.execute(query):
        started = person.start_date or local_date(person.created_at, tz)
        if period and not period.first_day <= started <= period.last_day:
            continue
        done = local_date(person.intro_completed_at, tz) if person.intro_completed_at else None
        deadline = add_months(started, INTRO_MONTHS)
        rows.append(IntroEvidence(person.name, dept or _("Geen afdeling"), started, deadline,
                                  done, _status(deadline, done, today)))
    return BioReport(organisation.name, period, today, tuple(rows))


def _status(deadline: date, done: date | None, today: date) -> str:
    if done is not None:
        return ON_TIME if done <= deadline else LATE
    return OPEN if today <= deadline else OVERDUE

"""Organisation use cases: create and list municipalities, set the quiz schedule and pauses.
Each function validates plain values, commits once, and raises OrganisationError with a Dutch
message that a CLI or a form can show as it is."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from awareness.extensions import db
from awareness.organisations.models import Organisation, StaffMember
from awareness.staffquiz.models import QuizSchedule, SchedulePause

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class OrganisationError(ValueError):
    """Invalid input for an organisation use case; the message is meant for the user."""


@dataclass(frozen=True)
class ScheduleInput:
    start_date: date
    weekday: int
    time_of_day: time
    interval_days: int = 14
    reminder_after_days: int = 5
    answer_window_days: int = 14
    enabled: bool = True


def by_slug(slug: str) -> Organisation:
    organisation = db.session.scalar(sa.select(Organisation).filter_by(slug=slug))
    if organisation is None:
        raise OrganisationError(_("Organisatie %(slug)s bestaat niet.", slug=slug))
    return organisation


def create_organisation(slug: str, name: str, timezone: str = "Europe/Amsterdam",
                        contact_email: str | None = None) -> Organisation:
    if not SLUG.match(slug) or len(slug) > 64:
        raise OrganisationError(_("Gebruik voor de korte naam alleen kleine letters, cijfers "
                                  "en streepjes, zoals gemeente-voorbeeld."))
    if not name.strip() or len(name) > 200:
        raise OrganisationError(_("Vul een naam in van hoogstens 200 tekens."))
    _check_timezone(timezone)
    if db.session.scalar(sa.select(Organisation.id).filter_by(slug=slug)) is not None:
        raise OrganisationError(_("Organisatie %(slug)s bestaat al.", slug=slug))
    organisation = Organisation(slug=slug, name=name.strip(), timezone=timezone,
                                contact_email=_contact(contact_email))
    db.session.add(organisation)
    db.session.commit()
    return organisation


def _check_timezone(timezone: str) -> None:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise OrganisationError(_("Onbekende tijdzone: %(tz)s", tz=timezone)) from exc


def _contact(email: str | None) -> str | None:
    if not email:
        return None
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise OrganisationError(_("%(email)s is geen geldig e-mailadres.", email=email)) from exc


def list_organisations() -> list[tuple[Organisation, int, QuizSchedule | None]]:
    """Every organisation with its number of active staff and its schedule."""
    active = (sa.select(sa.func.count(StaffMember.id))
              .where(StaffMember.organisation_id == Organisation.id,
                     StaffMember.active.is_(True)).scalar_subquery())
    rows = db.session.execute(
        sa.select(Organisation, active, QuizSchedule)
        .outerjoin(QuizSchedule, QuizSchedule.organisation_id == Organisation.id)
        .order_by(Organisation.name)
    )
    return [(org, count, schedule) for org, count, schedule in rows]


def set_schedule(organisation_id: int, values: ScheduleInput) -> QuizSchedule:
    """Create or replace the organisation's quiz schedule."""
    if not 0 <= values.weekday <= 6:
        raise OrganisationError(_("Kies een dag van de week."))
    if not 1 <= values.interval_days <= 366:
        raise OrganisationError(_("De tussenpoos moet tussen 1 en 366 dagen liggen."))
    if not 1 <= values.answer_window_days <= 366:
        raise OrganisationError(_("De antwoordtermijn moet tussen 1 en 366 dagen liggen."))
    if not 0 < values.reminder_after_days < values.answer_window_days:
        raise OrganisationError(_("De herinnering moet binnen de antwoordtermijn vallen."))
    schedule = db.session.get(QuizSchedule, organisation_id) or QuizSchedule(
        organisation_id=organisation_id)
    for field in ("enabled", "start_date", "weekday", "time_of_day", "interval_days",
                  "reminder_after_days", "answer_window_days"):
        setattr(schedule, field, getattr(values, field))
    db.session.add(schedule)
    db.session.commit()
    return schedule


def add_pause(organisation_id: int, first_day: date, last_day: date,
              label: str) -> SchedulePause:
    """A period without rounds (both days included, in the organisation's local dates)."""
    if last_day < first_day:
        raise OrganisationError(_("De einddatum ligt voor de begindatum."))
    if len(label) > 200:
        raise OrganisationError(_("De omschrijving is te lang (hoogstens 200 tekens)."))
    pause = SchedulePause(organisation_id=organisation_id, first_day=first_day,
                          last_day=last_day, label=label.strip())
    db.session.add(pause)
    db.session.commit()
    return pause


def pauses(organisation_id: int) -> list[SchedulePause]:
    return list(db.session.scalars(sa.select(SchedulePause).filter_by(
        organisation_id=organisation_id).order_by(SchedulePause.first_day)))

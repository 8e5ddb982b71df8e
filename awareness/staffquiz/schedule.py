"""The quiz schedule and its pauses: validated, committed once, with OrganisationError (a
Dutch message a CLI or a form can show as it is) for bad input."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import sqlalchemy as sa
from flask_babel import gettext as _

from awareness.extensions import db
from awareness.organisations.services import OrganisationError
from awareness.staffquiz.models import QuizSchedule, SchedulePause


@dataclass(frozen=True)
class ScheduleInput:
    start_date: date
    weekday: int
    time_of_day: time
    interval_days: int = 14
    reminder_after_days: int = 5
    answer_window_days: int = 14
    enabled: bool = True


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

"""Tiny factories for staff quiz tests: an organisation with a schedule and staff members."""
from __future__ import annotations

from datetime import date, time
from typing import Any

import sqlalchemy as sa

from awareness.extensions import db
from awareness.organisations.models import Department, Organisation, StaffMember
from awareness.organisations.services import create_organisation
from awareness.staffquiz import tokens
from awareness.staffquiz.models import Delivery
from awareness.staffquiz.questions import version_ids
from awareness.staffquiz.schedule import ScheduleInput, set_schedule


def make_org(slug: str = "gemeente-a", contact: str | None = "ciso@gemeente-a.example",
             timezone: str = "Europe/Amsterdam", questions: str | None = None) -> Organisation:
    """A new organisation (personal questions, the default), or with `questions` "same"."""
    organisation = create_organisation(slug, f"Gemeente {slug}", timezone, contact)
    if questions is not None:
        organisation.question_mode = questions
        db.session.commit()
    return organisation


def schedule(org: Organisation, start: date = date(2026, 1, 6), weekday: int = 1,
             at: time = time(9, 0), **values: int) -> None:
    set_schedule(org.id, ScheduleInput(start, weekday, at, **values))


def add_staff(org: Organisation, count: int, department: str = "Burgerzaken",
              prefix: str = "medewerker") -> list[StaffMember]:
    dept = db.session.scalar(sa.select(Department).filter_by(organisation_id=org.id,
                                                             name=department))
    if dept is None:
        dept = Department(organisation_id=org.id, name=department)
        db.session.add(dept)
    people = [StaffMember(organisation_id=org.id, department=dept, name=f"Medewerker {n}",
                          email=f"{prefix}{n}@{org.slug}.example") for n in range(count)]
    db.session.add_all(people)
    db.session.commit()
    return people


def answer_token(delivery: Delivery) -> str:
    assert delivery.staff_member is not None
    return tokens.make(tokens.ANSWER, delivery.id, delivery.staff_member.token_generation)


def deliveries(round_id: int) -> list[Delivery]:
    return list(db.session.scalars(sa.select(Delivery).filter_by(round_id=round_id)
                                   .order_by(Delivery.id)))


def version_id(question: dict[str, Any]) -> int:
    """The quiz_question version of a snapshot (created if new), for deliveries made by hand."""
    snapshot = {"topic": "phishing", "options": [], **question}
    [id_] = version_ids([snapshot]).values()
    return id_

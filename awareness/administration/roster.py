"""The staff roster as coordinators see it: a searchable, paged list, (de)activating and
deleting a person (AVG: the person's row and queued e-mails go, anonymous counts stay),
revoking their links, sending the person their own data (AVG right of access: to them, never
to the coordinator) and applying a previewed import (audited)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager

from awareness.accounts import audit
from awareness.extensions import db
from awareness.organisations import importer
from awareness.organisations.models import Department, StaffMember
from awareness.organisations.services import OrganisationError
from awareness.outbox.models import OutboundEmail
from awareness.outbox.rendering import render_email
from awareness.outbox.services import enqueue
from awareness.staffquiz.history import history_token
from awareness.staffquiz.intro import import_roster
from awareness.staffquiz.mail import public_url
from awareness.staffquiz.models import Answer, Delivery, QuestionVersion, Round
from awareness.timeutil import utcnow

PER_PAGE = 50


@dataclass(frozen=True)
class RosterFilter:
    search: str = ""
    department_id: int | None = None
    active: bool | None = None
    intro_completed: bool | None = None


@dataclass(frozen=True)
class RosterPage:
    people: list[StaffMember]
    page: int
    pages: int
    total: int


def roster_page(organisation_id: int, query: RosterFilter, page: int = 1) -> RosterPage:
    where: list[Any] = [StaffMember.organisation_id == organisation_id]
    if query.search.strip():
        like = f"%{query.search.strip().lower()}%"
        where.append(sa.or_(sa.func.lower(StaffMember.name).like(like),
                            StaffMember.email.like(like)))
    if query.department_id is not None:
        where.append(StaffMember.department_id == query.department_id)
    if query.active is not None:
        where.append(StaffMember.active.is_(query.active))
    if query.intro_completed is not None:
        done = StaffMember.intro_completed_at.is_not(None)
        where.append(done if query.intro_completed else sa.not_(done))
    total = db.session.scalar(sa.select(sa.func.count(StaffMember.id)).where(*where)) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    people = db.session.scalars(
        sa.select(StaffMember).outerjoin(Department).where(*where)
        .options(contains_eager(StaffMember.department))  # one query, not one per department
        .order_by(sa.func.lower(StaffMember.name), StaffMember.id)
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    return RosterPage(list(people), page, pages, total)


def person_in(organisation_id: int, staff_id: int) -> StaffMember | None:
    """The person, only if they belong to this organisation (ids in URLs are not trusted)."""
    return db.session.scalar(sa.select(StaffMember).filter_by(
        id=staff_id, organisation_id=organisation_id))


def _person(organisation_id: int, staff_id: int) -> StaffMember:
    person = person_in(organisation_id, staff_id)
    if person is None:
        raise OrganisationError(_("Deze medewerker bestaat niet (meer)."))
    return person


def set_active(organisation_id: int, staff_id: int, active: bool, actor_id: int) -> StaffMember:
    person = _person(organisation_id, staff_id)
    if person.active != active:
        person.active = active
        person.deactivated_at = None if active else utcnow()
        if not active:
            _revoke(person)  # old links stay dead, also after a reactivation
        action = "staff.reactivated" if active else "staff.deactivated"
        audit.record(action, actor_id, organisation_id, staff_member_id=person.id)
    db.session.commit()
    return person


def delete_person(organisation_id: int, staff_id: int, actor_id: int) -> None:
    """Remove the person and every e-mail addressed to them. Deliveries keep their round and
    department (staff_member_id becomes NULL), so participation counts stay right."""
    person = _person(organisation_id, staff_id)
    emails = cast(sa.CursorResult[Any], db.session.execute(sa.delete(OutboundEmail).where(
        OutboundEmail.organisation_id == organisation_id,
        sa.func.lower(OutboundEmail.to_address) == person.email.lower())))
    db.session.execute(sa.update(Delivery).where(Delivery.staff_member_id == person.id)
                       .values(staff_member_id=None)
                       .execution_options(synchronize_session=False))
    # No name or address in the log: that would keep the personal data we are deleting.
    audit.record("staff.deleted", actor_id, organisation_id, staff_member_id=person.id,
                 emails_removed=int(emails.rowcount or 0))
    db.session.delete(person)
    db.session.commit()


def revoke_links(organisation_id: int, staff_id: int, actor_id: int | None) -> StaffMember:
    """"Links intrekken": every personal link of the person stops working (audited). The
    next e-mail carries new ones."""
    person = _person(organisation_id, staff_id)
    _revoke(person)
    audit.record("staff.links_revoked", actor_id, organisation_id, staff_member_id=person.id)
    db.session.commit()
    return person


def _revoke(person: StaffMember) -> None:
    person.token_generation += 1


def send_export(organisation_id: int, staff_id: int, actor_id: int) -> StaffMember:
    """AVG right of access: the person gets an e-mail, at their own address, with a link to a
    download of all their data. The coordinator who asked for it sees none of it (audited)."""
    person = _person(organisation_id, staff_id)
    if not person.active:
        raise OrganisationError(_("Deze medewerker is niet actief; zet hem of haar eerst weer "
                                  "op actief, of stuur de gegevens op een andere manier."))
    token = history_token(person.id, person.token_generation)
    mail = render_email("data_export", organisation=person.organisation, name=person.name,
                        url=public_url(f"/m/h/{token}/gegevens"))
    enqueue(to=person.email, subject=mail.subject or _("Je gegevens"), text_body=mail.text,
            html_body=mail.html, kind="data_export", organisation_id=organisation_id)
    audit.record("staff.export_sent", actor_id, organisation_id, staff_member_id=person.id)
    db.session.commit()
    return person


def own_data(person: StaffMember) -> dict[str, Any]:
    """Everything stored about one person, as JSON-safe data, for that person only (reached
    through their own link; audited without a user)."""
    rows = db.session.execute(
        sa.select(Delivery, Round, Answer, QuestionVersion.question)
        .join(Round, Round.id == Delivery.round_id)
        .join(QuestionVersion, QuestionVersion.id == Delivery.question_id)
        .outerjoin(Answer, Answer.delivery_id == Delivery.id)
        .where(Delivery.staff_member_id == person.id).order_by(Round.number))
    data = {
        "person": {
            "name": person.name, "email": person.email, "active": person.active,
            "department": person.department.name if person.department else None,
            "start_date": _iso(person.start_date), "created_at": _iso(person.created_at),
            "deactivated_at": _iso(person.deactivated_at),
            "intro_invited_at": _iso(person.intro_invited_at),
            "intro_completed_at": _iso(person.intro_completed_at),
        },
        "organisation": person.organisation.name,
        "deliveries": [_delivery(d, r, a, q) for d, r, a, q in rows],
        "exported_at": _iso(utcnow()),
    }
    audit.record("staff.export_downloaded", None, person.organisation_id,
                 staff_member_id=person.id)
    db.session.commit()
    return data


def _delivery(delivery: Delivery, round_: Round, answer: Answer | None,
              question: dict[str, Any]) -> dict[str, Any]:
    return {
        "round": round_.number, "question": question.get("text"),
        "sent_at": _iso(delivery.sent_at), "first_opened_at": _iso(delivery.first_opened_at),
        "answer": None if answer is None else {
            "option": answer.option_key, "correct": answer.correct,
            "answered_at": _iso(answer.answered_at),
            "seconds_to_answer": answer.seconds_to_answer,
        },
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def apply_import(plan: importer.ImportPlan, actor_id: int) -> importer.ImportSummary:
    """Apply a previewed plan; the audit events are committed with the changes, or not at
    all."""
    audit.record("roster.import_applied", actor_id, plan.organisation_id,
                 added=plan.added, updated=plan.updated, deactivated=plan.deactivated)
    record_department_changes(plan, actor_id)
    try:
        return import_roster(plan)
    except BaseException:
        db.session.rollback()
        raise


def record_department_changes(plan: importer.ImportPlan, actor_id: int | None) -> None:
    """One audit event per person who moves to another department: whoever controls the
    roster could otherwise fill a department with addresses of their own unseen, to make a
    small group look large enough (docs/privacy.md, remaining risks). Never commits."""
    for row in plan.rows:
        for change in row.changes:
            if change.field == "department" and row.staff_member_id is not None:
                audit.record("staff.department_changed", actor_id, plan.organisation_id,
                             staff_member_id=row.staff_member_id, old=change.old or None,
                             new=change.new or None)

"""Opening a round (round + one delivery and one queued e-mail per active staff member, in one
transaction), sending the one reminder, and closing rounds. Every step is driven by the rows
and the clock, so a repeated or concurrent call does no harm: unique constraints and
conditional updates make the second one a no-op."""
from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from awareness.extensions import db
from awareness.organisations.models import Organisation, StaffMember
from awareness.outbox.services import enqueue
from awareness.staffquiz.calendar import add_local_days
from awareness.staffquiz.mail import QuestionMail, Recipient
from awareness.staffquiz.models import Answer, Delivery, QuizSchedule, Round
from awareness.staffquiz.questions import next_question, snapshot

# Flush queued e-mails in chunks so a round for 20,000 people never holds them all in memory.
FLUSH_EVERY = 1000
DEFAULT_REMINDER_DAYS, DEFAULT_WINDOW_DAYS = 5, 14


class RoundExistsError(Exception):
    """Another tick (or an earlier one) already opened the round for this slot."""


def open_round(organisation_id: int, slot: datetime, now: datetime) -> tuple[Round, int]:
    """Open the round for `slot` and queue its e-mails; commits once. Returns the round and
    the number of deliveries. Raises RoundExistsError if the slot already has a round."""
    try:
        round_ = _new_round(organisation_id, slot, now)
        count = _fan_out(round_, now)
        db.session.commit()
    except (IntegrityError, OperationalError) as exc:
        # Unique (organisation_id, slot_at) or (organisation_id, number): someone was first.
        db.session.rollback()
        if not is_write_conflict(exc):
            raise
        raise RoundExistsError(str(exc.orig)) from exc
    except BaseException:
        db.session.rollback()
        raise
    return round_, count


def is_write_conflict(exc: IntegrityError | OperationalError) -> bool:
    """A unique violation, or SQLite's writer lock held by a concurrent tick past the busy
    timeout: both mean another process is doing (or did) this very work."""
    return isinstance(exc, IntegrityError) or "locked" in str(exc.orig).lower()


def _new_round(organisation_id: int, slot: datetime, now: datetime) -> Round:
    organisation = db.session.get_one(Organisation, organisation_id)
    schedule = db.session.get(QuizSchedule, organisation_id)
    reminder = schedule.reminder_after_days if schedule else DEFAULT_REMINDER_DAYS
    window = schedule.answer_window_days if schedule else DEFAULT_WINDOW_DAYS
    question = next_question(organisation_id)
    number = db.session.execute(sa.select(sa.func.coalesce(sa.func.max(Round.number), 0))
                                .where(Round.organisation_id == organisation_id)).scalar_one() + 1
    round_ = Round(
        organisation_id=organisation_id, number=number, slot_at=slot, opened_at=now,
        question_key=question.key, topic=question.topic, question=snapshot(question),
        remind_at=add_local_days(slot, reminder, organisation.timezone),
        closes_at=add_local_days(slot, window, organisation.timezone),
    )
    db.session.add(round_)
    db.session.flush()  # claims the slot now: a concurrent tick fails here, before any work
    return round_


def _fan_out(round_: Round, now: datetime) -> int:
    staff = db.session.execute(
        sa.select(StaffMember.id, StaffMember.department_id, StaffMember.name,
                  StaffMember.email, StaffMember.token_generation)
        .where(StaffMember.organisation_id == round_.organisation_id,
               StaffMember.active.is_(True))
        .order_by(StaffMember.id)
    ).all()
    if not staff:
        return 0
    db.session.execute(sa.insert(Delivery), [
        {"round_id": round_.id, "staff_member_id": s.id, "department_id": s.department_id,
         "created_at": now} for s in staff
    ])
    ids = dict(db.session.execute(
        sa.select(Delivery.staff_member_id, Delivery.id).where(Delivery.round_id == round_.id)
    ).all())
    mail = QuestionMail(round_.organisation, round_.question, round_.closes_at)
    _queue(mail, "question", round_.organisation_id,
           [(ids[s.id], Recipient(s.id, s.name, s.email, s.token_generation)) for s in staff])
    return len(staff)


def _queue(mail: QuestionMail, kind: str, organisation_id: int,
           recipients: list[tuple[int, Recipient]]) -> None:
    for n, (delivery_id, recipient) in enumerate(recipients, start=1):
        rendered = mail.render(kind, delivery_id, recipient)
        enqueue(to=recipient.email, subject=rendered.subject or "", text_body=rendered.text,
                html_body=rendered.html, kind=kind, organisation_id=organisation_id,
                delivery_id=delivery_id)
        if n % FLUSH_EVERY == 0:
            db.session.flush()


def send_reminders(round_id: int, now: datetime) -> int:
    """Queue the one reminder to everyone in the round who has not answered; commits once.
    Returns how many were queued (0 if another tick already did it)."""
    try:
        claimed = cast(sa.CursorResult[Any], db.session.execute(
            sa.update(Round).where(Round.id == round_id, Round.reminded_at.is_(None))
            .values(reminded_at=now)
        )).rowcount
        if claimed != 1:
            db.session.rollback()
            return 0
        round_ = db.session.get_one(Round, round_id)
        rows = db.session.execute(
            sa.select(Delivery.id, StaffMember.id, StaffMember.name, StaffMember.email,
                      StaffMember.token_generation)
            .join(StaffMember, StaffMember.id == Delivery.staff_member_id)
            .outerjoin(Answer, Answer.delivery_id == Delivery.id)
            .where(Delivery.round_id == round_id, Answer.id.is_(None),
                   StaffMember.active.is_(True))
            .order_by(Delivery.id)
        ).all()
        mail = QuestionMail(round_.organisation, round_.question, round_.closes_at)
        _queue(mail, "reminder", round_.organisation_id,
               [(r[0], Recipient(r[1], r[2], r[3], r[4])) for r in rows])
        db.session.commit()
    except (IntegrityError, OperationalError) as exc:
        db.session.rollback()
        if not is_write_conflict(exc):
            raise
        return 0
    except BaseException:
        db.session.rollback()
        raise
    return len(rows)


def rounds_to_remind(now: datetime) -> list[int]:
    return list(db.session.scalars(
        sa.select(Round.id).where(Round.remind_at <= now, Round.reminded_at.is_(None),
                                  Round.closed_at.is_(None), Round.closes_at > now)
        .order_by(Round.id)
    ))


def close_due_rounds(now: datetime) -> int:
    """Mark every round whose answer window has ended as closed; commits. Returns the count."""
    closed = cast(sa.CursorResult[Any], db.session.execute(
        sa.update(Round).where(Round.closed_at.is_(None), Round.closes_at <= now)
        .values(closed_at=now)
    )).rowcount
    db.session.commit()
    return int(closed)

"""Opening a round (round + one delivery and one queued e-mail per active staff member, in one
transaction; each delivery with its question, in a personal round chosen per person, and its
own option order), sending the one reminder, and closing rounds. Every step is driven by the rows
and the clock, so a repeated or concurrent call does no harm: unique constraints and
conditional updates make the second one a no-op."""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from awareness.content.models import BankQuestion
from awareness.extensions import db
from awareness.organisations.models import PERSONAL, Organisation, StaffMember
from awareness.outbox.services import Mail, enqueue_many
from awareness.staffquiz.calendar import add_local_days
from awareness.staffquiz.mail import QuestionMail, Recipient
from awareness.staffquiz.models import Answer, Delivery, QuestionVersion, QuizSchedule, Round
from awareness.staffquiz.options import display_order, shuffled, stored
from awareness.staffquiz.personal import choose_all
from awareness.staffquiz.questions import next_question, snapshot, version_hash, version_ids

# Queue e-mails in chunks so a round for 20,000 people never holds them all in memory.
FLUSH_EVERY = 1000
DEFAULT_REMINDER_DAYS, DEFAULT_WINDOW_DAYS = 5, 14
# Option orders come from the operating system's randomness: nobody can predict them.
_RANDOM = random.SystemRandom()


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
    # A personal round has no question of its own; each delivery gets one below.
    question = None if organisation.question_mode == PERSONAL else next_question(organisation_id)
    number = db.session.execute(sa.select(sa.func.coalesce(sa.func.max(Round.number), 0))
                                .where(Round.organisation_id == organisation_id)).scalar_one() + 1
    round_ = Round(
        organisation_id=organisation_id, number=number, slot_at=slot, opened_at=now,
        question_key=question.key if question else None,
        topic=question.topic if question else None,
        question=snapshot(question) if question else None,
        remind_at=add_local_days(slot, reminder, organisation.timezone),
        closes_at=add_local_days(slot, window, organisation.timezone),
    )
    db.session.add(round_)
    db.session.flush()  # claims the slot now: a concurrent tick fails here, before any work
    return round_


def _questions(round_: Round, staff_ids: list[int], now: datetime
               ) -> tuple[dict[int, dict[str, Any]], dict[int, int]]:
    """Each person's question snapshot and its version id: the round's own question, or in
    a personal round the one the spacing rules pick from the person's history."""
    if not round_.personal:
        question = round_.question
        if question is None:  # not personal: it has a question key, so it has its question
            raise ValueError(f"round {round_.id} has a question key but no question")
        snapshots = {staff_id: question for staff_id in staff_ids}
    else:
        picks = choose_all(round_.organisation_id, round_.number, staff_ids, now)
        by_key = {q.key: snapshot(q) for q in db.session.scalars(sa.select(BankQuestion).where(
            BankQuestion.key.in_({p.candidate.key for p in picks.values()})))}
        snapshots = {staff_id: by_key[pick.candidate.key] for staff_id, pick in picks.items()}
    # Recipients of one question share its dict, so it is hashed and rendered once.
    distinct = {id(s): s for s in snapshots.values()}
    identity = {oid: (s["key"], version_hash(s)) for oid, s in distinct.items()}
    ids = version_ids(distinct.values())
    return snapshots, {staff_id: ids[identity[id(s)]] for staff_id, s in snapshots.items()}


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
    questions, versions = _questions(round_, [s.id for s in staff], now)
    orders = {s.id: shuffled(questions[s.id]["options"], _RANDOM) for s in staff}
    db.session.execute(sa.insert(Delivery.__table__), [
        {"round_id": round_.id, "staff_member_id": s.id, "department_id": s.department_id,
         "question_id": versions[s.id], "option_order": stored(orders[s.id]),
         "created_at": now} for s in staff
    ])
    ids = dict(db.session.execute(
        sa.select(Delivery.staff_member_id, Delivery.id).where(Delivery.round_id == round_.id)
    ).all())
    mail = QuestionMail(round_.organisation, round_.closes_at)
    _queue(mail, "question", round_.organisation_id,
           [Queued(ids[s.id], Recipient(s.id, s.name, s.email, s.token_generation),
                   questions[s.id], orders[s.id]) for s in staff])
    return len(staff)


@dataclass(frozen=True, slots=True)
class Queued:
    delivery_id: int
    recipient: Recipient
    question: dict[str, Any]
    order: tuple[str, ...]


def _queue(mail: QuestionMail, kind: str, organisation_id: int, items: list[Queued]) -> None:
    def rendered() -> Iterator[Mail]:
        for item in items:
            email = mail.render(kind, item.delivery_id, item.recipient, item.question,
                                item.order)
            yield Mail(item.recipient.email, email.subject or "", email.text, email.html,
                       item.delivery_id)

    enqueue_many(rendered(), kind=kind, organisation_id=organisation_id, chunk=FLUSH_EVERY)


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
            sa.select(Delivery.id, Delivery.option_order, QuestionVersion.id,
                      QuestionVersion.question, StaffMember.id, StaffMember.name,
                      StaffMember.email, StaffMember.token_generation)
            .join(StaffMember, StaffMember.id == Delivery.staff_member_id)
            .join(QuestionVersion, QuestionVersion.id == Delivery.question_id)
            .outerjoin(Answer, Answer.delivery_id == Delivery.id)
            .where(Delivery.round_id == round_id, Answer.id.is_(None),
                   StaffMember.active.is_(True))
            .order_by(Delivery.id)
        ).all()
        shared: dict[int, dict[str, Any]] = {}  # one dict per version, rendered once
        items = [Queued(r[0], Recipient(*r[4:]), shared.setdefault(r[2], r[3]),
                        display_order(r[1], r[3]["options"])) for r in rows]
        _queue(QuestionMail(round_.organisation, round_.closes_at), "reminder",
               round_.organisation_id, items)
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

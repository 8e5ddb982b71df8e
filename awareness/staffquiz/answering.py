"""Answering through a personal link, and a person's own history. Reading a link never writes
(mail scanners open every link); `record_answer` writes at most one Answer per delivery, which
the unique constraint on answer.delivery_id guarantees even under concurrent requests."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from awareness.content.models import Module
from awareness.extensions import db
from awareness.organisations.models import Organisation, StaffMember
from awareness.staffquiz import tokens
from awareness.staffquiz.models import Answer, Delivery, Round
from awareness.timeutil import as_utc

RECORDED, ALREADY, CLOSED = "recorded", "already", "closed"


class LinkNotFoundError(LookupError):
    """Tampered or unknown token, revoked link, or a person no longer on the roster."""


class UnknownOptionError(ValueError):
    pass


@dataclass(frozen=True)
class GivenAnswer:
    option_key: str
    correct: bool
    answered_at: datetime


@dataclass(frozen=True)
class DeliveryView:
    """Everything an answer page shows about one delivery."""

    delivery_id: int
    round_id: int
    staff_member_id: int
    token_generation: int
    organisation_name: str
    contact_email: str | None
    round_number: int
    question: dict[str, Any]
    closes_at: datetime
    closed: bool
    answer: GivenAnswer | None

    @property
    def option_keys(self) -> list[str]:
        return [o["key"] for o in self.question["options"]]

    @property
    def correct_key(self) -> str:
        return next(o["key"] for o in self.question["options"] if o["correct"])


def _identity(purpose: str, token: str) -> tokens.TokenData:
    try:
        return tokens.read(purpose, token)
    except tokens.InvalidTokenError as exc:
        raise LinkNotFoundError(token) from exc


def load_delivery(token: str, now: datetime) -> DeliveryView:
    """The delivery behind an answer link; raises LinkNotFoundError. Writes nothing."""
    data = _identity(tokens.ANSWER, token)
    row = db.session.execute(
        sa.select(Delivery.id, Round, StaffMember, Organisation.name,
                  Organisation.contact_email, Answer.option_key, Answer.correct,
                  Answer.answered_at)
        .join(Round, Round.id == Delivery.round_id)
        .join(StaffMember, StaffMember.id == Delivery.staff_member_id)
        .join(Organisation, Organisation.id == Round.organisation_id)
        .outerjoin(Answer, Answer.delivery_id == Delivery.id)
        .where(Delivery.id == data.id)
    ).first()
    if row is None or not _valid(row[2], data):
        raise LinkNotFoundError(token)
    delivery_id, round_, staff, org_name, contact, option, correct, answered_at = row
    answer = GivenAnswer(option, correct, answered_at) if option is not None else None
    closed = round_.closed_at is not None or now >= round_.closes_at
    return DeliveryView(delivery_id, round_.id, staff.id, staff.token_generation, org_name, contact,
                        round_.number, round_.question, round_.closes_at, closed, answer)


def _valid(staff: StaffMember, data: tokens.TokenData) -> bool:
    return staff.active and staff.token_generation == data.generation


def record_answer(token: str, option_key: str, now: datetime) -> tuple[str, DeliveryView]:
    """Record the answer (once). Returns (RECORDED | ALREADY | CLOSED, the delivery as it is
    afterwards). Raises LinkNotFoundError or UnknownOptionError."""
    view = load_delivery(token, now)
    if option_key not in view.option_keys:
        raise UnknownOptionError(option_key)
    if view.answer is not None:
        return ALREADY, view
    if view.closed:
        return CLOSED, view
    given = GivenAnswer(option_key, option_key == view.correct_key, now)
    try:
        db.session.add(Answer(
            delivery_id=view.delivery_id, round_id=view.round_id, option_key=option_key,
            correct=given.correct, answered_at=now,
            seconds_to_answer=_seconds_since_sent(view.delivery_id, now),
        ))
        db.session.commit()
    except IntegrityError:
        # A concurrent request for the same delivery won the race: show theirs.
        db.session.rollback()
        return ALREADY, load_delivery(token, now)
    return RECORDED, replace(view, answer=given)


def _seconds_since_sent(delivery_id: int, now: datetime) -> int | None:
    # The outbox stamps Delivery.sent_at when the question e-mail is accepted by the server.
    sent = db.session.execute(
        sa.select(sa.func.coalesce(Delivery.sent_at, Round.opened_at))
        .join(Round, Round.id == Delivery.round_id).where(Delivery.id == delivery_id)
    ).scalar()
    if sent is None:
        return None
    return max(0, int((now - as_utc(sent)).total_seconds()))


def related_module(slug: str | None) -> Module | None:
    """The current module a question points to (a resident module or the staff intro)."""
    if not slug:
        return None
    return db.session.scalar(sa.select(Module).filter_by(slug=slug, is_current=True))

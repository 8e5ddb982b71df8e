"""Answering through a personal link, and a person's own history. Reading a link never writes
(mail scanners open every link); `record_answer` writes at most one Answer per delivery, which
the unique constraint on answer.delivery_id guarantees even under concurrent requests."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from awareness.content.models import Module
from awareness.extensions import autocommit_connection
from awareness.organisations.models import Organisation, StaffMember
from awareness.staffquiz import tokens
from awareness.staffquiz.models import Answer, Delivery, QuestionVersion, Round
from awareness.staffquiz.options import display_order, option_label

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
class RelatedModule:
    slug: str
    audience: str  # "staff" is the intro course, reached through the person's own link
    title: dict[str, str]
    summary: dict[str, str]


@dataclass(frozen=True)
class ShownOption:
    label: str  # the letter this person sees, by position in their order
    key: str  # what is stored and counted
    text: str
    correct: bool


@dataclass(frozen=True)
class DeliveryView:
    """Everything an answer page shows about one delivery."""

    delivery_id: int
    round_id: int
    staff_member_id: int
    token_generation: int
    organisation_id: int
    organisation_name: str
    contact_email: str | None
    privacy_threshold: int
    round_number: int
    question_id: int
    question: dict[str, Any]
    option_order: str | None
    sent_at: datetime
    closes_at: datetime
    closed: bool
    answer: GivenAnswer | None
    related: RelatedModule | None

    @property
    def option_keys(self) -> list[str]:
        return [o["key"] for o in self.question["options"]]

    @property
    def shown_options(self) -> list[ShownOption]:
        """The options in this delivery's own order, as the e-mail showed them."""
        by_key = {o["key"]: o for o in self.question["options"]}
        order = display_order(self.option_order, self.question["options"])
        return [ShownOption(option_label(n), key, by_key[key]["text"],
                            bool(by_key[key]["correct"])) for n, key in enumerate(order)]

    @property
    def correct_key(self) -> str:
        key: str = next(o["key"] for o in self.question["options"] if o["correct"])
        return key


def load_delivery(token: str, now: datetime) -> DeliveryView:
    """The delivery behind an answer link; raises LinkNotFoundError. Writes nothing."""
    try:
        data = tokens.read(tokens.ANSWER, token)
    except tokens.InvalidTokenError as exc:
        raise LinkNotFoundError(token) from exc
    with autocommit_connection() as conn:
        view = _load(conn, data.id, now)
    if view is None or view.token_generation != data.generation:
        raise LinkNotFoundError(token)
    return view


# One query per page, built once: answer pages are the hottest path (a whole organisation
# opens its e-mail at 09:00), so neither the statement nor a transaction is set up per request.
_DELIVERY = (
    sa.select(Delivery.id, Delivery.sent_at, Round.id, Round.number, Delivery.question_id,
              QuestionVersion.question, Delivery.option_order, Round.opened_at,
              Round.closes_at, Round.closed_at, StaffMember.id, StaffMember.token_generation,
              Organisation.id, Organisation.name, Organisation.contact_email,
              Organisation.privacy_threshold, Answer.option_key, Answer.correct,
              Answer.answered_at, Module.slug, Module.audience, Module.title, Module.summary)
    .join(Round, Round.id == Delivery.round_id)
    .join(QuestionVersion, QuestionVersion.id == Delivery.question_id)
    .join(StaffMember, StaffMember.id == Delivery.staff_member_id)
    .join(Organisation, Organisation.id == Round.organisation_id)
    .outerjoin(Answer, Answer.delivery_id == Delivery.id)
    .outerjoin(Module, sa.and_(
        Module.slug == QuestionVersion.question["module_slug"].as_string(),
        Module.is_current.is_(True)))
    .where(Delivery.id == sa.bindparam("delivery_id"), StaffMember.active.is_(True))
)


def _load(conn: Connection, delivery_id: int, now: datetime) -> DeliveryView | None:
    row = conn.execute(_DELIVERY, {"delivery_id": delivery_id}).first()
    if row is None:
        return None
    (delivery_id, sent_at, round_id, number, question_id, question, order, opened_at,
     closes_at, closed_at, staff_id, generation, org_id, org_name, contact, threshold, option,
     correct, answered_at, *module) = row
    return DeliveryView(
        delivery_id, round_id, staff_id, generation, org_id, org_name, contact, threshold,
        number, question_id, question, order,
        sent_at or opened_at, closes_at, closed_at is not None or now >= closes_at,
        GivenAnswer(option, correct, answered_at) if option is not None else None,
        RelatedModule(*module) if module[0] is not None else None)


def record_answer(view: DeliveryView, option_key: str, now: datetime) -> tuple[str, DeliveryView]:
    """Record the answer to a delivery just loaded with load_delivery (once). Returns
    (RECORDED | ALREADY | CLOSED, the delivery as it is afterwards)."""
    if option_key not in view.option_keys:
        raise UnknownOptionError(option_key)
    if view.answer is not None:
        return ALREADY, view
    if view.closed:
        return CLOSED, view
    given = GivenAnswer(option_key, option_key == view.correct_key, now)
    # One statement, committed on its own: the unique answer.delivery_id decides races.
    with autocommit_connection() as conn:
        try:
            conn.execute(sa.insert(Answer), {
                "delivery_id": view.delivery_id, "round_id": view.round_id,
                "option_key": option_key, "correct": given.correct, "answered_at": now,
                # Delivery.sent_at is stamped by the outbox when the server accepted the e-mail.
                "seconds_to_answer": max(0, int((now - view.sent_at).total_seconds())),
            })
        except IntegrityError:
            # A concurrent request for the same delivery won the race: show theirs.
            return ALREADY, _load(conn, view.delivery_id, now) or view
    return RECORDED, replace(view, answer=given)

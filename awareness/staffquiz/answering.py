"""Answering through a personal link, and a person's own history. Reading a link never writes
(mail scanners open every link); `record_answer` writes at most one Answer per delivery, which
the unique constraint on answer.delivery_id guarantees even under concurrent requests."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from awareness.content.models import Module
from awareness.driversql import DriverStatement
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


@dataclass(frozen=True)
class AskedQuestion:
    """A question version as asked, and the module it points to (if it is current)."""

    question: dict[str, Any]
    related: RelatedModule | None


class QuestionCache:
    """Asked questions by question version, for the content version `read_version` gives: a
    question version never changes, the module it points to only at a content sync. The
    version reader is the resident pages' (web.pagecache), so a sync shows here as it shows
    there. Full, it starts over."""

    def __init__(self, read_version: Callable[[], int], max_entries: int = 4096) -> None:
        self.read_version, self.max_entries = read_version, max_entries
        self._entries: dict[int, AskedQuestion] = {}
        self._version: int | None = None

    def get(self, question_id: int) -> AskedQuestion | None:
        version = self.read_version()
        if version != self._version:
            self._entries, self._version = {}, version
        return self._entries.get(question_id)

    def put(self, question_id: int, asked: AskedQuestion) -> None:
        if len(self._entries) >= self.max_entries:
            self._entries = {}
        self._entries[question_id] = asked


def load_delivery(token: str, now: datetime,
                  questions: QuestionCache | None = None) -> DeliveryView:
    """The delivery behind an answer link; raises LinkNotFoundError. Writes nothing."""
    try:
        data = tokens.read(tokens.ANSWER, token)
    except tokens.InvalidTokenError as exc:
        raise LinkNotFoundError(token) from exc
    view = _load(data.id, now, questions)
    if view is None or view.token_generation != data.generation:
        raise LinkNotFoundError(token)
    return view


# One statement per page in the steady state, compiled once and run on the driver: answer
# pages are the hottest path (a whole organisation opens its e-mail at 09:00), so neither a
# transaction nor SQLAlchemy's execution layer is set up per request, and the question itself
# comes from a QuestionCache: the delivery's row is a handful of index lookups, its question a
# few kilobytes of JSON.
_DELIVERY = DriverStatement(
    sa.select(sa.func.coalesce(Delivery.sent_at, Round.opened_at), Round.id, Round.number,
              Delivery.question_id, Delivery.option_order, Round.closes_at, Round.closed_at,
              StaffMember.id, StaffMember.token_generation, Organisation.id, Organisation.name,
              Organisation.contact_email, Organisation.privacy_threshold, Answer.option_key,
              Answer.correct, Answer.answered_at)
    .join(Round, Round.id == Delivery.round_id)
    .join(StaffMember, StaffMember.id == Delivery.staff_member_id)
    .join(Organisation, Organisation.id == Round.organisation_id)
    .outerjoin(Answer, Answer.delivery_id == Delivery.id)
    .where(Delivery.id == sa.bindparam("delivery_id"), StaffMember.active.is_(True)))
_QUESTION = (
    sa.select(QuestionVersion.question, Module.slug, Module.audience, Module.title,
              Module.summary)
    .outerjoin(Module, sa.and_(
        Module.slug == QuestionVersion.question["module_slug"].as_string(),
        Module.is_current.is_(True)))
    .where(QuestionVersion.id == sa.bindparam("question_id"))
)


def _asked(question_id: int, questions: QuestionCache | None) -> AskedQuestion:
    asked = questions.get(question_id) if questions is not None else None
    if asked is None:
        with autocommit_connection() as conn:
            question, *module = conn.execute(_QUESTION, {"question_id": question_id}).one()
        asked = AskedQuestion(question, RelatedModule(*module) if module[0] is not None else None)
        if questions is not None:
            questions.put(question_id, asked)
    return asked


def _load(delivery_id: int, now: datetime,
          questions: QuestionCache | None = None) -> DeliveryView | None:
    row = _DELIVERY.first({"delivery_id": delivery_id})
    if row is None:
        return None
    (sent_at, round_id, number, question_id, order, closes_at, closed_at, staff_id, generation,
     org_id, org_name, contact, threshold, option, correct, answered_at) = row
    asked = _asked(question_id, questions)
    return DeliveryView(
        delivery_id, round_id, staff_id, generation, org_id, org_name, contact, threshold,
        number, question_id, asked.question, order,
        sent_at, closes_at, closed_at is not None or now >= closes_at,
        GivenAnswer(option, correct, answered_at) if option is not None else None,
        asked.related)


_INSERT = DriverStatement(sa.insert(Answer).values({
    column: sa.bindparam(column) for column in (
        "delivery_id", "round_id", "option_key", "correct", "answered_at",
        "seconds_to_answer")}))


def record_answer(view: DeliveryView, option_key: str, now: datetime,
                  questions: QuestionCache | None = None) -> tuple[str, DeliveryView]:
    """Record the answer to a delivery just loaded with load_delivery (once, with the same
    `questions`). Returns (RECORDED | ALREADY | CLOSED, the delivery as it is afterwards)."""
    if option_key not in view.option_keys:
        raise UnknownOptionError(option_key)
    if view.answer is not None:
        return ALREADY, view
    if view.closed:
        return CLOSED, view
    given = GivenAnswer(option_key, option_key == view.correct_key, now)
    # One statement, committed on its own: the unique answer.delivery_id decides races.
    try:
        _INSERT.execute({
            "delivery_id": view.delivery_id, "round_id": view.round_id,
            "option_key": option_key, "correct": given.correct, "answered_at": now,
            # Delivery.sent_at is stamped by the outbox when the server accepted the e-mail.
            "seconds_to_answer": max(0, int((now - view.sent_at).total_seconds())),
        })
    except IntegrityError:
        # A concurrent request for the same delivery won the race: show theirs.
        return ALREADY, _load(view.delivery_id, now, questions) or view
    return RECORDED, replace(view, answer=given)

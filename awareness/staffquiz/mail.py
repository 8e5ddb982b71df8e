"""Rendering the staff e-mails (question, reminder, intro invitation) and the absolute personal
links in them. Works without a request (the scheduler renders them), so links are built from
PUBLIC_URL and dates are formatted in the organisation's timezone."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import current_app

from awareness.organisations.models import Organisation
from awareness.outbox.rendering import RenderedEmail, render_email
from awareness.staffquiz import tokens


@dataclass(frozen=True)
class Recipient:
    staff_member_id: int
    name: str
    email: str
    token_generation: int


def public_url(path: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def local_datetime(moment: datetime, timezone: str) -> str:
    """E.g. 'dinsdag 15 december 2026 om 09:00', in the organisation's own timezone."""
    return format_datetime(moment, "EEEE d MMMM y 'om' HH:mm", tzinfo=ZoneInfo(timezone),
                           locale="nl")


class QuestionMail:
    """Renders the question or reminder e-mail of one round for many recipients."""

    def __init__(self, organisation: Organisation, question: dict[str, Any],
                 closes_at: datetime) -> None:
        self.organisation = organisation
        self.question = question
        self.deadline = local_datetime(closes_at, organisation.timezone)
        self._answer = tokens.Signer(tokens.ANSWER)
        self._history = tokens.Signer(tokens.HISTORY)

    def render(self, template: str, delivery_id: int, recipient: Recipient) -> RenderedEmail:
        token = self._answer(delivery_id, recipient.token_generation)
        options = [{"key": o["key"], "text": o["text"],
                    "url": public_url(f"/m/a/{token}/{o['key']}")}
                   for o in self.question["options"]]
        history = self._history(recipient.staff_member_id, recipient.token_generation)
        return render_email(
            template, organisation=self.organisation, name=recipient.name,
            question=self.question, options=options, deadline=self.deadline,
            history_url=public_url(f"/m/h/{history}"),
        )


def render_intro_invite(organisation: Organisation, recipient: Recipient) -> RenderedEmail:
    token = tokens.make(tokens.INTRO, recipient.staff_member_id, recipient.token_generation)
    return render_email("intro_invite", organisation=organisation, name=recipient.name,
                        intro_url=public_url(f"/m/intro/{token}"))

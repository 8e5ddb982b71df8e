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
from markupsafe import escape

from awareness.organisations.models import Organisation
from awareness.outbox.rendering import RenderedEmail, render_email
from awareness.staffquiz import tokens

# Markers survive HTML escaping and never occur in tokens (URL-safe base64 and dots).
NAME_MARK, ANSWER_MARK, HISTORY_MARK = "@@NAME@@", "@@ANSWER@@", "@@HISTORY@@"


@dataclass(frozen=True)
class Recipient:
    staff_member_id: int
    name: str
    email: str
    token_generation: int


def public_url(path: str) -> str:
    base: str = current_app.config["PUBLIC_URL"]
    return base.rstrip("/") + path


def local_datetime(moment: datetime, timezone: str) -> str:
    """E.g. 'dinsdag 15 december 2026 om 09:00', in the organisation's own timezone."""
    return format_datetime(moment, "EEEE d MMMM y 'om' HH:mm", tzinfo=ZoneInfo(timezone),
                           locale="nl")


class QuestionMail:
    """Renders the question or reminder e-mail of one round for many recipients: the templates
    are rendered once per kind with markers, then each copy only fills in name and links (a
    round for 20,000 people must not render 40,000 templates)."""

    def __init__(self, organisation: Organisation, question: dict[str, Any],
                 closes_at: datetime, preview: bool = False) -> None:
        self.organisation = organisation
        self.question = question
        self.deadline = local_datetime(closes_at, organisation.timezone)
        # A preview (test question) links to a page that shows the answer and records nothing.
        self._answer_path = "/m/voorbeeld" if preview else "/m/a"
        self._answer = tokens.Signer(tokens.PREVIEW if preview else tokens.ANSWER)
        self._history = tokens.Signer(tokens.HISTORY)
        self._merged: dict[str, RenderedEmail] = {}

    def _template(self, kind: str) -> RenderedEmail:
        if kind not in self._merged:
            options = [{"key": o["key"], "text": o["text"],
                        "url": public_url(f"{self._answer_path}/{ANSWER_MARK}/{o['key']}")}
                       for o in self.question["options"]]
            self._merged[kind] = render_email(
                kind, organisation=self.organisation, name=NAME_MARK, question=self.question,
                options=options, deadline=self.deadline,
                history_url=public_url(f"/m/h/{HISTORY_MARK}"))
        return self._merged[kind]

    def render(self, kind: str, delivery_id: int, recipient: Recipient) -> RenderedEmail:
        """`delivery_id` is the BankQuestion id for a preview mail."""
        template = self._template(kind)
        answer = self._answer(delivery_id, recipient.token_generation)
        history = self._history(recipient.staff_member_id, recipient.token_generation)

        def fill(body: str, name: str) -> str:
            # The name goes in last, so nothing in a name is ever taken for a marker.
            return (body.replace(ANSWER_MARK, answer).replace(HISTORY_MARK, history)
                    .replace(NAME_MARK, name))

        return RenderedEmail(template.subject, fill(template.text, recipient.name),
                             fill(template.html, str(escape(recipient.name))))


def render_intro_invite(organisation: Organisation, recipient: Recipient) -> RenderedEmail:
    token = tokens.make(tokens.INTRO, recipient.staff_member_id, recipient.token_generation)
    return render_email("intro_invite", organisation=organisation, name=recipient.name,
                        intro_url=public_url(f"/m/intro/{token}"))

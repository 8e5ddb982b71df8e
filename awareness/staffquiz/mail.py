"""Rendering the staff e-mails (question, reminder, intro invitation) and the absolute personal
links in them. Works without a request (the scheduler renders them), so links are built from
PUBLIC_URL and dates are formatted in the organisation's timezone."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import current_app
from markupsafe import escape

from awareness.organisations.models import Organisation
from awareness.outbox.rendering import RenderedEmail, render_email
from awareness.staffquiz import tokens
from awareness.staffquiz.options import option_label

# Markers survive HTML escaping and never occur in tokens (URL-safe base64 and dots). Filling
# them is one pass over a pre-split body, so nothing filled in is ever read as a marker.
NAME_MARK, ANSWER_MARK, HISTORY_MARK = "@@NAME@@", "@@ANSWER@@", "@@HISTORY@@"
MARK = re.compile(r"@@([A-Z0-9]+)@@")


@dataclass(frozen=True)
class Recipient:
    staff_member_id: int
    name: str
    email: str
    token_generation: int


def public_url(path: str) -> str:
    base: str = current_app.config["PUBLIC_URL"]
    return base.rstrip("/") + path


@lru_cache(maxsize=1024)
def local_datetime(moment: datetime, timezone: str) -> str:
    """E.g. 'dinsdag 15 december 2026 om 09:00', in the organisation's own timezone. Kept: a
    round's deadline is shown on every one of its answer pages."""
    return format_datetime(moment, "EEEE d MMMM y 'om' HH:mm", tzinfo=ZoneInfo(timezone),
                           locale="nl")


class _Template:
    """A rendered body split at its markers: even items are text, odd items marker names."""

    def __init__(self, body: str) -> None:
        self.parts = MARK.split(body)

    def fill(self, values: dict[str, str]) -> str:
        parts = self.parts[:]
        for index in range(1, len(parts), 2):
            parts[index] = values.get(parts[index], f"@@{parts[index]}@@")
        return "".join(parts)


class QuestionMail:
    """Renders question or reminder e-mails for many recipients: each template is rendered
    once per kind and question, with markers for the name, the links and the options (one
    per lettered slot, since every delivery has its own option order); each copy only fills
    them in (a round for 20,000 people must not render 40,000 templates)."""

    def __init__(self, organisation: Organisation, closes_at: datetime,
                 preview: bool = False) -> None:
        self.organisation = organisation
        self.deadline = local_datetime(closes_at, organisation.timezone)
        # A preview (test question) links to a page that shows the answer and records nothing.
        self._answer_path = "/m/voorbeeld" if preview else "/m/a"
        self._answer = tokens.Signer(tokens.PREVIEW if preview else tokens.ANSWER)
        self._history = tokens.Signer(tokens.HISTORY)
        # By the question dict's identity; the dict is kept, so its id is never reused.
        self._merged: dict[tuple[str, int], tuple[dict[str, Any], str | None, _Template,
                                                  _Template, dict[str, tuple[str, str]]]] = {}

    def _template(self, kind: str, question: dict[str, Any]
                  ) -> tuple[str | None, _Template, _Template, dict[str, tuple[str, str]]]:
        cached = self._merged.get((kind, id(question)))
        if cached is None:
            slots = [{"label": option_label(n), "text": f"@@T{n}@@",
                      "url": public_url(f"{self._answer_path}/{ANSWER_MARK}/@@K{n}@@")}
                     for n in range(len(question["options"]))]
            merged = render_email(
                kind, organisation=self.organisation, name=NAME_MARK, question=question,
                options=slots, deadline=self.deadline,
                history_url=public_url(f"/m/h/{HISTORY_MARK}"))
            texts = {o["key"]: (o["text"], str(escape(o["text"]))) for o in question["options"]}
            cached = (question, merged.subject, _Template(merged.text), _Template(merged.html),
                      texts)
            self._merged[(kind, id(question))] = cached
        return cached[1:]

    def render(self, kind: str, delivery_id: int, recipient: Recipient,
               question: dict[str, Any], order: Sequence[str]) -> RenderedEmail:
        """`order`: the option keys as this person sees them. `delivery_id` is the
        BankQuestion id for a preview mail."""
        subject, text, html, texts = self._template(kind, question)
        values = {"ANSWER": self._answer(delivery_id, recipient.token_generation),
                  "HISTORY": self._history(recipient.staff_member_id,
                                           recipient.token_generation)}
        for n, key in enumerate(order):
            values[f"K{n}"] = key
        plain, marked = dict(values), values
        for n, key in enumerate(order):
            plain[f"T{n}"], marked[f"T{n}"] = texts[key]
        plain["NAME"], marked["NAME"] = recipient.name, str(escape(recipient.name))
        return RenderedEmail(subject, text.fill(plain), html.fill(marked))


def render_intro_invite(organisation: Organisation, recipient: Recipient) -> RenderedEmail:
    token = tokens.make(tokens.INTRO, recipient.staff_member_id, recipient.token_generation)
    return render_email("intro_invite", organisation=organisation, name=recipient.name,
                        intro_url=public_url(f"/m/intro/{token}"))

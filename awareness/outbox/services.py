"""Outbox services: `enqueue` stores a rendered e-mail in the caller's transaction (it never
commits); delivery, retries and status live in sender.py and are re-exported here."""
from __future__ import annotations

import uuid
from email.utils import parseaddr
from urllib.parse import urlsplit

from flask import current_app

from awareness.extensions import db
from awareness.outbox.models import PENDING, OutboundEmail
from awareness.timeutil import utcnow


def message_id_domain() -> str:
    """The domain of PUBLIC_URL, else of MAIL_FROM: Message-IDs must be globally unique."""
    host = urlsplit(current_app.config.get("PUBLIC_URL") or "").hostname
    if host:
        return host
    address = parseaddr(current_app.config.get("MAIL_FROM") or "")[1]
    return address.rpartition("@")[2] or "localhost"


def new_message_id(domain: str | None = None) -> str:
    return f"<{uuid.uuid4().hex}@{domain or message_id_domain()}>"


def enqueue(
    *,
    to: str,
    subject: str,
    text_body: str,
    html_body: str,
    kind: str,
    organisation_id: int | None,
    delivery_id: int | None = None,
) -> OutboundEmail:
    """Add one e-mail to the session (the caller commits). Its Message-ID is fixed now and
    reused on every retry, so receivers can de-duplicate."""
    email = OutboundEmail(
        to_address=to,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
        kind=kind,
        organisation_id=organisation_id,
        delivery_id=delivery_id,
        message_id=new_message_id(),
        status=PENDING,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    db.session.add(email)
    return email

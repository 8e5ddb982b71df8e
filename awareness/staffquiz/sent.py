"""What the staff quiz does when the outbox has sent one of its e-mails: the first e-mail of a
delivery that the mail server accepted stamps `Delivery.sent_at` (answer times count from it).
Registered with the outbox at app setup; the outbox itself knows nothing of deliveries."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask

from awareness.outbox.hooks import register_sent_hook
from awareness.staffquiz.models import Delivery

D = Delivery.__table__
# The e-mails whose reference (outbound_email.delivery_id) is a delivery.
KINDS = ("question", "reminder")


def stamp_delivery(references: sa.Select[Any]) -> sa.Executable:
    return (sa.update(D).where(D.c.id.in_(references), D.c.sent_at.is_(None))
            .values(sent_at=sa.bindparam("now")))


def init_app(app: Flask) -> None:
    for kind in KINDS:
        register_sent_hook(app, kind, stamp_delivery)

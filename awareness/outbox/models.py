"""The transactional outbox: e-mails are rendered and stored in the same transaction as the
change that caused them, and a sender drains them later."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from awareness.dbtypes import UTCDateTime
from awareness.extensions import Model
from awareness.timeutil import utcnow

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


class OutboundEmail(Model):
    __tablename__ = "outbound_email"
    __table_args__ = (
        sa.Index("ix_outbound_email_due", "status", "next_attempt_at"),
        # One e-mail of a kind per delivery (question, reminder), whatever retries happen.
        sa.UniqueConstraint("delivery_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    delivery_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("delivery.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    message_id: Mapped[str] = mapped_column(sa.String(200), unique=True)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    text_body: Mapped[str] = mapped_column(sa.Text)
    html_body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(sa.String(100))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

"""A lease row per named job: whoever holds an unexpired lease is the leader."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from awareness.dbtypes import UTCDateTime
from awareness.extensions import Model


class Lease(Model):
    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(sa.String(200))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

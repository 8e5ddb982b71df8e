"""Helpers for outbox tests on a real SMTP server: queue e-mails, a transport whose e-mails
take time on the frozen clock (and whose process can be "killed"), another sender in its own
app context, and a hook that runs between two e-mails of a batch."""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from flask import Flask

from awareness.extensions import db
from awareness.outbox.sender import DeliveryReport, open_transport
from awareness.outbox.services import deliver_due, enqueue
from awareness.outbox.transports import Envelope
from awareness.timeutil import freeze, utcnow


def queue(count: int, organisation_id: int | None = None, prefix: str = "person") -> list[str]:
    addresses = [f"{prefix}{i}@gemeente.example" for i in range(count)]
    for address in addresses:
        enqueue(to=address, subject="Vraag", text_body="tekst", html_body="<p>tekst</p>",
                kind="test", organisation_id=organisation_id)
    db.session.commit()
    return addresses


def rival(app: Flask, batch_size: int = 100) -> DeliveryReport:
    """Another sender, as another process would be: its own session and connection."""
    with app.app_context():
        return deliver_due(worker_id="rival", batch_size=batch_size)


class Killed(BaseException):
    """Stands for the process being killed: nothing in the sender may catch it."""


def between(action: Callable[[int], None]) -> Callable[[str], None]:
    """An on_result callback: runs `action(n)` after the n-th outcome was recorded, before
    the sender goes on to its next e-mail."""
    done = [0]

    def after(_outcome: str) -> None:
        done[0] += 1
        action(done[0])

    return after


class Slow:
    """A real SMTP transport through which every e-mail takes `seconds` of the frozen clock,
    and whose process is killed before it sends e-mail number `killed_at` + 1."""

    def __init__(self, seconds: float, killed_at: int | None = None) -> None:
        self.inner, self.seconds, self.killed_at = open_transport(), seconds, killed_at
        self.sent = 0
        self.deadlines: list[float] = []  # seconds each exchange was given

    def send(self, envelope: Envelope, *, deadline: float | None = None) -> None:
        if self.sent == self.killed_at:
            raise Killed()
        assert deadline is not None
        self.deadlines.append(deadline - time.monotonic())
        self.inner.send(envelope, deadline=deadline)
        self.sent += 1
        freeze(utcnow() + timedelta(seconds=self.seconds))

    def close(self) -> None:
        self.inner.close()

    def __enter__(self) -> Slow:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

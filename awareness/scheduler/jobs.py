"""The periodic jobs, declared as data with stable ids. Each is a few lines calling a service;
the services are state-driven (they look at rows and the clock), so a missed or doubled run
does no harm. Leader-only jobs run in one worker at a time (see lease.py)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from awareness.accounts.reset import process_requests
from awareness.outbox.services import drain
from awareness.reports.retention import apply_retention
from awareness.staffquiz.services import tick

log = logging.getLogger("awareness.worker")


@dataclass(frozen=True)
class Job:
    id: str
    seconds: float
    run: Callable[[datetime], object]
    # False: every worker may run it at once (the outbox claims rows safely).
    leader_only: bool = True
    lease: float | None = None

    @property
    def lease_seconds(self) -> float:
        # Longer than the interval, so a live leader renews before it expires; a dead
        # leader's job is taken over by another worker within half an interval more.
        return self.lease if self.lease is not None else self.seconds * 1.5


def run_tick(now: datetime) -> object:
    report = tick(now)
    for opened in report.opened:
        log.info("opened round %s of %s: %s e-mails queued", opened.number,
                 opened.organisation, opened.deliveries)
    for problem in report.problems:
        log.warning("tick: %s", problem)
    if report.reminders or report.closed:
        log.info("tick: %s reminders queued, %s rounds closed", report.reminders, report.closed)
    return report


def run_send(now: datetime) -> object:
    report = drain()
    if report.claimed:
        log.info("outbox: %s sent, %s to retry, %s failed", report.sent, report.retried,
                 report.failed)
    for error in report.errors[:5]:
        log.warning("outbox: %s", error)
    return report


def run_password_resets(now: datetime) -> object:
    queued = process_requests(now)
    if queued:
        log.info("password reset: %s e-mails queued", queued)
    return queued


def run_retention(now: datetime) -> object:
    report = apply_retention(now)
    log.info("retention: %s answers, %s resident records deleted; %s rounds tallied",
             report.answers_deleted, report.progress_deleted + report.attempts_deleted,
             report.rounds_tallied)
    return report


JOBS: tuple[Job, ...] = (
    Job("tick", 60, run_tick),
    Job("send", 20, run_send, leader_only=False),
    # "Wachtwoord vergeten" only stores the request (the same work for any address).
    Job("password-resets", 10, run_password_resets, leader_only=False),
    Job("retention", 24 * 3600, run_retention),
)

"""Runs the jobs of jobs.py on APScheduler 3 (a background scheduler; `flask worker` waits in
the foreground until SIGTERM/SIGINT). A leader-only job first takes its lease, so with several
workers exactly one runs it. Never started by create_app."""
from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from types import FrameType

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask

from awareness.extensions import db
from awareness.scheduler import lease
from awareness.scheduler.jobs import JOBS, Job
from awareness.timeutil import utcnow

log = logging.getLogger("awareness.worker")


def lease_name(job: Job) -> str:
    return f"job:{job.id}"


class Runner:
    def __init__(self, app: Flask, jobs: Iterable[Job] = JOBS, holder: str | None = None) -> None:
        self.app = app
        self.jobs = tuple(jobs)
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.scheduler = BackgroundScheduler(
            timezone=UTC,
            job_defaults={
                "coalesce": True,  # after downtime: one run, not one per missed interval
                "max_instances": 1,  # never overlap a job with itself in this process
                "misfire_grace_time": 30,
            },
        )

    def run_job(self, job: Job) -> bool:
        """Run `job` once, if this worker may (its lease); False when another worker leads."""
        with self.app.app_context():
            try:
                if job.leader_only and not lease.acquire(
                    lease_name(job), self.holder, job.lease_seconds
                ):
                    log.debug("%s: another worker holds the lease", job.id)
                    return False
                job.run(utcnow())
                return True
            except Exception:
                db.session.rollback()
                log.exception("job %s failed; it runs again at its next interval", job.id)
                return False

    def start(self, run_now: bool = True) -> None:
        now = datetime.now(UTC)
        for job in self.jobs:
            first = now if run_now else now + timedelta(seconds=job.seconds)
            self.scheduler.add_job(
                self.run_job, "interval", args=[job], id=job.id, name=job.id,
                seconds=job.seconds, next_run_time=first, replace_existing=True,
            )
        self.scheduler.start()
        log.info("worker %s started: %s", self.holder,
                 ", ".join(f"{j.id} every {j.seconds:g}s" for j in self.jobs))

    def stop(self) -> None:
        """Let running jobs finish, then hand the leases over at once."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        with self.app.app_context():
            for job in self.jobs:
                if job.leader_only:
                    lease.release(lease_name(job), self.holder)
        log.info("worker %s stopped", self.holder)

    def run_forever(self) -> None:
        """Start, then block until SIGTERM or SIGINT; stop cleanly."""
        wake = threading.Event()

        def _signal(signum: int, frame: FrameType | None) -> None:
            log.info("received %s, stopping", signal.Signals(signum).name)
            wake.set()

        previous = {s: signal.signal(s, _signal) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.start()
            wake.wait()
        finally:
            self.stop()
            for signum, handler in previous.items():
                signal.signal(signum, handler)

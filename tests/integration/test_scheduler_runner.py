"""The real APScheduler runner: two workers with the same leader-only job run it through the
lease (only one at a time, the other takes over when the first stops); a failing job neither
kills the worker nor leaves a broken session; `flask worker --once` runs every job."""
from __future__ import annotations

import time
from datetime import datetime

import pytest

from awareness.extensions import db
from awareness.outbox.services import enqueue, outbox_status
from awareness.scheduler import lease
from awareness.scheduler.jobs import JOBS, Job
from awareness.scheduler.runner import Runner
from tests.support.smtp import SmtpServer, smtp_server  # noqa: F401


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


@pytest.mark.slow
def test_two_runners_one_leader_then_takeover(app) -> None:
    runs: list[str] = []

    def probe(name: str) -> Job:
        return Job("probe", 0.2, lambda now: runs.append(name), lease=30)

    first = Runner(app, [probe("a")], holder="a")
    second = Runner(app, [probe("b")], holder="b")
    first.start()
    wait_until(lambda: runs.count("a") >= 1)
    second.start()
    try:
        wait_until(lambda: runs.count("a") >= 6)
        assert set(runs) == {"a"}  # b fired just as often, but never held the lease
        first.stop()  # releases the lease: b takes over without waiting for expiry
        handed_over = len(runs)
        wait_until(lambda: runs.count("b") >= 3)
        assert set(runs[handed_over:]) == {"b"}
        assert lease.holder_of("job:probe") == "b"
    finally:
        first.stop()
        second.stop()
    assert lease.holder_of("job:probe") is None


def test_a_failing_job_is_logged_and_the_next_run_works(app, caplog) -> None:
    calls: list[int] = []

    def flaky(now: datetime) -> None:
        calls.append(1)
        db.session.execute(db.text("SELECT 1"))
        if len(calls) == 1:
            raise RuntimeError("boom")

    runner = Runner(app, [Job("flaky", 60, flaky)], holder="w")
    assert runner.run_job(runner.jobs[0]) is False
    assert "job flaky failed" in caplog.text
    assert runner.run_job(runner.jobs[0]) is True
    runner.stop()


def test_leader_only_jobs_skip_when_another_worker_leads(app) -> None:
    runs: list[str] = []
    assert lease.acquire("job:tick", "someone-else", ttl=600)
    leader_job = Job("tick", 60, lambda now: runs.append("tick"))
    shared_job = Job("send", 20, lambda now: runs.append("send"), leader_only=False)
    runner = Runner(app, [leader_job, shared_job], holder="me")
    assert runner.run_job(leader_job) is False
    assert runner.run_job(shared_job) is True
    assert runs == ["send"]


def test_the_declared_jobs() -> None:
    assert [job.id for job in JOBS] == ["tick", "send", "password-resets", "retention"]
    by_id = {job.id: job for job in JOBS}
    assert by_id["password-resets"].seconds <= 10 and not by_id["password-resets"].leader_only
    assert by_id["tick"].seconds == 60 and by_id["tick"].leader_only
    assert 15 <= by_id["send"].seconds <= 30 and not by_id["send"].leader_only
    assert by_id["retention"].leader_only
    assert all(job.lease_seconds > job.seconds for job in JOBS)


def test_worker_once_runs_every_job(app, runner, smtp_server: SmtpServer) -> None:  # noqa: F811
    app.config["MAIL_URL"] = smtp_server.url()
    enqueue(to="a@gemeente.example", subject="Hallo", text_body="t", html_body="<p>t</p>",
            kind="test", organisation_id=None)
    db.session.commit()
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "tick: ran" in result.output
    assert "send: ran" in result.output
    assert "retention: ran" in result.output
    assert smtp_server.recipients() == ["a@gemeente.example"]
    assert outbox_status()["sent"] == 1
    assert lease.holder_of("job:tick") is None  # released on the way out

"""`flask worker`: the scheduler and the sender as their own process, in the foreground until
SIGTERM or SIGINT. `--once` runs every job one time and exits (cron, smoke tests)."""
from __future__ import annotations

import logging

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from awareness.scheduler.jobs import JOBS
from awareness.scheduler.runner import Runner


@click.command("worker")
@click.option("--once", is_flag=True, help="Run every job once (respecting leases) and exit.")
@with_appcontext
def worker_command(once: bool) -> None:
    """Run the periodic jobs: quiz tick, outbox sender, data retention."""
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Our jobs log what they did; APScheduler's "running job ..." lines would drown that.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # The app itself, not the proxy: the runner uses it in the scheduler's threads.
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # proxy typed Flask
    runner = Runner(app)
    if once:
        for job in JOBS:
            ran = runner.run_job(job)
            click.echo(f"{job.id}: {'ran' if ran else 'skipped (another worker leads)'}")
        runner.stop()
        return
    runner.run_forever()

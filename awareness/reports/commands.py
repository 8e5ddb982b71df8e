"""`flask reports ...`: maintenance of report data (retention)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from awareness.reports.retention import apply_retention
from awareness.timeutil import utcnow

reports_cli = AppGroup("reports", help="Rapportages: bewaartermijnen en samenvattingen.")


@reports_cli.command("retention")
@click.option("--dry-run", is_flag=True, help="Show what would be deleted; change nothing.")
def retention_command(dry_run: bool) -> None:
    """Tally closed rounds and delete answers and resident progress past their retention."""
    report = apply_retention(utcnow(), dry_run=dry_run)
    prefix = "Dry run, nothing changed. Would have: " if dry_run else ""
    click.echo(f"{prefix}tallied {report.rounds_tallied} round(s); deleted "
               f"{report.answers_deleted} answer(s), {report.deliveries_deleted} delivery "
               f"record(s), {report.progress_deleted} resident "
               f"progress row(s) and {report.attempts_deleted} resident attempt(s).")

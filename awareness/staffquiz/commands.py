"""`flask quiz tick`, `flask quiz send-round --org SLUG` and `flask quiz status --org SLUG`."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from awareness.organisations.services import OrganisationError, by_slug
from awareness.staffquiz import services
from awareness.staffquiz.mail import local_datetime
from awareness.staffquiz.questions import EmptyBankError
from awareness.staffquiz.rounds import RoundExistsError
from awareness.timeutil import utcnow


@click.group("quiz", help="The fortnightly staff quiz.")
def quiz_cli() -> None:
    pass


@quiz_cli.command("tick")
@with_appcontext
def tick() -> None:
    """Open due rounds, send due reminders, close expired rounds (what the worker does)."""
    report = services.tick(utcnow())
    for opened in report.opened:
        click.echo(f"{opened.organisation}: opened round {opened.number} "
                   f"({opened.deliveries} e-mails queued)")
    for problem in report.problems:
        click.secho(problem, fg="red", err=True)
    click.echo(f"opened {len(report.opened)}, reminders queued {report.reminders}, "
               f"closed {report.closed}")


@quiz_cli.command("send-round")
@click.option("--org", "slug", required=True, help="Organisation slug.")
@with_appcontext
def send_round(slug: str) -> None:
    """Open a round now, whatever the schedule (for demos and tests)."""
    try:
        organisation = by_slug(slug)
        with click.progressbar(length=1, label=f"Opening a round for {slug}") as bar:
            opened = services.send_round_now(organisation.id, utcnow())
            bar.update(1)
    except (OrganisationError, EmptyBankError, RoundExistsError) as exc:
        message = str(exc) if isinstance(exc, OrganisationError) else (
            "no question available in the bank (run flask content sync)"
            if isinstance(exc, EmptyBankError) else "a round for this moment already exists")
        click.secho(message, fg="red", err=True)
        sys.exit(1)
    click.echo(f"{slug}: round {opened.number} opened, {opened.deliveries} e-mails queued "
               f"(send them with: flask outbox send)")


@quiz_cli.command("status")
@click.option("--org", "slug", required=True, help="Organisation slug.")
@with_appcontext
def status(slug: str) -> None:
    """The schedule, the next slot and the latest rounds with their participation."""
    try:
        organisation = by_slug(slug)
    except OrganisationError as exc:
        click.secho(str(exc), fg="red", err=True)
        sys.exit(1)
    info = services.status(organisation.id, utcnow())
    tz = organisation.timezone
    click.echo(f"{organisation.name} ({slug}), {info.active_staff} active staff")
    if info.schedule is None:
        click.echo("No schedule: flask org schedule SLUG --start ... --weekday ... --time ...")
    else:
        state = "enabled" if info.schedule.enabled else "disabled"
        upcoming = local_datetime(info.next_slot, tz) if info.next_slot else "-"
        click.echo(f"Schedule {state}; next round: {upcoming}; questions: "
                   f"{organisation.question_mode}")
    for r in info.rounds:
        rate = f"{100 * r.answers / r.deliveries:.0f}%" if r.deliveries else "-"
        state = "closed" if r.closed else ("reminded" if r.reminded else "open")
        question = r.question_key or "(personal)"
        click.echo(f"  round {r.number:>3}  {local_datetime(r.slot_at, tz):<36} "
                   f"{question:<28} {r.answers:>5}/{r.deliveries:<5} answered ({rate}), "
                   f"{r.correct} correct, {state}")

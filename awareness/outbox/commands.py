"""`flask outbox send` (drain everything due now), `flask outbox status` (counts, e-mails held
by a sender's lease, e-mails waiting to be retried), `flask outbox retry` (put failed e-mails
back in the queue) and `flask outbox retry-now` (after the mail server was fixed)."""
from __future__ import annotations

import sys
from datetime import datetime

import click
from flask.cli import with_appcontext

from awareness.organisations.services import OrganisationError, by_slug
from awareness.outbox import services
from awareness.outbox.models import FAILED, PENDING, SENDING, SENT
from awareness.timeutil import utcnow

TIME = "%Y-%m-%d %H:%M:%S UTC"


@click.group("outbox", help="The queue of outgoing e-mail.")
def outbox_cli() -> None:
    pass


def _organisation_id(slug: str | None) -> int | None:
    if slug is None:
        return None
    try:
        return by_slug(slug).id
    except OrganisationError as exc:
        click.secho(str(exc), fg="red", err=True)
        sys.exit(1)


@outbox_cli.command("send")
@with_appcontext
def send() -> None:
    """Send every e-mail that is due now, in batches over one connection each."""
    due = services.due_count()
    if not due:
        click.echo("Nothing to send.")
        return
    try:
        with click.progressbar(length=due, label="Sending e-mail") as bar:
            report = services.drain(on_result=lambda _outcome: bar.update(1))
    except ValueError as exc:  # a malformed MAIL_URL
        click.secho(f"Cannot send: {exc}", fg="red", err=True)
        sys.exit(1)
    for error in report.errors[:10]:
        click.secho(error, fg="yellow", err=True)
    click.echo(f"sent {report.sent}, to retry {report.retried}, failed {report.failed}")


@outbox_cli.command("status")
@click.option("--org", "slug", help="Only this organisation's e-mails.")
@with_appcontext
def status(slug: str | None) -> None:
    """How many e-mails are pending, being sent, sent and failed."""
    organisation_id = _organisation_id(slug)
    counts = services.outbox_status(organisation_id)
    for name in (PENDING, SENDING, SENT, FAILED):
        click.echo(f"{name:<8} {counts[name]:>8}")
    click.echo(f"due now  {services.due_count():>8}")
    now = utcnow()
    waiting = services.waiting_to_retry(organisation_id, now)
    if waiting.emails and waiting.next_attempt_at is not None:
        click.echo(f"waiting  {waiting.emails:>8}   to be retried, the first at "
                   f"{waiting.next_attempt_at:{TIME}} (flask outbox retry-now: due at once)")
    _show_leases(services.held_by_senders(organisation_id), now)
    for email in services.failed_emails(organisation_id, limit=10):
        click.secho(f"failed: #{email.id} {email.to_address}: {email.last_error}", fg="red")


def _show_leases(leases: list[services.HeldLease], now: datetime) -> None:
    if leases:
        click.echo("held by a sender's lease:")
    for lease in leases:
        if lease.until is not None and lease.until >= now:
            click.echo(f"  {lease.holder}: {lease.emails} e-mail(s) until {lease.until:{TIME}}")
        else:  # the sender died or stalled; another one takes these over
            ended = f"{lease.until:{TIME}}" if lease.until else "?"
            click.secho(f"  {lease.holder}: {lease.emails} e-mail(s), lease ran out at "
                        f"{ended}: due again", fg="yellow")


@outbox_cli.command("retry")
@click.option("--org", "slug", help="Only this organisation's e-mails.")
@click.argument("email_ids", nargs=-1, type=int)
@with_appcontext
def retry(slug: str | None, email_ids: tuple[int, ...]) -> None:
    """Queue failed e-mails again (all failed ones, or the given ids)."""
    organisation_id = _organisation_id(slug)
    ids = list(email_ids) or [e.id for e in services.failed_emails(organisation_id, limit=10_000)]
    count = services.retry_failed(ids, organisation_id)
    click.echo(f"{count} e-mail(s) queued again")


@outbox_cli.command("retry-now")
@click.option("--org", "slug", help="Only this organisation's e-mails.")
@click.option("--failed", "include_failed", is_flag=True,
              help="Also queue failed e-mails again, with fresh attempts.")
@with_appcontext
def retry_now(slug: str | None, include_failed: bool) -> None:
    """Make e-mails waiting to be retried due now, e.g. after the mail server was fixed."""
    organisation_id = _organisation_id(slug)
    made = services.make_due_now(organisation_id, utcnow(), include_failed=include_failed)
    click.echo(f"{made.waiting} waiting e-mail(s) due now")
    if include_failed:
        click.echo(f"{made.failed} failed e-mail(s) queued again")
    elif failed := services.outbox_status(organisation_id)[FAILED]:
        click.echo(f"{failed} failed e-mail(s) left as they are (add --failed to queue them)")
    if made.held:
        click.echo(f"{made.held} e-mail(s) held by a sender's lease left to it (see status)")
    click.echo("The worker sends them within a minute, or now: flask outbox send")

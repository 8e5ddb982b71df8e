"""`flask outbox send` (drain everything due now), `flask outbox status` and
`flask outbox retry` (put failed e-mails back in the queue)."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from awareness.organisations.services import OrganisationError, by_slug
from awareness.outbox import services
from awareness.outbox.models import FAILED, PENDING, SENDING, SENT


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
    for email in services.failed_emails(organisation_id, limit=10):
        click.secho(f"failed: #{email.id} {email.to_address}: {email.last_error}", fg="red")


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

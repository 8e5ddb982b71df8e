"""`flask demo seed` and `flask demo code` (development only)."""
from __future__ import annotations

import sys

import click
import pyotp
from flask import current_app
from flask.cli import with_appcontext

from awareness import demo
from awareness.timeutil import utcnow


@click.group("demo", help="Demo data for development (refused in production).")
def demo_cli() -> None:
    if current_app.config["ENV_NAME"] == "production":
        click.secho("Demo data is never created in production.", fg="red", err=True)
        sys.exit(1)


@demo_cli.command("seed")
@with_appcontext
def seed() -> None:
    """Create the demo municipality, roster, rounds and logins (once)."""
    summary = demo.seed(utcnow())
    if summary.created:
        click.echo(f"Demo created: {summary.staff} staff, {summary.rounds} past rounds.")
    else:
        click.echo("Demo data exists already; nothing changed.")
    click.echo("Log in at /beheer/inloggen with (password, then `flask demo code`):")
    for email, password in summary.logins.items():
        click.echo(f"  {email}  /  {password}")


@demo_cli.command("code")
def code() -> None:
    """Print the current TOTP codes of the demo logins."""
    for email, secret in demo.TOTP_SECRETS.items():
        click.echo(f"{email}: {pyotp.TOTP(secret).now()}")

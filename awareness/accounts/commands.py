"""`flask users ...`: create, list and disable coordinator/admin accounts, reset their TOTP,
re-seal TOTP secrets after a key rotation. Passwords come from a hidden prompt or from stdin,
never from an argument (shell history)."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from awareness.accounts import keys, services
from awareness.accounts.models import ADMIN, COORDINATOR
from awareness.accounts.passwords import WeakPasswordError


@click.group("users", help="Coordinator and admin accounts.")
def users_cli() -> None:
    pass


def _read_password() -> str:
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\r\n")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([COORDINATOR, ADMIN]), required=True)
@click.option("--org", "org_slug", help="Organisation slug (required for coordinators).")
@with_appcontext
def create(email: str, role: str, org_slug: str | None) -> None:
    """Create an account. At the first login it sets up its second factor and must replace
    this password, which the admin knows."""
    password = _read_password()
    try:
        user = services.create_user(email, role, password, org_slug, must_change_password=True)
    except (services.AccountError, WeakPasswordError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role} {user.email}. At the first login it sets up its second "
               "factor and must replace this password.")


@users_cli.command("list")
@with_appcontext
def list_users() -> None:
    for user in services.list_users():
        organisation = user.organisation.slug if user.organisation else "-"
        state = "enabled" if user.is_enabled else "disabled"
        totp = "totp" if user.totp_enabled_at else "no-totp"
        click.echo(f"{user.email}\t{user.role}\t{organisation}\t{state}\t{totp}")


@users_cli.command("disable")
@click.argument("email")
@with_appcontext
def disable(email: str) -> None:
    """Disable an account and end its sessions."""
    try:
        user = services.disable_user(email)
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Disabled {user.email}.")


@users_cli.command("reset-totp")
@click.argument("email")
@with_appcontext
def reset_totp(email: str) -> None:
    """Remove the second factor and recovery codes; the next login enrols again."""
    try:
        user = services.reset_totp(email)
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Second factor reset for {user.email}; it is set up again at the next login.")


@users_cli.command("reseal-totp")
@with_appcontext
def reseal_totp() -> None:
    """Re-encrypt every TOTP secret under the first key of TOTP_ENCRYPTION_KEYS. Run it after
    putting a new key first; remove the old key only afterwards."""
    ids = keys.sealed_accounts()
    resealed = 0
    with click.progressbar(ids, label="Re-sealing TOTP secrets") as bar:
        for user_id in bar:
            resealed += keys.reseal_account(user_id)
    click.echo(f"{resealed} of {len(ids)} TOTP secrets re-sealed under the first key.")

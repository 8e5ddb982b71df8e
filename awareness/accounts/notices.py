"""Security notices to the account owner (ASVS 2.2.3, 2.5.5): a password change or reset, new
recovery codes, a lockout. Queued through the outbox in the transaction of the change itself
(never committed here), so a notice goes out exactly when the change is stored."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from awareness.accounts.models import User
from awareness.outbox.rendering import render_email
from awareness.outbox.services import enqueue

PASSWORD_CHANGED, PASSWORD_RESET = "password_changed", "password_reset"
RECOVERY_CODES_RENEWED, LOCKED = "recovery_codes_renewed", "locked"


def public_url(path: str) -> str:
    return str(current_app.config["PUBLIC_URL"]).rstrip("/") + path


def _texts(event: str, email: str, minutes: int) -> tuple[str, str]:
    """(subject, what happened) for `event`."""
    if event == PASSWORD_CHANGED:
        return (_("Uw wachtwoord voor Digitaal Veilig is gewijzigd"),
                _("Het wachtwoord van uw beheeraccount (%(email)s) is zojuist gewijzigd. Uw "
                  "andere sessies zijn uitgelogd.", email=email))
    if event == PASSWORD_RESET:
        return (_("Uw wachtwoord voor Digitaal Veilig is opnieuw ingesteld"),
                _("Het wachtwoord van uw beheeraccount (%(email)s) is zojuist opnieuw "
                  "ingesteld via een link uit uw e-mail. Al uw sessies zijn uitgelogd.",
                  email=email))
    if event == RECOVERY_CODES_RENEWED:
        return (_("Nieuwe herstelcodes voor Digitaal Veilig"),
                _("Voor uw beheeraccount (%(email)s) zijn zojuist nieuwe herstelcodes gemaakt. "
                  "De oude codes werken niet meer. Uw andere sessies zijn uitgelogd.",
                  email=email))
    if event == LOCKED:
        return (_("Uw account bij Digitaal Veilig is tijdelijk geblokkeerd"),
                _("Bij uw beheeraccount (%(email)s) is vijf keer een verkeerd wachtwoord of "
                  "een verkeerde code ingevuld. Daarom is het account %(minutes)s minuten "
                  "geblokkeerd.", email=email, minutes=minutes))
    raise ValueError(f"unknown account notice {event!r}")


def notify(user: User, event: str, minutes: int = 0) -> None:
    """Queue the notice for `event` to the user's own address (the caller commits)."""
    subject, body = _texts(event, user.email, minutes)
    mail = render_email("account_notice", event=event, body=body,
                        forgot_url=public_url("/beheer/wachtwoord-vergeten"))
    enqueue(to=user.email, subject=subject, text_body=mail.text, html_body=mail.html,
            kind="account_notice", organisation_id=user.organisation_id)

"""Organisation use cases: create and find municipalities.
Each function validates plain values, commits once, and raises OrganisationError with a Dutch
message that a CLI or a form can show as it is."""
from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from awareness.extensions import db
from awareness.organisations.models import Organisation

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class OrganisationError(ValueError):
    """Invalid input for an organisation use case; the message is meant for the user."""


def by_slug(slug: str) -> Organisation:
    organisation = db.session.scalar(sa.select(Organisation).filter_by(slug=slug))
    if organisation is None:
        raise OrganisationError(_("Organisatie %(slug)s bestaat niet.", slug=slug))
    return organisation


def create_organisation(slug: str, name: str, timezone: str = "Europe/Amsterdam",
                        contact_email: str | None = None) -> Organisation:
    if not SLUG.match(slug) or len(slug) > 64:
        raise OrganisationError(_("Gebruik voor de korte naam alleen kleine letters, cijfers "
                                  "en streepjes, zoals gemeente-voorbeeld."))
    if not name.strip() or len(name) > 200:
        raise OrganisationError(_("Vul een naam in van hoogstens 200 tekens."))
    _check_timezone(timezone)
    if db.session.scalar(sa.select(Organisation.id).filter_by(slug=slug)) is not None:
        raise OrganisationError(_("Organisatie %(slug)s bestaat al.", slug=slug))
    organisation = Organisation(slug=slug, name=name.strip(), timezone=timezone,
                                contact_email=_contact(contact_email))
    db.session.add(organisation)
    db.session.commit()
    return organisation


def _check_timezone(timezone: str) -> None:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise OrganisationError(_("Onbekende tijdzone: %(tz)s", tz=timezone)) from exc


def _contact(email: str | None) -> str | None:
    if not email:
        return None
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise OrganisationError(_("%(email)s is geen geldig e-mailadres.", email=email)) from exc

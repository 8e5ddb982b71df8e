"""Organisations and departments as the admin and coordinators manage them. Validation errors
raise OrganisationError (from awareness.organisations.services) with a Dutch message."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from awareness.accounts import audit
from awareness.extensions import db
from awareness.organisations.models import Department, Organisation, StaffMember
from awareness.organisations.services import SLUG, OrganisationError
from awareness.staffquiz.models import QuizSchedule

THRESHOLD_RANGE = (3, 50)
RETENTION_RANGE = (1, 120)


@dataclass(frozen=True)
class OrganisationInput:
    name: str
    timezone: str
    privacy_threshold: int
    retention_months: int
    contact_email: str | None
    listed_for_residents: bool


def _validated(values: OrganisationInput) -> OrganisationInput:
    name = values.name.strip()
    if not name or len(name) > 200:
        raise OrganisationError(_("Vul een naam in van hoogstens 200 tekens."))
    try:
        ZoneInfo(values.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise OrganisationError(_("Onbekende tijdzone: %(tz)s", tz=values.timezone)) from exc
    low, high = THRESHOLD_RANGE
    if not low <= values.privacy_threshold <= high:
        raise OrganisationError(_("De privacydrempel moet tussen %(low)s en %(high)s liggen.",
                                  low=low, high=high))
    low, high = RETENTION_RANGE
    if not low <= values.retention_months <= high:
        raise OrganisationError(_("De bewaartermijn moet tussen %(low)s en %(high)s maanden "
                                  "liggen.", low=low, high=high))
    contact = None
    if values.contact_email:
        try:
            contact = validate_email(values.contact_email, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise OrganisationError(_("Vul een geldig e-mailadres in.")) from exc
    return OrganisationInput(name, values.timezone, values.privacy_threshold,
                             values.retention_months, contact, values.listed_for_residents)


def create_organisation(slug: str, values: OrganisationInput, actor_id: int) -> Organisation:
    values = _validated(values)
    if not SLUG.match(slug) or len(slug) > 64:
        raise OrganisationError(_("Gebruik voor de korte naam alleen kleine letters, cijfers "
                                  "en streepjes, zoals gemeente-voorbeeld."))
    if db.session.scalar(sa.select(Organisation.id).filter_by(slug=slug)) is not None:
        raise OrganisationError(_("Organisatie %(slug)s bestaat al.", slug=slug))
    organisation = Organisation(slug=slug, per_person_reports=False, **asdict(values))
    db.session.add(organisation)
    db.session.flush()
    audit.record("organisation.created", actor_id, organisation.id, slug=slug)
    db.session.commit()
    return organisation


def update_organisation(organisation_id: int, values: OrganisationInput,
                        actor_id: int) -> Organisation:
    values = _validated(values)
    organisation = db.session.get_one(Organisation, organisation_id)
    changed = {}
    for field, new in asdict(values).items():
        if getattr(organisation, field) != new:
            changed[field] = [getattr(organisation, field), new]
            setattr(organisation, field, new)
    if changed:
        audit.record("organisation.updated", actor_id, organisation.id, changed=changed)
    db.session.commit()
    return organisation


def set_per_person_reports(organisation_id: int, enabled: bool, actor_id: int,
                           reason: str = "") -> None:
    """Switch the per-person participation lists on or off (the admin's decision, audited with
    its reason; switching on needs one). Staff are told while it is on (e-mails, history)."""
    reason = reason.strip()
    if enabled and not reason:
        raise OrganisationError(_("Geef een reden op, bijvoorbeeld de afspraak met de "
                                  "ondernemingsraad."))
    organisation = db.session.get_one(Organisation, organisation_id)
    if organisation.per_person_reports != enabled:
        organisation.per_person_reports = enabled
        audit.record("per_person_reports.changed", actor_id, organisation.id, enabled=enabled,
                     reason=reason)
    db.session.commit()


def per_person_decision(organisation_id: int) -> audit.AuditRow | None:
    """The last change of the per-person switch (who, when, why), for the settings page and
    the DPIA pack."""
    page = audit.list_events(organisation_id=organisation_id,
                             action="per_person_reports.changed", per_page=1)
    return page.rows[0] if page.rows else None


def departments(organisation_id: int) -> list[tuple[Department, int]]:
    """Departments with their number of active staff."""
    count = (sa.select(sa.func.count(StaffMember.id))
             .where(StaffMember.department_id == Department.id, StaffMember.active.is_(True))
             .scalar_subquery())
    rows = db.session.execute(sa.select(Department, count).filter_by(
        organisation_id=organisation_id).order_by(Department.name))
    return [(department, n) for department, n in rows]


def department_in(organisation_id: int, department_id: int) -> Department | None:
    return db.session.scalar(sa.select(Department).filter_by(
        id=department_id, organisation_id=organisation_id))


def _check_name(organisation_id: int, name: str, except_id: int | None = None) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise OrganisationError(_("Vul een naam in van hoogstens 200 tekens."))
    clash = db.session.scalar(sa.select(Department.id).where(
        Department.organisation_id == organisation_id,
        sa.func.lower(Department.name) == name.lower(), Department.id != (except_id or 0)))
    if clash is not None:
        raise OrganisationError(_("Er is al een afdeling met deze naam."))
    return name


def add_department(organisation_id: int, name: str, actor_id: int) -> Department:
    name = _check_name(organisation_id, name)
    department = Department(organisation_id=organisation_id, name=name)
    db.session.add(department)
    db.session.flush()
    audit.record("department.created", actor_id, organisation_id, department_id=department.id,
                 name=name)
    db.session.commit()
    return department


def rename_department(organisation_id: int, department_id: int, name: str,
                     actor_id: int) -> Department:
    department = department_in(organisation_id, department_id)
    if department is None:
        raise OrganisationError(_("Deze afdeling bestaat niet."))
    name = _check_name(organisation_id, name, except_id=department.id)
    audit.record("department.renamed", actor_id, organisation_id, department_id=department.id,
                 old=department.name, new=name)
    department.name = name
    db.session.commit()
    return department


def list_organisations() -> list[tuple[Organisation, int, QuizSchedule | None]]:
    """Every organisation with its number of active staff and its schedule."""
    active = (sa.select(sa.func.count(StaffMember.id))
              .where(StaffMember.organisation_id == Organisation.id,
                     StaffMember.active.is_(True)).scalar_subquery())
    rows = db.session.execute(
        sa.select(Organisation, active, QuizSchedule)
        .outerjoin(QuizSchedule, QuizSchedule.organisation_id == Organisation.id)
        .order_by(Organisation.name)
    )
    return [(org, count, schedule) for org, count, schedule in rows]

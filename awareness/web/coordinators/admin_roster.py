"""Coordinator routes: the staff roster. The CSV import is a two-step form: the upload shows
a preview (nothing stored); the preview carries the file back in a signed, compressed hidden
field that expires after an hour, and "Toepassen" re-plans and applies it."""
from __future__ import annotations

import base64
import zlib

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms.fields import SelectChoice

from awareness.administration import organisations as org_admin
from awareness.administration import roster
from awareness.extensions import csrf
from awareness.organisations.importer import plan_import
from awareness.organisations.services import OrganisationError
from awareness.signing import secret_keys
from awareness.web.coordinators.access import fresh_auth_required, organisation_for
from awareness.web.coordinators.admin_forms import (
    ButtonForm,
    ImportApplyForm,
    ImportUploadForm,
    RosterFilterForm,
)
from awareness.web.coordinators.blueprint import bp, status_of

PAYLOAD_MAX_AGE = 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_keys(), salt="roster-import")


def _seal(organisation_id: int, data: bytes, deactivate: bool) -> str:
    packed = base64.b64encode(zlib.compress(data, 9)).decode()
    return str(_serializer().dumps({"o": organisation_id, "d": deactivate, "f": packed}))


def _unseal(organisation_id: int, payload: str) -> tuple[bytes, bool]:
    try:
        sealed = _serializer().loads(payload, max_age=PAYLOAD_MAX_AGE)
        if sealed["o"] != organisation_id:
            raise BadSignature("payload of another organisation")
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        data = zlib.decompressobj().decompress(base64.b64decode(sealed["f"]), limit)
    except (BadSignature, KeyError, TypeError, ValueError, zlib.error):
        abort(400, description=_("De gegevens van de voorvertoning zijn verlopen of ongeldig. "
                                 "Upload het bestand opnieuw."))
    return data, bool(sealed["d"])


def _filter(form: RosterFilterForm) -> roster.RosterFilter:
    def flag(value: str | None) -> bool | None:
        return None if value in (None, "") else value == "1"

    department = form.department.data
    return roster.RosterFilter(search=form.q.data or "",
                               department_id=int(department) if department else None,
                               active=flag(form.active.data), intro_completed=flag(form.intro.data))


@bp.get("/<org_slug>/medewerkers")
def staff_list(org_slug: str):  # type: ignore[no-untyped-def]
    organisation = organisation_for(org_slug)
    form = RosterFilterForm(request.args)
    form.department.choices = [SelectChoice("", _("Alle afdelingen"))] + [
        SelectChoice(str(d.id), d.name) for d, _count in org_admin.departments(organisation.id)]
    query = _filter(form) if form.validate() else roster.RosterFilter()
    page = roster.roster_page(organisation.id, query, request.args.get("pagina", 1, type=int))
    args = {k: v for k, v in request.args.items() if k != "pagina"}
    return render_template("coordinators/staff_list.html", organisation=organisation, form=form,
                           page=page, args=args), status_of(form)


@bp.route("/<org_slug>/medewerkers/importeren", methods=["GET", "POST"])
def staff_import(org_slug: str):  # type: ignore[no-untyped-def]
    organisation = organisation_for(org_slug)
    form = ImportUploadForm()
    if form.validate_on_submit():
        data, deactivate = form.file.data.read(), bool(form.deactivate_missing.data)
        plan = plan_import(organisation.id, data, deactivate)
        apply_form = ImportApplyForm(payload=_seal(organisation.id, data, deactivate))
        return render_template("coordinators/staff_import_preview.html", plan=plan,
                               organisation=organisation, form=apply_form), 200 if plan.ok else 400
    return render_template("coordinators/staff_import.html", organisation=organisation,
                           form=form), status_of(form)


@bp.post("/<org_slug>/medewerkers/importeren/toepassen")
@csrf.exempt  # checked by the form itself, after the field-size limit below is raised
def staff_import_apply(org_slug: str):  # type: ignore[no-untyped-def]
    organisation = organisation_for(org_slug)
    request.max_form_memory_size = 2 * current_app.config["MAX_CONTENT_LENGTH"]
    form = ImportApplyForm()
    if not form.validate_on_submit():
        abort(400)
    data, deactivate = _unseal(organisation.id, form.payload.data or "")
    plan = plan_import(organisation.id, data, deactivate)
    if not plan.ok:
        abort(400, description=_("Het bestand bevat fouten. Upload het opnieuw."))
    summary = roster.apply_import(plan, current_user.id)
    flash(_("Import toegepast: %(a)s nieuw, %(u)s gewijzigd, %(d)s op niet actief gezet.",
            a=summary.added, u=summary.updated, d=summary.deactivated), "info")
    return redirect(url_for(".staff_list", org_slug=org_slug))


def _person(organisation_id: int, staff_id: int):  # type: ignore[no-untyped-def]
    person = roster.person_in(organisation_id, staff_id)
    if person is None:
        abort(404)
    return person


@bp.get("/<org_slug>/medewerkers/<int:staff_id>")
def staff_detail(org_slug: str, staff_id: int):  # type: ignore[no-untyped-def]
    organisation = organisation_for(org_slug)
    return render_template("coordinators/staff_detail.html", organisation=organisation,
                           person=_person(organisation.id, staff_id), form=ButtonForm())


@bp.post("/<org_slug>/medewerkers/<int:staff_id>/<any(activeren, deactiveren):change>")
def staff_set_active(org_slug: str, staff_id: int, change: str):  # type: ignore[no-untyped-def]
    organisation = organisation_for(org_slug)
    person = _person(organisation.id, staff_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    roster.set_active(organisation.id, person.id, change == "activeren", current_user.id)
    flash(_("De medewerker is bijgewerkt."), "info")
    return redirect(url_for(".staff_detail", org_slug=org_slug, staff_id=person.id))


@bp.route("/<org_slug>/medewerkers/<int:staff_id>/verwijderen", methods=["GET", "POST"])
@fresh_auth_required
def staff_delete(org_slug: str, staff_id: int):  # type: ignore[no-untyped-def]
    organisation = organisation_for(org_slug)
    person = _person(organisation.id, staff_id)
    form = ButtonForm()
    if form.validate_on_submit():
        roster.delete_person(organisation.id, person.id, current_user.id)
        flash(_("De medewerker en zijn of haar persoonsgegevens zijn verwijderd."), "info")
        return redirect(url_for(".staff_list", org_slug=org_slug))
    return render_template("coordinators/staff_delete.html", organisation=organisation,
                           person=person, form=form), status_of(form)


@bp.route("/<org_slug>/medewerkers/<int:staff_id>/gegevens", methods=["GET", "POST"])
@fresh_auth_required
def staff_export(org_slug: str, staff_id: int):  # type: ignore[no-untyped-def]
    """AVG right of access: the person gets a link to their own data by e-mail; the
    coordinator only triggers it and never sees the data (security review H-1)."""
    organisation = organisation_for(org_slug)
    person = _person(organisation.id, staff_id)
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            roster.send_export(organisation.id, person.id, current_user.id)
        except OrganisationError as error:
            abort(400, description=str(error))
        flash(_("%(name)s krijgt een e-mail met een link naar de eigen gegevens.",
                name=person.name), "info")
        return redirect(url_for(".staff_detail", org_slug=org_slug, staff_id=person.id))
    return render_template("coordinators/staff_export.html", organisation=organisation,
                           person=person, form=form), status_of(form)


@bp.post("/<org_slug>/medewerkers/<int:staff_id>/links-intrekken")
def staff_revoke_links(org_slug: str, staff_id: int):  # type: ignore[no-untyped-def]
    organisation = organisation_for(org_slug)
    person = _person(organisation.id, staff_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    roster.revoke_links(organisation.id, person.id, current_user.id)
    flash(_("Alle persoonlijke links van %(name)s zijn ingetrokken.", name=person.name), "info")
    return redirect(url_for(".staff_detail", org_slug=org_slug, staff_id=person.id))

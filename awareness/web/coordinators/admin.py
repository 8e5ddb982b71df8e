"""Coordinator routes: administration of organisations (admin), the per-person report switch
and departments. The roster, planning/question bank/outbox and audit pages live in
admin_roster.py, admin_planning.py and admin_audit.py (imported at the end)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from awareness.administration import organisations as admin
from awareness.administration.organisations import list_organisations
from awareness.organisations.services import OrganisationError
from awareness.web.auth import session as auth_session
from awareness.web.coordinators.access import fresh_auth_required, organisation_for, require_admin
from awareness.web.coordinators.admin_forms import DepartmentForm, OrganisationForm, PerPersonForm
from awareness.web.coordinators.blueprint import bp, status_of


def _values(form: OrganisationForm) -> admin.OrganisationInput:
    return admin.OrganisationInput(
        name=form.name.data or "", timezone=(form.timezone.data or "").strip(),
        privacy_threshold=form.privacy_threshold.data or 0,
        retention_months=form.retention_months.data or 0,
        contact_email=(form.contact_email.data or "").strip() or None,
        listed_for_residents=bool(form.listed_for_residents.data))


@bp.get("/organisaties")
def organisations() -> ResponseReturnValue:
    require_admin()
    return render_template("coordinators/organisations.html", rows=list_organisations())


@bp.route("/organisaties/nieuw", methods=["GET", "POST"])
def organisation_new() -> ResponseReturnValue:
    require_admin()
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            created = admin.create_organisation((form.slug.data or "").strip(), _values(form),
                                                auth_session.user().id)
        except OrganisationError as error:
            form.slug.errors = [str(error)]
        else:
            flash(_("De organisatie is aangemaakt."), "info")
            return redirect(url_for(".organisation_edit", org_slug=created.slug))
    return render_template("coordinators/organisation_form.html", form=form,
                           organisation=None), status_of(form)


@bp.route("/<org_slug>/instellingen", methods=["GET", "POST"])
def organisation_edit(org_slug: str) -> ResponseReturnValue:
    require_admin()
    organisation = organisation_for(org_slug)
    form = OrganisationForm(obj=organisation)
    del form.slug  # the slug is part of every address: it does not change
    if form.validate_on_submit():
        try:
            admin.update_organisation(organisation.id, _values(form), auth_session.user().id)
        except OrganisationError as error:
            form.name.errors = [str(error)]
        else:
            flash(_("De instellingen zijn opgeslagen."), "info")
            return redirect(url_for(".organisation_edit", org_slug=org_slug))
    return render_template("coordinators/organisation_form.html", form=form,
                           organisation=organisation), status_of(form)


@bp.route("/<org_slug>/overzichten-per-persoon", methods=["GET", "POST"])
@fresh_auth_required
def per_person_reports(org_slug: str) -> ResponseReturnValue:
    require_admin()  # the admin decides, with a reason; a coordinator cannot switch it on
    organisation = organisation_for(org_slug)
    form = PerPersonForm(enabled=organisation.per_person_reports)
    if form.validate_on_submit():
        try:
            admin.set_per_person_reports(organisation.id, bool(form.enabled.data),
                                         auth_session.user().id, form.reason.data or "")
        except OrganisationError as error:
            form.reason.errors = [str(error)]
        else:
            flash(_("De instelling is opgeslagen."), "info")
            return redirect(url_for(".per_person_reports", org_slug=org_slug))
    return render_template("coordinators/per_person.html", form=form, organisation=organisation,
                           decision=admin.per_person_decision(organisation.id)), status_of(form)


@bp.route("/<org_slug>/afdelingen", methods=["GET", "POST"])
def departments(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    form = DepartmentForm()
    if form.validate_on_submit():
        try:
            admin.add_department(organisation.id, form.name.data or "", auth_session.user().id)
        except OrganisationError as error:
            form.name.errors = [str(error)]
        else:
            flash(_("De afdeling is toegevoegd."), "info")
            return redirect(url_for(".departments", org_slug=org_slug))
    return render_template("coordinators/departments.html", form=form, organisation=organisation,
                           rows=admin.departments(organisation.id)), status_of(form)


@bp.route("/<org_slug>/afdelingen/<int:department_id>", methods=["GET", "POST"])
def department_edit(org_slug: str, department_id: int) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    department = admin.department_in(organisation.id, department_id)
    if department is None:
        abort(404)
    form = DepartmentForm(obj=department)
    if form.validate_on_submit():
        try:
            admin.rename_department(organisation.id, department.id, form.name.data or "",
                                    auth_session.user().id)
        except OrganisationError as error:
            form.name.errors = [str(error)]
        else:
            flash(_("De afdeling heeft een nieuwe naam."), "info")
            return redirect(url_for(".departments", org_slug=org_slug))
    return render_template("coordinators/department_form.html", form=form,
                           organisation=organisation, department=department), status_of(form)

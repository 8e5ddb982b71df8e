"""Admin route: the audit log, newest first, with paging and a filter by organisation and
action."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from wtforms.fields import SelectChoice

from awareness.accounts import audit
from awareness.web.coordinators.access import require_admin, visible_organisations
from awareness.web.coordinators.admin_forms import AuditFilterForm
from awareness.web.coordinators.blueprint import bp, status_of


@bp.get("/audit")
def audit_log():  # type: ignore[no-untyped-def]
    require_admin()
    organisations = visible_organisations()
    form = AuditFilterForm(request.args)
    form.organisation.choices = [SelectChoice("", _("Alle organisaties"))] + [
        SelectChoice(str(o.id), o.name) for o in organisations]
    form.action.choices = [SelectChoice("", _("Alle handelingen"))] + [
        SelectChoice(a, a) for a in audit.ACTIONS]
    valid = form.validate()
    organisation = form.organisation.data if valid and form.organisation.data else None
    page = audit.list_events(
        organisation_id=int(organisation) if organisation else None,
        action=(form.action.data or None) if valid else None,
        page=request.args.get("pagina", 1, type=int))
    args = {k: v for k, v in request.args.items() if k != "pagina"}
    return render_template("coordinators/audit.html", form=form, page=page,
                           args=args), status_of(form)

"""Coordinator routes: the DPIA and works-council pack of an organisation, as a printable page
and as a PDF, both rendered from the organisation's real settings (awareness.reports.dpia)."""
from __future__ import annotations

from flask import Response, current_app, render_template
from flask.typing import ResponseReturnValue

from awareness.printing.pdf import render_pdf
from awareness.reports import dpia, exports
from awareness.timeutil import utcnow
from awareness.web.coordinators.access import organisation_for
from awareness.web.coordinators.blueprint import bp


def _pack(org_slug: str) -> dpia.DpiaPack:
    organisation = organisation_for(org_slug)
    return dpia.dpia_pack(organisation, dpia.deployment_of(current_app.config), utcnow())


@bp.get("/<org_slug>/dpia")
def dpia_page(org_slug: str) -> ResponseReturnValue:
    return render_template("coordinators/dpia.html", pack=_pack(org_slug))


@bp.get("/<org_slug>/dpia.pdf")
def dpia_pdf(org_slug: str) -> ResponseReturnValue:
    pack = _pack(org_slug)
    body = render_pdf(render_template("coordinators/dpia_print.html", pack=pack),
                      "dpia-print.css", public=False)
    name = exports.filename(pack.slug, "dpia-or-dossier", pack.made_on, "pdf")
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": exports.content_disposition(name)})

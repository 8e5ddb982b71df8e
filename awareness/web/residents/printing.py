"""Paper versions of a module: the large-print handout (print-ready page and PDF) and the
poster (PDF, A4 or A3). `?gemeente=<slug>` prints that municipality's name, logo and address;
without it the deployment's PUBLIC_URL is printed."""
from __future__ import annotations

import base64
from typing import Any

import sqlalchemy as sa
from flask import Response, abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from awareness.content.schema import RESIDENT_AUDIENCES
from awareness.extensions import db, limiter
from awareness.learning import services
from awareness.organisations.models import Organisation
from awareness.printing import handout
from awareness.printing.pdf import render_pdf
from awareness.printing.qr import qr_svg
from awareness.web.publicpage import shared
from awareness.web.residents.views import bp

POSTER_SIZES = ("a4", "a3")
# A PDF costs a second of CPU the first time; a library printing every module stays far below.
PDF_LIMIT = "30 per minute"


def _organisation() -> Organisation | None:
    slug = request.args.get("gemeente")
    if slug is None:
        return None
    organisation = db.session.scalar(sa.select(Organisation).filter_by(slug=slug))
    if organisation is None:
        abort(404)
    return organisation


def _paper(slug: str, for_pdf: bool) -> dict[str, Any]:
    try:
        module = services.current_module(slug, RESIDENT_AUDIENCES)
    except services.ModuleNotFoundError:
        abort(404)
    organisation = _organisation()
    base = (organisation.public_url if organisation and organisation.public_url
            else current_app.config["PUBLIC_URL"])
    address = handout.module_address(base, url_for("residents.module", slug=slug))
    logo = None
    if organisation is not None and organisation.logo_png:
        logo = ("data:image/png;base64," + base64.b64encode(organisation.logo_png).decode()
                if for_pdf else url_for("embed.logo", org_slug=organisation.slug))
    return {"module": module, "organisation": organisation, "address": address,
            "qr": qr_svg(address.url), "logo_src": logo, "for_pdf": for_pdf,
            "signs": handout.warning_signs(lesson.body_html for lesson in module.lessons),
            "nested": handout.nested}


def _pdf(html: str, filename: str, stylesheet: str) -> Response:
    response = shared(Response(render_pdf(html, stylesheet), mimetype="application/pdf"))
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@bp.get("/module/<slug>/afdrukken")
def handout_page(slug: str) -> ResponseReturnValue:
    return shared(render_template("print/handout.html", **_paper(slug, for_pdf=False)))


@bp.get("/module/<slug>/afdrukken.pdf")
@limiter.limit(PDF_LIMIT)
def handout_pdf(slug: str) -> ResponseReturnValue:
    html = render_template("print/handout.html", **_paper(slug, for_pdf=True))
    return _pdf(html, f"{slug}-grote-letters.pdf", "print.css")


@bp.get("/module/<slug>/poster.pdf")
@limiter.limit(PDF_LIMIT)
def poster_pdf(slug: str) -> ResponseReturnValue:
    size = request.args.get("formaat", "a4")
    if size not in POSTER_SIZES:
        abort(400, description=_("Kies als formaat a4 of a3."))
    html = render_template("print/poster.html", size=size, **_paper(slug, for_pdf=True))
    return _pdf(html, f"{slug}-poster-{size}.pdf", "poster.css")

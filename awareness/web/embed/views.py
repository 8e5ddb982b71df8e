"""The embed blueprint (/embed/<org>/...): loads the organisation from the URL, lets only its
listed origins frame the response (a per-response CSP frame-ancestors), and serves its
stylesheet of design tokens, its logo and the checker. Module routes: modules.py (the
package's __init__ imports both).

Embedded pages read and set no cookie at all: a third-party iframe gets none in most browsers,
and the resident never agreed to one on this site. Forms therefore carry no CSRF token; what
they change is anonymous (an outcome count, a quiz attempt under a new random id)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, abort, g, url_for
from flask.typing import ResponseReturnValue

from awareness.extensions import csrf, db, limiter
from awareness.organisations import branding
from awareness.organisations.models import Organisation
from awareness.web import checkerpages, security
from awareness.web.publicpage import shared

bp = Blueprint("embed", __name__)


@bp.url_value_preprocessor
def _pull_organisation(endpoint: str | None, values: dict[str, Any] | None) -> None:
    g.embed_slug = (values or {}).pop("org_slug", None)


@bp.url_defaults
def _add_organisation(endpoint: str, values: dict[str, Any]) -> None:
    if "org_slug" not in values and g.get("embed_org") is not None:
        values["org_slug"] = g.embed_org.slug


@bp.before_request
def _load_organisation() -> None:
    g.embed_org = db.session.scalar(sa.select(Organisation).filter_by(slug=g.embed_slug))
    if g.embed_org is None:
        abort(404)


@bp.after_request
def _frame_policy(response: Response) -> Response:
    """Replace the CSP's frame-ancestors by the organisation's origins ('none' without any,
    or for an unknown organisation); awareness.web.security adds X-Frame-Options: DENY only
    where framing stays forbidden."""
    organisation = g.get("embed_org")
    sources = branding.frame_ancestors(organisation.embed_origins if organisation else ())
    policy = response.headers.get("Content-Security-Policy", security.CSP)
    directives = [d for d in policy.split("; ") if not d.startswith("frame-ancestors")]
    response.headers["Content-Security-Policy"] = "; ".join(
        [*directives, f"frame-ancestors {sources}"])
    return response


@bp.get("/<org_slug>/stijl.css")
def stylesheet() -> ResponseReturnValue:
    css = branding.stylesheet(g.embed_org.design_tokens or {})
    return shared(Response(css, mimetype="text/css"))


@bp.get("/<org_slug>/logo.png")
def logo() -> ResponseReturnValue:
    data = g.embed_org.logo_png
    if not data:
        abort(404)
    return shared(Response(data, mimetype="image/png"))


def _place() -> checkerpages.Place:
    return checkerpages.Place(
        layout="embed/base.html",
        url=lambda path: url_for("embed.checker", steps="/".join(path)),
        module_url=lambda slug: url_for("embed.module", slug=slug),
        organisation_id=g.embed_org.id,
    )


@bp.get("/<org_slug>/is-het-nep", defaults={"steps": ""}, endpoint="checker")
@bp.get("/<org_slug>/is-het-nep/<path:steps>", endpoint="checker")
def checker(steps: str) -> ResponseReturnValue:
    return checkerpages.show(_place(), steps)


@bp.post("/<org_slug>/is-het-nep", defaults={"steps": ""}, endpoint="checker_answer")
@bp.post("/<org_slug>/is-het-nep/<path:steps>", endpoint="checker_answer")
@csrf.exempt
@limiter.limit(checkerpages.ANSWER_LIMIT)
def checker_answer(steps: str) -> ResponseReturnValue:
    return checkerpages.answer(_place(), steps)

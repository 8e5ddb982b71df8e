"""Resident routes of "Is het nep?" (the pages themselves: awareness.web.checkerpages)."""
from __future__ import annotations

from flask import g, url_for
from flask.typing import ResponseReturnValue

from awareness.extensions import csrf, limiter
from awareness.web import checkerpages
from awareness.web.residents.views import bp


def _place() -> checkerpages.Place:
    # A municipality the resident chose earlier (learner cookie) gets the count; the checker
    # itself never sets or needs a cookie.
    return checkerpages.Place(
        layout="base.html",
        url=lambda path: url_for("residents.checker", steps="/".join(path)),
        module_url=lambda slug: url_for("residents.module", slug=slug),
        organisation_id=g.learner.organisation_id,
    )


@bp.get("/is-het-nep", defaults={"steps": ""}, endpoint="checker")
@bp.get("/is-het-nep/<path:steps>", endpoint="checker")
def checker(steps: str) -> ResponseReturnValue:
    return checkerpages.show(_place(), steps)


@bp.post("/is-het-nep", defaults={"steps": ""}, endpoint="checker_answer")
@bp.post("/is-het-nep/<path:steps>", endpoint="checker_answer")
@csrf.exempt
@limiter.limit(checkerpages.ANSWER_LIMIT)
def checker_answer(steps: str) -> ResponseReturnValue:
    return checkerpages.answer(_place(), steps)

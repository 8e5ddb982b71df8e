"""The anonymous learner cookie: a random id (and an optional municipality), signed so it
cannot be forged or altered. It is set only when a resident starts a module."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app, g, request
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

from awareness.signing import url_safe_serializer

COOKIE = "learner"


@dataclass(frozen=True)
class Learner:
    id: str | None = None
    organisation_id: int | None = None


def current() -> Learner:
    """This request's learner (from load_learner): without a cookie, one without an id."""
    learner: Learner = g.learner
    return learner


def _serializer() -> URLSafeSerializer:
    return url_safe_serializer("learner-v1")


def load_learner() -> None:
    """before_request: read the cookie; a tampered one gets a clear 400 page."""
    raw = request.cookies.get(COOKIE)
    g.learner = Learner()
    if raw is None:
        return
    try:
        data = _serializer().loads(raw)
        g.learner = Learner(str(data["id"]), data.get("org"))
    except (BadSignature, KeyError, TypeError, ValueError):
        g.invalid_learner = True
        if request.endpoint != "residents.forget":
            abort(400, description=_("Uw voortgangscookie is ongeldig of aangepast. Wis uw "
                                     "voortgang via 'Mijn voortgang' om opnieuw te beginnen."))


def save_learner(response: Response, learner: Learner) -> Response:
    value = _serializer().dumps({"id": learner.id, "org": learner.organisation_id})
    response.set_cookie(
        COOKIE, value, max_age=current_app.config["LEARNER_COOKIE_DAYS"] * 86400,
        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax",
    )
    return response


def clear_learner(response: Response) -> Response:
    response.delete_cookie(COOKIE)
    return response

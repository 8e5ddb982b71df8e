"""Who may see what under /beheer. Every coordinator route goes through here:
`require_coordinator` (logged in, second factor done, no forced password change pending) and
`organisation_for(slug)`, which returns the organisation only if the current user may manage
it (404 otherwise, so ids and slugs of other municipalities are not even confirmed to exist).
`fresh_auth_required` asks for the password again before sensitive actions."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import sqlalchemy as sa
from flask import abort, redirect, request, url_for
from flask_login import current_user

from awareness.extensions import db
from awareness.organisations.models import Organisation
from awareness.web.auth import session as auth_session

FRESH_SECONDS = 10 * 60


def require_coordinator():  # type: ignore[no-untyped-def]
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path))
    if not auth_session.second_factor_done():
        return redirect(url_for("auth.second_factor"))
    if current_user.must_change_password:
        return redirect(url_for("auth.new_password"))
    return None


def require_admin() -> None:
    if not current_user.is_admin:
        abort(404)


def visible_organisations() -> list[Organisation]:
    query = sa.select(Organisation).order_by(Organisation.name)
    if not current_user.is_admin:
        query = query.filter_by(id=current_user.organisation_id)
    return list(db.session.scalars(query))


def organisation_for(slug: str) -> Organisation:
    if current_user.is_admin:
        organisation = db.session.scalar(sa.select(Organisation).filter_by(slug=slug))
    else:  # a coordinator manages only the organisation loaded with the account
        organisation = current_user.organisation
    if organisation is None or organisation.slug != slug:
        abort(404)
    return organisation


def fresh_auth_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Ask for the password again when the last check is older than ten minutes. A GET comes
    back to the same address; a POST comes back to the GET of its address, which shows the
    confirmation form again, so nothing is done without a deliberate second click."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not auth_session.is_fresh(FRESH_SECONDS):
            target = request.full_path if request.method == "GET" else request.path
            return redirect(url_for("auth.reauthenticate", next=target.rstrip("?")))
        return view(*args, **kwargs)

    return wrapper

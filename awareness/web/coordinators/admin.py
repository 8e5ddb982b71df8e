"""Coordinator routes: administration (organisations, departments). The roster, schedule,
question bank, outbox and audit pages live in the admin_*.py modules imported at the end."""
from __future__ import annotations

from flask import url_for
from werkzeug.routing import BuildError

from awareness.web.coordinators.views import bp


@bp.app_template_global()
def optional_url(endpoint: str, **values: object) -> str | None:
    """url_for, or None when the endpoint is not (yet) registered: keeps the menu robust."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None

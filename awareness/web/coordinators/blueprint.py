"""The coordinators blueprint itself: one access guard and the figure helpers for every page
under /beheer. Route modules import `bp` from here; the package's __init__ imports them."""
from __future__ import annotations

from flask import Blueprint

from awareness.web.coordinators import figures
from awareness.web.coordinators.access import require_coordinator

bp = Blueprint("coordinators", __name__)
bp.before_request(require_coordinator)
figures.register(bp)


def status_of(form: object) -> int:
    """The status of a page that shows a form: 400 when its submission did not validate."""
    return 400 if getattr(form, "errors", None) else 200

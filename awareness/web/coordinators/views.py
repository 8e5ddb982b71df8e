"""The coordinators blueprint; its routes live in admin.py and reports.py."""
from __future__ import annotations

from flask import Blueprint

from awareness.web.coordinators import figures
from awareness.web.coordinators.access import require_coordinator

bp = Blueprint("coordinators", __name__)
bp.before_request(require_coordinator)
figures.register(bp)

# Route modules register themselves on `bp`; imported last because they need it.
from awareness.web.coordinators import admin, reports  # noqa: E402,F401

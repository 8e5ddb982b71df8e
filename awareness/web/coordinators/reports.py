"""Coordinator routes: reports. Views parse the filter, call awareness.reports, render."""
from __future__ import annotations

from flask import render_template

from awareness.web.coordinators.access import visible_organisations
from awareness.web.coordinators.views import bp


@bp.get("/", endpoint="dashboard")
def dashboard():  # type: ignore[no-untyped-def]
    return render_template("coordinators/dashboard.html", organisations=visible_organisations())

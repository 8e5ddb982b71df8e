"""Coordinator routes: reports (to be written)."""
from __future__ import annotations

from awareness.web.coordinators.views import bp  # noqa: F401

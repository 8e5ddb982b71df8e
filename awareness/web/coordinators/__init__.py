"""Coordinator and admin pages under /beheer: administration (admin.py) and reports
(reports.py) share one blueprint and one access guard (access.py)."""
from awareness.web.coordinators.views import bp

__all__ = ["bp"]

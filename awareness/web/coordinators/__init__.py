"""Coordinator and admin pages under /beheer. One blueprint (blueprint.py, with the access
guard of access.py); each module below adds its routes to it. The dependency runs one way:
this package imports the route modules, the route modules import the blueprint."""
from awareness.web.coordinators import (
    admin,
    admin_audit,
    admin_branding,
    admin_planning,
    admin_roster,
    dpia,
    reports,
)
from awareness.web.coordinators.blueprint import bp

ROUTE_MODULES = (admin, admin_audit, admin_branding, admin_planning, admin_roster, dpia,
                 reports)

__all__ = ["ROUTE_MODULES", "bp"]

"""Pages for residents: anonymous, no account, works without JavaScript. The blueprint lives
in views.py; checker.py ("Is het nep?") and printing.py (handouts, posters) add routes to it.
This package imports the route modules; they import the blueprint."""
from awareness.web.residents import checker, printing, views
from awareness.web.residents.views import bp

ROUTE_MODULES = (views, checker, printing)

__all__ = ["ROUTE_MODULES", "bp"]

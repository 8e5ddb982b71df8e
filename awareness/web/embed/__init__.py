"""Pages for the municipality's own website, shown in an iframe: a module or the checker
without the site chrome, in the municipality's look. Only the origins an organisation lists
may frame them; everyone else gets the normal refusal. The blueprint lives in views.py;
modules.py adds the module routes. This package imports both; they import the blueprint."""
from awareness.web.embed import modules, views
from awareness.web.embed.views import bp

ROUTE_MODULES = (views, modules)

__all__ = ["ROUTE_MODULES", "bp"]

"""Pages for the municipality's own website, shown in an iframe: a module or the checker
without the site chrome, in the municipality's look. Only the origins an organisation lists
may frame them; everyone else gets the normal refusal."""
from awareness.web.embed.views import bp

__all__ = ["bp"]

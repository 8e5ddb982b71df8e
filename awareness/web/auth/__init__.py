"""Blueprint package: see views.py."""
from awareness.web.auth import session  # noqa: F401  (registers the user loader)
from awareness.web.auth.views import bp

__all__ = ["bp"]

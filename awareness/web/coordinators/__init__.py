"""Blueprint package: see views.py."""
from awareness.web.coordinators.views import bp

__all__ = ["bp"]

"""Blueprint package: see views.py."""
from awareness.web.staff.views import bp

__all__ = ["bp"]

"""Pages for residents: anonymous, no account, works without JavaScript."""
from awareness.web.residents.views import bp

__all__ = ["bp"]

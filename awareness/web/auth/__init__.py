"""Blueprint package: see views.py (login) and account.py (the own account)."""
from awareness.web.auth import (
    account,  # noqa: F401  (registers the account routes)
    session,  # noqa: F401  (registers the user loader)
)
from awareness.web.auth.views import bp

__all__ = ["bp"]

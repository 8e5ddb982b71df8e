"""Flask-Login glue: the session carries "user id:session version", so a password change or
a lock-out ends every other session of that account."""
from __future__ import annotations

from awareness.accounts.models import User
from awareness.extensions import db, login_manager


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_enabled or user.session_version != int(version):
        return None
    return user

"""Views of the auth blueprint: login, second factor, logout, password reset."""
from __future__ import annotations

from flask import Blueprint, redirect, session, url_for
from flask_login import logout_user

bp = Blueprint("auth", __name__)


@bp.post("/uitloggen")
def logout():  # type: ignore[no-untyped-def]
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))

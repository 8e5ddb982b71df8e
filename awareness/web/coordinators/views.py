"""Views of the coordinators blueprint."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("coordinators", __name__)

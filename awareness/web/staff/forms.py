"""Forms for staff pages. Every POST carries a CSRF token; nothing is ever submitted by script.
The answer page has a plain form of its own (staff/answer.html)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class DownloadForm(FlaskForm):
    """A button, so a mail scanner that opens the link downloads (and logs) nothing."""

    submit = SubmitField(_l("Download mijn gegevens"))

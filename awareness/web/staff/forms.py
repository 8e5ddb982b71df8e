"""Forms for staff pages. Every POST carries a CSRF token; nothing is ever submitted by script."""
from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from awareness.staffquiz.answering import ShownOption
from awareness.web.choices import SelectChoice


class AnswerForm(FlaskForm):
    option = RadioField(_l("Jouw antwoord"),
                        validators=[InputRequired(_l("Kies een antwoord."))])
    submit = SubmitField(_l("Bevestig mijn antwoord"))


def answer_form(options: Sequence[ShownOption], preselected: str | None) -> AnswerForm:
    form = AnswerForm()
    form.option.choices = [SelectChoice(o.key, o.text) for o in options]
    if not form.is_submitted() and preselected in {o.key for o in options}:
        form.option.data = preselected
    return form


class DownloadForm(FlaskForm):
    """A button, so a mail scanner that opens the link downloads (and logs) nothing."""

    submit = SubmitField(_l("Download mijn gegevens"))

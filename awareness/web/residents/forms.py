"""Forms for residents. Every POST carries a CSRF token through Flask-WTF."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField

from awareness.web.choices import SelectChoice


class ButtonForm(FlaskForm):
    """A form with only a CSRF token and a button (start a module, forget my data)."""

    submit = SubmitField()


class OrganisationForm(FlaskForm):
    organisation = SelectField(_l("Uw gemeente"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Opslaan"))


class LanguageForm(FlaskForm):
    lang = SelectField(_l("Taal"), choices=[SelectChoice("nl", "Nederlands"),
                                             SelectChoice("en", "English")])
    submit = SubmitField(_l("Kies taal"))

"""Forms for residents. Every POST carries a CSRF token through Flask-WTF."""
from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, SubmitField, widgets
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired

from awareness.content.models import ModuleQuestion


class ButtonForm(FlaskForm):
    """A form with only a CSRF token and a button (start a module, forget my data)."""

    submit = SubmitField()


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class OrganisationForm(FlaskForm):
    organisation = SelectField(_l("Uw gemeente"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Opslaan"))


class LanguageForm(FlaskForm):
    lang = SelectField(_l("Taal"), choices=[SelectChoice("nl", "Nederlands"),
                                             SelectChoice("en", "English")])
    submit = SubmitField(_l("Kies taal"))


def quiz_form(questions: Sequence[ModuleQuestion], lang: str) -> type[FlaskForm]:
    """Build a form class with one field per question (radio or checkboxes)."""

    class QuizForm(FlaskForm):
        pass

    for question in questions:
        choices = [SelectChoice(o["key"], o["text"].get(lang, o["text"]["nl"]))
                   for o in question.options]
        label = question.text.get(lang, question.text["nl"])
        message = _l("Kies een antwoord bij deze vraag.")
        if question.kind == "single":
            field = RadioField(label, choices=choices, validators=[InputRequired(message)])
        else:
            field = MultiCheckboxField(label, choices=choices,
                                       validators=[InputRequired(message)])
        setattr(QuizForm, f"q_{question.key}", field)
    return QuizForm

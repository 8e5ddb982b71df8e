"""The module quiz as a form, shared by the resident modules and the staff intro course: one
field per question (radios or checkboxes), options shuffled per attempt, strict about what
may be posted."""
from __future__ import annotations

from collections.abc import Sequence

from flask import abort, current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import RadioField, SelectMultipleField, widgets
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired

from awareness.content.models import ModuleQuestion
from awareness.learning.shuffle import attempt_seed, option_order

# `?poging=` is only a salt for the order; a cap keeps the seed's input small.
MAX_ATTEMPT = 10_000


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def order_seed(*parts: object) -> bytes:
    """The seed for one attempt's option order: name the quiz, the person and the attempt."""
    return attempt_seed(current_app.config["SECRET_KEY"], *parts)


def attempt_number() -> int:
    """The attempt named in the query string (`?poging=2`), for a quiz without stored
    attempts: a reload keeps it, the 'try again' link moves on to the next."""
    return min(max(request.args.get("poging", 1, type=int) or 1, 1), MAX_ATTEMPT)


def quiz_form(questions: Sequence[ModuleQuestion], lang: str,
              seed: bytes | None = None) -> type[FlaskForm]:
    """Build a form class with one field per question (radio or checkboxes); with a seed,
    each question's options in that attempt's shuffled order."""

    class QuizForm(FlaskForm):
        pass

    for question in questions:
        options = {o["key"]: o for o in question.options}
        keys = option_order(seed, question.key, list(options)) if seed else list(options)
        choices = [SelectChoice(key, options[key]["text"].get(lang, options[key]["text"]["nl"]))
                   for key in keys]
        label = question.text.get(lang, question.text["nl"])
        required = [InputRequired(_l("Kies een antwoord bij deze vraag."))]
        field_class = RadioField if question.kind == "single" else MultiCheckboxField
        setattr(QuizForm, f"q_{question.key}",
                field_class(label, choices=choices, validators=required))
    return QuizForm


def reject_foreign_fields(questions: Sequence[ModuleQuestion], posted: MultiDict) -> None:
    """WTForms ignores fields it does not know and keeps one value of a radio: refuse both."""
    single = {f"q_{q.key}" for q in questions if q.kind == "single"}
    expected = {f"q_{q.key}" for q in questions} | {"csrf_token"}
    if set(posted) - expected:
        abort(400, description=_("Het formulier bevat vragen die niet bij deze quiz horen."))
    if any(len(posted.getlist(name)) > 1 for name in single):
        abort(400, description=_("Bij deze vraag kunt u maar één antwoord kiezen."))


def submitted_answers(form: FlaskForm, questions: Sequence[ModuleQuestion]
                      ) -> dict[str, list[str]]:
    """The chosen option keys per question key, always as a list."""
    answers = {}
    for question in questions:
        value = form[f"q_{question.key}"].data
        answers[question.key] = list(value) if isinstance(value, list) else [str(value)]
    return answers

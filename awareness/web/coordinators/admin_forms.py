"""Forms of the administration screens (CSRF on every POST through Flask-WTF)."""
from __future__ import annotations

from typing import TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from awareness.staffquiz.schedule import ScheduleInput
from awareness.web.choices import SelectChoice

T = TypeVar("T")
REQUIRED = _l("Dit veld is verplicht.")
WHOLE = _l("Vul een heel getal in.")
WEEKDAYS = (_l("maandag"), _l("dinsdag"), _l("woensdag"), _l("donderdag"), _l("vrijdag"),
            _l("zaterdag"), _l("zondag"))


def validated(value: T | None) -> T:
    """The data of a field that a validator requires (InputRequired): once the form has
    validated it is never None, which its type cannot say."""
    if value is None:
        raise ValueError("a required field without a value: validate the form first")
    return value


class ButtonForm(FlaskForm):
    """Only a CSRF token and a button: deactivate, delete, export, retry."""

    submit = SubmitField()


class OrganisationForm(FlaskForm):
    slug = StringField(_l("Korte naam (in adressen)"),
                       validators=[DataRequired(REQUIRED), Length(max=64)])
    name = StringField(_l("Naam"), validators=[DataRequired(REQUIRED), Length(max=200)])
    timezone = StringField(_l("Tijdzone"), default="Europe/Amsterdam",
                           validators=[DataRequired(REQUIRED), Length(max=64)])
    privacy_threshold = IntegerField(
        _l("Privacydrempel (kleinste groep in rapportages)"), default=5,
        validators=[InputRequired(WHOLE),
                    NumberRange(3, 50, _l("Kies een getal van 3 tot en met 50."))])
    retention_months = IntegerField(
        _l("Bewaartermijn antwoorden (maanden)"), default=24,
        validators=[InputRequired(WHOLE),
                    NumberRange(1, 120, _l("Kies een getal van 1 tot en met 120."))])
    contact_email = EmailField(_l("E-mailadres contactpersoon"),
                               validators=[Optional(), Length(max=254)])
    listed_for_residents = BooleanField(_l("Tonen in de gemeentekeuze voor inwoners"),
                                        default=True)
    submit = SubmitField(_l("Opslaan"))


class PerPersonForm(FlaskForm):
    enabled = BooleanField(_l("Overzichten per persoon aanzetten"))
    reason = TextAreaField(_l("Reden (verplicht bij aanzetten; komt in het auditlog)"),
                           validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Opslaan"))


class DepartmentForm(FlaskForm):
    name = StringField(_l("Naam van de afdeling"),
                       validators=[DataRequired(REQUIRED), Length(max=200)])
    submit = SubmitField(_l("Opslaan"))


class RosterFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    q = StringField(_l("Zoek op naam of e-mailadres"), validators=[Optional(), Length(max=100)])
    department = SelectField(_l("Afdeling"), default="", validate_choice=True)
    active = SelectField(_l("Status"), default="", choices=[
        SelectChoice("", _l("Iedereen")), SelectChoice("1", _l("Actief")),
        SelectChoice("0", _l("Niet actief"))])
    intro = SelectField(_l("Introductiecursus"), default="", choices=[
        SelectChoice("", _l("Iedereen")), SelectChoice("1", _l("Afgerond")),
        SelectChoice("0", _l("Nog niet afgerond"))])
    submit = SubmitField(_l("Zoeken"))


class ImportUploadForm(FlaskForm):
    file = FileField(_l("CSV-bestand"), validators=[FileRequired(_l("Kies een bestand."))])
    deactivate_missing = BooleanField(_l("Zet medewerkers die niet in het bestand staan op "
                                         "niet actief"))
    submit = SubmitField(_l("Bekijk de wijzigingen"))


class ImportApplyForm(FlaskForm):
    payload = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Toepassen"))


class ScheduleForm(FlaskForm):
    enabled = BooleanField(_l("Quiz staat aan"))
    start_date = DateField(_l("Eerste ronde niet voor"),
                           validators=[InputRequired(_l("Vul een datum in."))])
    weekday = SelectField(_l("Dag van de week"), coerce=int, choices=[
        SelectChoice(str(day), name) for day, name in enumerate(WEEKDAYS)])
    time_of_day = TimeField(_l("Tijd"), validators=[InputRequired(_l("Vul een tijd in."))])
    interval_days = IntegerField(_l("Elke zoveel dagen een vraag"), default=14,
                                 validators=[InputRequired(WHOLE), NumberRange(1, 366)])
    reminder_after_days = IntegerField(_l("Herinnering na (dagen)"), default=5,
                                       validators=[InputRequired(WHOLE), NumberRange(1, 365)])
    answer_window_days = IntegerField(_l("Antwoorden kan tot (dagen)"), default=14,
                                      validators=[InputRequired(WHOLE), NumberRange(1, 366)])
    submit = SubmitField(_l("Planning opslaan"))

    def values(self) -> ScheduleInput:
        """The validated schedule (call after validate_on_submit)."""
        return ScheduleInput(
            validated(self.start_date.data), validated(self.weekday.data),
            validated(self.time_of_day.data), validated(self.interval_days.data),
            validated(self.reminder_after_days.data), validated(self.answer_window_days.data),
            bool(self.enabled.data))


class QuestionModeForm(FlaskForm):
    mode = RadioField(_l("Welke vraag krijgt iedereen?"), choices=[
        SelectChoice("personal", _l(
            "Persoonlijk: ieder krijgt een eigen vraag. Wat iemand fout had of niet "
            "beantwoordde, komt de volgende ronde terug; wat goed was na twee rondes nog één "
            "keer. Twee keer achter elkaar goed: klaar.")),
        SelectChoice("same", _l("Iedereen krijgt dezelfde vraag van de ronde.")),
    ], validators=[InputRequired(_l("Kies hoe de vragen worden gekozen."))])
    submit = SubmitField(_l("Opslaan"))


class PauseForm(FlaskForm):
    first_day = DateField(_l("Eerste dag"), validators=[InputRequired(_l("Vul een datum in."))])
    last_day = DateField(_l("Laatste dag"), validators=[InputRequired(_l("Vul een datum in."))])
    label = StringField(_l("Omschrijving (bijvoorbeeld zomervakantie)"),
                        validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Pauze toevoegen"))


class QuestionToggleForm(FlaskForm):
    key = HiddenField(validators=[DataRequired(), Length(max=64)])
    enabled = HiddenField(validators=[DataRequired()])
    submit = SubmitField()


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    organisation = SelectField(_l("Organisatie"), default="", validate_choice=True)
    action = SelectField(_l("Handeling"), default="", validate_choice=True)
    submit = SubmitField(_l("Filteren"))

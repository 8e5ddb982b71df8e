"""Forms of the auth blueprint (all with a CSRF token through Flask-WTF)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from awareness.accounts.passwords import MAX_LENGTH

REQUIRED = _l("Dit veld is verplicht.")
NOT_EQUAL = _l("De wachtwoorden zijn niet gelijk.")


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(REQUIRED), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Wachtwoord"),
                             validators=[DataRequired(REQUIRED), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Inloggen"))


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(REQUIRED), Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "spellcheck": "false",
                                  "autocapitalize": "off"})
    submit = SubmitField(_l("Controleren"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(REQUIRED), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    submit = SubmitField(_l("Stuur mij een link"))


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("Nieuw wachtwoord"),
                             validators=[DataRequired(REQUIRED), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Herhaal het nieuwe wachtwoord"),
                            validators=[DataRequired(REQUIRED),
                                        EqualTo("password", NOT_EQUAL)],
                            render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Wachtwoord opslaan"))


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Huidig wachtwoord"),
                            validators=[DataRequired(REQUIRED), Length(max=MAX_LENGTH)],
                            render_kw={"autocomplete": "current-password"})


class ReauthForm(FlaskForm):
    password = PasswordField(_l("Wachtwoord"),
                             validators=[DataRequired(REQUIRED), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Bevestigen"))


class ButtonForm(FlaskForm):
    submit = SubmitField()

"""Views of the auth blueprint: login (password, then TOTP or a recovery code), enrolment of
the second factor, logout, password reset by e-mail. The own account is in account.py."""
from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from awareness.accounts import lockout, reset, services, totp
from awareness.accounts import login as logins
from awareness.accounts.passwords import WeakPasswordError
from awareness.extensions import limiter
from awareness.timeutil import utcnow
from awareness.web.auth import session as auth_session
from awareness.web.auth.forms import CodeForm, ForgotPasswordForm, LoginForm, NewPasswordForm

bp = Blueprint("auth", __name__)
bp.before_request(auth_session.refuse_control_characters)
LOGIN_LIMIT = "10/minute"


def failed() -> str:
    # One message for every cause, so it does not tell whether an address has an account.
    return _("Dit is niet gelukt. Controleer uw gegevens. Na vijf mislukte pogingen wordt het "
             "account een tijd geblokkeerd, en bij herhaling steeds langer.")


def _status(form: object) -> int:
    return 400 if getattr(form, "errors", None) else 200


def _now() -> float:
    return utcnow().timestamp()


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login():  # type: ignore[no-untyped-def]
    if auth_session.second_factor_done():
        return redirect(auth_session.safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = logins.authenticate(form.email.data or "", form.password.data or "")
        except logins.LoginFailed:
            form.password.errors = [failed()]
            return render_template("auth/login.html", form=form), 401
        auth_session.begin(user, request.args.get("next"))
        return redirect(url_for(".second_factor"))
    return render_template("auth/login.html", form=form), _status(form)


def _pending_login():  # type: ignore[no-untyped-def]
    """Guard for the second step: password done, second factor not yet."""
    if not current_user.is_authenticated:
        return redirect(url_for(".login"))
    if auth_session.second_factor_done():
        return redirect(auth_session.safe_next(None))
    return None


@bp.route("/tweede-stap", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def second_factor():  # type: ignore[no-untyped-def]
    if (guard := _pending_login()) is not None:
        return guard
    if current_user.totp_enabled_at is None:
        return redirect(url_for(".enrol"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            logins.verify_second_factor(current_user.id, form.code.data or "", _now())
        except logins.LoginFailed:
            return _code_refused(form)
        return redirect(auth_session.complete_second_factor())
    return render_template("auth/second_factor.html", form=form), _status(form)


def _code_refused(form: CodeForm):  # type: ignore[no-untyped-def]
    if lockout.is_locked(services.get_user(current_user.id)):
        auth_session.end()
        flash(failed(), "error")
        return redirect(url_for(".login"))
    form.code.errors = [_("Deze code klopt niet of is al gebruikt. Probeer de nieuwste code.")]
    return render_template("auth/second_factor.html", form=form), 401


@bp.route("/tweede-stap/instellen", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def enrol():  # type: ignore[no-untyped-def]
    if (guard := _pending_login()) is not None:
        return guard
    if current_user.totp_enabled_at is not None:
        return redirect(url_for(".second_factor"))
    secret = services.pending_secret(current_user.id)
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = services.confirm_enrolment(current_user.id, form.code.data or "", _now())
        except services.AccountError as error:
            form.code.errors = [str(error)]
        else:
            next_url = auth_session.complete_second_factor()
            return render_template("auth/recovery_codes.html", codes=codes, next_url=next_url)
    svg = totp.qr_svg(totp.provisioning_uri(secret, current_user.email))
    qr = Markup(svg)  # noqa: S704  # nosec B704  # SVG drawn by segno, text content escaped by it
    return render_template("auth/enrol.html", form=form, qr=qr,
                           secret=totp.grouped(secret)), _status(form)


@bp.post("/uitloggen")
def logout():  # type: ignore[no-untyped-def]
    auth_session.end()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for(".login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit("5/minute", methods=["POST"])
def forgot_password():  # type: ignore[no-untyped-def]
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        reset.request_reset(form.email.data or "", utcnow())
        return render_template("auth/forgot_password_sent.html")
    return render_template("auth/forgot_password.html", form=form), _status(form)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def reset_password(token: str):  # type: ignore[no-untyped-def]
    try:
        reset.user_for_token(token)
    except reset.InvalidResetToken as error:
        return render_template("auth/reset_invalid.html", message=str(error)), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            reset.reset_password(token, form.password.data or "")
        except WeakPasswordError as error:
            form.password.errors = [str(error)]
        else:
            auth_session.end()
            flash(_("Uw wachtwoord is gewijzigd. Log in met uw nieuwe wachtwoord."), "info")
            return redirect(url_for(".login"))
    return render_template("auth/reset_password.html", form=form), _status(form)



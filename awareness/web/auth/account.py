"""The own account under /beheer: re-authentication before sensitive actions, the password
(also the forced change after `flask users create`), recovery codes, and the list of active
sessions with "overal uitloggen"."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from awareness.accounts import lockout, services, sessions
from awareness.accounts import login as logins
from awareness.accounts.passwords import WeakPasswordError
from awareness.extensions import limiter
from awareness.timeutil import utcnow
from awareness.web.auth import session as auth_session
from awareness.web.auth.forms import ButtonForm, ChangePasswordForm, ReauthForm
from awareness.web.auth.views import LOGIN_LIMIT, bp, failed

FRESH_SECONDS = 10 * 60


def full_login(*, allow_password_change: bool = False) -> ResponseReturnValue | None:
    """Guard: password and second factor done, and no forced password change pending."""
    if not current_user.is_authenticated:
        return redirect(url_for(".login", next=request.full_path.rstrip("?")))
    if not auth_session.second_factor_done():
        return redirect(url_for(".second_factor"))
    if current_user.must_change_password and not allow_password_change:
        return redirect(url_for(".new_password"))
    return None


@bp.route("/opnieuw-bevestigen", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def reauthenticate() -> ResponseReturnValue:
    if (guard := full_login()) is not None:
        return guard
    form = ReauthForm()
    if form.validate_on_submit():
        try:
            logins.confirm_password(current_user.id, form.password.data or "")
        except logins.LoginFailed:
            if lockout.is_locked(services.get_user(current_user.id)):
                auth_session.end()
                flash(failed(), "error")
                return redirect(url_for(".login"))
            form.password.errors = [_("Dit wachtwoord klopt niet.")]
            return render_template("auth/reauthenticate.html", form=form), 401
        target = auth_session.safe_next(request.args.get("next"))
        auth_session.mark_fresh()
        return redirect(target)
    return render_template("auth/reauthenticate.html", form=form), 400 if form.errors else 200


def _change_password(form: ChangePasswordForm) -> bool:
    try:
        user = services.change_password(current_user.id, form.current.data or "",
                                        form.password.data or "")
    except (services.AccountError, WeakPasswordError) as error:
        form.password.errors = [str(error)]
        return False
    auth_session.restart(user)
    flash(_("Uw wachtwoord is gewijzigd. Andere sessies zijn uitgelogd."), "info")
    return True


@bp.route("/account", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def account() -> ResponseReturnValue:
    if (guard := full_login()) is not None:
        return guard
    form = ChangePasswordForm()
    if form.validate_on_submit() and _change_password(form):
        return redirect(url_for(".account"))
    this = auth_session.current()
    return render_template(
        "auth/account.html", form=form, button=ButtonForm(), this_session=this,
        sessions=sessions.active(current_user.id, utcnow(), auth_session.limits()),
        unused=services.unused_recovery_codes(current_user.id)), 400 if form.errors else 200


@bp.route("/account/nieuw-wachtwoord", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def new_password() -> ResponseReturnValue:
    """The first login of an account made with `flask users create`: the admin knows that
    password, so it must be replaced before anything else opens (ASVS 2.3.1)."""
    if (guard := full_login(allow_password_change=True)) is not None:
        return guard
    if not current_user.must_change_password:
        return redirect(url_for(".account"))
    form = ChangePasswordForm()
    if form.validate_on_submit() and _change_password(form):
        return redirect(auth_session.safe_next(None))
    return render_template("auth/new_password.html", form=form), 400 if form.errors else 200


@bp.post("/account/overal-uitloggen")
def end_all_sessions() -> ResponseReturnValue:
    """Log out everywhere: every session of the account ends, this one too."""
    if (guard := full_login()) is not None:
        return guard
    if not ButtonForm().validate_on_submit():
        return redirect(url_for(".account"))
    ended = services.end_all_sessions(current_user.id)
    auth_session.end()
    flash(_("U bent overal uitgelogd (%(n)s sessies).", n=ended), "info")
    return redirect(url_for(".login"))


@bp.route("/account/herstelcodes", methods=["GET", "POST"])
def renew_recovery_codes() -> ResponseReturnValue:
    if (guard := full_login()) is not None:
        return guard
    if not auth_session.is_fresh(FRESH_SECONDS):
        return redirect(url_for(".reauthenticate", next=url_for(".renew_recovery_codes")))
    form = ButtonForm()
    if form.validate_on_submit():
        this = auth_session.current()
        codes = services.new_recovery_codes(current_user.id, this.id if this else None)
        return render_template("auth/recovery_codes.html", codes=codes,
                               next_url=url_for(".account"))
    return render_template("auth/renew_recovery_codes.html", form=form)

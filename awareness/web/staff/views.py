"""Staff pages behind personal links: answering a question (GET shows and preselects, only a
confirmed POST records), their own history and data, and the intro course. A bad link gets a
Dutch 404."""
from __future__ import annotations

import json
from datetime import datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError

from awareness.administration import roster
from awareness.extensions import csrf_exempt, limiter
from awareness.learning.grading import InvalidAnswersError
from awareness.reports.colleagues import ColleagueCache, colleague_answers
from awareness.staffquiz import answering, history, intro, tokens
from awareness.staffquiz.answering import LinkNotFoundError
from awareness.staffquiz.mail import local_datetime
from awareness.staffquiz.preview import load_preview
from awareness.timeutil import utcnow
from awareness.web import pagecache
from awareness.web.errors import render_error
from awareness.web.quizform import (
    attempt_number,
    order_seed,
    quiz_form,
    reject_foreign_fields,
    submitted_answers,
)
from awareness.web.staff.forms import DownloadForm
from awareness.web.staff.keptpages import EXTENSION as KEPT_PAGES
from awareness.web.staff.keptpages import confirm_page, result_page
from awareness.web.templating import current_lang

bp = Blueprint("staff", __name__)
COLLEAGUES, QUESTIONS = "awareness.colleagues", "awareness.asked_questions"


@bp.record_once
def _keep_caches(state: BlueprintSetupState) -> None:
    state.app.extensions[COLLEAGUES] = ColleagueCache(
        state.app.config["COLLEAGUES_CACHE_SECONDS"])
    state.app.extensions[QUESTIONS] = answering.QuestionCache(pagecache.known_content_version)
    state.app.extensions[KEPT_PAGES] = {}


@bp.app_template_filter("staff_datetime")
def staff_datetime(moment: datetime) -> str:
    return local_datetime(moment, current_app.config["BABEL_DEFAULT_TIMEZONE"])


LINK_GONE = _l("Deze link werkt niet. Misschien is hij niet helemaal goed gekopieerd, of is "
               "hij niet meer geldig. Gebruik de link uit de laatste e-mail, of vraag het de "
               "contactpersoon van je organisatie.")


def _per_link() -> str:
    # Per link and address: one person cannot be slowed down by others behind the same NAT.
    return f"{(request.view_args or {}).get('token', '')}|{get_remote_address()}"


per_link = limiter.limit("30/minute", key_func=_per_link)


@bp.errorhandler(LinkNotFoundError)
def _link_not_found(error: LinkNotFoundError) -> ResponseReturnValue:
    return render_error(404, str(LINK_GONE))


@bp.route("/a/<token>", methods=["GET", "POST"], defaults={"option": None})
@bp.route("/a/<token>/<option>", methods=["GET", "POST"])
@csrf_exempt  # its CSRF token is bound to the link, not to a session (tokens.confirm_token)
def answer(token: str, option: str | None) -> ResponseReturnValue:
    # A plain form, not WTForms: the page a whole organisation opens at once.
    if request.method == "POST" and not tokens.confirm_token_matches(
            token, request.form.get("csrf_token", "")):
        raise CSRFError()
    questions = current_app.extensions[QUESTIONS]
    view = answering.load_delivery(token, utcnow(), questions)
    if view.answer is not None or view.closed:
        outcome = answering.ALREADY if view.answer is not None else answering.CLOSED
        return _result(token, outcome, view)
    if request.method != "POST":  # GET or HEAD
        return _answer_page(token, view, option if option in view.option_keys else None)
    chosen = request.form.get("option")
    if chosen not in view.option_keys:
        return _answer_page(token, view, None, error=_("Kies een antwoord.")), 400
    outcome, view = answering.record_answer(view, chosen, utcnow(), questions)
    return _result(token, outcome, view)


def _answer_page(token: str, view: answering.DeliveryView, chosen: str | None,
                 error: str = "") -> str:
    return confirm_page(view, token, tokens.confirm_token(token), chosen, error)


def _result(token: str, outcome: str, view: answering.DeliveryView) -> ResponseReturnValue:
    colleagues = None if view.answer is None else colleague_answers(
        view.organisation_id, view.question_id, view.privacy_threshold, utcnow(),
        current_app.extensions[COLLEAGUES])
    return result_page(view, token, outcome, colleagues)


# The answer pages link to the person's history and the intro course through the answer link
# itself: those links carry a timed signature, made here when someone follows one rather than
# on every answer page (where it would cost more than the rest of the page).
@bp.get("/a/<token>/naar/geschiedenis")
@per_link
def history_from_answer(token: str) -> ResponseReturnValue:
    return _signed_for_answer_link(token, tokens.HISTORY, "staff.own_history")


@bp.get("/a/<token>/naar/intro")
@per_link
def intro_from_answer(token: str) -> ResponseReturnValue:
    return _signed_for_answer_link(token, tokens.INTRO, "staff.intro_start")


def _signed_for_answer_link(token: str, purpose: str, endpoint: str) -> ResponseReturnValue:
    view = answering.load_delivery(token, utcnow(), current_app.extensions[QUESTIONS])
    signed = tokens.make(purpose, view.staff_member_id, view.token_generation)
    return redirect(url_for(endpoint, token=signed))


@bp.get("/voorbeeld/<token>/<option>")
@per_link
def preview(token: str, option: str) -> ResponseReturnValue:
    return render_template("staff/preview.html", preview=load_preview(token, option))


@bp.get("/h/<token>")
@per_link
def own_history(token: str) -> ResponseReturnValue:
    return render_template("staff/history.html", history=history.history(token, utcnow()),
                           history_token=token)


@bp.route("/h/<token>/gegevens", methods=["GET", "POST"])
@per_link
def own_data(token: str) -> ResponseReturnValue:
    """AVG right of access, for the person themselves: all their data as a JSON file."""
    person = history.staff_for_token(tokens.HISTORY, token)
    form = DownloadForm()
    if not form.validate_on_submit():
        return render_template("staff/own_data.html", form=form, history_token=token)
    body = json.dumps(roster.own_data(person), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="mijn-gegevens.json"'})


def _intro(token: str) -> intro.IntroPage:
    try:
        return intro.load(token)
    except intro.IntroNotAvailableError:
        abort(404, description=_("De introductiecursus is nog niet beschikbaar. Probeer het "
                                 "later opnieuw."))


@bp.get("/intro/<token>")
def intro_start(token: str) -> ResponseReturnValue:
    page = _intro(token)
    return render_template("staff/intro.html", page=page, token=token,
                           pass_mark=intro.pass_mark(page.module))


@bp.get("/intro/<token>/les/<int:position>")
def intro_lesson(token: str, position: int) -> ResponseReturnValue:
    page = _intro(token)
    if not 1 <= position <= len(page.module.lessons):
        abort(404)
    return render_template("staff/intro_lesson.html", page=page, token=token,
                           lesson=page.module.lessons[position - 1], position=position)


@bp.route("/intro/<token>/quiz", methods=["GET", "POST"])
@per_link
def intro_quiz(token: str) -> ResponseReturnValue:
    page = _intro(token)
    attempt = attempt_number()  # the course stores no attempts; "try again" counts on
    form = quiz_form(page.module.questions, current_lang(), order_seed(
        "intro", page.staff.id, page.staff.token_generation, page.module.version, attempt))()
    if request.method == "POST":
        reject_foreign_fields(page.module.questions, request.form)
    if form.validate_on_submit():
        answers = submitted_answers(form, page.module.questions)
        try:
            outcome = intro.submit(token, answers, utcnow())
        except InvalidAnswersError:
            abort(400)
        return render_template("staff/intro_result.html", page=intro.load(token),
                               token=token, outcome=outcome, next_attempt=attempt + 1)
    return render_template("staff/intro_quiz.html", page=page, token=token, form=form,
                           pass_mark=intro.pass_mark(page.module)), 400 if form.errors else 200

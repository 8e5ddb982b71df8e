"""Resident pages: home, catalogues, module, lessons, quiz, result, progress, info pages."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from awareness.content.models import Module
from awareness.content.schema import RESIDENT_AUDIENCES
from awareness.learning import services
from awareness.learning.grading import InvalidAnswersError
from awareness.web import pagecache
from awareness.web.choices import SelectChoice
from awareness.web.quizform import (
    order_seed,
    quiz_form,
    reject_foreign_fields,
    submitted_answers,
)
from awareness.web.residents import learner as cookie
from awareness.web.residents.forms import ButtonForm, LanguageForm, OrganisationForm
from awareness.web.templating import current_lang

bp = Blueprint("residents", __name__)
bp.before_request(cookie.load_learner)

# URL words are Dutch; the code uses the audience ids from the content files.
AUDIENCE_PATHS = {"jongeren": "youth", "senioren": "seniors", "ondernemers": "entrepreneurs"}


def _module(slug: str) -> Module:
    try:
        return services.current_module(slug, RESIDENT_AUDIENCES)
    except services.ModuleNotFoundError:
        abort(404)


# The home page, catalogues, module pages and lessons are rendered once per language and
# content version (awareness.web.pagecache); their templates must show nothing of the visitor.
@bp.get("/")
def home() -> ResponseReturnValue:
    return pagecache.serve(
        lambda: render_template("residents/home.html", audiences=AUDIENCE_PATHS))


@bp.get("/<any(jongeren, senioren, ondernemers):audience_path>")
def catalogue(audience_path: str) -> ResponseReturnValue:
    audience = AUDIENCE_PATHS[audience_path]
    return pagecache.serve(lambda: render_template(
        "residents/catalogue.html", audience=audience, modules=services.catalogue(audience)))


@bp.get("/module/<slug>")
def module(slug: str) -> ResponseReturnValue:
    # Shows the visitor's progress, so it is kept only as rendered for one without any.
    return pagecache.serve_form(lambda: render_template(
        "residents/module.html", module=_module(slug),
        progress=services.find_progress(cookie.current().id, slug), form=ButtonForm()))


@bp.post("/module/<slug>/start")
def start(slug: str) -> ResponseReturnValue:
    module = _module(slug)
    if not ButtonForm().validate_on_submit():
        abort(400)
    learner_id, learner = _identified()
    progress = services.start_module(learner_id, module, learner.organisation_id)
    response = redirect(url_for(".lesson", slug=slug, position=progress.last_lesson))
    return cookie.save_learner(response, learner)


@bp.get("/module/<slug>/les/<int:position>")
def lesson(slug: str, position: int) -> ResponseReturnValue:
    response = pagecache.serve(lambda: _lesson(slug, position))
    if learner_id := cookie.current().id:
        services.record_lesson(learner_id, slug, position)
    return response


def _lesson(slug: str, position: int) -> str:
    try:
        module, lesson = services.lesson_page(slug, position, RESIDENT_AUDIENCES)
    except services.ModuleNotFoundError:
        abort(404)
    return render_template("residents/lesson.html", module=module, lesson=lesson,
                           position=position)


@bp.route("/module/<slug>/quiz", methods=["GET", "POST"])
def quiz(slug: str) -> ResponseReturnValue:
    module = _module(slug)
    form = quiz_form(module.questions, current_lang(), _option_order(module))()
    if request.method == "POST":
        reject_foreign_fields(module.questions, request.form)
        if form.validate_on_submit():
            return _submit(module, form)
    status = 400 if form.errors else 200
    return render_template("residents/quiz.html", module=module, form=form), status


def _option_order(module: Module) -> bytes:
    # One order per attempt: a reload (or a form with errors) keeps it; once an attempt is
    # stored, the next one is shuffled anew. Without a cookie yet, one order per module.
    learner_id = cookie.current().id
    attempt = services.attempts_made(learner_id, module.slug) + 1
    return order_seed("resident", learner_id or "", module.slug, module.version, attempt)


def _identified() -> tuple[str, cookie.Learner]:
    """The learner with their id; one who has none yet (no cookie) gets a new one."""
    learner = cookie.current()
    if learner.id:
        return learner.id, learner
    learner_id = services.new_learner_id()
    return learner_id, cookie.Learner(learner_id)


def _submit(module: Module, form: FlaskForm) -> ResponseReturnValue:
    answers = submitted_answers(form, module.questions)
    learner_id, learner = _identified()
    try:
        services.submit_quiz(learner_id, module, answers, learner.organisation_id)
    except InvalidAnswersError:
        abort(400)
    response = redirect(url_for(".result", slug=module.slug))
    return cookie.save_learner(response, learner)


@bp.get("/module/<slug>/resultaat")
def result(slug: str) -> ResponseReturnValue:
    module = _module(slug)
    latest = services.latest_result(cookie.current().id, module)
    if latest is None:
        return redirect(url_for(".quiz", slug=slug))
    attempt, result = latest
    related = services.modules_by_slug(module.related, RESIDENT_AUDIENCES)
    return render_template("residents/result.html", module=module, attempt=attempt,
                           result=result, related=related)


@bp.get("/mijn-voortgang")
def progress() -> ResponseReturnValue:
    return render_template("residents/progress.html",
                           rows=services.learner_progress(cookie.current().id),
                           form=ButtonForm())


@bp.post("/mijn-voortgang/wissen")
def forget() -> ResponseReturnValue:
    if not ButtonForm().validate_on_submit():
        abort(400)
    if learner_id := cookie.current().id:
        services.forget_learner(learner_id)
    return cookie.clear_learner(redirect(url_for(".progress", gewist=1)))


@bp.route("/gemeente", methods=["GET", "POST"])
def organisation() -> ResponseReturnValue:
    form = OrganisationForm()
    organisations = services.listed_organisations()
    form.organisation.choices = [SelectChoice(0, _("Zeg ik liever niet"))] + [
        SelectChoice(o.id, o.name) for o in organisations]
    if form.validate_on_submit():
        chosen = form.organisation.data or None
        learner = cookie.Learner(cookie.current().id or services.new_learner_id(), chosen)
        return cookie.save_learner(redirect(url_for(".progress", opgeslagen=1)), learner)
    form.organisation.data = form.organisation.data or cookie.current().organisation_id or 0
    return render_template("residents/organisation.html", form=form), 400 if form.errors else 200


@bp.route("/taal", methods=["GET", "POST"])
def language() -> ResponseReturnValue:
    form = LanguageForm()
    if form.validate_on_submit():
        response = redirect(url_for(".home"))
        response.set_cookie("lang", form.lang.data, max_age=365 * 86400, samesite="Lax",
                            httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response
    return render_template("residents/language.html", form=form), 400 if form.errors else 200


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    return render_template("residents/privacy.html")


@bp.get("/toegankelijkheid")
def accessibility() -> ResponseReturnValue:
    return render_template("residents/accessibility.html")

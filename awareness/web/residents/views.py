"""Resident pages: home, catalogues, module, lessons, quiz, result, progress, info pages."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields import SelectChoice

from awareness.content.models import Module
from awareness.content.schema import RESIDENT_AUDIENCES
from awareness.learning import services
from awareness.learning.grading import InvalidAnswersError
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


def _module(slug: str):  # type: ignore[no-untyped-def]
    try:
        return services.current_module(slug, RESIDENT_AUDIENCES)
    except services.ModuleNotFoundError:
        abort(404)


@bp.get("/")
def home():  # type: ignore[no-untyped-def]
    return render_template("residents/home.html", audiences=AUDIENCE_PATHS)


@bp.get("/<any(jongeren, senioren, ondernemers):audience_path>")
def catalogue(audience_path: str):  # type: ignore[no-untyped-def]
    audience = AUDIENCE_PATHS[audience_path]
    return render_template("residents/catalogue.html", audience=audience,
                           modules=services.catalogue(audience))


@bp.get("/module/<slug>")
def module(slug: str):  # type: ignore[no-untyped-def]
    module = _module(slug)
    progress = services.find_progress(g.learner.id, slug)
    return render_template("residents/module.html", module=module, progress=progress,
                           form=ButtonForm())


@bp.post("/module/<slug>/start")
def start(slug: str):  # type: ignore[no-untyped-def]
    module = _module(slug)
    if not ButtonForm().validate_on_submit():
        abort(400)
    learner = g.learner if g.learner.id else cookie.Learner(services.new_learner_id())
    progress = services.start_module(learner.id, module, learner.organisation_id)
    response = redirect(url_for(".lesson", slug=slug, position=progress.last_lesson))
    return cookie.save_learner(response, learner)


@bp.get("/module/<slug>/les/<int:position>")
def lesson(slug: str, position: int):  # type: ignore[no-untyped-def]
    try:
        module, lesson = services.lesson_page(slug, position, RESIDENT_AUDIENCES)
    except services.ModuleNotFoundError:
        abort(404)
    services.record_lesson(g.learner.id, module, position)
    return render_template("residents/lesson.html", module=module, lesson=lesson,
                           position=position)


@bp.route("/module/<slug>/quiz", methods=["GET", "POST"])
def quiz(slug: str):  # type: ignore[no-untyped-def]
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
    attempt = services.attempts_made(g.learner.id, module.slug) + 1
    return order_seed("resident", g.learner.id or "", module.slug, module.version, attempt)


def _submit(module, form):  # type: ignore[no-untyped-def]
    answers = submitted_answers(form, module.questions)
    learner = g.learner if g.learner.id else cookie.Learner(services.new_learner_id())
    try:
        services.submit_quiz(learner.id, module, answers, learner.organisation_id)
    except InvalidAnswersError:
        abort(400)
    response = redirect(url_for(".result", slug=module.slug))
    return cookie.save_learner(response, learner)


@bp.get("/module/<slug>/resultaat")
def result(slug: str):  # type: ignore[no-untyped-def]
    module = _module(slug)
    latest = services.latest_result(g.learner.id, module)
    if latest is None:
        return redirect(url_for(".quiz", slug=slug))
    attempt, result = latest
    related = services.modules_by_slug(module.related, RESIDENT_AUDIENCES)
    return render_template("residents/result.html", module=module, attempt=attempt,
                           result=result, related=related)


@bp.get("/mijn-voortgang")
def progress():  # type: ignore[no-untyped-def]
    return render_template("residents/progress.html",
                           rows=services.learner_progress(g.learner.id), form=ButtonForm())


@bp.post("/mijn-voortgang/wissen")
def forget():  # type: ignore[no-untyped-def]
    if not ButtonForm().validate_on_submit():
        abort(400)
    if g.learner.id:
        services.forget_learner(g.learner.id)
    return cookie.clear_learner(redirect(url_for(".progress", gewist=1)))


@bp.route("/gemeente", methods=["GET", "POST"])
def organisation():  # type: ignore[no-untyped-def]
    form = OrganisationForm()
    organisations = services.listed_organisations()
    form.organisation.choices = [SelectChoice(0, _("Zeg ik liever niet"))] + [
        SelectChoice(o.id, o.name) for o in organisations]
    if form.validate_on_submit():
        chosen = form.organisation.data or None
        learner = cookie.Learner(g.learner.id or services.new_learner_id(), chosen)
        return cookie.save_learner(redirect(url_for(".progress", opgeslagen=1)), learner)
    form.organisation.data = form.organisation.data or g.learner.organisation_id or 0
    return render_template("residents/organisation.html", form=form), 400 if form.errors else 200


@bp.route("/taal", methods=["GET", "POST"])
def language():  # type: ignore[no-untyped-def]
    form = LanguageForm()
    if form.validate_on_submit():
        response = redirect(url_for(".home"))
        response.set_cookie("lang", form.lang.data, max_age=365 * 86400, samesite="Lax",
                            httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response
    return render_template("residents/language.html", form=form), 400 if form.errors else 200


@bp.get("/privacy")
def privacy():  # type: ignore[no-untyped-def]
    return render_template("residents/privacy.html")


@bp.get("/toegankelijkheid")
def accessibility():  # type: ignore[no-untyped-def]
    return render_template("residents/accessibility.html")

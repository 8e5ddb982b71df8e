"""An embedded module: overview, lessons, quiz and result. The same stored module as on the
site, rendered without its chrome. Without a cookie nothing follows the resident from page to
page: lessons are plain pages, and handing in the quiz stores one anonymous attempt (start and
completion, for the municipality's report) and shows the result at once."""
from __future__ import annotations

from flask import abort, g, render_template, request
from flask.typing import ResponseReturnValue

from awareness.content.models import Module
from awareness.content.schema import RESIDENT_AUDIENCES
from awareness.extensions import csrf, limiter
from awareness.learning import services
from awareness.learning.grading import InvalidAnswersError
from awareness.web.embed.views import bp
from awareness.web.publicpage import shared
from awareness.web.quizform import (
    attempt_number,
    order_seed,
    quiz_form,
    reject_foreign_fields,
    submitted_answers,
)
from awareness.web.templating import current_lang

# Every hand-in stores an attempt under a new id (no cookie ties it to the last one): a
# classroom behind one address hands in far fewer than this.
QUIZ_LIMIT = "30 per minute"


def _module(slug: str) -> Module:
    try:
        return services.current_module(slug, RESIDENT_AUDIENCES)
    except services.ModuleNotFoundError:
        abort(404)


@bp.get("/<org_slug>/module/<slug>")
def module(slug: str) -> ResponseReturnValue:
    return shared(render_template("embed/module.html", module=_module(slug)))


@bp.get("/<org_slug>/module/<slug>/les/<int:position>")
def lesson(slug: str, position: int) -> ResponseReturnValue:
    try:
        module, lesson = services.lesson_page(slug, position, RESIDENT_AUDIENCES)
    except services.ModuleNotFoundError:
        abort(404)
    return shared(render_template("embed/lesson.html", module=module, lesson=lesson,
                                  position=position))


@bp.route("/<org_slug>/module/<slug>/quiz", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(QUIZ_LIMIT, methods=["POST"])
def quiz(slug: str) -> ResponseReturnValue:
    module = _module(slug)
    # No cookie, so no stored attempts to count: the attempt is named in `?poging=`, as in
    # the staff intro course; the order of the options changes with it.
    attempt = attempt_number()
    seed = order_seed("embed", module.slug, module.version, attempt)
    form = quiz_form(module.questions, current_lang(), seed)(meta={"csrf": False})
    if request.method == "POST":
        reject_foreign_fields(module.questions, request.form)
        if form.validate_on_submit():
            answers = submitted_answers(form, module.questions)
            try:
                _attempt, result = services.submit_quiz(
                    services.new_learner_id(), module, answers, g.embed_org.id)
            except InvalidAnswersError:
                abort(400)
            return render_template("embed/result.html", module=module, result=result,
                                   next_attempt=attempt + 1)
    status = 400 if form.errors else 200
    return render_template("embed/quiz.html", module=module, form=form,
                           attempt=attempt), status

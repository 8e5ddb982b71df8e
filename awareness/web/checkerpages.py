"""The pages of "Is het nep?", shared by the resident site and the embedded checker.

The path of answers lives in the URL (/is-het-nep/bericht/afzender-...); a GET only shows
where it leads and records nothing. Each answer is a POST without cookie or CSRF token (the
checker sets no cookie and has nothing to protect but an anonymous count): a made-up answer
is a 400, a good one redirects to the next page, and the answer that reaches an outcome
adds one to that outcome's monthly count."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, redirect, render_template, request
from flask.typing import ResponseReturnValue

from awareness.checker.services import current_tree, record_outcome
from awareness.content.checktree import (
    MAX_QUESTIONS,
    CheckTree,
    Outcome,
    Question,
    UnknownAnswerError,
    walk,
)
from awareness.content.schema import RESIDENT_AUDIENCES
from awareness.learning.services import modules_by_slug
from awareness.timeutil import utcnow
from awareness.web.publicpage import shared

TREE = "is-het-nep"
ANSWER_FIELD = "antwoord"
# Each answer is one tap; two a second from one address for a minute is no person. The cap
# keeps a script from filling the counts (and the database) from one address.
ANSWER_LIMIT = "120 per minute"


@dataclass(frozen=True)
class Place:
    """Where the checker is shown: its layout, how its own addresses and the addresses of
    modules are built there, and whose count an outcome adds to."""

    layout: str
    url: Callable[[tuple[str, ...]], str]
    module_url: Callable[[str], str]
    organisation_id: int | None = None


def _tree() -> CheckTree:
    tree = current_tree(TREE)
    if tree is None:
        abort(404)
    return tree


def _path(steps: str) -> tuple[str, ...]:
    path = tuple(steps.split("/")) if steps else ()
    if len(path) > MAX_QUESTIONS or not all(path):
        abort(404)
    return path


def show(place: Place, steps: str) -> ResponseReturnValue:
    tree, path = _tree(), _path(steps)
    try:
        node, taken = walk(tree, path)
    except UnknownAnswerError:
        abort(404)
    context = {"tree": tree, "path": path, "taken": taken, "place": place}
    if isinstance(node, Question):
        page = render_template("checker/question.html", question=node, **context)
    else:
        module = next(iter(modules_by_slug([node.module], RESIDENT_AUDIENCES)), None) \
            if node.module else None
        page = render_template("checker/outcome.html", outcome=node, module=module,
                               routes=tree.routes_of(node), **context)
    return shared(page)


def answer(place: Place, steps: str) -> ResponseReturnValue:
    tree, path = _tree(), _path(steps)
    try:
        node, _taken = walk(tree, path)
    except UnknownAnswerError:
        abort(404)
    chosen = node.answer(request.form.get(ANSWER_FIELD, "")) \
        if isinstance(node, Question) else None
    if chosen is None or list(request.form.items(multi=True)) != [(ANSWER_FIELD, chosen.id)]:
        abort(400)
    target = tree.node(chosen.next)
    if isinstance(target, Outcome):
        record_outcome(tree.slug, target.id, place.organisation_id, utcnow())
    return redirect(place.url((*path, chosen.id)), 303)

"""The two pages of an answer link, kept: the confirm page a whole organisation opens at 09:00,
and the result page after confirming. Each is the same for everyone shown the same question in
the same order in the same round (and, for the result, who gave the same answer with the same
outcome), but for parts of the person's own: their answer link (in the links to their history
and the intro course, which go through it), and on the confirm page the link's confirm token and
the option their click in the e-mail chose. So a page is rendered once per such key, with holes
for those parts, kept in the process and filled in per request. A confirm page with an error
message is rendered afresh every time.

Nothing personal is kept: a key holds everything its page shows that is not the person's own
(`confirm_key`, `result_key`), and tests compare kept pages with fresh renders for several
people, outcomes and languages, and fail when a key loses one of its parts."""
from __future__ import annotations

from collections.abc import Callable, Mapping

from flask import current_app, render_template, request
from markupsafe import escape

from awareness.extensions import select_locale
from awareness.reports.colleagues import ColleagueAnswers
from awareness.staffquiz.answering import DeliveryView

EXTENSION = "awareness.kept_staff_pages"
CONFIRM, RESULT = "staff/answer.html", "staff/result.html"
# Stand for the person's own parts in a kept page. None occurs in a page otherwise: tokens are
# URL-safe base64 and dots, and no content or translation holds these words.
ANSWER_HOLE = "zzAnswerTokenHolezz"
CONFIRM_HOLE = "zzConfirmTokenHolezz"
MAX_PAGES = 4096  # questions x option orders x outcomes x languages; full, it starts over

Key = tuple[object, ...]


def _shown(view: DeliveryView) -> Key:
    """What both pages show of the organisation, the round and the question as shown to this
    person (a question version never changes), in this language (as Flask-Babel will choose
    it, without building its Locale: a kept page renders nothing that would need it)."""
    return (select_locale(), request.script_root, view.organisation_name, view.round_id,
            view.round_number, view.question_id, view.option_order)


def confirm_key(view: DeliveryView) -> Key:
    return (CONFIRM, *_shown(view), view.closes_at)


def result_key(view: DeliveryView, outcome: str, colleagues: ColleagueAnswers | None) -> Key:
    answer = None if view.answer is None else (view.answer.option_key, view.answer.correct)
    figure = None if colleagues is None else (
        colleagues.answered, tuple(sorted(colleagues.shares.items())), colleagues.shown,
        colleagues.threshold)
    related = None if view.related is None else (
        view.related.slug, view.related.audience, tuple(sorted(view.related.title.items())),
        tuple(sorted(view.related.summary.items())))
    return (RESULT, *_shown(view), view.contact_email, outcome, answer, figure, related)


def _kept(key: Key, render: Callable[[], str], parts: Mapping[str, str]) -> str:
    pages: dict[Key, str] = current_app.extensions[EXTENSION]
    html = pages.get(key)
    if html is None:
        html = render()
        if len(pages) >= MAX_PAGES:
            pages.clear()
        pages[key] = html
    for hole, value in parts.items():
        html = html.replace(hole, value)
    return html


def confirm_page(view: DeliveryView, answer_token: str, confirm_token: str,
                 chosen: str | None, error: str = "") -> str:
    """The confirm page for this person; `chosen` is preselected, `error` shown above it."""
    if error:
        return render_template(CONFIRM, view=view, chosen=chosen, error=error,
                               answer_token=answer_token, confirm_token=confirm_token)
    html = _kept(confirm_key(view), lambda: render_template(
        CONFIRM, view=view, chosen=None, error="", answer_token=ANSWER_HOLE,
        confirm_token=CONFIRM_HOLE), {ANSWER_HOLE: answer_token, CONFIRM_HOLE: confirm_token})
    if chosen is not None:
        radio = f'type="radio" value="{escape(chosen)}">'
        html = html.replace(radio, f'type="radio" value="{escape(chosen)}" checked>', 1)
    return html


def result_page(view: DeliveryView, answer_token: str, outcome: str,
                colleagues: ColleagueAnswers | None) -> str:
    """The result page for this person: the outcome, the explanation, colleagues' figure."""
    return _kept(result_key(view, outcome, colleagues), lambda: render_template(
        RESULT, view=view, answer_token=ANSWER_HOLE, outcome=outcome, related=view.related,
        colleagues=colleagues), {ANSWER_HOLE: answer_token})

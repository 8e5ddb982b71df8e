"""The confirm page is kept per question as shown and filled in per person: for everyone it is
the page a fresh render gives them, and nothing of one person shows on another's page."""
from __future__ import annotations

from datetime import UTC, datetime

import flask_babel
from flask import render_template

from awareness.extensions import db
from awareness.organisations.models import Organisation
from awareness.reports.colleagues import colleague_answers
from awareness.staffquiz import answering, tokens
from awareness.staffquiz.models import Delivery
from awareness.timeutil import freeze, utcnow
from awareness.web.staff.keptpages import CONFIRM as TEMPLATE
from awareness.web.staff.keptpages import EXTENSION, RESULT
from tests.support.staffquiz import answer_token
from tests.web.staff.conftest import csrf_token

T0 = datetime(2026, 3, 3, 8, tzinfo=UTC)


def fresh(app, token: str, chosen: str | None, lang: str = "nl") -> str:
    """The page as render_template gives it, with this person's own parts."""
    view = answering.load_delivery(token, utcnow())
    with app.test_request_context(f"/m/a/{token}", headers={"Cookie": f"lang={lang}"}):
        flask_babel.refresh()  # the test's app context outlives requests (fresh_locale)
        return render_template(TEMPLATE, view=view, chosen=chosen, error="",
                               answer_token=token, confirm_token=tokens.confirm_token(token))


def same_question_for(people: list[Delivery]) -> None:
    for delivery in people:
        delivery.question_id, delivery.option_order = (people[0].question_id,
                                                       people[0].option_order)
    db.session.commit()


def test_kept_pages_are_fresh_renders_with_each_persons_own_parts(app, client, quiz_round,
                                                                  fresh_locale) -> None:
    freeze(T0)
    _, people = quiz_round
    same_question_for(people)
    links = [answer_token(delivery) for delivery in people]
    keys = [o["key"] for o in people[0].asked.question["options"]]
    chosen = [keys[0], keys[1], None]
    pages = [client.get(f"/m/a/{link}" + (f"/{key}" if key else "")).text
             for link, key in zip(links, chosen, strict=True)]
    assert len(app.extensions[EXTENSION]) == 1  # one page kept for the three of them
    for link, key, page in zip(links, chosen, pages, strict=True):
        assert page == fresh(app, link, key)
    for mine, other in ((0, 1), (1, 2), (2, 0)):
        assert tokens.confirm_token(links[other]) not in pages[mine]
    english = app.test_client()
    english.set_cookie("lang", "en")
    page = english.get(f"/m/a/{links[0]}/{keys[0]}").text
    assert '<html lang="en">' in page and page == fresh(app, links[0], keys[0], "en")
    assert len(app.extensions[EXTENSION]) == 2


def test_a_renamed_organisation_shows_at_once(app, client, quiz_round) -> None:
    freeze(T0)
    _, (delivery, *_) = quiz_round
    link = answer_token(delivery)
    client.get(f"/m/a/{link}")
    organisation = db.session.get(Organisation, delivery.round.organisation_id)
    organisation.name = "Gemeente Nieuwe Naam"
    db.session.commit()
    page = client.get(f"/m/a/{link}").text
    assert "Gemeente Nieuwe Naam" in page and page == fresh(app, link, None)


def fresh_result(app, token: str, outcome: str) -> str:
    """The result page as render_template gives it, with this person's own parts."""
    view = answering.load_delivery(token, utcnow())
    with app.test_request_context(f"/m/a/{token}"):
        flask_babel.refresh()
        colleagues = None if view.answer is None else colleague_answers(
            view.organisation_id, view.question_id, view.privacy_threshold, utcnow())
        return render_template(RESULT, view=view, outcome=outcome, related=view.related,
                               answer_token=token, colleagues=colleagues)


def test_kept_result_pages_are_fresh_renders_per_answer_and_outcome(app, client, quiz_round,
                                                                    fresh_locale) -> None:
    freeze(T0)
    _, people = quiz_round
    asked = people[0].asked
    asked.question = {**asked.question, "module_slug": "basiskennis-informatieveiligheid"}
    same_question_for(people)
    links = [answer_token(delivery) for delivery in people]
    right = next(o["key"] for o in asked.question["options"] if o["correct"])
    wrong = next(o["key"] for o in asked.question["options"] if not o["correct"])
    results = []
    for link, key in zip(links, (right, right, wrong), strict=True):
        page = client.get(f"/m/a/{link}/{key}").text
        results.append(client.post(f"/m/a/{link}/{key}", data={
            "csrf_token": csrf_token(page), "option": key}).text)
    for link, page in zip(links, results, strict=True):
        assert page == fresh_result(app, link, answering.RECORDED)
    assert "Goed gedaan" in results[0] and "niet het goede antwoord" in results[2]
    intro = [f"/m/a/{link}/naar/intro" for link in links]
    assert intro[0] in results[0] and intro[1] in results[1]
    assert intro[1] not in results[0] and intro[0] not in results[1]
    assert client.get(f"/m/a/{links[1]}").text == fresh_result(app, links[1], answering.ALREADY)

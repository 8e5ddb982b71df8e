"""Embedded pages (/embed/<org>/...): only the origins an organisation lists may frame them,
everyone else gets the normal refusal; the look comes from the organisation's tokens; no
cookie is read or set, yet the quiz and the checker work and count for the organisation."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from awareness.checker.models import CheckerTally
from awareness.extensions import db
from awareness.learning.models import Attempt, ModuleProgress
from awareness.timeutil import freeze
from tests.support.accounts import make_org
from tests.support.checks import sync_tree

CORRECT = {"q_q1": "a", "q_q2": ["a", "c"], "q_q3": "a", "q_q4": "a", "q_q5": "a", "q_q6": "a"}
PAGES = ["/module/senior-een", "/module/senior-een/les/1", "/module/senior-een/quiz",
         "/is-het-nep", "/is-het-nep/bericht", "/is-het-nep/bericht/ja", "/stijl.css"]


@pytest.fixture
def orgs(synced):
    freeze(datetime(2026, 3, 14, 10, 0, tzinfo=UTC))
    sync_tree(synced.config["CONTENT_DIR"])
    alfa, beta = make_org("alfa", "Gemeente Alfa"), make_org("beta", "Gemeente Beta")
    alfa.embed_origins = ["https://www.alfa.nl", "https://wijk.alfa.nl:8443"]
    db.session.commit()
    return alfa, beta


def frame_ancestors(response) -> str:
    match = re.search(r"frame-ancestors ([^;]+)", response.headers["Content-Security-Policy"])
    assert match, response.headers["Content-Security-Policy"]
    return match.group(1)


@pytest.mark.parametrize("path", PAGES)
def test_only_the_listed_origins_may_frame_an_organisation_s_pages(orgs, client, path):
    response = client.get("/embed/alfa" + path)
    assert response.status_code == 200
    assert frame_ancestors(response) == "https://www.alfa.nl https://wijk.alfa.nl:8443"
    assert "X-Frame-Options" not in response.headers
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert csp.count("frame-ancestors") == 1
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("path", PAGES)
def test_an_organisation_without_origins_gets_the_normal_refusal(orgs, client, path):
    response = client.get("/embed/beta" + path)
    assert response.status_code == 200
    assert frame_ancestors(response) == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/embed/bestaat-niet/module/senior-een",
                                  "/embed/bestaat-niet/is-het-nep",
                                  "/embed/alfa/module/bestaat-niet",
                                  "/embed/alfa/module/basiskennis-informatieveiligheid",
                                  "/embed/alfa/module/senior-een/les/99",
                                  "/embed/alfa/is-het-nep/onbekend", "/embed/alfa/logo.png"])
def test_unknown_things_are_404(orgs, client, path):
    response = client.get(path)
    assert response.status_code == 404
    if path.startswith("/embed/bestaat-niet"):
        assert frame_ancestors(response) == "'none'"


def test_the_site_itself_still_refuses_every_frame(orgs, client):
    for path in ["/", "/module/senior-een", "/is-het-nep"]:
        response = client.get(path)
        assert frame_ancestors(response) == "'none'"
        assert response.headers["X-Frame-Options"] == "DENY"


def test_embedded_pages_have_no_site_chrome_and_keep_navigation_inside(orgs, client):
    page = client.get("/embed/alfa/module/senior-een/les/1").text
    assert "site-header" not in page and "Mijn voortgang" not in page
    assert '<base target="_blank">' in page
    assert 'href="/embed/alfa/stijl.css"' in page
    assert re.search(r'href="/embed/alfa/module/senior-een/les/2" target="_self"', page)
    assert "Een dienst van Gemeente Alfa." in page
    module = client.get("/embed/alfa/module/senior-een").text
    assert 'href="/embed/alfa/module/senior-een/les/1" target="_self"' in module
    assert "<form" not in module  # starting needs no cookie: the first lesson is a link


def test_the_stylesheet_holds_the_organisation_s_tokens(orgs, client):
    alfa, _beta = orgs
    alfa.design_tokens = {"utrecht-document-color": "#102030",
                          "utrecht-link-color": "red; } body { display: none",
                          "utrecht-document-font-family": "Avenir, Arial, sans-serif"}
    db.session.commit()
    response = client.get("/embed/alfa/stijl.css")
    assert response.mimetype == "text/css"
    assert "--utrecht-document-color: #102030;" in response.text
    assert "--utrecht-document-font-family: Avenir, Arial, sans-serif;" in response.text
    assert "display: none" not in response.text  # a value that is not a colour never leaks
    assert client.get("/embed/beta/stijl.css").text == ":root {\n\n}\n"


def test_the_quiz_works_without_any_cookie_and_counts_for_the_organisation(orgs, client):
    alfa, _beta = orgs
    response = client.post("/embed/alfa/module/senior-een/quiz", data=CORRECT)
    assert response.status_code == 200
    assert "U had 6 van de 6 vragen goed." in response.text
    assert "Set-Cookie" not in response.headers
    assert client.get_cookie("learner") is None and client.get_cookie("session") is None
    attempt = db.session.scalar(sa.select(Attempt))
    progress = db.session.scalar(sa.select(ModuleProgress))
    assert attempt is not None and attempt.organisation_id == alfa.id and attempt.score == 6
    assert progress is not None and progress.completed_at is not None
    assert progress.learner_id == attempt.learner_id


@pytest.mark.parametrize("data", [
    {**CORRECT, "q_onbekend": "a"},  # a forged form
    {**CORRECT, "q_q1": ["a", "b"]},  # two answers to a single-choice question
    {**CORRECT, "q_q1": "z"},  # an option that does not exist
    {k: v for k, v in CORRECT.items() if k != "q_q3"},  # a question left out
])
def test_a_bad_quiz_form_is_a_400_and_stores_nothing(orgs, client, data):
    assert client.post("/embed/alfa/module/senior-een/quiz", data=data).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 0


def test_the_embedded_checker_counts_for_the_organisation(orgs, client):
    alfa, _beta = orgs
    response = client.post("/embed/alfa/is-het-nep/bericht", data={"antwoord": "ja"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/embed/alfa/is-het-nep/bericht/ja"
    page = client.get(response.headers["Location"]).text
    assert 'href="/embed/alfa/module/senior-een" target="_self"' in page
    rows = db.session.execute(sa.select(CheckerTally.organisation_id, CheckerTally.outcome,
                                        CheckerTally.count)).all()
    assert [tuple(row) for row in rows] == [(alfa.id, "oplichting", 1)]
    assert client.post("/embed/alfa/is-het-nep", data={"antwoord": "nee"}).status_code == 400


def test_posts_need_no_csrf_token(orgs, client):
    client.application.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/embed/alfa/module/senior-een/quiz", data=CORRECT).status_code == 200
    assert client.post("/embed/alfa/is-het-nep", data={"antwoord": "deur"}).status_code == 303


def test_the_logo_is_served_as_png(orgs, client):
    alfa, _beta = orgs
    alfa.logo_png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 30
    db.session.commit()
    response = client.get("/embed/alfa/logo.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data == alfa.logo_png
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_errors_inside_the_frame_keep_the_embedded_layout(orgs, client):
    response = client.get("/embed/alfa/module/senior-een/les/99")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.text
    assert "site-header" not in response.text and "embed-footer" in response.text
    assert frame_ancestors(response) == "https://www.alfa.nl https://wijk.alfa.nl:8443"
    unknown = client.get("/embed/bestaat-niet/is-het-nep")
    assert "site-header" in unknown.text  # no organisation, no embedded layout: refused anyway


def test_the_embedded_quiz_shuffles_options_per_attempt(orgs, client):
    def order(url: str) -> list[list[str]]:
        page = client.get(url).text
        return [re.findall(rf'name="q_q{n}"[^>]*value="([a-z])"', page) for n in range(1, 7)]

    first = order("/embed/alfa/module/senior-een/quiz")
    assert first == order("/embed/alfa/module/senior-een/quiz")  # a reload keeps the order
    second = order("/embed/alfa/module/senior-een/quiz?poging=2")
    assert first != second
    assert all(sorted(a) == sorted(b) for a, b in zip(first, second, strict=True))
    result = client.post("/embed/alfa/module/senior-een/quiz?poging=2", data=CORRECT)
    assert "U had 6 van de 6 vragen goed." in result.text
    assert 'href="/embed/alfa/module/senior-een/quiz?poging=3"' in result.text


def test_embedded_quizzes_share_the_resident_budget_per_address(orgs, client):
    client.application.config["RESIDENT_POST_LIMIT"] = "2/minute"
    codes = [client.post("/embed/alfa/module/senior-een/quiz", data=CORRECT).status_code
             for _ in range(3)]
    assert codes == [200, 200, 429]
    # The checker's steps have their own, per-route limit.
    assert client.post("/embed/alfa/is-het-nep", data={"antwoord": "deur"}).status_code == 303

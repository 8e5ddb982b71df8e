"""'Is het nep?' on the resident site: one question per page, one POST per answer, the path
in the URL, nothing stored but a monthly count per outcome (and municipality), no cookie,
and bad input gets a 4xx. Also every path of the shipped tree, walked through the pages."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from awareness.checker.models import CheckerTally
from awareness.checker.sync import sync_checks
from awareness.content.checks import load_checks
from awareness.content.checktree import paths
from awareness.extensions import db, limiter
from awareness.timeutil import freeze
from tests.support.accounts import make_org
from tests.support.checks import PATHS, sync_tree

SHIPPED = Path(__file__).resolve().parents[3] / "content"
T0 = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)


@pytest.fixture
def checker(synced):
    freeze(T0)
    sync_tree(synced.config["CONTENT_DIR"])
    return synced


def tallies() -> dict[tuple[object, ...], int]:
    rows = db.session.execute(sa.select(CheckerTally.month, CheckerTally.organisation_id,
                                        CheckerTally.outcome, CheckerTally.count))
    result: dict[tuple[object, ...], int] = {}
    for month, org, outcome, count in rows:
        result[(month, org, outcome)] = result.get((month, org, outcome), 0) + count
    return result


def choose_municipality(client: FlaskClient, organisation_id: int) -> None:
    """Through the real page: this sets the signed learner cookie with the municipality."""
    page = client.get("/gemeente").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token, page
    response = client.post("/gemeente", data={"csrf_token": token.group(1),
                                              "organisation": str(organisation_id)})
    assert response.status_code == 302 and client.get_cookie("learner") is not None


def answer(client, path: tuple[str, ...], choice: str):
    url = "/is-het-nep" + "".join(f"/{step}" for step in path)
    return client.post(url, data={"antwoord": choice})


def test_the_first_page_asks_one_question_with_one_button_per_answer(checker, client):
    response = client.get("/is-het-nep")
    assert response.status_code == 200
    page = response.text
    assert "<h1>Is het nep?</h1>" in page and "Hoe kwam het bij u binnen?" in page
    form = re.search(r'<form method="post" action="/is-het-nep"[^>]*>(.*?)</form>', page, re.S)
    assert form, page
    buttons = re.findall(r'<button type="submit" name="antwoord" value="([a-z-]+)"', form.group(1))
    assert buttons == ["bericht", "deur"]
    assert "<fieldset" in form.group(1) and "<legend>" in form.group(1)
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=300"


def test_an_answer_redirects_to_the_next_page_and_records_nothing(checker, client):
    response = answer(client, (), "bericht")
    assert response.status_code == 303 and response.headers["Location"] == "/is-het-nep/bericht"
    page = client.get("/is-het-nep/bericht").text
    assert "Vraagt het bericht om geld?" in page and "Bijvoorbeeld een rekening." in page
    assert 'href="/is-het-nep"' in page  # start again / previous question
    assert tallies() == {}
    assert "Set-Cookie" not in response.headers


def test_the_answer_that_reaches_an_outcome_counts_it_once(checker, client):
    response = answer(client, ("bericht",), "ja")
    assert response.headers["Location"] == "/is-het-nep/bericht/ja"
    page = client.get("/is-het-nep/bericht/ja").text
    assert "Dit is vrijwel zeker oplichting" in page and "Vriend-in-noodfraude" in page
    assert "Betaal niets." in page and "Bel uw bank." in page
    assert 'href="tel:09008844"' in page and "088-786 73 72" in page
    assert 'href="/module/senior-een"' in page  # the module that teaches it
    # Seeing the outcome again (reload, a shared link) counts nothing more.
    client.get("/is-het-nep/bericht/ja")
    assert tallies() == {(date(2026, 3, 1), None, "oplichting"): 1}


def test_every_path_counts_its_own_outcome(checker, client):
    for path in PATHS:
        response = answer(client, path[:-1], path[-1])
        assert response.status_code == 303, path
        assert client.get(response.headers["Location"]).status_code == 200
    assert tallies() == {(date(2026, 3, 1), None, outcome): 1 for outcome in PATHS.values()}


def test_counts_go_to_the_chosen_municipality_and_the_month(checker, client):
    alfa = make_org("alfa")
    choose_municipality(client, alfa.id)
    answer(client, ("bericht",), "nee")
    answer(client, ("bericht",), "nee")
    freeze(datetime(2026, 4, 1, 0, 30, tzinfo=UTC))
    answer(client, (), "deur")
    assert tallies() == {(date(2026, 3, 1), alfa.id, "voorzichtig"): 2,
                         (date(2026, 4, 1), alfa.id, "deur-112"): 1}


def test_a_municipality_that_no_longer_exists_counts_as_none(checker, client):
    alfa = make_org("alfa")
    choose_municipality(client, alfa.id)
    db.session.delete(alfa)
    db.session.commit()
    assert answer(client, (), "deur").status_code == 303
    assert tallies() == {(date(2026, 3, 1), None, "deur-112"): 1}


@pytest.mark.parametrize("path, data, status", [
    ((), {"antwoord": "telefoon"}, 400),  # an answer this question does not have
    ((), {}, 400),  # no answer
    ((), {"antwoord": "bericht", "extra": "x"}, 400),  # a forged form
    ((), {"antwoord": ["bericht", "deur"]}, 400),  # two answers at once
    (("bericht", "ja"), {"antwoord": "ja"}, 400),  # answering an outcome
    (("onbekend",), {"antwoord": "ja"}, 404),  # a path that does not exist
])
def test_bad_answers_are_refused_and_count_nothing(checker, client, path, data, status):
    url = "/is-het-nep" + "".join(f"/{step}" for step in path)
    assert client.post(url, data=data).status_code == status
    assert tallies() == {}


@pytest.mark.parametrize("url", ["/is-het-nep/onbekend", "/is-het-nep/bericht/misschien",
                                 "/is-het-nep/deur/ja", "/is-het-nep/bericht//ja",
                                 "/is-het-nep/" + "/".join(["bericht"] * 12)])
def test_unknown_paths_are_404(checker, client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.text


def test_without_a_synced_tree_the_checker_is_404(synced, client):
    assert client.get("/is-het-nep").status_code == 404
    assert client.post("/is-het-nep", data={"antwoord": "bericht"}).status_code == 404


def test_the_checker_is_english_with_the_english_cookie(checker, client):
    client.set_cookie("lang", "en")
    page = client.get("/is-het-nep/bericht/ja").text
    assert "Friend-in-need fraud" in page and "Do not pay." in page
    assert "This is almost certainly a scam" in page and "Read aloud" in page
    assert '<html lang="en">' in page


def test_a_post_needs_no_csrf_token_and_sets_no_cookie(checker, client):
    checker.config["WTF_CSRF_ENABLED"] = True
    response = answer(client, ("bericht",), "ja")
    assert response.status_code == 303
    assert "Set-Cookie" not in response.headers


def test_every_path_of_the_shipped_tree_through_the_pages(synced, client):
    trees, problems = load_checks(SHIPPED, None)
    assert problems == []
    sync_checks(trees)
    walked = 0
    for path, outcome in paths(trees["is-het-nep"]):
        limiter.reset()  # some 130 answers in a few seconds: more than one person would give
        url = "/is-het-nep"
        for step in path:
            page = client.get(url)
            assert page.status_code == 200 and f'value="{step}"' in page.text, (url, step)
            response = client.post(url, data={"antwoord": step})
            assert response.status_code == 303
            url = response.headers["Location"]
        page = client.get(url).text
        assert outcome.title["nl"].replace("'", "&#39;") in page, url
        walked += 1
    assert walked == len(list(paths(trees["is-het-nep"]))) > 30
    assert sum(tallies().values()) == walked


def test_answers_from_one_address_are_limited(checker, client):
    for _ in range(120):
        assert answer(client, (), "bericht").status_code == 303
    response = answer(client, (), "bericht")
    assert response.status_code == 429

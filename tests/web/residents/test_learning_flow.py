"""The resident path: start, lessons, quiz, result, progress; and bad input on the way."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from awareness.extensions import db
from awareness.learning.models import Attempt, ModuleProgress
from awareness.organisations.models import Organisation

CORRECT = {"q_q1": "a", "q_q2": ["a", "c"], "q_q3": "a", "q_q4": "a", "q_q5": "a", "q_q6": "a"}


@pytest.fixture
def csrf_app(synced):  # type: ignore[no-untyped-def]
    synced.config["WTF_CSRF_ENABLED"] = True
    return synced


def token(client: FlaskClient, path: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def start(client, slug: str = "jong-een"):  # type: ignore[no-untyped-def]
    return client.post(f"/module/{slug}/start",
                       data={"csrf_token": token(client, f"/module/{slug}")})


def submit(client, answers: dict, slug: str = "jong-een"):  # type: ignore[no-untyped-def]
    data = {"csrf_token": token(client, f"/module/{slug}/quiz"), **answers}
    return client.post(f"/module/{slug}/quiz", data=data)


def count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_visiting_pages_sets_no_cookie_and_stores_nothing(csrf_app, client):
    for path in ["/", "/jongeren", "/module/jong-een", "/module/jong-een/les/1"]:
        assert "learner=" not in client.get(path).headers.get("Set-Cookie", "")
    assert count(ModuleProgress) == 0


def test_full_module_with_progress_and_result(csrf_app, client):
    response = start(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/module/jong-een/les/1")
    cookie = response.headers["Set-Cookie"]
    assert "learner=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    client.get("/module/jong-een/les/2")
    assert db.session.scalar(sa.select(ModuleProgress.last_lesson)) == 2
    # Coming back later: the module page offers to continue at lesson 2.
    assert "Verder met les 2" in client.get("/module/jong-een").text
    wrong = {**CORRECT, "q_q1": "b"}
    response = submit(client, wrong)
    assert response.status_code == 302
    result = client.get("/module/jong-een/resultaat").text
    assert "U had 5 van de 6 vragen goed." in result
    assert "Uitleg bij q1." in result and "Dit klopt niet." in result  # feedback on wrong pick
    assert "Wat als het u overkomt?" in result and "0900-8844" in result
    assert "Module senior-een" in result  # related module
    progress = client.get("/mijn-voortgang").text
    assert "Afgerond" in progress and "5 / 6" in progress


def test_multiple_choice_needs_all_correct_options(csrf_app, client):
    start(client)
    submit(client, {**CORRECT, "q_q2": ["a"]})
    assert "U had 5 van de 6" in client.get("/module/jong-een/resultaat").text


def test_missing_answer_rerenders_with_message_and_stores_nothing(csrf_app, client):
    start(client)
    answers = dict(CORRECT)
    del answers["q_q3"]
    response = submit(client, answers)
    assert response.status_code == 400
    assert "Kies een antwoord bij deze vraag." in response.text
    assert 'value="a" checked' in response.text or "checked" in response.text  # keeps choices
    assert count(Attempt) == 0


@pytest.mark.parametrize("bad", [
    {"q_q1": "z"},                 # unknown option
    {"q_q1": ["a", "b"]},          # two answers to a single-choice question
    {"q_q2": ["a", "x"]},          # unknown option in a multiple-choice question
])
def test_unknown_choices_are_400_and_store_nothing(csrf_app, client, bad):
    start(client)
    response = submit(client, {**CORRECT, **bad})
    assert response.status_code == 400
    assert count(Attempt) == 0


def test_extra_fields_are_rejected(csrf_app, client):
    start(client)
    response = submit(client, {**CORRECT, "q_injected": "a"})
    assert response.status_code == 400
    assert "horen niet bij deze quiz" in response.text or "niet bij deze quiz" in response.text
    assert count(Attempt) == 0


def test_quiz_post_without_csrf_token_is_400(csrf_app, client):
    response = client.post("/module/jong-een/quiz", data=CORRECT)
    assert response.status_code == 400
    assert "formulier is verlopen" in response.text
    assert count(Attempt) == 0


def test_oversized_body_is_413(csrf_app, client):
    response = client.post("/module/jong-een/quiz", data={"q_q1": "a" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "te groot" in response.text


def test_tampered_cookie_gets_a_clear_400_with_a_way_out(csrf_app, client):
    start(client)
    cookie = client.get_cookie("learner")
    client.set_cookie("learner", cookie.value[:-3] + "abc")
    response = client.get("/mijn-voortgang")
    assert response.status_code == 400
    assert "voortgangscookie" in response.text
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
    response = client.post("/mijn-voortgang/wissen", data={"csrf_token": form_token})
    assert response.status_code == 302
    assert client.get("/mijn-voortgang").status_code == 200


def test_forget_deletes_everything_of_this_learner_only(csrf_app, app, client):
    other = app.test_client()
    start(other, "senior-een")
    start(client)
    submit(client, CORRECT)
    client.post("/mijn-voortgang/wissen", data={"csrf_token": token(client, "/mijn-voortgang")})
    assert count(Attempt) == 0
    assert count(ModuleProgress) == 1  # the other learner's progress stays
    assert client.get_cookie("learner") is None


def test_chosen_municipality_is_stored_with_progress(csrf_app, client):
    db.session.add(Organisation(slug="zwolle", name="Gemeente Zwolle"))
    db.session.commit()
    org_id = db.session.scalar(sa.select(Organisation.id))
    response = client.post("/gemeente", data={"csrf_token": token(client, "/gemeente"),
                                              "organisation": str(org_id)})
    assert response.status_code == 302
    start(client)
    assert db.session.scalar(sa.select(ModuleProgress.organisation_id)) == org_id


def test_unknown_municipality_is_a_400_with_message(csrf_app, client):
    response = client.post("/gemeente", data={"csrf_token": token(client, "/gemeente"),
                                              "organisation": "9999"})
    assert response.status_code == 400
    assert "Er is iets niet goed ingevuld" in response.text


def test_result_without_attempt_redirects_to_quiz(csrf_app, client):
    response = client.get("/module/jong-een/resultaat")
    assert response.status_code == 302 and response.headers["Location"].endswith("/quiz")

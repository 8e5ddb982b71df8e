"""Quiz options are shown in a shuffled order: the same on every reload of one attempt, new
for the next attempt, and graded by key so the order changes no score."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from itsdangerous import URLSafeSerializer

from awareness.extensions import db
from awareness.learning.models import Attempt
from tests.web.residents.test_learning_flow import CORRECT, submit

QUIZ = "/module/jong-een/quiz"
FILE_ORDER = {"q_q1": ["a", "b", "c"], "q_q2": ["a", "b", "c"], "q_q3": ["a", "b", "c"],
              "q_q4": ["a", "b", "c"], "q_q5": ["a", "b", "c"], "q_q6": ["a", "b", "c"]}


class _Options(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.order: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("type") in ("radio", "checkbox"):
            self.order.setdefault(str(found["name"]), []).append(str(found["value"]))


def shown(client: FlaskClient) -> dict[str, list[str]]:
    parser = _Options()
    parser.feed(client.get(QUIZ).text)
    return parser.order


@pytest.fixture
def learner(csrf_app, client):
    """A learner with a fixed id, so the shuffled orders below are always the same."""
    serializer = URLSafeSerializer(csrf_app.config["SECRET_KEY"], salt="learner-v1")
    client.set_cookie("learner", serializer.dumps({"id": "learner-fixed", "org": None}))
    return client


@pytest.fixture
def csrf_app(synced):
    synced.config["WTF_CSRF_ENABLED"] = True
    return synced


def test_the_order_is_shuffled_and_stays_the_same_on_a_reload(learner) -> None:
    first = shown(learner)
    assert {q: sorted(keys) for q, keys in first.items()} == FILE_ORDER  # every option, once
    assert first != FILE_ORDER
    assert [q for q, keys in first.items() if keys[0] != "a"]  # not always the file's first
    assert shown(learner) == first


def test_a_form_with_errors_keeps_the_order(learner) -> None:
    first = shown(learner)
    answers = dict(CORRECT)
    del answers["q_q3"]
    response = submit(learner, answers)
    assert response.status_code == 400
    parser = _Options()
    parser.feed(response.text)
    assert parser.order == first


def test_the_next_attempt_gets_a_new_order_and_grading_goes_by_key(learner) -> None:
    first = shown(learner)
    assert submit(learner, CORRECT).status_code == 302
    second = shown(learner)
    assert second != first
    assert submit(learner, CORRECT).status_code == 302
    scores = db.session.scalars(sa.select(Attempt.score).order_by(Attempt.id)).all()
    assert scores == [6, 6]
    assert "U had 6 van de 6 vragen goed." in learner.get("/module/jong-een/resultaat").text


def test_another_learner_sees_another_order(csrf_app, client, learner) -> None:
    mine = shown(learner)
    serializer = URLSafeSerializer(csrf_app.config["SECRET_KEY"], salt="learner-v1")
    learner.set_cookie("learner", serializer.dumps({"id": "someone-else", "org": None}))
    assert shown(learner) != mine

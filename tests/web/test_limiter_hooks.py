"""Flask-Limiter's request hooks are skipped on the pages without a limit of their own (the
kept resident pages and the answer link, web/limits.py), and still run everywhere else: the
limits of the other routes hold, with their headers."""
from __future__ import annotations

import pytest
from flask import Flask
from flask.globals import request_ctx

from awareness.web import limits
from tests.support.staffquiz import answer_token
from tests.web.staff.conftest import csrf_token, open_round_for

LESSON = "/module/jong-een/les/1"


def _limiter_state_per_request(app: Flask) -> list[bool]:
    """Per request: whether Flask-Limiter built its per-request state (its before hook does,
    on every request it runs for). Registered last, this teardown runs before the limiter's."""
    seen: list[bool] = []

    @app.teardown_request
    def _record(_error: BaseException | None) -> None:
        seen.append(hasattr(request_ctx, "_limiter_request_context"))

    return seen


def test_unlimited_pages_skip_the_limiter(app, synced, client) -> None:
    seen = _limiter_state_per_request(app)
    for path in ["/", "/jongeren", "/module/jong-een", LESSON]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "X-RateLimit-Limit" not in response.headers
    assert seen == [False] * 4
    client.post("/module/jong-een/start")  # the module page's form posts to a limited route
    assert seen[-1] is True


def test_the_answer_link_skips_the_limiter_but_keeps_the_address_ceiling(app, synced,
                                                                        client) -> None:
    app.config["STAFF_ADDRESS_LIMIT"] = "3/minute"  # counted in limits._before, not skipped
    _, (delivery, *_) = open_round_for(1)
    seen = _limiter_state_per_request(app)
    path = f"/m/a/{answer_token(delivery)}/a"
    token = csrf_token(client.get(path).text)
    assert client.post(path, data={"csrf_token": token, "option": "a"}).status_code == 200
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 429
    assert seen[:3] == [False] * 3


def test_limited_routes_keep_their_limit_and_headers(app, synced, client) -> None:
    seen = _limiter_state_per_request(app)
    bad_size = "/module/jong-een/poster.pdf?formaat=zz"  # limited; refused before the PDF
    responses = [client.get(bad_size) for _ in range(31)]
    assert [r.status_code for r in responses] == [400] * 30 + [429]
    assert responses[0].headers["X-RateLimit-Limit"] == "30"
    assert all(seen)


def test_a_limiter_that_hooks_in_otherwise_fails_at_start() -> None:
    with pytest.raises(RuntimeError, match="Flask-Limiter hook"):
        limits.init_app(Flask(__name__))  # no limiter.init_app before it


def test_an_app_with_limits_switched_off_starts() -> None:
    app = Flask(__name__)
    app.config["RATELIMIT_ENABLED"] = False  # Flask-Limiter hooks nothing in then
    limits.init_app(app)
    assert app.before_request_funcs[None] == [limits._before]

"""Marks a response as the same for every visitor: it shows nothing personal (no progress, no
learner, no form token) and depends only on its URL and, through the `lang` cookie, the
language. Such a page may be kept by a shared cache; every other page stays `no-store`
(awareness.web.security). Use it only where that is true."""
from __future__ import annotations

from flask import Response, make_response
from flask.typing import ResponseReturnValue

MAX_AGE = 300


def shared(page: ResponseReturnValue, max_age: int = MAX_AGE) -> Response:
    response = make_response(page)
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    response.vary.add("Cookie")  # the language; a cache keys anonymous visitors together
    return response

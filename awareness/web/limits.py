"""Rate limits per client address that cover a whole audience, beside the per-route limits in
the views (login, reset, per answer link). They count in Flask-Limiter's storage (memory, or
Redis with several processes), and the client address is the one after ProxyFix (PROXY_COUNT).

- Staff links (/m/...): a generous limit per address (a town hall is one NAT address), a
  tight one on links that do not exist, so a client that guesses links is stopped early.
  Beside these, one's own history and data, the intro quiz and a coordinator's preview have a
  Flask-Limiter limit per link and address (web/staff/views.py). The answer link has none:
  opening it writes nothing and an answer is stored once (a unique key), so the address ceiling
  and the failed-link limit bound what one client can do there, while a per-link counter on the
  page a whole organisation opens at 09:00 would hold one key per person in the limiter's
  storage (memory storage sweeps all its keys every 10 ms; Redis costs a round trip per count).
- Resident POSTs (start a module, submit a quiz, choose a municipality or a language), on the
  site and embedded in a municipality's page: each writes rows, so one address cannot fill the
  database or skew the reports. The checker's answers are steps through a tree (a row only at
  its outcome) and have a per-route limit of their own instead.

All three are settings from the environment: a library or town hall puts many residents
behind one address."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any

from flask import Flask, Response, abort, current_app, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many

from awareness.extensions import limiter

FAILED_LINK_STATUSES = (400, 404)
RESIDENT_BLUEPRINTS = ("residents", "embed")
OWN_LIMIT_ENDPOINTS = ("residents.checker_answer", "embed.checker_answer")
# The hottest pages have no Flask-Limiter limit of their own: Flask-Limiter's request hooks are
# skipped on them (`_skip_on_unlimited_pages`). The resident pages read from the render cache
# (GET); the answer link is counted in `_before` only.
UNLIMITED_PAGES = frozenset({"residents.home", "residents.catalogue", "residents.module",
                             "residents.lesson"})
UNLIMITED_ENDPOINTS = frozenset({"staff.answer"})


@lru_cache(maxsize=64)
def _parsed(limits: str) -> list[RateLimitItem]:
    return parse_many(limits)


def _items(setting: str) -> list[RateLimitItem]:
    return _parsed(current_app.config[setting])


def _hit(items: list[RateLimitItem], scope: str, key: str) -> bool:
    """Count one request against every limit in `items`; False when one is exceeded."""
    return all([limiter.limiter.hit(item, scope, key) for item in items])


def _exceeded(setting: str, scope: str) -> bool:
    address = get_remote_address()
    return not all(limiter.limiter.test(item, scope, address) for item in _items(setting))


def _before() -> None:
    if not limiter.enabled:
        return
    if request.blueprint == "staff":
        if (not _hit(_items("STAFF_ADDRESS_LIMIT"), "staff-address", get_remote_address())
                or _exceeded("STAFF_FAILED_LINK_LIMIT", "staff-failed-link")):
            abort(429)
    elif (request.blueprint in RESIDENT_BLUEPRINTS and request.method == "POST"
          and request.endpoint not in OWN_LIMIT_ENDPOINTS):
        if not _hit(_items("RESIDENT_POST_LIMIT"), "resident-post", get_remote_address()):
            abort(429)


def _after(response: Response) -> Response:
    if (limiter.enabled and request.blueprint == "staff"
            and response.status_code in FAILED_LINK_STATUSES):
        _hit(_items("STAFF_FAILED_LINK_LIMIT"), "staff-failed-link", get_remote_address())
    return response


def _unlimited() -> bool:
    return request.endpoint in UNLIMITED_ENDPOINTS or (
        request.method == "GET" and request.endpoint in UNLIMITED_PAGES)


def _skip_on_unlimited_pages(app: Flask) -> None:
    """Flask-Limiter hooks a before, an after and a teardown function into every request, and
    for a request its request filters exempt it still resolves the route's limits and builds
    its per-request state: about 45 us of the 210 us a kept lesson costs in-process. Its three
    hooks are skipped outright on the pages without a limit of their own."""
    def ours(hook: Callable[..., Any]) -> bool:
        owner = hook.args[0] if isinstance(hook, partial) and hook.args else (
            getattr(hook, "__self__", None))
        return owner is limiter

    def before(hook: Callable[[], Any]) -> Callable[[], Any]:
        return lambda: None if _unlimited() else hook()

    def after(hook: Callable[[Response], Response]) -> Callable[[Response], Response]:
        return lambda response: response if _unlimited() else hook(response)

    def teardown(hook: Callable[[BaseException | None], None]
                 ) -> Callable[[BaseException | None], None]:
        return lambda error: None if _unlimited() else hook(error)

    if not app.config.get("RATELIMIT_ENABLED", True):
        return  # switched off: Flask-Limiter hooks nothing in
    for hooks, guard in ((app.before_request_funcs, before), (app.after_request_funcs, after),
                         (app.teardown_request_funcs, teardown)):
        functions: list[Any] = hooks.setdefault(None, [])
        found = [i for i, hook in enumerate(functions) if ours(hook)]
        if len(found) != 1:  # a Flask-Limiter that hooks in otherwise: fail at start, loudly
            raise RuntimeError(f"expected one Flask-Limiter hook, found {len(found)}")
        functions[found[0]] = guard(functions[found[0]])


def init_app(app: Flask) -> None:
    """After limiter.init_app."""
    _skip_on_unlimited_pages(app)
    app.before_request(_before)
    app.after_request(_after)

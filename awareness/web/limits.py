"""Rate limits per client address that cover a whole audience, beside the per-route limits in
the views (login, reset, per answer link). They count in Flask-Limiter's storage (memory, or
Redis with several processes), and the client address is the one after ProxyFix (PROXY_COUNT).

- Staff links (/m/...): a generous limit per address (a town hall is one NAT address), a
  tight one on links that do not exist, so a client that guesses links is stopped early, and
  one per link and address on the views marked `per_link` (one's own history and data, the
  intro quiz, a coordinator's preview). The answer link has no counter of its own: opening it
  writes nothing and an answer is stored once (a unique key), so the address ceiling and the
  failed-link limit bound what one client can do there, while a per-link counter on the page
  a whole organisation opens at 09:00 would hold one key per person in the limiter's storage
  (memory storage sweeps all its keys every 10 ms; Redis costs a round trip per count). The
  staff links are counted here only, with the `limits` library Flask-Limiter is built on:
  Flask-Limiter's own pass over its route and default limits cost more than the counts.
- Resident POSTs (start a module, submit a quiz, choose a municipality or a language), on the
  site and embedded in a municipality's page: each writes rows, so one address cannot fill the
  database or skew the reports. The checker's answers are steps through a tree (a row only at
  its outcome) and have a per-route limit of their own instead.

All three are settings from the environment: a library or town hall puts many residents
behind one address."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from flask import Flask, Response, abort, current_app, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many

from awareness.extensions import limiter

FAILED_LINK_STATUSES = (400, 404)
RESIDENT_BLUEPRINTS = ("residents", "embed")
OWN_LIMIT_ENDPOINTS = ("residents.checker_answer", "embed.checker_answer")
# Resident pages read from the render cache: no limit applies to them, and saying so spares
# Flask-Limiter looking for one on every request (about a sixth of such a request's time).
UNLIMITED_PAGES = frozenset({"residents.home", "residents.catalogue", "residents.module",
                             "residents.lesson"})


# Per link and address: one person cannot be slowed down by others behind the same NAT.
STAFF_LINK_LIMIT = "30/minute"
PER_LINK = "_awareness_per_link_limit"
View = TypeVar("View", bound=Callable[..., object])


def per_link(view: View) -> View:
    """Marks a staff view whose `token` is limited to STAFF_LINK_LIMIT per address."""
    setattr(view, PER_LINK, True)
    return view


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


def _staff_link_allowed() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, PER_LINK, False):
        return True
    link = f"{(request.view_args or {}).get('token', '')}|{get_remote_address()}"
    return _hit(_parsed(STAFF_LINK_LIMIT), "staff-link", link)


def _before() -> None:
    if not limiter.enabled:
        return
    if request.blueprint == "staff":
        if (not _hit(_items("STAFF_ADDRESS_LIMIT"), "staff-address", get_remote_address())
                or _exceeded("STAFF_FAILED_LINK_LIMIT", "staff-failed-link")
                or not _staff_link_allowed()):
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


@limiter.request_filter
def _unlimited() -> bool:
    """Flask-Limiter skips the staff links (counted in `_before`) and the cached pages."""
    return request.blueprint == "staff" or (
        request.method == "GET" and request.endpoint in UNLIMITED_PAGES)


def init_app(app: Flask) -> None:
    app.before_request(_before)
    app.after_request(_after)

"""A render cache for resident pages that are the same for every visitor: the home page, the
catalogues and the lessons, and the module page, whose one per-visitor part (the CSRF token of
its start form) is filled in per request. A page is kept per language and path for one content
version (awareness.content.version): a sync in this process is seen at once, one in another
process (another gunicorn worker, `flask content sync`) within CONTENT_CHECK_SECONDS, the
only database read a cached page costs.

Only pages rendered for a visitor without cookies (the `lang` cookie aside) are kept. A kept
page goes to a visitor without cookies with an ETag and `Cache-Control: public, no-cache`, so
a browser or reverse proxy may keep it and ask again with If-None-Match (304); a visitor with
a cookie gets the same page without them (`no-store`, as every other page)."""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, current_app, make_response, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import generate_csrf

from awareness.content import version as content_version
from awareness.extensions import select_locale
from awareness.web.templating import current_lang

EXTENSION = "awareness.pagecache"
PUBLIC = "public, no-cache"
# Stands for the CSRF token in a kept page; no token can contain it (they are URL-safe base64).
TOKEN_HOLE = b"\x00csrf-token\x00"


@dataclass(frozen=True)
class Page:
    body: bytes
    etag: str


class PageCache:
    """Rendered pages by (language, path), all of one content version. `read_version` is
    asked at most every `check_seconds`, and at once after this process changed the content."""

    def __init__(self, read_version: Callable[[], int], check_seconds: float,
                 clock: Callable[[], float] = time.monotonic, max_pages: int = 4000) -> None:
        self.read_version, self.check_seconds = read_version, check_seconds
        self.clock, self.max_pages = clock, max_pages
        self._pages: dict[tuple[str, str], Page] = {}
        self._version: int | None = None
        self._checked_at = 0.0
        self._local_changes = -1

    def version(self) -> int:
        now, local = self.clock(), content_version.local_changes()
        current = self._version
        if (current is None or local != self._local_changes
                or now - self._checked_at >= self.check_seconds):
            current = self.read_version()
            if current != self._version:
                self._pages = {}
                self._version = current
            self._checked_at, self._local_changes = now, local
        return current

    def __len__(self) -> int:
        return len(self._pages)

    def get(self, lang: str, path: str) -> Page | None:
        self.version()
        return self._pages.get((lang, path))

    def put(self, lang: str, path: str, body: bytes, version: int) -> Page:
        """Keep `body`, rendered when the version was `version`; a page rendered across a
        change of version is served once and not kept."""
        digest = hashlib.blake2b(body, digest_size=8).hexdigest()
        page = Page(body, f"{version}-{lang}-{digest}")
        if version == self._version:
            if len(self._pages) >= self.max_pages:  # only by many languages x paths: start over
                self._pages = {}
            self._pages[(lang, path)] = page
        return page


def anonymous() -> bool:
    """A visitor without cookies, the language choice aside: nothing personal to show."""
    return all(name == "lang" for name in request.cookies)


def _cache() -> PageCache:
    cache: PageCache = current_app.extensions[EXTENSION]
    return cache


def known_content_version() -> int:
    """The content version as this process knows it: checked as for the kept pages (at once
    after a sync here, within CONTENT_CHECK_SECONDS after one elsewhere)."""
    return _cache().version()


def _key() -> tuple[str, str]:
    # The language as Flask-Babel will choose it, without building its Locale.
    return select_locale(), request.script_root + request.path


def serve(render: Callable[[], ResponseReturnValue]) -> Response:
    """This language's page for this path, kept or rendered by `render` (and then kept, if it
    was rendered for a visitor without cookies and set none). `render` may abort (404)."""
    cache, (lang, path) = _cache(), _key()
    page = cache.get(lang, path)
    if page is None:
        version = cache.version()
        response = make_response(render())
        if response.status_code != 200 or not anonymous() or "Set-Cookie" in response.headers:
            return response
        # Kept under the language it was rendered in (the same one, as both ask the cookie).
        page = cache.put(current_lang(), path, response.get_data(), version)
    return _respond(page)


def serve_form(render: Callable[[], ResponseReturnValue]) -> Response:
    """As serve, for a page whose only per-visitor part is the CSRF token of its forms: the
    page is kept with a hole for the token, and each visitor gets their own token in it. A
    visitor with cookies (progress, a session) always gets a page rendered for them."""
    if not anonymous():
        return make_response(render())
    cache, (lang, path) = _cache(), _key()
    page = cache.get(lang, path)
    if page is None:
        version = cache.version()
        response = make_response(render())
        if response.status_code != 200:
            return response
        body = response.get_data()
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            body = body.replace(generate_csrf().encode(), TOKEN_HOLE)
        page = cache.put(current_lang(), path, body, version)
    body = page.body
    if TOKEN_HOLE in body:
        body = body.replace(TOKEN_HOLE, generate_csrf().encode())
    return Response(body, mimetype="text/html")


def _respond(page: Page) -> Response:
    if not anonymous():
        return Response(page.body, mimetype="text/html")  # no-store (awareness.web.security)
    # Vary: the language, and no shared copy for visitors with other cookies.
    headers = [("ETag", f'"{page.etag}"'), ("Cache-Control", PUBLIC), ("Vary", "Cookie")]
    if page.etag in request.if_none_match:
        return Response(status=304, headers=headers)
    return Response(page.body, mimetype="text/html", headers=headers)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = PageCache(content_version.current,
                                          app.config["CONTENT_CHECK_SECONDS"])

"""Security headers on every response: a strict CSP (no inline script, nothing from other
origins), no referrer to other sites (staff links carry tokens), no framing, no caching of
personal pages."""
from __future__ import annotations

from flask import Flask, Response, request

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


# Set on every response, replacing what a view may have set.
FIXED = (
    ("X-Content-Type-Options", "nosniff"),
    # same-origin, not no-referrer: Flask-WTF checks the Referer of HTTPS form posts, and a
    # token in the URL must never reach another site.
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    # interest-cohort (FLoC) is gone from browsers; browsing-topics is its successor.
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), browsing-topics=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=63072000; includeSubDomains")


def _headers(response: Response) -> Response:
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    added = list(FIXED)
    csp = headers.get("Content-Security-Policy")
    if csp is None:
        csp = CSP
        added.append(("Content-Security-Policy", CSP))
    # Embedded pages (awareness.web.embed) replace frame-ancestors with the origins their
    # organisation allows; everywhere else, old browsers get the same refusal.
    if "frame-ancestors 'none'" in csp:
        added.append(("X-Frame-Options", "DENY"))
    if request.is_secure:
        added.append(HSTS)
    if "cache-control" not in present and not request.path.startswith("/static/"):
        # Pages may show progress, answers or reports: never keep them in shared caches.
        added.append(("Cache-Control", "no-store"))
    # One pass instead of a search of the list per header (this runs on every response).
    for name, _value in added:
        if name.lower() in present:
            del headers[name]
    headers.extend(added)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)

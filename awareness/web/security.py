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


def _headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    # Embedded pages (awareness.web.embed) replace frame-ancestors with the origins their
    # organisation allows; everywhere else, old browsers get the same refusal.
    if "frame-ancestors 'none'" in headers["Content-Security-Policy"]:
        headers["X-Frame-Options"] = "DENY"
    # same-origin, not no-referrer: Flask-WTF checks the Referer of HTTPS form posts, and a
    # token in the URL must never reach another site.
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    # interest-cohort (FLoC) is gone from browsers; browsing-topics is its successor.
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), browsing-topics=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if not request.path.startswith("/static/") and "Cache-Control" not in headers:
        # Pages may show progress, answers or reports: never keep them in shared caches.
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)

"""HTML to PDF with WeasyPrint for every printable document (handouts, posters, the DPIA
pack), fetching nothing: the stylesheet is passed as text and the only URLs WeasyPrint may open
are data: URLs (a logo), so a document can never make the server read a file or reach the
network. Public documents are kept per process by the hash of their HTML, which already holds
everything they depend on (module version, municipality, language, address)."""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

STATIC = Path(__file__).resolve().parent.parent / "static"
_CACHE: OrderedDict[str, bytes] = OrderedDict()
_CACHE_SIZE = 32
_LOCK = threading.Lock()  # gunicorn's gthread workers render in several threads


def _fetcher() -> URLFetcher:
    return URLFetcher(allowed_protocols=("data",), allow_redirects=False)


def render_pdf(html: str, stylesheet: str = "print.css", *, public: bool = True) -> bytes:
    """The PDF of `html` with a stylesheet from awareness/static. Only `public` documents (the
    same for everyone) are kept in the cache; an organisation's own papers are not."""
    key = hashlib.sha256(f"{stylesheet}\0{html}".encode()).hexdigest()
    with _LOCK:
        if public and key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    pdf = _render(html, stylesheet)
    if public:
        with _LOCK:
            _CACHE[key] = pdf
            if len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return pdf


def _render(html: str, stylesheet: str) -> bytes:
    fetcher = _fetcher()
    css = CSS(string=(STATIC / stylesheet).read_text(encoding="utf-8"), url_fetcher=fetcher)
    pdf: bytes | None = HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[css])
    if pdf is None:  # write_pdf returns bytes when no target is given
        raise RuntimeError("WeasyPrint wrote no PDF")
    return pdf

"""HTML to PDF with WeasyPrint, for printable documents (the DPIA pack). The document may
load nothing from anywhere: every resource request is refused, so a name in the data can
never make the server fetch a URL; the one stylesheet is handed over as a file."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML


class ResourceRefusedError(ValueError):
    """The document asked for a resource; PDFs here are built from their HTML alone."""


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ResourceRefusedError(url)


def to_pdf(html: str, stylesheet: Path) -> bytes:
    document = HTML(string=html, url_fetcher=_refuse, base_url=None)
    return bytes(document.write_pdf(stylesheets=[CSS(filename=str(stylesheet))]))

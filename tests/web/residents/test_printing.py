"""Paper: the large-print handout (page and PDF) and the poster (PDF, A4 and A3) of every
module. Read back as a person would: pdftotext for the words, zbarimg for the QR code."""
from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from awareness.extensions import db
from awareness.printing.pdf import render_pdf
from tests.support.accounts import make_org
from tests.support.content import write_library
from tests.support.pdf import (
    page_size_mm,
    pages,
    pdf_text,
    qr_codes,
    smallest_text_pt,
    squeezed,
)

SIGNALS_LESSON = """# Zo herkent u het

Let op deze dingen.

::: signalen
- Een **nieuw** nummer.
- Haast: het moet vandaag nog.
:::

## Meer weten

Lees verder in de volgende les.
"""
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
       b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00"
       b"\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    root = write_library(tmp_path / "content")
    lesson = root / "modules" / "seniors" / "senior-een" / "lessons" / "02-les-2.md"
    lesson.write_text(SIGNALS_LESSON, encoding="utf-8")
    return root


def test_the_print_page_holds_the_whole_module(synced, client):
    response = client.get("/module/senior-een/afdrukken")
    assert response.status_code == 200
    page = response.text
    assert "<h1>Module senior-een</h1>" in page
    assert "Les 1: Les 1" in page and "Les 2: Zo herkent u het" in page
    assert "<h3>Meer weten</h3>" in page  # lesson sections sit below the lesson heading
    assert "Waarschuwingssignalen op een rij" in page
    assert "<li>Een <strong>nieuw</strong> nummer.</li>" in page
    assert "Doe aangifte: 0900-8844" in page  # the "what to do / where to report" page
    assert "http://localhost/module/senior-een" in page
    assert '<svg aria-hidden="true" focusable="false"' in page  # the QR code, inline
    assert 'href="/static/print.css"' in page and "<script" not in page
    assert response.headers["Cache-Control"] == "public, max-age=300"


def test_the_handout_pdf_has_title_routes_and_a_qr_code_to_the_module(synced, client):
    response = client.get("/module/senior-een/afdrukken.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Module senior-een" in text
    assert "0900-8844" in text and "Bel je bank" in text
    assert "http://localhost/module/senior-een" in squeezed(response.data)
    assert "Waarschuwingssignalen op een rij" in text
    assert set(qr_codes(response.data)) == {"http://localhost/module/senior-een"}
    assert page_size_mm(response.data) == (210, 297)
    assert smallest_text_pt(response.data) >= 14


@pytest.mark.parametrize("size, mm", [("a4", (210, 297)), ("a3", (297, 420))])
def test_the_poster_is_one_page_with_key_message_qr_and_address(synced, client, size, mm):
    response = client.get(f"/module/senior-een/poster.pdf?formaat={size}")
    assert response.status_code == 200
    assert pages(response.data) == 1 and page_size_mm(response.data) == mm
    text = " ".join(pdf_text(response.data).split())
    assert "Module senior-een" in text and "Samenvatting van senior-een." in text
    assert "http://localhost/module/senior-een" in squeezed(response.data)
    assert "Kijk na het scannen eerst naar het adres" in text  # the habit QR codes teach
    assert "Een nieuw nummer." in text
    assert qr_codes(response.data) == ["http://localhost/module/senior-een"]
    assert smallest_text_pt(response.data) >= 14


def test_a_municipality_prints_its_own_name_logo_and_address(synced, client):
    alfa = make_org("alfa", "Gemeente Alfa")
    alfa.public_url, alfa.logo_png = "https://veilig.alfa.nl", PNG
    db.session.commit()
    data = client.get("/module/senior-een/poster.pdf?gemeente=alfa").data
    assert "Gemeente Alfa" in pdf_text(data)
    assert "https://veilig.alfa.nl/module/senior-een" in squeezed(data)
    assert qr_codes(data) == ["https://veilig.alfa.nl/module/senior-een"]
    page = client.get("/module/senior-een/afdrukken?gemeente=alfa").text
    assert '<img src="/embed/alfa/logo.png" alt="Logo van Gemeente Alfa"' in page
    assert "https://veilig.alfa.nl/module/senior-een" in page


@pytest.mark.parametrize("url, status", [
    ("/module/bestaat-niet/afdrukken", 404),
    ("/module/bestaat-niet/afdrukken.pdf", 404),
    ("/module/bestaat-niet/poster.pdf", 404),
    ("/module/basiskennis-informatieveiligheid/afdrukken", 404),  # staff course
    ("/module/senior-een/afdrukken?gemeente=bestaat-niet", 404),
    ("/module/senior-een/poster.pdf?formaat=a5", 400),
    ("/module/senior-een/poster.pdf?formaat=", 400),
])
def test_bad_print_addresses_are_4xx(synced, client, url, status):
    assert client.get(url).status_code == status


def test_pdf_rendering_fetches_nothing(tmp_path):
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    base = f"http://127.0.0.1:{server.server_address[1]}"
    html = (f'<link rel="stylesheet" href="{base}/x.css"><img src="{base}/x.png">'
            f'<img src="file://{secret}"><iframe src="file://{secret}"></iframe><p>tekst</p>')
    try:
        data = render_pdf(html)
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []
    assert "geheim" not in pdf_text(data) and "tekst" in pdf_text(data)

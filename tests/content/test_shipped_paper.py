"""Every shipped resident module prints: a large-print handout (title, a QR code to the module
on its cover, no text below 14 pt) and a one-page A4 poster with the same QR code. (A3 is the
same layout scaled up; tests/web/residents/test_printing.py checks it.)"""
from __future__ import annotations

from pathlib import Path

import pytest

from awareness.content.loader import load_library
from awareness.content.schema import RESIDENT_AUDIENCES
from awareness.content.sync import sync_library
from tests.support.pdf import pages, pdf_text, qr_codes, smallest_text_pt, squeezed

CONTENT = Path(__file__).resolve().parents[2] / "content"

pytestmark = pytest.mark.slow


@pytest.fixture
def content_dir() -> Path:
    return CONTENT


def test_every_module_has_a_handout_and_posters(app, client):
    library, problems = load_library(CONTENT)
    sync_library(library, problems)
    modules = [m for m in library.modules.values() if m.audience in RESIDENT_AUDIENCES]
    assert len(modules) >= 12
    for module in modules:
        address = f"http://localhost/module/{module.slug}"
        handout = client.get(f"/module/{module.slug}/afdrukken.pdf")
        assert handout.status_code == 200, module.slug
        text = squeezed(handout.data)
        assert "".join(module.title["nl"].split()) in text, module.slug
        assert address in text and qr_codes(handout.data, last_page=1) == [address], module.slug
        assert smallest_text_pt(handout.data) >= 14, module.slug
        poster = client.get(f"/module/{module.slug}/poster.pdf").data
        assert pages(poster) == 1, module.slug
        assert qr_codes(poster) == [address], module.slug
        assert "Kijk na het scannen" in pdf_text(poster), module.slug

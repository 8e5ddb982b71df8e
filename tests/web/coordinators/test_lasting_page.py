"""The Kennis die blijft page and its exports against the hand-computed fixture (figures
worked out in tests/unit/test_lasting_report.py): the same protected figures on the page, in
the CSV and in the XLSX; access only for the organisation's coordinator or the admin."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import openpyxl
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from awareness.accounts.models import AuditEvent
from awareness.extensions import db
from awareness.timeutil import freeze
from tests.support.accounts import login, make_org, make_user
from tests.support.lasting import NOW, LastingFixture, build_lasting_fixture
from tests.web.coordinators.test_reports import csv_blocks

PAGE = "/beheer/blijft/rapportage/kennis-die-blijft"
RANGE = "van=2026-01-01&tot=2026-02-28"
NS = "{http://www.w3.org/2000/svg}"
TOPICS = [["Onderwerp phishing", "3", "66,7", "11", "90,9", "14", "5", "35,7"],
          ["Onderwerp wachtwoorden", "5", "80,0", "0", "", "", "", ""],
          ["Totaal", "8", "75,0", "11", "90,9", "19", "5", "26,3"]]


@pytest.fixture
def data(synced: Flask) -> LastingFixture:
    freeze(NOW)
    return build_lasting_fixture()


@pytest.fixture
def coordinator(client: FlaskClient, data: LastingFixture) -> FlaskClient:
    login(client, make_user("coord@blijft.nl", organisation=data.organisation))
    return client


def test_page_explains_and_shows_the_protected_figures(coordinator: FlaskClient) -> None:
    response = coordinator.get(f"{PAGE}?{RANGE}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in ("Eerste keer goed", "Goed als de vraag terugkomt",
                 "Afgerond: twee keer op rij goed", "Zo beschermen we medewerkers",
                 "1 ronde(n) lopen nog", "Van 1 afgesloten ronde(n) tonen we hier niets"):
        assert text in html
    for figure in ("66,7%", "90,9%", "35,7%", "80,0%", "75,0%", "26,3%", "5 van 19"):
        assert figure in html
    assert " style=" not in html and "<script" not in html


def test_chart_is_an_accessible_image_with_the_numbers_in_words(coordinator: FlaskClient) -> None:
    html = coordinator.get(f"{PAGE}?{RANGE}").get_data(as_text=True)
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="chart"')
    svg = ET.fromstring(html[start:html.index("</svg>", start) + len("</svg>")])
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "kennis-per-maand-title"
    desc = svg.find(f"{NS}desc")
    assert desc is not None and desc.text is not None
    assert "Eerste keer goed: 01-2026: 75,0%; 02-2026: geen cijfer." in desc.text
    assert "Afgerond: 01-2026: 26,3%; 02-2026: 26,3%." in desc.text


def test_csv_matches_the_page(coordinator: FlaskClient) -> None:
    response = coordinator.get(f"{PAGE}/export.csv?{RANGE}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="blijft-kennis-die-blijft-2026-02-20.csv"')
    blocks = csv_blocks(response.data)
    assert blocks["Per onderwerp"][1:] == TOPICS
    assert blocks["Per maand"][1:] == [
        ["01-2026", "8", "75,0", "11", "90,9", "19", "5", "26,3"],
        ["02-2026", "0", "", "0", "", "19", "5", "26,3"]]
    events = db.session.scalars(sa.select(AuditEvent).filter_by(action="report.exported")).all()
    assert [(e.detail["report"], e.detail["format"]) for e in events] == [
        ("kennis-die-blijft", "csv")]


def test_xlsx_matches_the_page(coordinator: FlaskClient) -> None:
    response = coordinator.get(f"{PAGE}/export.xlsx?{RANGE}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    rows = list(book["Per onderwerp"].iter_rows(values_only=True))[1:]
    assert rows == [("Onderwerp phishing", 3, 66.7, 11, 90.9, 14, 5, 35.7),
                    ("Onderwerp wachtwoorden", 5, 80.0, 0, None, None, None, None),
                    ("Totaal", 8, 75.0, 11, 90.9, 19, 5, 26.3)]


def test_staff_report_links_to_it(coordinator: FlaskClient) -> None:
    html = coordinator.get(f"/beheer/blijft/rapportage?{RANGE}").get_data(as_text=True)
    assert f'href="{PAGE}?van=2026-01-01&amp;tot=2026-02-28"' in html


def test_bad_date_is_a_dutch_400(coordinator: FlaskClient) -> None:
    response = coordinator.get(f"{PAGE}?van=2026-13-01")
    assert response.status_code == 400
    assert "Vul een geldige datum in" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", [PAGE, f"{PAGE}/export.csv", f"{PAGE}/export.xlsx"])
def test_coordinator_of_another_organisation_gets_404(client: FlaskClient, data: LastingFixture,
                                                      path: str) -> None:
    login(client, make_user("coord@elders.nl", organisation=make_org("elders")))
    assert client.get(f"{path}?{RANGE}").status_code == 404


def test_admin_sees_it(client: FlaskClient, data: LastingFixture) -> None:
    login(client, make_user("admin@regio.nl", role="admin"))
    response = client.get(f"{PAGE}?{RANGE}")
    assert response.status_code == 200 and "90,9%" in response.get_data(as_text=True)

"""Report pages and exports against the hand-computed fixture (tests/support/reports.py):
the same protected figures in the page, the CSV and the XLSX; access per organisation; the
date filter; audit of exports and per-person views."""
from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import openpyxl
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from awareness.accounts.models import AuditEvent
from awareness.extensions import db
from awareness.timeutil import freeze
from tests.support.accounts import login, make_user
from tests.support.reports import build_resident_fixture, build_staff_fixture

YEAR = "van=2025-01-01&tot=2025-12-31"


@pytest.fixture
def data(synced):
    freeze(datetime(2025, 6, 1, 12, tzinfo=UTC))
    fixture = build_staff_fixture()
    build_resident_fixture(fixture.noord)
    return fixture


@pytest.fixture
def coordinator(client, data):
    login(client, make_user("coord@noord.nl", organisation=data.noord))
    return client


def csv_blocks(body: bytes) -> dict[str, list[list[str]]]:
    """CSV export -> {block title: [header, *rows]}."""
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    blocks: dict[str, list[list[str]]] = {}
    index = rows.index([]) + 1
    while index < len(rows):
        title, end = rows[index][0], rows.index([], index)
        blocks[title] = rows[index + 1:end]
        index = end + 1
    return blocks


def test_staff_report_page_shows_protected_figures(coordinator: FlaskClient) -> None:
    page = coordinator.get(f"/beheer/noord/rapportage?{YEAR}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # 47/88 participation, 30/43 correct, 10/22 intro (see test_report_queries for arithmetic)
    for figure in ("53,4%", "69,8%", "45,5%", "77,3%", "36,4%", "81,8%", "18,2%", "59 min"):
        assert figure in html
    # Departments: Burgerzaken 26/48 = 54,2%; Overig (Financiën + Archief) 21/40 = 52,5%
    assert "54,2%" in html and "52,5%" in html and "78,9%" in html
    assert "Archief" not in html and "Financiën" not in html
    assert "Zo beschermen we medewerkers" in html
    assert 'role="img"' in html and "<title id=\"trend-deelname-title\">" in html
    assert " style=" not in html


def test_staff_report_csv_matches_page(coordinator: FlaskClient, app: Flask) -> None:
    response = coordinator.get(f"/beheer/noord/rapportage/export.csv?{YEAR}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="noord-kennisquiz-2025-06-01.csv"')
    blocks = csv_blocks(response.data)
    assert blocks["Deelname per afdeling"] == [
        ["Afdeling", "Ontvangen", "Beantwoord", "Deelname (%)"],
        ["Burgerzaken", "48", "26", "54,2"], ["Overig", "40", "21", "52,5"]]
    assert blocks["Goed per afdeling"][1:] == [["Burgerzaken", "19", "15", "78,9"],
                                              ["Overig", "24", "15", "62,5"]]
    per_round = blocks["Per ronde"][1:]
    # R4: 4 answers < 5, so correct rate and time are empty (hidden)
    assert [row[5:] for row in per_round] == [["77,3", "70,6", "1,0"], ["36,4", "62,5", "2,0"],
                                              ["81,8", "72,2", "0,5"], ["18,2", "", ""]]
    assert b"Archief" not in response.data and "Financiën".encode() not in response.data
    events = db.session.scalars(sa.select(AuditEvent).filter_by(action="report.exported")).all()
    assert [(e.detail["report"], e.detail["format"]) for e in events] == [("kennisquiz", "csv")]


def test_staff_report_xlsx_matches_page(coordinator: FlaskClient) -> None:
    response = coordinator.get(f"/beheer/noord/rapportage/export.xlsx?{YEAR}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('kennisquiz-2025-06-01.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    rows = list(book["Deelname per afdeling"].iter_rows(values_only=True))
    assert rows == [("Afdeling", "Ontvangen", "Beantwoord", "Deelname (%)"),
                    ("Burgerzaken", 48, 26, 54.2), ("Overig", 40, 21, 52.5)]
    totals = list(book["Totaal"].iter_rows(values_only=True))
    assert totals[1] == ("Deelname", 47, 88, 53.4)
    assert totals[2] == ("Goed beantwoord", 30, 43, 69.8)
    cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Archief" not in cells and "Financiën" not in cells


def test_round_drilldown_page_and_exports(coordinator, data) -> None:
    first = data.round_ids[0]
    html = coordinator.get(f"/beheer/noord/rapportage/ronde/{first}").get_data(as_text=True)
    # a 12/17 = 70,6%, b 4/17 = 23,5%, c 1/17 = 5,9%
    assert "70,6%" in html and "23,5%" in html and "5,9%" in html and "Archief" not in html
    blocks = csv_blocks(coordinator.get(
        f"/beheer/noord/rapportage/ronde/{first}/export.csv").data)
    assert blocks["Antwoorden per afdeling"][1:] == [
        ["Burgerzaken", "a", "7", "77,8"], ["Burgerzaken", "b", "2", "22,2"],
        ["Burgerzaken", "c", "0", "0,0"], ["Overig", "a", "5", "62,5"],
        ["Overig", "b", "2", "25,0"], ["Overig", "c", "1", "12,5"]]
    small = coordinator.get(f"/beheer/noord/rapportage/ronde/{data.round_ids[3]}")
    assert "Daarom tonen we niet welke antwoorden" in small.get_data(as_text=True)
    book = openpyxl.load_workbook(io.BytesIO(coordinator.get(
        f"/beheer/noord/rapportage/ronde/{data.round_ids[3]}/export.xlsx").data))
    assert list(book["Antwoorden per optie"].iter_rows(values_only=True))[1:] == []


def test_an_open_round_shows_participation_only_until_it_closes(coordinator, data) -> None:
    """Security review M-2: answer figures of a round appear once it can no longer change."""
    third = data.round_ids[2]  # opened 2025-02-04 08:00 UTC, closes 2025-02-18 08:00
    page, csv = (f"/beheer/noord/rapportage/ronde/{third}",
                 f"/beheer/noord/rapportage/ronde/{third}/export.csv")
    for moment in (datetime(2025, 2, 10, tzinfo=UTC), datetime(2025, 2, 18, 8, 59, tzinfo=UTC)):
        freeze(moment)
        html = coordinator.get(page).get_data(as_text=True)
        assert "Deze ronde loopt nog" in html and "Gekozen antwoorden per afdeling" not in html
        blocks = csv_blocks(coordinator.get(csv).data)
        # Participation per department (Archief, 3, is topped up with Financiën, 7, into
        # Overig: 8 of 10), but no option or department breakdown and no correct rate.
        assert blocks["Deelname per afdeling"][1:] == [
            ["Burgerzaken", "12", "10", "83,3"], ["Overig", "10", "8", "80,0"]]
        assert blocks["Antwoorden per optie"][1:] == []
        assert blocks["Antwoorden per afdeling"][1:] == []
        assert blocks["Ronde"][1][-1] == ""
        overview = coordinator.get(f"/beheer/noord/rapportage?{YEAR}").get_data(as_text=True)
        # Rounds 3 and 4 (the fixture's R4 opens on 2025-02-18 08:00, also not final yet).
        assert "2 ronde(n) lopen nog" in overview
    freeze(datetime(2025, 2, 18, 9, tzinfo=UTC))  # closed an hour ago: settled
    blocks = csv_blocks(coordinator.get(csv).data)
    assert blocks["Antwoorden per optie"][1:] and blocks["Ronde"][1][-1] == "72,2"


def test_resident_report_page_and_csv(coordinator: FlaskClient) -> None:
    html = coordinator.get(f"/beheer/noord/rapportage/inwoners?{YEAR}").get_data(as_text=True)
    assert "Module jong-een" in html and "80,0%" in html and "75,0%" in html
    assert "Module senior-een" not in html and "Geen gemeente gekozen" not in html
    export = coordinator.get(f"/beheer/noord/rapportage/inwoners/export.csv?{YEAR}")
    blocks = csv_blocks(export.data)
    assert blocks["Per module"][1:] == [["Module jong-een", "6", "4", "5", "80,0"],
                                        ["Overig", "5", "1", "1", ""]]


@pytest.mark.parametrize("query, message", [
    ("van=2025-13-01", "Vul een geldige datum in"),
    ("van=gisteren", "Vul een geldige datum in"),
    ("van=2025-03-01&tot=2025-02-01", "De einddatum ligt voor de begindatum"),
])
def test_bad_filter_is_a_400_with_a_message(coordinator, query, message) -> None:
    for path in ("/beheer/noord/rapportage", "/beheer/noord/rapportage/export.csv",
                 "/beheer/noord/rapportage/inwoners", "/beheer/noord/rapportage/bio"):
        response = coordinator.get(f"{path}?{query}")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)


def test_other_organisation_is_not_found(client, data) -> None:
    login(client, make_user("coord@zuid.nl", organisation=data.zuid))
    for path in ("/beheer/noord/rapportage", "/beheer/noord/rapportage/export.csv",
                 f"/beheer/noord/rapportage/ronde/{data.round_ids[0]}",
                 f"/beheer/zuid/rapportage/ronde/{data.round_ids[0]}",
                 "/beheer/noord/rapportage/bio/export.xlsx", "/beheer/noord/rapportage/inwoners",
                 "/beheer/regio", "/beheer/regio/export.csv", "/beheer/regio/inwoners"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/beheer/zuid/rapportage/ronde/{data.zuid_round_id}").status_code == 200


def test_anonymous_is_sent_to_login(client, data) -> None:
    response = client.get("/beheer/noord/rapportage/export.csv")
    assert response.status_code == 302 and "/beheer/inloggen" in response.headers["Location"]


def test_bio_report_lists_overdue_people_and_is_audited(coordinator: FlaskClient) -> None:
    html = coordinator.get("/beheer/noord/rapportage/bio").get_data(as_text=True)
    # Everyone started 2024-01-01 (deadline 2024-04-01); the first 10 finished on 2024-02-01.
    assert html.count("Op tijd afgerond</td>") == 10
    assert html.count("Te laat: niet afgerond</strong>") == 12
    assert "Archief 01" in html  # per person by design: the one per-person report
    xlsx = coordinator.get("/beheer/noord/rapportage/bio/export.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.data)).worksheets[1]
                .iter_rows(values_only=True))
    assert len(rows) == 1 + 22 and rows[1][5] in {"Op tijd afgerond", "Te laat: niet afgerond"}
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert actions.count("report.viewed") == 1 and actions.count("report.exported") == 1


def test_per_person_list_only_when_switched_on(coordinator, data) -> None:
    assert coordinator.get("/beheer/noord/rapportage/personen").status_code == 404
    assert coordinator.get("/beheer/noord/rapportage/personen/export.csv").status_code == 404
    data.noord.per_person_reports = True
    db.session.commit()
    html = coordinator.get(f"/beheer/noord/rapportage/personen?{YEAR}").get_data(as_text=True)
    # Burgerzaken 01 answered R1..R4 (4 of 4) and did the intro course on 1 February 2024;
    # Archief 03 answered only R1 (1 of 4) and has not done it.
    assert re.search(r"Burgerzaken 01</th><td>Burgerzaken</td><td>01-02-2024</td>"
                     r"<td class=\"num\">4</td><td class=\"num\">4</td>", html)
    assert re.search(r"Archief 03</th><td>Archief</td><td>nog niet</td><td class=\"num\">4</td>"
                     r"<td class=\"num\">1</td>", html)
    export = coordinator.get(f"/beheer/noord/rapportage/personen/export.csv?{YEAR}")
    blocks = csv_blocks(export.data)
    assert ["Archief 03", "Archief", "", "4", "1", "25,0"] in blocks["Deelname per medewerker"]
    # Never an option or a right/wrong: only the header names the columns.
    assert blocks["Deelname per medewerker"][0] == [
        "Naam", "Afdeling", "Introductiecursus afgerond op", "Ontvangen", "Beantwoord",
        "Deelname (%)"]
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert actions.count("report.viewed") == 1 and actions.count("report.exported") == 1


def test_admin_sees_regional_view(client, data) -> None:
    login(client, make_user("admin@regio.nl", role="admin"))
    html = client.get(f"/beheer/?{YEAR}").get_data(as_text=True)
    assert "Regio-overzicht" in html and "Gemeente Noord" in html and "Gemeente Zuid" in html
    # Zuid: one round, 5 of 6 answered = 83,3%, 4 of 5 correct = 80,0%
    assert "83,3%" in html and "80,0%" in html
    blocks = csv_blocks(client.get(f"/beheer/regio/export.csv?{YEAR}").data)
    rows = blocks["Organisaties naast elkaar"][1:]
    # Noord: 4 rounds, 53,4 / 69,8, intro 45,5, residents 11 started and 5 completed
    assert rows[0] == ["Gemeente Noord", "4", "53,4", "69,8", "45,5", "11", "5"]
    assert rows[1][:4] == ["Gemeente Zuid", "1", "83,3", "80,0"]
    everyone = client.get(f"/beheer/regio/inwoners?{YEAR}").get_data(as_text=True)
    assert "Geen gemeente gekozen" in everyone
    assert client.get(f"/beheer/noord/rapportage?{YEAR}").status_code == 200


def test_coordinator_dashboard(coordinator: FlaskClient) -> None:
    html = coordinator.get(f"/beheer/?{YEAR}").get_data(as_text=True)
    assert "Dashboard" in html and "53,4%" in html and 'role="img"' in html
    # The dashboard has no table of its own: the chart's caption links to the report's table.
    assert "De cijfers staan ook in de tabel" not in html
    link = re.search(r'<figcaption>[^<]*<a href="([^"]+)">De cijfers per ronde', html)
    assert link is not None
    target = link.group(1).replace("&amp;", "&")
    assert target.startswith("/beheer/noord/rapportage?") and target.endswith("#per-ronde")
    report = coordinator.get(target.split("#")[0]).get_data(as_text=True)
    assert 'id="per-ronde"' in report and "<table" in report

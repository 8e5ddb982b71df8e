"""The DPIA and works-council pack: generated from the organisation's real settings, as a page
and as a PDF (WeasyPrint; read back with poppler's pdftotext)."""
from __future__ import annotations

import subprocess

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from awareness.administration.organisations import set_per_person_reports
from awareness.extensions import db
from awareness.organisations.models import Department, Organisation, StaffMember
from awareness.staffquiz.models import QuizSchedule
from tests.support.accounts import make_user
from tests.web.coordinators.conftest import T0


def _roster(alfa: Organisation) -> None:
    for name, size in (("Burgerzaken", 9), ("Griffie", 2)):
        department = Department(organisation_id=alfa.id, name=name)
        db.session.add(department)
        db.session.flush()
        db.session.add_all(StaffMember(organisation_id=alfa.id, department_id=department.id,
                                       name=f"{name} {n}", email=f"{name.lower()}{n}@alfa.nl")
                           for n in range(size))
    db.session.add(QuizSchedule(organisation_id=alfa.id, start_date=T0.date(), enabled=True,
                                interval_days=14, reminder_after_days=5, answer_window_days=10))
    alfa.privacy_threshold, alfa.retention_months = 7, 12
    db.session.commit()


def test_the_pack_is_made_from_the_real_settings(coordinator, alfa) -> None:
    _roster(alfa)
    make_user("tweede@alfa.nl", organisation=alfa)
    html = coordinator.get("/beheer/alfa/dpia").get_data(as_text=True)
    assert "De drempel k = 7" in html
    assert "Antwoorden en verstuurde vragen van medewerkers: 12 maanden" in html
    assert "coord@alfa.nl, tweede@alfa.nl" in html
    assert "Medewerkers (nu 11 actief)" in html
    # Griffie (2 people) is below k = 7; Burgerzaken (9) is not.
    assert "Nu hebben 1 van de 2 afdelingen minder dan 7 actieve medewerkers" in html
    assert "herinnering na 5 dagen, 10 dagen om te antwoorden" in html
    assert "Database: een SQLite-bestand" in html or "Database: PostgreSQL op" in html
    assert "Overzichten per persoon staan nu: <strong>uit</strong>" in html
    admin = make_user("admin@regio.nl", role="admin")  # the admin's decision
    set_per_person_reports(alfa.id, True, admin.id, "Afspraak met de OR van 3 maart")
    html = coordinator.get("/beheer/alfa/dpia").get_data(as_text=True)
    assert "Overzichten per persoon staan nu: <strong>aan</strong>" in html
    assert "Reden: Afspraak met de OR van 3 maart" in html


def test_the_pdf_says_the_same(coordinator: FlaskClient, alfa: Organisation) -> None:
    _roster(alfa)
    response = coordinator.get("/beheer/alfa/dpia.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert 'filename="alfa-dpia-or-dossier-2026-03-02.pdf"' in response.headers[
        "Content-Disposition"]
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.data,
                          capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.split())
    assert "DPIA- en OR-dossier: Gemeente alfa" in flat or "DPIA- en OR-dossier" in flat
    assert "De drempel k = 7" in flat and "12 maanden" in flat
    assert "Restrisico" in flat and "coord@alfa.nl" in flat


def test_only_the_own_organisation(synced: Flask, alfa: Organisation) -> None:
    from tests.support.accounts import login, make_org
    other = synced.test_client()
    login(other, make_user("coord@beta.nl", organisation=make_org("beta")))
    assert other.get("/beheer/alfa/dpia").status_code == 404
    assert other.get("/beheer/alfa/dpia.pdf").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(StaffMember.id))) == 0

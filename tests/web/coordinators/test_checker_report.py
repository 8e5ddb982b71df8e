"""'Is het nep?' counts in the coordinator's resident report: per outcome, the municipality's
own counts only, outcomes below the threshold pooled into Overig (topped up until Overig
reaches k), page and export alike; the admin's regional view sees every municipality."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from awareness.checker.models import CheckerTally
from awareness.extensions import db
from awareness.organisations.models import Organisation
from awareness.reports.checker import checker_report
from awareness.reports.period import Period
from awareness.timeutil import freeze
from tests.support.accounts import login, make_org, make_user
from tests.support.checks import sync_tree
from tests.web.coordinators.conftest import T0

FEB = date(2026, 2, 1)


def tally(month: date, organisation: Organisation | None, outcome: str, count: int) -> None:
    db.session.add(CheckerTally(month=month, organisation_id=organisation.id if organisation
                                else None, tree="is-het-nep", outcome=outcome, count=count))
    db.session.commit()


@pytest.fixture
def counts(synced, alfa):
    sync_tree(synced.config["CONTENT_DIR"])
    beta = make_org("beta")
    tally(FEB, alfa, "oplichting", 4)
    tally(FEB, alfa, "oplichting", 3)  # a second row of the same key: rows are added up
    tally(FEB, alfa, "voorzichtig", 3)
    tally(FEB, alfa, "deur-112", 2)
    tally(date(2024, 1, 1), alfa, "deur-112", 50)  # outside the year shown
    tally(FEB, beta, "deur-112", 9)
    tally(FEB, None, "voorzichtig", 6)
    return alfa, beta


def year() -> Period:
    return Period.default(T0.date())


def test_small_outcomes_are_pooled_and_other_municipalities_left_out(counts):
    alfa, _beta = counts
    report = checker_report(alfa, year())
    assert report.threshold == 5 and report.total == 12
    assert [(r.label, r.verdict, r.count, r.is_other) for r in report.rows] == [
        ("Vriend-in-noodfraude", "oplichting", 7, False), ("Overig", "", 5, True)]


def test_overig_is_topped_up_until_it_reaches_k(counts):
    alfa, _beta = counts
    alfa.privacy_threshold = 6
    db.session.commit()
    report = checker_report(alfa, year())
    # voorzichtig (3) + deur-112 (2) = 5 < 6: the smallest shown outcome joins them.
    assert [(r.label, r.count) for r in report.rows] == [("Overig", 12)]


def test_nothing_is_shown_below_k_in_total(synced, alfa):
    sync_tree(synced.config["CONTENT_DIR"])
    tally(FEB, alfa, "oplichting", 4)
    report = checker_report(alfa, year())
    assert report.rows == () and report.total is None


def test_the_regional_view_counts_every_municipality_and_none_chosen(counts):
    report = checker_report(None, year(), threshold=5)
    assert {r.label: r.count for r in report.rows} == {
        "Vriend-in-noodfraude": 7, "Iemand aan de deur": 11, "Let goed op": 9}
    assert report.total == 27


def test_the_resident_report_page_and_csv_show_the_counts(counts, coordinator):
    page = coordinator.get("/beheer/alfa/rapportage/inwoners").text
    assert "Is het nep? Getoonde adviezen" in page
    assert "Vriend-in-noodfraude" in page and "Iemand aan de deur" not in page
    body = coordinator.get("/beheer/alfa/rapportage/inwoners/export.csv").data
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    start = rows.index(["Is het nep? Getoonde adviezen"])
    assert rows[start + 1:start + 4] == [["Advies", "Soort", "Aantal"],
                                         ["Vriend-in-noodfraude", "oplichting", "7"],
                                         ["Overig", "", "5"]]


def test_the_admin_sees_the_regional_counts(counts, synced):
    admin = synced.test_client()
    freeze(T0 + timedelta(seconds=30))
    login(admin, make_user("admin@regio.nl", role="admin"))
    page = admin.get("/beheer/regio/inwoners").text
    assert "Iemand aan de deur" in page and "Let goed op" in page

"""Retention: old answers and resident progress are deleted, but only after their counts went
into the tallies, so the reports for those periods show the same figures as before."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from awareness.accounts.models import AuditEvent
from awareness.extensions import db
from awareness.learning.models import Attempt, ModuleProgress
from awareness.reports.drilldown import round_report
from awareness.reports.models import RoundTally, TalliedRound
from awareness.reports.period import Period
from awareness.reports.queries import staff_overview
from awareness.reports.residents import resident_report
from awareness.reports.retention import apply_retention
from awareness.staffquiz.models import Answer, Delivery
from awareness.timeutil import freeze
from tests.support.reports import build_resident_fixture, build_staff_fixture

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
LATER = datetime(2027, 6, 1, 12, tzinfo=UTC)  # > 24 months after every answer of 2025


@pytest.fixture
def data(synced):
    freeze(datetime(2025, 6, 1, 12, tzinfo=UTC))
    fixture = build_staff_fixture()
    build_resident_fixture(fixture.noord)
    return fixture


def figures(data):
    report = staff_overview(data.noord, YEAR)
    residents = resident_report(data.noord, YEAR)
    return (
        [(r.counts.delivered, r.counts.answered, r.correct_rate) for r in report.rounds],
        [(g.label, g.counts) for g in report.participation_by_department],
        [(g.label, g.counts) for g in report.correct_by_department],
        report.timed_total,
        [(o.key, o.count) for o in round_report(data.noord, data.round_ids[0]).options],
        [(r.label, r.usage) for r in residents.by_module + residents.by_month],
    )


def count(model) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def test_counts_survive_deletion(data) -> None:
    before = figures(data)
    freeze(LATER)
    report = apply_retention(LATER)
    # 47 (noord) + 5 (zuid) answers; 16 progress rows; 6 attempts
    assert (report.answers_deleted, report.progress_deleted, report.attempts_deleted) == (52, 16, 6)
    assert report.rounds_tallied == 5
    assert count(Answer) == count(ModuleProgress) == count(Attempt) == 0
    # Who was sent which round goes too (and the e-mails with it); the counts stay.
    assert report.deliveries_deleted > 0 and count(Delivery) == 0
    assert figures(data) == before
    assert db.session.scalars(sa.select(AuditEvent.action)).all() == ["retention.purged"]
    # A second run finds nothing left to do.
    assert apply_retention(LATER).deleted == 0


def test_recent_answers_are_kept_but_closed_rounds_are_tallied(data) -> None:
    before = figures(data)
    report = apply_retention(datetime(2025, 6, 1, 12, tzinfo=UTC))
    assert report.deleted == 0 and count(Answer) == 52
    assert count(TalliedRound) == 5 and count(RoundTally) > 0
    assert figures(data) == before


def test_shorter_retention_of_one_organisation(data) -> None:
    data.noord.retention_months = 3
    db.session.commit()
    # Cutoff 2025-05-10 minus 3 months = 2025-02-10. Noord answers before it: R1 (17), R2 (8)
    # and R3 (18, opened 2025-02-04) = 43; R4 is later; Zuid keeps 24.
    report = apply_retention(datetime(2025, 5, 10, tzinfo=UTC))
    assert report.answers_deleted == 43
    assert count(Answer) == 52 - 43


def test_dry_run_changes_nothing(data, runner) -> None:
    freeze(LATER)
    result = runner.invoke(args=["reports", "retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output and "deleted 52 answer(s)" in result.output
    assert count(Answer) == 52 and count(TalliedRound) == 0 and count(AuditEvent) == 0
    result = runner.invoke(args=["reports", "retention"])
    assert result.exit_code == 0 and count(Answer) == 0

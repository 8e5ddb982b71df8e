"""The admin's regional view: every organisation side by side, each protected by its own
threshold (the figures are the overview's protected totals, so nothing new can be derived)."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from awareness.extensions import db
from awareness.organisations.models import Organisation
from awareness.reports.counts import Counts, Usage
from awareness.reports.facts import resident_facts
from awareness.reports.period import Period
from awareness.reports.queries import IntroRow, staff_overview


@dataclass(frozen=True)
class RegionRow:
    name: str
    slug: str
    threshold: int
    rounds: int
    participation: Counts
    correct: Counts
    intro: IntroRow
    residents: Usage | None  # None: fewer residents than the threshold

    @property
    def participation_rate(self) -> float | None:
        return self.participation.participation

    @property
    def correct_rate(self) -> float | None:
        return self.correct.correct_rate


@dataclass(frozen=True)
class RegionalOverview:
    period: Period
    rows: tuple[RegionRow, ...]


def regional_overview(period: Period) -> RegionalOverview:
    organisations = db.session.scalars(sa.select(Organisation).order_by(Organisation.name))
    return RegionalOverview(period, tuple(_row(org, period) for org in organisations))


def _row(organisation: Organisation, period: Period) -> RegionRow:
    local = Period(period.first_day, period.last_day, organisation.timezone)
    overview = staff_overview(organisation, local)
    facts = resident_facts(local.start, local.end, local.first_month, organisation.id)
    usage = sum((Usage(*row[4:]) for row in facts), Usage())
    return RegionRow(
        organisation.name, organisation.slug, overview.threshold,
        sum(1 for row in overview.rounds if row.counts), overview.participation_total,
        overview.correct_total, overview.intro,
        usage if usage.size >= overview.threshold else None,
    )


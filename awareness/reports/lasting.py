"""Kennis die blijft as a report: per topic over the chosen range and per month, the correct
rate the first time a question is asked, when it comes back, and the share of questions
retired (two rights in a row) up to then. Only final rounds within the retention period
count; each round's cells pass the privacy layer on their own (`lasting_cells`), and every
published figure is a sum of them, so neither two ranges nor this report and the staff
report can be subtracted into a small group. Not per department, on purpose."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from markupsafe import Markup

from awareness.organisations.models import Organisation
from awareness.reports import lasting_cells as cells
from awareness.reports.charts import Bar, Series, describe, grouped_column_chart, percent_text
from awareness.reports.counts import percentage
from awareness.reports.facts import fetch
from awareness.reports.lasting_cells import Figures
from awareness.reports.models import TalliedRound
from awareness.reports.period import Period, add_months, local_date
from awareness.reports.privacy import OTHER, answers_final, effective_threshold
from awareness.reports.queries import topic_titles
from awareness.reports.retention import months_before
from awareness.staffquiz.lasting import lasting_deliveries
from awareness.staffquiz.models import Round
from awareness.timeutil import utcnow


@dataclass(frozen=True)
class LastingRow:
    """A topic (or "Overige onderwerpen", or the total) in the range, or a month. The retired
    share is a running state: every published round from the first up to the row's end. It
    is None (not shown) for a topic that some round pooled with others, and for Overig: the
    questions retired there may have been given under another row."""

    label: str
    figures: Figures
    started: int | None  # questions given up to the row's end
    retired: int | None  # of those, retired
    is_other: bool = False

    @property
    def first_rate(self) -> float | None:
        return self.figures.first.correct_rate

    @property
    def repeat_rate(self) -> float | None:
        return self.figures.repeat.correct_rate

    @property
    def retired_share(self) -> float | None:
        return None if self.retired is None else percentage(self.retired, self.started or 0)


@dataclass(frozen=True)
class LastingReport:
    organisation: str
    period: Period
    threshold: int
    topics: tuple[LastingRow, ...]
    total: LastingRow | None
    months: tuple[LastingRow, ...]
    hidden_rounds: int  # final rounds in the range of which nothing may be shown
    open_rounds: int  # rounds in the range that are not final yet


@dataclass(frozen=True)
class _Round:
    number: int
    month: date
    in_range: bool
    final: bool
    # Final and opened within the retention period: retention may have deleted part of the
    # answers of an older round (the staff report then reads its tally), so it shows nothing.
    shown: bool


ROUNDS = (
    sa.select(Round.number, Round.opened_at, Round.closes_at, Round.closed_at,
              TalliedRound.round_id.is_not(None))
    .outerjoin(TalliedRound, TalliedRound.round_id == Round.id)
    .where(Round.organisation_id == sa.bindparam("organisation_id"),
           Round.opened_at < sa.bindparam("end"))
    .order_by(Round.number)
)


def lasting_report(organisation: Organisation, period: Period,
                   now: datetime | None = None) -> LastingReport:
    """The organisation's Kennis die blijft for the rounds opened in `period`."""
    now = now or utcnow()
    k = effective_threshold(organisation.privacy_threshold)
    horizon = months_before(now, max(1, organisation.retention_months))
    rounds = _rounds(organisation.id, period, now, horizon)
    deliveries = lasting_deliveries(organisation.id, period.start, period.end, now)
    tallied = cells.tallies(deliveries, {r.number for r in rounds if r.final},
                            organisation.id, period.end)
    shown = {r.number for r in rounds if r.shown}
    policies = {number: cells.policy(topics, k) if number in shown else {}
                for number, topics in tallied.items()}
    published = cells.published(tallied, policies)
    in_range = [r for r in rounds if r.in_range]
    return LastingReport(
        organisation.name, period, k,
        _topic_rows(published, rounds, topic_titles(),
                    cells.always_own(tallied, policies, shown)),
        _total(published, rounds), _month_rows(published, rounds, period),
        sum(1 for r in in_range if r.final and not published.get(r.number)),
        sum(1 for r in in_range if not r.final))


def _rounds(organisation_id: int, period: Period, now: datetime,
            horizon: datetime) -> list[_Round]:
    result = []
    for number, opened, closes, closed, tallied in fetch(
            ROUNDS, {"organisation_id": organisation_id, "end": period.end}):
        final = answers_final(bool(tallied), closes, closed, now)
        result.append(_Round(number, local_date(opened, period.timezone).replace(day=1),
                             opened >= period.start, final, final and opened >= horizon))
    return result


def _sum(cells: Iterable[Figures]) -> Figures:
    return sum(cells, Figures())


def _topic_rows(published: dict[int, dict[object, Figures]], rounds: list[_Round],
                titles: dict[str, str], shares: set[object]) -> tuple[LastingRow, ...]:
    in_range: dict[object, list[Figures]] = defaultdict(list)
    to_date: dict[object, list[Figures]] = defaultdict(list)
    for r in rounds:
        for key, figures in published.get(r.number, {}).items():
            to_date[key].append(figures)
            if r.in_range:
                in_range[key].append(figures)
    rows = [_row(titles.get(str(key), str(key)), in_range[key], to_date[key], key in shares)
            for key in in_range if key != OTHER]
    rows.sort(key=lambda row: row.label.lower())
    if OTHER in in_range:
        rows.append(_row(_("Overige onderwerpen"), in_range[OTHER], to_date[OTHER], False,
                         is_other=True))
    return tuple(rows)


def _row(label: str, cells: Iterable[Figures], to_date: Iterable[Figures], share: bool,
         is_other: bool = False) -> LastingRow:
    history = _sum(to_date)
    if not share:
        return LastingRow(label, _sum(cells), None, None, is_other)
    return LastingRow(label, _sum(cells), history.first.delivered, history.retired, is_other)


def _whole(published: dict[int, dict[object, Figures]], rounds: Iterable[_Round]) -> list[Figures]:
    return [_sum(published.get(r.number, {}).values()) for r in rounds]


def _total(published: dict[int, dict[object, Figures]], rounds: list[_Round]
           ) -> LastingRow | None:
    in_range = [r for r in rounds if r.in_range and published.get(r.number)]
    if not in_range:
        return None
    return _row(_("Totaal"), _whole(published, in_range), _whole(published, rounds), True)


def _month_rows(published: dict[int, dict[object, Figures]], rounds: list[_Round],
                period: Period) -> tuple[LastingRow, ...]:
    """Every month from the first round in the range on, also those without figures (a gap
    in the chart)."""
    rows: list[LastingRow] = []
    months = [r.month for r in rounds if r.in_range]
    if not months:
        return ()
    month = min(months)
    while month <= period.last_day:
        cells = _whole(published, (r for r in rounds if r.in_range and r.month == month))
        history = _whole(published, (r for r in rounds if r.month <= month))
        rows.append(_row(f"{month:%m-%Y}", cells, history, True))
        month = add_months(month, 1)
    return tuple(rows)



def month_chart(report: LastingReport) -> Markup:
    """The three figures per month as an accessible grouped column chart; its description
    (and the table beside it on the page) says every number."""
    rows = report.months
    series = [
        Series(_("Eerste keer goed"), [Bar(r.label, r.first_rate, percent_text(r.first_rate))
                                       for r in rows]),
        Series(_("Goed als de vraag terugkomt"),
               [Bar(r.label, r.repeat_rate, percent_text(r.repeat_rate)) for r in rows]),
        Series(_("Afgerond"), [Bar(r.label, r.retired_share, percent_text(r.retired_share))
                               for r in rows]),
    ]
    description = " ".join(
        f"{item.name}: {describe(item.bars, _('geen cijfer'))}." for item in series)
    return grouped_column_chart(
        "kennis-per-maand", _("Kennis die blijft per maand (procent)"),
        _("Staafdiagram per maand, in procenten. ") + description,
        [r.label for r in rows], series)

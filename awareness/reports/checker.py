"""How often each "Is het nep?" outcome was reached, as protected rows for the coordinator's
resident report. The counts are already anonymous (no answers, no learner, months only);
the same rule as every other figure still holds: outcomes reached fewer than k times are
pooled into "Overig" (topped up until Overig reaches k), and a total below k is not shown.

Kept apart from residents.py on purpose: one function the privacy layer can take over."""
from __future__ import annotations

from dataclasses import dataclass, replace

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from awareness.checker.models import CheckerTally
from awareness.checker.services import current_tree
from awareness.organisations.models import Organisation
from awareness.reports.exports import ExportDocument, Table
from awareness.reports.facts import fetch
from awareness.reports.period import Period
from awareness.reports.privacy import OTHER, effective_threshold, pool_small_groups

TREE = "is-het-nep"
VERDICTS = {"noodgeval": _l("oplichting, bel 112"), "oplichting": _l("oplichting"),
            "voorzichtig": _l("voorzichtig zijn"),
            "waarschijnlijk-veilig": _l("waarschijnlijk geen oplichting")}


@dataclass(frozen=True)
class OutcomeRow:
    label: str
    verdict: str
    count: int
    is_other: bool = False


@dataclass(frozen=True)
class CheckerReport:
    threshold: int
    total: int | None
    rows: tuple[OutcomeRow, ...]


def checker_report(organisation: Organisation | None, period: Period,
                   threshold: int | None = None) -> CheckerReport:
    """One municipality's counts, or (organisation None) those of the whole deployment,
    "no municipality chosen" included. Months that overlap the period count whole."""
    k = effective_threshold(threshold if organisation is None
                            else organisation.privacy_threshold)
    query = (sa.select(CheckerTally.outcome, sa.func.sum(CheckerTally.count))
             .where(CheckerTally.tree == TREE,
                    CheckerTally.month >= period.first_month,
                    CheckerTally.month <= period.last_day)
             .group_by(CheckerTally.outcome))
    if organisation is not None:
        query = query.where(CheckerTally.organisation_id == organisation.id)
    counts = {outcome: int(count) for outcome, count in fetch(query)}
    total = sum(counts.values())
    # An int is a group's size and adds up like one: the protocol's signature, not its sense.
    pooled = pool_small_groups(counts, lambda n: n, k)  # type: ignore[type-var]
    tree = current_tree(TREE)
    rows = []
    for key, count in sorted(pooled.items(), key=lambda item: -item[1]):
        outcome = tree.outcomes.get(str(key)) if tree and key != OTHER else None
        label = (outcome.title["nl"] if outcome else str(key)) if key != OTHER else _("Overig")
        verdict = str(VERDICTS.get(outcome.verdict, "")) if outcome else ""
        rows.append(OutcomeRow(label, verdict, count, key == OTHER))
    rows.sort(key=lambda row: row.is_other)  # Overig last, the rest by count
    return CheckerReport(k, total if total >= k else None, tuple(rows))


def checker_table(report: CheckerReport) -> Table:
    """The same rows for the CSV/XLSX export of the resident report."""
    return Table(_("Is het nep? Getoonde adviezen"), (_("Advies"), _("Soort"), _("Aantal")),
                 tuple((row.label, row.verdict, row.count) for row in report.rows))


def with_checker_table(document: ExportDocument, report: CheckerReport) -> ExportDocument:
    return replace(document, tables=(*document.tables, checker_table(report)))

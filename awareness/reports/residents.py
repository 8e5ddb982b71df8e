"""Resident module use as frozen rows: starts, completions and average score per audience,
module, month and (for the admin) municipality. Residents are anonymous, yet the same rule
holds: groups below the threshold are pooled into "Overig", and an average score is only
shown for at least threshold attempts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from awareness.content.models import Module
from awareness.organisations.models import Organisation
from awareness.reports.counts import Usage
from awareness.reports.facts import ALL_ORGANISATIONS, fetch, resident_facts
from awareness.reports.period import Period
from awareness.reports.privacy import OTHER, effective_threshold, pool_small_groups

AUDIENCES = {"youth": "Jongeren", "seniors": "Senioren", "entrepreneurs": "Ondernemers",
             "staff": "Medewerkers"}


@dataclass(frozen=True)
class UsageRow:
    label: str
    usage: Usage
    score_shown: bool
    is_other: bool = False

    @property
    def average_score(self) -> float | None:
        return self.usage.average_score if self.score_shown else None


@dataclass(frozen=True)
class ResidentReport:
    scope: str
    period: Period
    threshold: int
    total: UsageRow | None
    by_audience: tuple[UsageRow, ...]
    by_module: tuple[UsageRow, ...]
    by_month: tuple[UsageRow, ...]
    by_municipality: tuple[UsageRow, ...]


def resident_report(organisation: Organisation | None, period: Period,
                    threshold: int | None = None) -> ResidentReport:
    """One municipality's residents, or (organisation None) all residents of the deployment."""
    k = effective_threshold(threshold if organisation is None
                            else organisation.privacy_threshold)
    scope = ALL_ORGANISATIONS if organisation is None else organisation.id
    facts = resident_facts(period.start, period.end, period.first_month, scope)
    groups: dict[str, dict[object, Usage]] = {"aud": {}, "mod": {}, "month": {}, "org": {}}
    for month, org, audience, slug, *numbers in facts:
        usage = Usage(*numbers)
        for name, key in (("aud", audience), ("mod", slug), ("month", month), ("org", org)):
            bucket = groups[name]
            bucket[key] = bucket[key] + usage if key in bucket else usage
    total = sum(groups["aud"].values(), Usage())
    titles = module_titles()
    orgs = _organisation_names() if organisation is None else {}
    return ResidentReport(
        _("alle gemeenten") if organisation is None else organisation.name, period, k,
        _row(_("Totaal"), total, k) if total.size >= k else None,
        _rows(groups["aud"], k, lambda key: _(AUDIENCES.get(str(key), str(key)))),
        _rows(groups["mod"], k, lambda key: titles.get(str(key), str(key))),
        _rows(groups["month"], k, _month_label, sort_by_key=True),
        _rows(groups["org"], k, lambda key: orgs.get(key, _("Geen gemeente gekozen")))
        if organisation is None else (),
    )


def resident_total(organisation: Organisation, period: Period) -> UsageRow | None:
    """The one resident figure the dashboard shows: the municipality's total, or None below
    the threshold (the same row as resident_report's total)."""
    k = effective_threshold(organisation.privacy_threshold)
    facts = resident_facts(period.start, period.end, period.first_month, organisation.id)
    # Each fact is (month, organisation, audience, module, *the Usage numbers).
    total = sum((Usage(*fact[4:]) for fact in facts), Usage())
    return _row(_("Totaal"), total, k) if total.size >= k else None


def _row(label: str, usage: Usage, k: int, is_other: bool = False) -> UsageRow:
    return UsageRow(label, usage, usage.attempts >= k, is_other)


def _rows(groups: dict[object, Usage], k: int, label, sort_by_key: bool = False  # type: ignore[no-untyped-def]
          ) -> tuple[UsageRow, ...]:
    pooled = pool_small_groups(groups, lambda usage: usage.size, k)
    keys = [key for key in pooled if key != OTHER]
    rows = [(key, _row(label(key), pooled[key], k)) for key in keys]
    rows.sort(key=lambda pair: pair[0] if sort_by_key else pair[1].label.lower())  # type: ignore[arg-type,return-value]
    result = [row for _key, row in rows]
    if OTHER in pooled:
        result.append(_row(_("Overig"), pooled[OTHER], k, is_other=True))
    return tuple(result)


def _month_label(month: object) -> str:
    return f"{month:%m-%Y}" if isinstance(month, date) else str(month)


def module_titles() -> dict[str, str]:
    query = sa.select(Module.slug, Module.title).where(Module.is_current.is_(True))
    return {slug: (title or {}).get("nl", slug) for slug, title in fetch(query)}


def _organisation_names() -> dict[object, str]:
    return dict(fetch(sa.select(Organisation.id, Organisation.name)))  # type: ignore[arg-type]

"""One round in detail: participation per department and the answer distribution per option,
overall and per department, with the same per-round k-anonymity as the overview."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from awareness.extensions import db
from awareness.organisations.models import Organisation
from awareness.reports.anonymity import OTHER, effective_threshold, pool_small_groups
from awareness.reports.counts import Counts, Distribution, percentage
from awareness.reports.facts import round_facts
from awareness.reports.models import TalliedRound
from awareness.reports.period import local_date
from awareness.reports.queries import (
    GroupRow,
    RoundInfo,
    RoundRow,
    department_label,
    department_names,
    group_rows,
    topic_title,
    topic_titles,
)
from awareness.staffquiz.models import Round


class RoundNotFoundError(LookupError):
    """No such round in this organisation."""


@dataclass(frozen=True)
class OptionRow:
    key: str
    text: str
    correct: bool
    count: int
    share: float | None


@dataclass(frozen=True)
class GroupDistribution:
    label: str
    answered: int
    options: tuple[OptionRow, ...]
    is_other: bool = False


@dataclass(frozen=True)
class RoundReport:
    organisation: str
    threshold: int
    row: RoundRow
    question_text: str
    explanation: str
    options: tuple[OptionRow, ...]
    participation_by_department: tuple[GroupRow, ...]
    distributions: tuple[GroupDistribution, ...]


def round_report(organisation: Organisation, round_id: int) -> RoundReport:
    k = effective_threshold(organisation.privacy_threshold)
    info = _round_info(organisation, round_id)
    counts: dict[int | None, Counts] = {}
    answers: dict[int | None, Distribution] = {}
    for _r, dept, option, correct, n, seconds, timed, _question in _facts(info):
        answered = n if option is not None else 0
        cell = Counts(n, answered, answered if correct else 0, seconds or 0, timed or 0)
        counts[dept] = counts[dept] + cell if dept in counts else cell
        if option is not None:
            spread = Distribution(n, ((option, n),))
            answers[dept] = answers[dept] + spread if dept in answers else spread
    names = department_names(organisation.id)
    part_pool = pool_small_groups(counts, lambda c: c.delivered, k)
    answer_pool = pool_small_groups(answers, lambda d: d.answered, k) if part_pool else {}
    total = sum(counts.values(), Counts())
    row = RoundRow(info, topic_title(info.topic, topic_titles()),
                   total if part_pool else None, bool(answer_pool),
                   bool(answer_pool) and total.seconds_count >= k)
    options = info.question.get("options", [])
    overall = sum(answers.values(), Distribution()) if answer_pool else None
    return RoundReport(
        organisation.name, k, row, info.question.get("text", ""),
        info.question.get("explanation", ""), _option_rows(options, overall),
        group_rows(part_pool, names), _distributions(answer_pool, names, options),
    )


def _round_info(organisation: Organisation, round_id: int) -> RoundInfo:
    found = db.session.execute(
        sa.select(Round, TalliedRound.round_id.is_not(None))
        .outerjoin(TalliedRound, TalliedRound.round_id == Round.id)
        .where(Round.id == round_id, Round.organisation_id == organisation.id)
    ).first()
    if found is None:
        raise RoundNotFoundError(round_id)
    round_, tallied = found
    return RoundInfo(round_.id, round_.number, local_date(round_.opened_at, organisation.timezone),
                     round_.topic, round_.question or {}, bool(tallied))


def _facts(info: RoundInfo) -> list[Any]:
    return round_facts([] if info.tallied else [info.id], [info.id] if info.tallied else [])


def _option_rows(options: list[dict[str, Any]],
                 spread: Distribution | None) -> tuple[OptionRow, ...]:
    if spread is None:
        return ()
    return tuple(OptionRow(o["key"], o.get("text", ""), bool(o.get("correct")),
                           spread.count(o["key"]), percentage(spread.count(o["key"]),
                                                              spread.answered))
                 for o in options)


def _distributions(pool: dict[object, Distribution], names: dict[int, str],
                   options: list[dict[str, Any]]) -> tuple[GroupDistribution, ...]:
    rows = [GroupDistribution(department_label(key, names), spread.answered,
                              _option_rows(options, spread))
            for key, spread in pool.items() if key != OTHER]
    rows.sort(key=lambda row: row.label.lower())
    if OTHER in pool:
        rows.append(GroupDistribution(_("Overig"), pool[OTHER].answered,
                                      _option_rows(options, pool[OTHER]), is_other=True))
    return tuple(rows)

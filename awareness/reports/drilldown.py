"""One round in detail: participation per department and the answer distribution per option,
overall and per department, published through the same RoundPolicy as the overview (so the
drill-down and the overview hide the same departments)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from awareness.extensions import db
from awareness.organisations.models import Organisation
from awareness.reports.counts import Counts, Distribution, percentage
from awareness.reports.facts import round_facts, round_question
from awareness.reports.models import TalliedRound
from awareness.reports.period import local_date
from awareness.reports.privacy import OTHER, answers_final, effective_threshold, round_policy
from awareness.reports.queries import (
    GroupRow,
    RoundInfo,
    RoundRow,
    department_label,
    department_names,
    group_rows,
    round_row,
    topic_titles,
)
from awareness.staffquiz.models import Round
from awareness.timeutil import utcnow


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


def round_report(organisation: Organisation, round_id: int,
                 now: datetime | None = None) -> RoundReport:
    k = effective_threshold(organisation.privacy_threshold)
    info = _round_info(organisation, round_id, now or utcnow())
    counts: dict[object, Counts] = {}
    answers: dict[object, Distribution] = {}
    for _r, dept, option, correct, n, seconds, timed, _question in _facts(info):
        answered = n if option is not None else 0
        cell = Counts(n, answered, answered if correct else 0, seconds or 0, timed or 0)
        counts[dept] = counts[dept] + cell if dept in counts else cell
        if option is not None:
            spread = Distribution(n, ((option, n),))
            answers[dept] = answers[dept] + spread if dept in answers else spread
    names = department_names(organisation.id)
    policy = round_policy(counts, k, info.final)
    row = round_row(info, counts, policy, topic_titles())
    options = info.question.get("options", [])
    overall = sum(answers.values(), Distribution()) if policy.answers else None
    return RoundReport(
        organisation.name, k, row, info.question.get("text", ""),
        info.question.get("explanation", ""), _option_rows(options, overall),
        group_rows(policy.participation.apply(counts), names),
        _distributions(policy.answers.apply(answers), names, options),
    )


def _round_info(organisation: Organisation, round_id: int, now: datetime) -> RoundInfo:
    found = db.session.execute(
        sa.select(Round, TalliedRound.round_id.is_not(None))
        .outerjoin(TalliedRound, TalliedRound.round_id == Round.id)
        .where(Round.id == round_id, Round.organisation_id == organisation.id)
    ).first()
    if found is None:
        raise RoundNotFoundError(round_id)
    round_, tallied = found
    return RoundInfo(round_.id, round_.number, local_date(round_.opened_at, organisation.timezone),
                     round_.topic, round_question(round_), bool(tallied),
                     answers_final(bool(tallied), round_.closes_at, round_.closed_at, now))


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

"""Data retention, run daily by the scheduler and by `flask reports retention`: answers older
than each organisation's retention period, and resident progress older than
RESIDENT_RETENTION_MONTHS, are deleted after their counts went into the tallies, so reports
keep showing them. One transaction; a dry run rolls it back and reports what it would do."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import QueryableAttribute

from awareness.accounts import audit
from awareness.extensions import db
from awareness.learning.models import Attempt, ModuleProgress
from awareness.organisations.models import Organisation
from awareness.reports.aggregates import tally_closed_rounds, tally_round
from awareness.reports.facts import month_start
from awareness.reports.models import ResidentTally, TalliedRound
from awareness.reports.period import add_months
from awareness.staffquiz.models import Answer, Delivery, Round

DEFAULT_RESIDENT_MONTHS = 24


@dataclass(frozen=True)
class RetentionReport:
    rounds_tallied: int
    answers_deleted: int
    deliveries_deleted: int
    progress_deleted: int
    attempts_deleted: int
    dry_run: bool

    @property
    def deleted(self) -> int:
        return (self.answers_deleted + self.deliveries_deleted + self.progress_deleted
                + self.attempts_deleted)


def months_before(now: datetime, months: int) -> datetime:
    return datetime.combine(add_months(now.date(), -months), now.timetz())


def apply_retention(now: datetime, dry_run: bool = False) -> RetentionReport:
    """Tally closed rounds, then delete what is past its retention period."""
    tallied = tally_closed_rounds(now)
    answers = deliveries = 0
    for organisation in db.session.scalars(sa.select(Organisation).order_by(Organisation.id)):
        cutoff = months_before(now, max(1, organisation.retention_months))
        count, forced = _purge_answers(organisation.id, cutoff)
        answers, tallied = answers + count, tallied + forced
        deliveries += _purge_deliveries(organisation.id, cutoff)
    months = current_app.config.get("RESIDENT_RETENTION_MONTHS") or DEFAULT_RESIDENT_MONTHS
    progress, attempts = _purge_residents(months_before(now, max(1, int(months))))
    report = RetentionReport(tallied, answers, deliveries, progress, attempts, dry_run)
    if report.deleted:
        audit.record("retention.purged", None, None, answers=answers, deliveries=deliveries,
                     progress=progress, attempts=attempts, rounds_tallied=tallied)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return report


def _purge_answers(organisation_id: int, cutoff: datetime) -> tuple[int, int]:
    old = (sa.select(Answer.id).join(Round, Round.id == Answer.round_id)
           .where(Round.organisation_id == organisation_id, Answer.answered_at < cutoff))
    round_ids = db.session.scalars(
        sa.select(Answer.round_id).where(Answer.id.in_(old)).distinct()).all()
    # Counts first: a round whose answers go must be tallied, even if it never closed cleanly.
    forced = sum(tally_round(round_id) for round_id in round_ids)
    result = cast(sa.CursorResult[Any], db.session.execute(
        sa.delete(Answer).where(Answer.id.in_(old)),
        execution_options={"synchronize_session": False}))
    return result.rowcount or 0, forced


def _purge_deliveries(organisation_id: int, cutoff: datetime) -> int:
    """Deliveries say who was sent which round (and their e-mails cascade with them): once a
    round is tallied and past the retention period they serve no report and must go."""
    old = (sa.select(Round.id).join(TalliedRound, TalliedRound.round_id == Round.id)
           .where(Round.organisation_id == organisation_id, Round.closes_at < cutoff))
    result = cast(sa.CursorResult[Any], db.session.execute(
        sa.delete(Delivery).where(Delivery.round_id.in_(old)),
        execution_options={"synchronize_session": False}))
    return result.rowcount or 0


def _purge_residents(cutoff: datetime) -> tuple[int, int]:
    p, a = ModuleProgress, Attempt
    stale = p.updated_at < cutoff
    for column, target in ((p.started_at, "starts"), (p.completed_at, "completions")):
        _fold(p, column, [sa.func.count()], [target], stale & column.is_not(None))
    _fold(a, a.created_at, [sa.func.count(), sa.func.sum(a.score), sa.func.sum(a.max_score)],
          ["attempts", "score_sum", "max_score_sum"], a.created_at < cutoff)
    options = {"synchronize_session": False}
    progress = cast(sa.CursorResult[Any], db.session.execute(
        sa.delete(p).where(stale), execution_options=options))
    attempts = cast(sa.CursorResult[Any], db.session.execute(
        sa.delete(a).where(a.created_at < cutoff), execution_options=options))
    return progress.rowcount or 0, attempts.rowcount or 0


def _fold(model: type[ModuleProgress | Attempt], column: QueryableAttribute[Any],
          measures: list[sa.ColumnElement[Any]], targets: list[str],
          where: sa.ColumnElement[bool]) -> None:
    month = month_start(column)
    select = (sa.select(month, model.organisation_id, model.audience, model.module_slug,
                        *measures)
              .where(where)
              .group_by(month, model.organisation_id, model.audience, model.module_slug))
    columns = ["month", "organisation_id", "audience", "module_slug", *targets]
    db.session.execute(sa.insert(ResidentTally).from_select(columns, select))

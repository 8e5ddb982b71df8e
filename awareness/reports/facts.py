"""The SQL behind the reports: counts per round, department and option, read from the round
tally once a round is tallied and from the live delivery/answer rows before that, so every
report sees one uniform shape. Resident counts likewise join live rows and monthly tallies.
Read-only: nothing here commits."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeAlias, TypeVarTuple

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from awareness.extensions import db
from awareness.learning.models import Attempt, ModuleProgress
from awareness.reports.models import ResidentTally, RoundTally
from awareness.reports.period import Period
from awareness.staffquiz.models import Answer, Delivery, QuestionVersion, Round

# The question and topic that report figures are attributed to, looked up here and nowhere
# else. A round's own topic is NULL in a personal round; its deliveries' questions (each a
# quiz_question version) then carry the topics, counted per round by topic_counts().
ROUND_TOPIC = Round.topic


def round_question(round_: Round) -> dict[str, Any]:
    return round_.question or {}


# A select of any columns (SQLAlchemy types a select by each of its columns).
AnySelect: TypeAlias = sa.Select[*tuple[Any, ...]]
Columns = TypeVarTuple("Columns")

# (round_id, department_id, option_key or None, correct, deliveries, seconds_sum, seconds_count,
#  question_id: the question version, since a personal round asks many)
FactRow = tuple[int, int | None, str | None, bool, int, int, int, int | None]


class month_start(FunctionElement[date]):  # noqa: N801  (reads like the SQL function it is)
    """First day of the (UTC) month of a timestamp, as a date, on SQLite and PostgreSQL."""

    type = sa.Date()
    inherit_cache = True


@compiles(month_start, "postgresql")
def _month_start_pg(element: month_start, compiler: Any, **kw: Any) -> str:
    inner = compiler.process(element.clauses, **kw)
    return f"CAST(date_trunc('month', ({inner}) AT TIME ZONE 'UTC') AS DATE)"


@compiles(month_start)
def _month_start_default(element: month_start, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, 'start of month')"


def live_round_facts(round_ids: Sequence[int]) -> AnySelect:
    """Deliveries of untallied rounds counted per department, chosen option and question."""
    correct = sa.func.coalesce(Answer.correct, sa.false())
    return (
        sa.select(Delivery.round_id, Delivery.department_id, Answer.option_key,
                  correct.label("correct"), sa.func.count().label("deliveries"),
                  sa.func.coalesce(sa.func.sum(Answer.seconds_to_answer), 0).label("seconds"),
                  sa.func.count(Answer.seconds_to_answer).label("timed"), Delivery.question_id)
        # Answer.round_id repeats the delivery's round: with it, the planner reads only this
        # round's answers through their index instead of hashing the whole answer table.
        .select_from(Delivery)
        .outerjoin(Answer, sa.and_(Answer.delivery_id == Delivery.id,
                                   Answer.round_id.in_(round_ids)))
        .where(Delivery.round_id.in_(round_ids))
        .group_by(Delivery.round_id, Delivery.department_id, Answer.option_key, correct,
                  Delivery.question_id)
    )


def tallied_round_facts(round_ids: Sequence[int]) -> AnySelect:
    return sa.select(
        RoundTally.round_id, RoundTally.department_id, RoundTally.option_key,
        RoundTally.correct, RoundTally.deliveries, RoundTally.seconds_sum,
        RoundTally.seconds_count, RoundTally.question_id,
    ).where(RoundTally.round_id.in_(round_ids))


def round_facts(live_ids: Sequence[int], tallied_ids: Sequence[int]) -> list[FactRow]:
    rows: list[FactRow] = []
    if live_ids:
        rows.extend(tuple(row) for row in fetch(live_round_facts(live_ids)))
    if tallied_ids:
        rows.extend(tuple(row) for row in fetch(tallied_round_facts(tallied_ids)))
    return rows


def _live_counts(per_department: bool, one_round: bool) -> AnySelect:
    """Untallied rounds counted from their deliveries. Usually that is only the open round:
    then a plain parameter, since an expanded IN list is re-rendered on every execution. A
    backlog of rounds waiting for the tally job (or no tallies at all) takes the list, which
    PostgreSQL counts in one pass, far faster than a statement per round."""
    department = Delivery.department_id if per_department else sa.null()
    answered = sa.func.count(Answer.id)
    correct = sa.func.sum(sa.case((Answer.correct.is_(True), 1), else_=0))
    if one_round:
        round_id: sa.BindParameter[int] = sa.bindparam("round_id")
        delivery_in, answer_in = Delivery.round_id == round_id, Answer.round_id == round_id
    else:
        round_ids: sa.BindParameter[list[int]] = sa.bindparam("round_ids", expanding=True)
        delivery_in, answer_in = Delivery.round_id.in_(round_ids), Answer.round_id.in_(round_ids)
    return (
        sa.select(Delivery.round_id, department, sa.func.count(), answered,
                  sa.cast(sa.func.coalesce(correct, 0), sa.BigInteger),
                  sa.cast(sa.func.coalesce(sa.func.sum(Answer.seconds_to_answer), 0),
                          sa.BigInteger),
                  sa.func.count(Answer.seconds_to_answer))
        .select_from(Delivery)
        # Answer.round_id repeats the delivery's round: with it, the planner reads only these
        # rounds' answers through their index instead of hashing the whole answer table.
        .outerjoin(Answer, sa.and_(Answer.delivery_id == Delivery.id, answer_in))
        .where(delivery_in)
        .group_by(Delivery.round_id, *([department] if per_department else []))
    )


def rounds_in_window(query: sa.Select[*Columns]) -> sa.Select[*Columns]:
    """Limit a query over quiz_round to the rounds an organisation opened in [start, end)
    (bind parameters organisation_id, start and end)."""
    return query.where(Round.organisation_id == sa.bindparam("organisation_id"),
                       Round.opened_at >= sa.bindparam("start"),
                       Round.opened_at < sa.bindparam("end"))


def round_window(organisation_id: int, period: Period) -> dict[str, Any]:
    """The parameters of rounds_in_window: the rounds `organisation_id` opened in `period`."""
    return {"organisation_id": organisation_id, "start": period.start, "end": period.end}


def _tallied_counts(per_department: bool) -> AnySelect:
    t = RoundTally
    department = t.department_id if per_department else sa.null()
    answered = sa.func.sum(sa.case((t.option_key.is_not(None), t.deliveries), else_=0))
    correct = sa.func.sum(sa.case((t.correct.is_(True), t.deliveries), else_=0))
    sums = [sa.func.sum(t.deliveries), answered, correct, sa.func.sum(t.seconds_sum),
            sa.func.sum(t.seconds_count)]
    # Cast: PostgreSQL sums bigints into numeric, which would arrive as slow Decimals.
    # Rounds by their window rather than by a list of ids: a year holds some 26-50 tallied
    # rounds, and an expanded IN list of that size costs more to build and send than the join.
    query = (sa.select(t.round_id, department, *(sa.cast(v, sa.BigInteger) for v in sums))
             .join(Round, Round.id == t.round_id)
             .group_by(t.round_id, *([department] if per_department else [])))
    return rounds_in_window(query)


# Built once, by per_department: every overview and the dashboard run them.
LIVE_ONE = {per_department: _live_counts(per_department, one_round=True)
            for per_department in (True, False)}
LIVE_MANY = {per_department: _live_counts(per_department, one_round=False)
             for per_department in (True, False)}
TALLIED = {per_department: _tallied_counts(per_department) for per_department in (True, False)}


def fetch(query: sa.Executable, params: dict[str, Any] | None = None) -> Sequence[Any]:
    """The rows of a column query, read on the session's connection: report queries select
    columns, never entities, and the ORM result layer would only add cost to every row (a
    dashboard view reads about a thousand round x department rows)."""
    return db.session.connection().execute(query, params or {}).all()


# (round_id, department_id, delivered, answered, correct, seconds_sum, seconds_count)
CountRow = tuple[int, int | None, int, int, int, int, int]


def round_counts(live_ids: Sequence[int], window: dict[str, Any] | None,
                 per_department: bool = True) -> list[CountRow]:
    """Counts per round and department (no options), summed in SQL so only rounds x
    departments rows travel to Python; without per_department one row per round, with None
    as its department. `live_ids` are counted from their deliveries; `window` (from
    round_window), if given, adds every tallied round in it."""
    rows: list[Any] = []
    if len(live_ids) == 1:
        rows.extend(fetch(LIVE_ONE[per_department], {"round_id": live_ids[0]}))
    elif live_ids:
        rows.extend(fetch(LIVE_MANY[per_department], {"round_ids": list(live_ids)}))
    if window is not None:
        rows.extend(fetch(TALLIED[per_department], window))
    return rows


def _topic_counts(tallied: bool) -> AnySelect:
    """Counts per round and topic: a personal round asks questions of many topics. Live
    rounds by an expanded list (usually one), tallied rounds by their window."""
    q = QuestionVersion
    if tallied:
        t = RoundTally
        answered = sa.case((t.option_key.is_not(None), t.deliveries), else_=0)
        correct = sa.case((t.correct.is_(True), t.deliveries), else_=0)
        topic = sa.func.coalesce(q.topic, Round.topic)  # tallies from before versions: the round's
        sums = [t.deliveries, answered, correct, t.seconds_sum, t.seconds_count]
        query: AnySelect = (sa.select(t.round_id, topic, *(sa.cast(sa.func.sum(v),
                                                                         sa.BigInteger)
                                                                 for v in sums))
                 .join(Round, Round.id == t.round_id).outerjoin(q, q.id == t.question_id)
                 .group_by(t.round_id, topic))
        return rounds_in_window(query)
    round_ids: sa.BindParameter[list[int]] = sa.bindparam("round_ids", expanding=True)
    right = sa.func.sum(sa.case((Answer.correct.is_(True), 1), else_=0))
    live: AnySelect = (
        sa.select(Delivery.round_id, q.topic, sa.func.count(), sa.func.count(Answer.id),
                  sa.cast(sa.func.coalesce(right, 0), sa.BigInteger),
                  sa.cast(sa.func.coalesce(sa.func.sum(Answer.seconds_to_answer), 0),
                          sa.BigInteger),
                  sa.func.count(Answer.seconds_to_answer))
        .select_from(Delivery).join(q, q.id == Delivery.question_id)
        .outerjoin(Answer, sa.and_(Answer.delivery_id == Delivery.id,
                                   Answer.round_id.in_(round_ids)))
        .where(Delivery.round_id.in_(round_ids))
        .group_by(Delivery.round_id, q.topic)
    )
    return live


TOPIC_COUNTS = {tallied: _topic_counts(tallied) for tallied in (True, False)}


def topic_counts(live_ids: Sequence[int], window: dict[str, Any] | None) -> list[Any]:
    """(round_id, topic, delivered, answered, correct, seconds_sum, seconds_count) per round
    and topic: `live_ids` counted from their deliveries, plus, with `window`, every tallied
    round in it."""
    rows: list[Any] = []
    if live_ids:
        rows.extend(fetch(TOPIC_COUNTS[False], {"round_ids": list(live_ids)}))
    if window is not None:
        rows.extend(fetch(TOPIC_COUNTS[True], window))
    return rows


# ---- residents -------------------------------------------------------------------------

# (month, organisation_id, audience, module_slug, starts, completions, attempts, score, max)
ResidentRow = tuple[date, int | None, str, str, int, int, int, int, int]
ALL_ORGANISATIONS = object()
# The intro course is staff training, reported per person in the BIO2 report, not here.
STAFF_AUDIENCE = "staff"


def resident_facts(start: datetime, end: datetime, first_month: date,
                   organisation_id: int | object = ALL_ORGANISATIONS) -> list[ResidentRow]:
    """Resident starts, completions and scores per month, municipality, audience and module:
    the live rows of each kind and the monthly tallies, united in one statement."""
    everyone = organisation_id is ALL_ORGANISATIONS
    params: dict[str, Any] = {"start": start, "end": end, "first_month": first_month,
                              "last_day": end.date()}
    if not everyone:
        params["organisation_id"] = organisation_id
    return [tuple(row) for row in fetch(RESIDENT_FACTS[everyone], params)]


def _resident_facts(everyone: bool) -> sa.CompoundSelect[*tuple[Any, ...]]:
    none: sa.ColumnClause[int] = sa.literal_column("0")
    progress, attempt = ModuleProgress, Attempt
    count = sa.func.count()
    parts = [
        _by_month(progress, progress.started_at, [count, none, none, none, none], everyone),
        _by_month(progress, progress.completed_at, [none, count, none, none, none], everyone),
        _by_month(attempt, attempt.created_at,
                  [none, none, count, _sum(attempt.score), _sum(attempt.max_score)], everyone),
        _tallied_residents(everyone),
    ]
    return sa.union_all(*parts)


def _sum(column: Any) -> sa.ColumnElement[int]:
    # Cast: PostgreSQL sums bigints into numeric, which would arrive as Decimals.
    return sa.cast(sa.func.coalesce(sa.func.sum(column), 0), sa.BigInteger)


def _by_month(model: Any, column: Any, measures: list[Any], everyone: bool) -> AnySelect:
    month = month_start(column)
    query = (sa.select(month, model.organisation_id, model.audience, model.module_slug, *measures)
             .where(column >= sa.bindparam("start"), column < sa.bindparam("end"),
                    model.audience != STAFF_AUDIENCE)
             .group_by(month, model.organisation_id, model.audience, model.module_slug))
    if not everyone:
        query = query.where(model.organisation_id == sa.bindparam("organisation_id"))
    return query


def _tallied_residents(everyone: bool) -> AnySelect:
    t = ResidentTally
    query = (sa.select(t.month, t.organisation_id, t.audience, t.module_slug, _sum(t.starts),
                       _sum(t.completions), _sum(t.attempts), _sum(t.score_sum),
                       _sum(t.max_score_sum))
             .where(t.month >= sa.bindparam("first_month"), t.month <= sa.bindparam("last_day"),
                    t.audience != STAFF_AUDIENCE)
             .group_by(t.month, t.organisation_id, t.audience, t.module_slug))
    if not everyone:
        query = query.where(t.organisation_id == sa.bindparam("organisation_id"))
    return query


# Built once, by "all organisations": the dashboard and every resident report run one.
RESIDENT_FACTS = {everyone: _resident_facts(everyone) for everyone in (True, False)}

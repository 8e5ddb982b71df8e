"""Staff quiz use cases for the scheduler and the CLI: `tick(now)` opens due rounds, sends due
reminders and closes expired rounds; `send_round_now` opens one at once; `status` reports.
Each step commits its own transaction (see rounds.py), so a tick is idempotent."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from awareness.extensions import db
from awareness.organisations.models import Organisation, StaffMember
from awareness.staffquiz import calendar
from awareness.staffquiz.models import Answer, Delivery, QuizSchedule, Round, SchedulePause
from awareness.staffquiz.questions import EmptyBankError
from awareness.staffquiz.rounds import (
    RoundExistsError,
    close_due_rounds,
    open_round,
    rounds_to_remind,
    send_reminders,
)


@dataclass(frozen=True)
class OpenedRound:
    organisation: str
    round_id: int
    number: int
    slot_at: datetime
    deliveries: int


@dataclass(frozen=True)
class TickReport:
    opened: tuple[OpenedRound, ...] = ()
    reminders: int = 0
    closed: int = 0
    problems: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class RoundStatus:
    number: int
    slot_at: datetime
    question_key: str | None  # None: a personal round
    deliveries: int
    answers: int
    correct: int
    closes_at: datetime
    reminded: bool
    closed: bool


@dataclass(frozen=True)
class OrganisationStatus:
    organisation: Organisation
    schedule: QuizSchedule | None
    active_staff: int
    next_slot: datetime | None
    rounds: tuple[RoundStatus, ...]


def schedule_of(schedule: QuizSchedule, timezone: str) -> calendar.Schedule:
    return calendar.Schedule(schedule.start_date, schedule.weekday, schedule.time_of_day,
                             schedule.interval_days, timezone)


def pauses_of(organisation_id: int) -> list[calendar.Pause]:
    rows = db.session.scalars(sa.select(SchedulePause).filter_by(organisation_id=organisation_id))
    return [calendar.Pause(p.first_day, p.last_day) for p in rows]


def tick(now: datetime) -> TickReport:
    """Open the due round of every organisation with an enabled schedule, send due reminders,
    close expired rounds. Safe to run at any moment, repeatedly and concurrently."""
    opened: list[OpenedRound] = []
    problems: list[str] = []
    schedules = db.session.execute(
        sa.select(QuizSchedule, Organisation)
        .join(Organisation, Organisation.id == QuizSchedule.organisation_id)
        .where(QuizSchedule.enabled.is_(True)).order_by(Organisation.id)
    ).all()
    for schedule, organisation in schedules:
        slot = calendar.due_slot(schedule_of(schedule, organisation.timezone),
                                 pauses_of(organisation.id), now, schedule.answer_window_days)
        if slot is None or _has_round_since(organisation.id, slot):
            continue
        try:
            opened.append(_open(organisation, slot, now))
        except RoundExistsError:
            continue
        except EmptyBankError:
            problems.append(f"{organisation.slug}: no question available in the bank")
    reminders = sum(send_reminders(round_id, now) for round_id in rounds_to_remind(now))
    return TickReport(tuple(opened), reminders, close_due_rounds(now), tuple(problems))


def _has_round_since(organisation_id: int, slot: datetime) -> bool:
    # A round at this slot, or a later one (sent by hand), means this slot needs nothing.
    return db.session.execute(
        sa.select(sa.func.count(Round.id)).where(
            Round.organisation_id == organisation_id, Round.slot_at >= slot)
    ).scalar_one() > 0


def _open(organisation: Organisation, slot: datetime, now: datetime) -> OpenedRound:
    slug = organisation.slug
    round_, count = open_round(organisation.id, slot, now)
    return OpenedRound(slug, round_.id, round_.number, round_.slot_at, count)


def send_round_now(organisation_id: int, now: datetime) -> OpenedRound:
    """Open a round now, whatever the schedule (demos, tests); `now` is its slot, so it is
    still one round per slot. Raises RoundExistsError or EmptyBankError."""
    organisation = db.session.get_one(Organisation, organisation_id)
    return _open(organisation, now.replace(microsecond=0), now)


def status(organisation_id: int, now: datetime, limit: int = 10) -> OrganisationStatus:
    """Schedule, next slot and the latest rounds with their participation, for `quiz status`."""
    organisation = db.session.get_one(Organisation, organisation_id)
    schedule = db.session.get(QuizSchedule, organisation_id)
    upcoming = None
    if schedule is not None and schedule.enabled:
        upcoming = calendar.next_slot(schedule_of(schedule, organisation.timezone),
                                      pauses_of(organisation_id), now)
    active = db.session.scalar(sa.select(sa.func.count(StaffMember.id)).where(
        StaffMember.organisation_id == organisation_id, StaffMember.active.is_(True)))
    return OrganisationStatus(organisation, schedule, active or 0, upcoming,
                              tuple(_round_rows(organisation_id, limit)))


def _round_rows(organisation_id: int, limit: int) -> list[RoundStatus]:
    deliveries = (sa.select(sa.func.count(Delivery.id)).where(Delivery.round_id == Round.id)
                  .scalar_subquery())
    answers = (sa.select(sa.func.count(Answer.id)).where(Answer.round_id == Round.id)
               .scalar_subquery())
    correct = (sa.select(sa.func.count(Answer.id))
               .where(Answer.round_id == Round.id, Answer.correct.is_(True)).scalar_subquery())
    rows = db.session.execute(
        sa.select(Round, deliveries, answers, correct)
        .where(Round.organisation_id == organisation_id)
        .order_by(Round.number.desc()).limit(limit)
    )
    return [RoundStatus(r.number, r.slot_at, r.question_key, d, a, c, r.closes_at,
                        r.reminded_at is not None, r.closed_at is not None)
            for r, d, a, c in rows]

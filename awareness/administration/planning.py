"""Audited changes to the quiz schedule, its pauses, the way questions are chosen ("same" or
"personal") and the per-organisation question bank.
The schedule and pause rules live in awareness.staffquiz.schedule; here the audit event
joins their transaction (it is added first, so their commit stores both)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _

from awareness.accounts import audit
from awareness.content.models import BankQuestion, StaffTopic
from awareness.extensions import db
from awareness.organisations.models import QUESTION_MODES, Organisation
from awareness.organisations.services import OrganisationError
from awareness.staffquiz import schedule
from awareness.staffquiz.models import QuestionSetting, QuizSchedule, SchedulePause
from awareness.staffquiz.schedule import ScheduleInput

T = TypeVar("T")


def _audited(call: Callable[[], T]) -> T:
    try:
        return call()
    except BaseException:
        db.session.rollback()  # drops the pending audit event with the failed change
        raise


def schedule_of(organisation_id: int) -> QuizSchedule | None:
    return db.session.get(QuizSchedule, organisation_id)


def save_schedule(organisation_id: int, values: ScheduleInput,
                  actor_id: int | None) -> QuizSchedule:
    """Audited (actor None: the command line)."""
    detail = {k: str(v) for k, v in asdict(values).items()}
    audit.record("schedule.updated", actor_id, organisation_id, **detail)
    return _audited(lambda: schedule.set_schedule(organisation_id, values))


def set_question_mode(organisation_id: int, mode: str, actor_id: int | None) -> bool:
    """Switch between "same" (everyone the round's question) and "personal" (spaced
    repetition per person), from the next round on; audited (actor None: the command line).
    Earlier rounds and their figures stay as they were: every delivery keeps its own question.
    Returns False when the organisation already used `mode`."""
    if mode not in QUESTION_MODES:
        raise OrganisationError(_("Kies 'same' (iedereen dezelfde vraag) of 'personal' "
                                  "(ieder een eigen vraag)."))
    organisation = db.session.get_one(Organisation, organisation_id)
    if organisation.question_mode == mode:
        return False
    audit.record("question_mode.changed", actor_id, organisation_id,
                 old=organisation.question_mode, new=mode)
    organisation.question_mode = mode
    db.session.commit()
    return True


def add_pause(organisation_id: int, first_day: date, last_day: date, label: str,
              actor_id: int | None) -> SchedulePause:
    audit.record("pause.added", actor_id, organisation_id, first_day=first_day.isoformat(),
                 last_day=last_day.isoformat(), label=label[:200])
    return _audited(lambda: schedule.add_pause(organisation_id, first_day, last_day, label))


def remove_pause(organisation_id: int, pause_id: int, actor_id: int) -> None:
    pause = db.session.scalar(sa.select(SchedulePause).filter_by(
        id=pause_id, organisation_id=organisation_id))
    if pause is None:
        raise OrganisationError(_("Deze pauze bestaat niet (meer)."))
    audit.record("pause.removed", actor_id, organisation_id, first_day=str(pause.first_day),
                 last_day=str(pause.last_day), label=pause.label)
    db.session.delete(pause)
    db.session.commit()


@dataclass(frozen=True)
class BankEntry:
    key: str
    text: str
    enabled: bool


@dataclass(frozen=True)
class TopicGroup:
    slug: str
    title: str
    questions: list[BankEntry]


def question_bank(organisation_id: int) -> list[TopicGroup]:
    """The active bank by topic, with this organisation's switch per question."""
    disabled = set(db.session.scalars(sa.select(QuestionSetting.question_key).filter_by(
        organisation_id=organisation_id, enabled=False)))
    rows = db.session.execute(
        sa.select(StaffTopic, BankQuestion).join(BankQuestion, BankQuestion.topic ==
                                                 StaffTopic.slug)
        .where(BankQuestion.retired.is_(False))
        .order_by(StaffTopic.position, StaffTopic.slug, BankQuestion.id))
    groups: dict[str, TopicGroup] = {}
    for topic, question in rows:
        group = groups.setdefault(topic.slug, TopicGroup(topic.slug, topic.title, []))
        group.questions.append(BankEntry(question.key, question.text,
                                         question.key not in disabled))
    return list(groups.values())


def set_question_enabled(organisation_id: int, key: str, enabled: bool, actor_id: int) -> None:
    exists = db.session.scalar(sa.select(BankQuestion.id).filter_by(key=key, retired=False))
    if exists is None:
        raise OrganisationError(_("Deze vraag bestaat niet (meer)."))
    if not enabled and _enabled_count(organisation_id) <= 1:
        raise OrganisationError(_("Laat minstens één vraag aan staan."))
    setting = db.session.get(QuestionSetting, (organisation_id, key)) or QuestionSetting(
        organisation_id=organisation_id, question_key=key)
    setting.enabled = enabled
    db.session.add(setting)
    audit.record("question.enabled" if enabled else "question.disabled", actor_id,
                 organisation_id, question_key=key)
    db.session.commit()


def _enabled_count(organisation_id: int) -> int:
    disabled = sa.select(QuestionSetting.question_key).where(
        QuestionSetting.organisation_id == organisation_id, QuestionSetting.enabled.is_(False))
    return db.session.scalar(sa.select(sa.func.count(BankQuestion.id)).where(
        BankQuestion.retired.is_(False), BankQuestion.key.not_in(disabled))) or 0

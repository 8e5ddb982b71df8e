"""Demo data for `make run`: two municipalities, a roster, four months of past rounds with
answers in personal mode (each person their own questions; wrong ones came back, right ones
came back once and were retired, and people learned from them), resident use and two logins.
Built through the real services where they exist; answers of past rounds are inserted
directly (nobody clicked them). Idempotent: a second run changes nothing.

The timeline is anchored on a local calendar day, never on the hour: the newest round opened
at 09:00 six days before today, so whatever the time of day (or a daylight-saving weekend),
the demo has the same shape: eight closed rounds, one open round whose reminders are due, and
one new colleague whose intro invitation waits. The worker sends those at once, so the mail
viewer of `make run` always shows mail."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from awareness.accounts.models import User
from awareness.accounts.secrets import seal
from awareness.accounts.services import create_user
from awareness.content.models import Module
from awareness.extensions import db
from awareness.learning.models import Attempt, ModuleProgress
from awareness.organisations import importer
from awareness.organisations.models import Organisation, StaffMember
from awareness.organisations.services import create_organisation
from awareness.outbox.models import SENT, OutboundEmail
from awareness.staffquiz import calendar
from awareness.staffquiz.intro import import_roster
from awareness.staffquiz.models import Answer, Delivery, QuestionVersion, Round
from awareness.staffquiz.rounds import open_round, send_reminders
from awareness.staffquiz.schedule import ScheduleInput, set_schedule
from awareness.staffquiz.services import schedule_of, tick

PASSWORD = "demo-wachtwoord-2026"  # nosec B105  # demo login, printed; demo refused in production
# Fixed secrets so a developer can log in: `flask demo code` prints the current codes.
TOTP_SECRETS = {"admin@voorbeeld.example": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                "coordinator@voorbeeld.example": "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"}
# The newest round's slot is this many local days before today: past the reminder (5 days),
# inside the answer window (14 days).
NEWEST_ROUND_DAYS_AGO = 6
ROUNDS = 9
# Chance of a right answer: a question met for the first time, and one that came back after
# a wrong or a right answer (people read the explanation, so repeats go better).
FIRST_RIGHT, AFTER_WRONG_RIGHT, AFTER_RIGHT_RIGHT = 0.65, 0.8, 0.9
DEPARTMENTS = {"Burgerzaken": 14, "Sociaal Domein": 12, "Ruimte": 9, "Bedrijfsvoering": 8,
               "Griffie": 3}
FIRST = ["Anna", "Bram", "Chantal", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ilse", "Jeroen",
         "Khadija", "Lars", "Mila", "Noah", "Olga", "Pieter", "Rosa", "Sem", "Tess", "Yusuf"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
        "Bos", "Vos", "Peters", "Hendriks", "El Amrani", "Yilmaz", "van Dijk"]


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    staff: int
    rounds: int
    logins: dict[str, str]


def seed(now: datetime) -> DemoSummary:
    """Create the demo data unless the demo municipality exists already."""
    existing = db.session.scalar(sa.select(Organisation).filter_by(slug="voorbeeld"))
    if existing is not None:
        return DemoSummary(False, 0, 0, dict.fromkeys(TOTP_SECRETS, PASSWORD))
    rng = random.Random(2026)  # nosec B311  # repeatable demo data, not a secret
    organisation = create_organisation("voorbeeld", "Gemeente Voorbeeld",
                                       contact_email="informatiebeveiliging@voorbeeld.example")
    create_organisation("buurdorp", "Gemeente Buurdorp")
    newest = now.astimezone(ZoneInfo(organisation.timezone)).date() - timedelta(
        days=NEWEST_ROUND_DAYS_AGO)
    staff = _import_roster(organisation, rng, newest, now)
    rounds = _past_rounds(organisation, _schedule(organisation, newest), rng)
    staff += _new_colleague(organisation, newest)
    _residents(organisation, now, rng)
    _logins()
    tick(now)  # closes old rounds and reminds the current one's non-responders, as the worker would
    return DemoSummary(True, staff, rounds, dict.fromkeys(TOTP_SECRETS, PASSWORD))


def _import_roster(organisation: Organisation, rng: random.Random, newest: date,
                   now: datetime) -> int:
    lines = ["naam;e-mail;afdeling;startdatum"]
    for department, size in DEPARTMENTS.items():
        for _ in range(size):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            email = f"{name.lower().replace(' ', '.')}.{len(lines)}@voorbeeld.example"
            started = newest - timedelta(days=rng.randint(14 * ROUNDS, 2000))
            lines.append(f"{name};{email};{department};{started.isoformat()}")
    plan = importer.plan_import(organisation.id, "\n".join(lines).encode(), False)
    import_roster(plan)
    people = db.session.scalars(sa.select(StaffMember).filter_by(organisation_id=organisation.id))
    for person in people:  # most of them did the intro course in their first weeks
        if person.start_date is None:  # never: every line above has a start date
            continue
        started = datetime.combine(person.start_date, time(10), now.tzinfo)
        if rng.random() < 0.8:
            person.intro_completed_at = started + timedelta(days=rng.randint(3, 60))
    _mark_sent(organisation.id, _local_morning(organisation, newest - timedelta(days=14 * ROUNDS)))
    return len(lines) - 1


def _new_colleague(organisation: Organisation, newest: date) -> int:
    """Someone who started after the newest round opened: their intro invitation waits."""
    started = newest + timedelta(days=2)
    row = f"Vera Koster;vera.koster@voorbeeld.example;Ruimte;{started.isoformat()}"
    plan = importer.plan_import(organisation.id, f"naam;e-mail;afdeling;startdatum\n{row}".encode(),
                                False)
    import_roster(plan)
    return 1


def _local_morning(organisation: Organisation, day: date) -> datetime:
    return datetime.combine(day, time(9), ZoneInfo(organisation.timezone))


def _schedule(organisation: Organisation, newest: date) -> list[datetime]:
    """Fortnightly at 09:00 local time; the newest of its ROUNDS slots is on `newest`."""
    start = newest - timedelta(days=14 * (ROUNDS - 1))
    schedule = set_schedule(organisation.id, ScheduleInput(start, start.weekday(), time(9, 0)))
    plan = schedule_of(schedule, organisation.timezone)
    return [calendar.slot_at(plan, start + timedelta(days=14 * n)) for n in range(ROUNDS)]


def _past_rounds(organisation: Organisation, slots: list[datetime], rng: random.Random) -> int:
    memory: dict[tuple[int | None, str], bool] = {}  # (person, question): last answer right?
    for number, slot in enumerate(slots):
        round_, _ = open_round(organisation.id, slot, slot)
        _mark_sent(organisation.id, slot)
        if number == len(slots) - 1:  # still open: only the early birds have answered
            _answer(round_, rng, 0.3, memory)
            continue
        _answer(round_, rng, 0.55 + 0.04 * number, memory)
        send_reminders(round_.id, round_.remind_at)  # the past reminder, already delivered
        _mark_sent(organisation.id, round_.remind_at)
    return len(slots)


def _answer(round_: Round, rng: random.Random, participation: float,
            memory: dict[tuple[int | None, str], bool]) -> None:
    deliveries = db.session.execute(
        sa.select(Delivery, QuestionVersion.question)
        .join(QuestionVersion, QuestionVersion.id == Delivery.question_id)
        .where(Delivery.round_id == round_.id).order_by(Delivery.id))
    for delivery, question in deliveries:
        if rng.random() > participation:
            continue
        correct = next(o["key"] for o in question["options"] if o["correct"])
        wrong = [o["key"] for o in question["options"] if not o["correct"]]
        seen = memory.get((delivery.staff_member_id, question["key"]))
        chance = FIRST_RIGHT if seen is None else (AFTER_RIGHT_RIGHT if seen
                                                   else AFTER_WRONG_RIGHT)
        choice = correct if rng.random() < chance else rng.choice(wrong)
        memory[(delivery.staff_member_id, question["key"])] = choice == correct
        seconds = rng.randint(300, 4 * 86400)  # before the reminder, before the demo's "now"
        db.session.add(Answer(delivery_id=delivery.id, round_id=round_.id, option_key=choice,
                              correct=choice == correct, seconds_to_answer=seconds,
                              answered_at=round_.slot_at + timedelta(seconds=seconds)))
    db.session.commit()


def _mark_sent(organisation_id: int, moment: datetime) -> None:
    """Past e-mails count as delivered; only the current round's e-mails are really sent."""
    db.session.execute(sa.update(OutboundEmail).where(
        OutboundEmail.organisation_id == organisation_id, OutboundEmail.status != SENT,
    ).values(status=SENT, sent_at=moment))
    db.session.execute(sa.update(Delivery).where(Delivery.sent_at.is_(None)).values(
        sent_at=moment))
    db.session.commit()


def _residents(organisation: Organisation, now: datetime, rng: random.Random) -> None:
    modules = list(db.session.scalars(sa.select(Module).where(
        Module.is_current.is_(True), Module.audience != "staff")))
    for n in range(120):
        module = rng.choice(modules)
        started = now - timedelta(days=rng.randint(0, 150))
        done = rng.random() < 0.6
        learner = f"demo-{n:04d}"
        org_id = organisation.id if rng.random() < 0.7 else None
        score = rng.randint(module.question_count // 2, module.question_count)
        db.session.add(ModuleProgress(
            learner_id=learner, module_slug=module.slug, module_version=module.version,
            audience=module.audience, organisation_id=org_id, started_at=started,
            updated_at=started, last_lesson=module.lesson_count if done else 1,
            completed_at=started + timedelta(minutes=20) if done else None,
            best_score=score if done else None))
        if done:
            db.session.add(Attempt(
                learner_id=learner, module_slug=module.slug, module_version=module.version,
                audience=module.audience, organisation_id=org_id, score=score,
                max_score=module.question_count, answers={},
                created_at=started + timedelta(minutes=20)))
    db.session.commit()


def _logins() -> None:
    create_user("admin@voorbeeld.example", "admin", PASSWORD)
    create_user("coordinator@voorbeeld.example", "coordinator", PASSWORD, "voorbeeld")
    for email, secret in TOTP_SECRETS.items():
        user = db.session.scalars(sa.select(User).filter_by(email=email)).one()
        user.totp_secret_sealed, user.totp_enabled_at = seal(secret), user.created_at
    db.session.commit()

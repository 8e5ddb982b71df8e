"""A report fixture whose figures are worked out by hand in the report tests.

Organisation "noord" (threshold 5) with three departments: Burgerzaken (A, 12 people),
Financiën (B, 7) and Archief (C, 3). Four rounds in 2025; per round
and department the answers given (option: count; "a" is the correct option):

    round  date        topic         A (12)        B (7)       C (3)       seconds each
    R1     2025-01-07  phishing      a7 b2         a4 c1       a1 b2       3600
    R2     2025-01-21  wachtwoorden  a3 b3         a2          -           7200
    R3     2025-02-04  phishing      a8 b2         a3 b3       a2          1800
    R4     2025-02-18  wachtwoorden  a1            a1 b1       c1           600

Ten of the 22 people completed the intro course. A second organisation "zuid" has one round.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from awareness.extensions import db
from awareness.learning.models import Attempt, ModuleProgress
from awareness.organisations.models import Department, Organisation, StaffMember
from awareness.staffquiz.models import Answer, Delivery, Round
from tests.support.staffquiz import version_id

OPTIONS = [{"key": "a", "text": "Ja", "correct": True},
           {"key": "b", "text": "Nee", "correct": False},
           {"key": "c", "text": "Misschien", "correct": False}]

ROUNDS = [
    (date(2025, 1, 7), "phishing", 3600,
     {"A": {"a": 7, "b": 2}, "B": {"a": 4, "c": 1}, "C": {"a": 1, "b": 2}}),
    (date(2025, 1, 21), "wachtwoorden", 7200, {"A": {"a": 3, "b": 3}, "B": {"a": 2}, "C": {}}),
    (date(2025, 2, 4), "phishing", 1800,
     {"A": {"a": 8, "b": 2}, "B": {"a": 3, "b": 3}, "C": {"a": 2}}),
    (date(2025, 2, 18), "wachtwoorden", 600, {"A": {"a": 1}, "B": {"a": 1, "b": 1}, "C": {"c": 1}}),
]
DEPARTMENTS = {"A": ("Burgerzaken", 12), "B": ("Financiën", 7), "C": ("Archief", 3)}


@dataclass
class ReportFixture:
    noord: Organisation
    zuid: Organisation
    round_ids: list[int]
    zuid_round_id: int


def at(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _round(org: Organisation, number: int, day: date, topic: str) -> Round:
    opened = at(day)
    round_ = Round(organisation_id=org.id, number=number, slot_at=opened,
                   question_key=f"{topic}-{number:03d}", topic=topic, opened_at=opened,
                   question={"key": f"{topic}-{number:03d}", "topic": topic,
                             "text": f"Vraag {number} over {topic}?", "options": OPTIONS,
                             "explanation": "Dit is de regel."},
                   remind_at=opened + timedelta(days=5), closes_at=opened + timedelta(days=14),
                   closed_at=opened + timedelta(days=14))
    db.session.add(round_)
    db.session.flush()
    return round_


def _deliver(round_: Round, people: list[StaffMember], answers: dict[str, int],
             seconds: int) -> None:
    chosen = [key for key, count in answers.items() for _ in range(count)]
    assert round_.question is not None
    question_id = version_id(round_.question)
    for index, person in enumerate(people):
        delivery = Delivery(round_id=round_.id, staff_member_id=person.id,
                            department_id=person.department_id, created_at=round_.opened_at,
                            question_id=question_id)
        db.session.add(delivery)
        db.session.flush()
        if index < len(chosen):
            db.session.add(Answer(delivery_id=delivery.id, round_id=round_.id,
                                  option_key=chosen[index], correct=chosen[index] == "a",
                                  answered_at=round_.opened_at + timedelta(seconds=seconds),
                                  seconds_to_answer=seconds))


def build_staff_fixture() -> ReportFixture:
    noord = Organisation(slug="noord", name="Gemeente Noord", privacy_threshold=5)
    zuid = Organisation(slug="zuid", name="Gemeente Zuid", privacy_threshold=5)
    db.session.add_all([noord, zuid])
    db.session.flush()
    staff: dict[str, list[StaffMember]] = {}
    for code, (name, size) in DEPARTMENTS.items():
        department = Department(organisation_id=noord.id, name=name)
        db.session.add(department)
        db.session.flush()
        staff[code] = [StaffMember(organisation_id=noord.id, department_id=department.id,
                                   name=f"{name} {n:02d}", email=f"{code.lower()}{n}@noord.nl",
                                   start_date=date(2024, 1, 1), created_at=at(date(2024, 1, 1)))
                       for n in range(1, size + 1)]
        db.session.add_all(staff[code])
    db.session.flush()
    everyone = [person for code in "ABC" for person in staff[code]]
    for person in everyone[:10]:
        person.intro_completed_at = at(date(2024, 2, 1))
    round_ids = []
    for number, (day, topic, seconds, per_department) in enumerate(ROUNDS, start=1):
        round_ = _round(noord, number, day, topic)
        for code, answers in per_department.items():
            _deliver(round_, staff[code], answers, seconds)
        round_ids.append(round_.id)
    zuid_round = _zuid(zuid)
    db.session.commit()
    return ReportFixture(noord, zuid, round_ids, zuid_round)


def _zuid(zuid: Organisation) -> int:
    """Zuid: one department of 6, one round on 2025-01-14, 6 delivered, 5 answered, 4 correct."""
    department = Department(organisation_id=zuid.id, name="Zuidafdeling")
    db.session.add(department)
    db.session.flush()
    people = [StaffMember(organisation_id=zuid.id, department_id=department.id,
                          name=f"Zuid {n}", email=f"z{n}@zuid.nl") for n in range(6)]
    db.session.add_all(people)
    db.session.flush()
    round_ = _round(zuid, 1, date(2025, 1, 14), "phishing")
    _deliver(round_, people, {"a": 4, "b": 1}, 900)
    return round_.id


def build_resident_fixture(noord: Organisation) -> None:
    """Residents in January 2025. Noord: jong-een (youth) 6 starts, 4 completions, 5 attempts
    scoring 4,5,6,3,6 of 6; senior-een (seniors) 2 starts, 1 completion, 1 attempt 3 of 6;
    ondernemer-een (entrepreneurs) 3 starts. No municipality: jong-een 5 starts."""
    day = at(date(2025, 1, 10))
    rows = ([("jong-een", "youth", noord.id, n < 4) for n in range(6)]
            + [("senior-een", "seniors", noord.id, n < 1) for n in range(2)]
            + [("ondernemer-een", "entrepreneurs", noord.id, False) for n in range(3)]
            + [("jong-een", "youth", None, False) for n in range(5)])
    for index, (slug, audience, org_id, done) in enumerate(rows):
        db.session.add(ModuleProgress(
            learner_id=f"learner-{index}", module_slug=slug, module_version=1,
            audience=audience, organisation_id=org_id, started_at=day, updated_at=day,
            completed_at=day + timedelta(hours=1) if done else None))
    scores = [("jong-een", "youth", s) for s in (4, 5, 6, 3, 6)] + [("senior-een", "seniors", 3)]
    for index, (slug, audience, score) in enumerate(scores):
        db.session.add(Attempt(learner_id=f"learner-{index}", module_slug=slug,
                               module_version=1, audience=audience, organisation_id=noord.id,
                               score=score, max_score=6, answers={}, created_at=day))
    db.session.commit()

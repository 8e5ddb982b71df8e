"""A Kennis die blijft fixture, through the database, whose figures are worked out by hand in
tests/unit/test_lasting_report.py.

Organisation "blijft" (threshold 3), ten people in three groups: A (a1-a4), B (b1-b3) and
C (c1-c3). Two topics: phishing (questions PH1, PH2) and wachtwoorden (WW1). Rounds a fortnight
apart; the report's range is January and February 2026, so R1 is history. Per round, who got
which question and how it went (r right, w wrong, - unanswered):

    R1 2025-12-02  PH1: a1-a4 r, b1-b3 w, c1 r, c2 w, c3 -
    R2 2026-01-06  WW1: a1-a3 r, a4 w, c1 r        PH1: b1-b3 r, c2 w, c3 r
    R3 2026-01-20  PH1: a1-a4 r, c1 r, c2 r        PH2: b1 r, b2 w, b3 -, c3 r
    R4 2026-02-03  WW1: a1 r, a2 r, a3 w, a4 r, c1 r, c2 r (c2's first time); B and c3
                   got no question (on leave, say)
    R5 2026-02-17  PH2: a1-a4 r  (still open on 2026-02-20, the moment of the report)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from awareness.extensions import db
from awareness.organisations.models import Organisation, StaffMember
from awareness.staffquiz.models import Answer, Delivery, Round
from tests.support.staffquiz import version_id

NOW = datetime(2026, 2, 20, 12, tzinfo=UTC)
OPTIONS = [{"key": "a", "text": "Ja", "correct": True},
           {"key": "b", "text": "Nee", "correct": False}]
TOPIC = {"PH1": "phishing", "PH2": "phishing", "WW1": "wachtwoorden"}
A, B, C = ("a1", "a2", "a3", "a4"), ("b1", "b2", "b3"), ("c1", "c2", "c3")

# Per round: opening day, then {question: {person: "r" | "w" | "-"}}
ROUNDS: list[tuple[date, dict[str, dict[str, str]]]] = [
    (date(2025, 12, 2), {"PH1": {**dict.fromkeys(A, "r"), **dict.fromkeys(B, "w"),
                                 "c1": "r", "c2": "w", "c3": "-"}}),
    (date(2026, 1, 6), {"WW1": {"a1": "r", "a2": "r", "a3": "r", "a4": "w", "c1": "r"},
                        "PH1": {**dict.fromkeys(B, "r"), "c2": "w", "c3": "r"}}),
    (date(2026, 1, 20), {"PH1": {**dict.fromkeys(A, "r"), "c1": "r", "c2": "r"},
                         "PH2": {"b1": "r", "b2": "w", "b3": "-", "c3": "r"}}),
    (date(2026, 2, 3), {"WW1": {"a1": "r", "a2": "r", "a3": "w", "a4": "r", "c1": "r",
                                "c2": "r"}}),
    (date(2026, 2, 17), {"PH2": dict.fromkeys(A, "r")}),
]


@dataclass
class LastingFixture:
    organisation: Organisation
    people: dict[str, StaffMember]


def question(key: str) -> dict[str, object]:
    return {"key": key, "topic": TOPIC[key], "text": f"Vraag {key}?", "options": OPTIONS,
            "explanation": "Uitleg."}


def add_round(org: Organisation, number: int, day: date, asked: dict[str, dict[str, str]],
              people: dict[str, StaffMember], now: datetime = NOW) -> Round:
    """A personal round opened at 08:00 UTC on `day`, closing 14 days later (closed_at set
    once that moment has passed `now`)."""
    opened = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    closes = opened + timedelta(days=14)
    round_ = Round(organisation_id=org.id, number=number, slot_at=opened, opened_at=opened,
                   remind_at=opened + timedelta(days=5), closes_at=closes,
                   closed_at=closes if closes <= now else None)
    db.session.add(round_)
    db.session.flush()
    for key, outcomes in asked.items():
        question_id = version_id(question(key))
        for name, outcome in outcomes.items():
            delivery = Delivery(round_id=round_.id, staff_member_id=people[name].id,
                                created_at=opened, question_id=question_id)
            db.session.add(delivery)
            db.session.flush()
            if outcome != "-":
                db.session.add(Answer(delivery_id=delivery.id, round_id=round_.id,
                                      option_key="a" if outcome == "r" else "b",
                                      correct=outcome == "r", seconds_to_answer=60,
                                      answered_at=opened + timedelta(minutes=1)))
    return round_


def build_lasting_fixture(slug: str = "blijft") -> LastingFixture:
    org = Organisation(slug=slug, name=f"Gemeente {slug.title()}", privacy_threshold=3)
    db.session.add(org)
    db.session.flush()
    people = {name: StaffMember(organisation_id=org.id, name=f"Medewerker {name}",
                                email=f"{name}@{slug}.example") for name in A + B + C}
    db.session.add_all(people.values())
    db.session.flush()
    for number, (day, asked) in enumerate(ROUNDS, start=1):
        add_round(org, number, day, asked, people)
    db.session.commit()
    return LastingFixture(org, people)

"""A year of personal-mode history for the fan-out benchmark: rounds written straight into the
tables (no e-mails), each person's question chosen by the real spacing rules from their
history so far, with seeded answers."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import sqlalchemy as sa

from awareness.content.models import BankQuestion
from awareness.extensions import db
from awareness.organisations.models import StaffMember
from awareness.staffquiz.models import Answer, Delivery, Round
from awareness.staffquiz.questions import candidates_for, snapshot, version_hash, version_ids
from awareness.staffquiz.spacing import RIGHT, UNANSWERED, WRONG, Asked, Bank, choose_for_person

HISTORY_ROUNDS = 12


def history(organisation_id: int, now: datetime, rounds: int = HISTORY_ROUNDS) -> int:
    """Write `rounds` closed fortnightly personal rounds before `now`, each person's question
    chosen by the real spacing rules from their history so far, with seeded answers (25%
    unanswered; right 65% the first time, 85% on a repeat). Returns the deliveries written."""
    rng = random.Random(2026)
    bank = Bank(candidates_for(organisation_id))
    snapshots = {q.key: snapshot(q) for q in db.session.scalars(
        sa.select(BankQuestion).where(BankQuestion.retired.is_(False)))}
    ids = version_ids(snapshots.values())
    version = {key: ids[(key, version_hash(s))] for key, s in snapshots.items()}
    people = db.session.scalars(sa.select(StaffMember.id).filter_by(
        organisation_id=organisation_id).order_by(StaffMember.id)).all()
    past: dict[int, list[Asked]] = {person: [] for person in people}
    written = 0
    for number in range(1, rounds + 1):
        round_ = _closed_round(organisation_id, number,
                               now - timedelta(days=14 * (rounds + 1 - number)))
        picks = {p: choose_for_person(past[p], bank, number).candidate for p in people}
        db.session.execute(sa.insert(Delivery), [
            {"round_id": round_.id, "staff_member_id": p, "question_id": version[c.key],
             "option_order": None, "created_at": round_.slot_at, "sent_at": round_.slot_at}
            for p, c in picks.items()])
        delivered = dict(db.session.execute(sa.select(Delivery.staff_member_id, Delivery.id)
                                            .where(Delivery.round_id == round_.id)).all())
        answers = []
        for person, candidate in picks.items():
            repeat = any(a.key == candidate.key for a in past[person])
            result = _seeded(rng, repeat)
            past[person].append(Asked(number, candidate.key, candidate.topic, result))
            if result != UNANSWERED:
                answers.append(_answer(delivered[person], round_, snapshots[candidate.key],
                                       result))
        db.session.execute(sa.insert(Answer), answers)
        db.session.commit()
        written += len(picks)
    return written


def _closed_round(organisation_id: int, number: int, slot: datetime) -> Round:
    round_ = Round(organisation_id=organisation_id, number=number, slot_at=slot, opened_at=slot,
                   remind_at=slot + timedelta(days=5), reminded_at=slot + timedelta(days=5),
                   closes_at=slot + timedelta(days=14), closed_at=slot + timedelta(days=14))
    db.session.add(round_)
    db.session.flush()
    return round_


def _seeded(rng: random.Random, repeat: bool) -> str:
    if rng.random() < 0.25:
        return UNANSWERED
    return RIGHT if rng.random() < (0.85 if repeat else 0.65) else WRONG


def _answer(delivery_id: int, round_: Round, question: dict[str, object],
            result: str) -> dict[str, object]:
    options: list[dict[str, object]] = question["options"]  # type: ignore[assignment]
    key = next(o["key"] for o in options if bool(o["correct"]) == (result == RIGHT))
    return {"delivery_id": delivery_id, "round_id": round_.id, "option_key": key,
            "correct": result == RIGHT, "answered_at": round_.slot_at + timedelta(hours=2),
            "seconds_to_answer": 7200}

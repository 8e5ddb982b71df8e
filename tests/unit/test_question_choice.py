"""Choosing the next question: no repeats until the bank is used up, topics rotate, retired
and switched-off questions are never chosen."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from awareness.content.models import BankQuestion
from awareness.extensions import db
from awareness.organisations.models import SAME
from awareness.staffquiz.models import QuestionSetting, Round
from awareness.staffquiz.questions import Candidate, EmptyBankError, choose, next_question
from awareness.staffquiz.services import send_round_now
from awareness.timeutil import utcnow
from tests.support.staffquiz import add_staff, make_org

BANK = [Candidate(f"{topic}-{n}", topic, position, order)
        for position, (topic, count) in enumerate((("phishing", 4), ("wachtwoorden", 2),
                                                   ("avg", 3)))
        for order, n in enumerate(range(count), start=10 * position)]


def run(rounds: int, candidates: list[Candidate] = BANK) -> list[Candidate]:
    history: list[tuple[str, str]] = []
    chosen = []
    for _ in range(rounds):
        pick = choose(candidates, history)
        chosen.append(pick)
        history.append((pick.key, pick.topic))
    return chosen


def test_no_repeats_until_the_bank_is_used_up() -> None:
    picks = run(len(BANK) * 3)
    for cycle in range(3):
        keys = [p.key for p in picks[cycle * len(BANK):(cycle + 1) * len(BANK)]]
        assert sorted(keys) == sorted(c.key for c in BANK)


def test_topics_rotate() -> None:
    topics = [p.topic for p in run(6)]
    assert topics == ["phishing", "wachtwoorden", "avg"] * 2
    # Never the same topic twice in a row while another topic has unasked questions.
    picks = run(len(BANK))
    for previous, current in zip(picks, picks[1:], strict=False):
        others_left = any(c.topic != previous.topic and c.key not in
                          {p.key for p in picks[:picks.index(current)]} for c in BANK)
        if others_left:
            assert current.topic != previous.topic


def test_a_question_added_later_is_asked_before_repeats() -> None:
    history = [(c.key, c.topic) for c in BANK]
    newcomer = Candidate("avg-new", "avg", 2, 99)
    assert choose([*BANK, newcomer], history).key == "avg-new"


def test_empty_bank_raises() -> None:
    with pytest.raises(EmptyBankError):
        choose([], [])


def test_database_choice_skips_retired_and_disabled_and_counts_rounds(synced) -> None:
    org = make_org(questions=SAME)
    add_staff(org, 1)
    db.session.execute(sa.update(BankQuestion).where(BankQuestion.key == "phishing-001")
                       .values(retired=True))
    db.session.add(QuestionSetting(organisation_id=org.id, question_key="wachtwoorden-001",
                                   enabled=False))
    db.session.commit()
    asked = []
    now = utcnow()
    for n in range(8):
        opened = send_round_now(org.id, now + timedelta(days=14 * n))
        key = db.session.get_one(Round, opened.round_id).question_key
        assert key is not None  # same questions: the round names its question
        asked.append(key)
    first_cycle = asked[:4]
    assert sorted(first_cycle) == ["phishing-002", "phishing-003", "wachtwoorden-002",
                                   "wachtwoorden-003"]
    assert [k.split("-")[0] for k in first_cycle] == ["phishing", "wachtwoorden"] * 2
    assert sorted(asked[4:]) == sorted(first_cycle)


def test_switching_everything_off_leaves_nothing(synced) -> None:
    org = make_org()
    for key in db.session.scalars(sa.select(BankQuestion.key)):
        db.session.add(QuestionSetting(organisation_id=org.id, question_key=key, enabled=False))
    db.session.commit()
    with pytest.raises(EmptyBankError):
        next_question(org.id)


def test_round_keeps_a_snapshot_of_its_question(synced) -> None:
    org = make_org(questions=SAME)
    opened = send_round_now(org.id, utcnow())
    round_ = db.session.get_one(Round, opened.round_id)
    question = db.session.scalars(sa.select(BankQuestion).filter_by(key=round_.question_key)).one()
    question.text = "Gewijzigd"
    db.session.commit()
    snapshot = round_.question
    assert snapshot is not None
    assert snapshot["text"] != "Gewijzigd"
    assert {"key", "topic", "text", "options", "explanation", "module_slug"} <= set(snapshot)
    assert sum(o["correct"] for o in snapshot["options"]) == 1

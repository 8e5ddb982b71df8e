"""Choosing the next bank question for an organisation: the least-asked questions first (so no
repeats until the bank is used up), from the topic that was asked longest ago (topics rotate).
Retired questions and questions the organisation switched off are never chosen."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from awareness.content.models import BankQuestion, StaffTopic
from awareness.extensions import db
from awareness.staffquiz.models import QuestionSetting, Round


class EmptyBankError(LookupError):
    """No question can be asked: the bank is empty or every question is switched off."""


@dataclass(frozen=True)
class Candidate:
    key: str
    topic: str
    topic_position: int
    order: int  # position in the bank, for a stable choice within a topic


def choose(candidates: Sequence[Candidate], history: Sequence[tuple[str, str]]) -> Candidate:
    """Pure choice. `history` is the (question_key, topic) of earlier rounds, oldest first."""
    if not candidates:
        raise EmptyBankError("no question available")
    asked = Counter(key for key, _topic in history)
    fewest = min(asked[c.key] for c in candidates)
    pool = [c for c in candidates if asked[c.key] == fewest]
    last_use = {topic: index for index, (_key, topic) in enumerate(history)}
    # Never-asked topics first (-1), then the topic asked longest ago; ties by topic order.
    topic = min({c.topic for c in pool},
                key=lambda t: (last_use.get(t, -1), _position(pool, t), t))
    return min((c for c in pool if c.topic == topic), key=lambda c: (c.order, c.key))


def _position(pool: Sequence[Candidate], topic: str) -> int:
    return next(c.topic_position for c in pool if c.topic == topic)


def candidates_for(organisation_id: int) -> list[Candidate]:
    disabled = sa.select(QuestionSetting.question_key).where(
        QuestionSetting.organisation_id == organisation_id, QuestionSetting.enabled.is_(False))
    rows = db.session.execute(
        sa.select(BankQuestion.key, BankQuestion.topic, StaffTopic.position, BankQuestion.id)
        .join(StaffTopic, StaffTopic.slug == BankQuestion.topic)
        .where(BankQuestion.retired.is_(False), BankQuestion.key.not_in(disabled))
    )
    return [Candidate(key, topic, position, order) for key, topic, position, order in rows]


def history_for(organisation_id: int) -> list[tuple[str, str]]:
    rows = db.session.execute(
        sa.select(Round.question_key, Round.topic)
        .where(Round.organisation_id == organisation_id)
        .order_by(Round.number)
    )
    return [(key, topic) for key, topic in rows]


def next_question(organisation_id: int) -> BankQuestion:
    """The bank question the organisation's next round should ask."""
    chosen = choose(candidates_for(organisation_id), history_for(organisation_id))
    question = db.session.scalar(sa.select(BankQuestion).filter_by(key=chosen.key))
    assert question is not None  # nosec B101  # chosen from this table; narrows the type
    return question


def snapshot(question: BankQuestion) -> dict[str, Any]:
    """What a round keeps of its question, so later bank edits do not change history."""
    return {
        "key": question.key, "topic": question.topic, "text": question.text,
        "options": [dict(o) for o in question.options], "explanation": question.explanation,
        "source": question.source, "module_slug": question.module_slug,
        "content_hash": question.content_hash,
    }

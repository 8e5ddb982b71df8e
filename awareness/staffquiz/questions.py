"""The bank as the staff quiz sees it: the candidates an organisation may ask, the choice of a
"same"-mode round's question (the least-asked questions first, so no repeats until the bank is
used up, from the topic asked longest ago, so topics rotate), and the immutable versions that
deliveries point to. Retired and switched-off questions are never chosen."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from awareness.content.models import BankQuestion, StaffTopic
from awareness.extensions import db
from awareness.staffquiz.models import QuestionSetting, QuestionVersion, Round


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
    """The questions of the organisation's "same"-mode rounds (personal rounds have none)."""
    rows = db.session.execute(
        sa.select(Round.question_key, Round.topic)
        .where(Round.organisation_id == organisation_id, Round.question_key.is_not(None))
        .order_by(Round.number)
    )
    return [(key, topic) for key, topic in rows if key is not None and topic is not None]


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


def version_hash(question: dict[str, Any]) -> str:
    """Identifies a snapshot's exact content (the migration that created quiz_question uses
    the same recipe for the rounds it found)."""
    canonical = json.dumps(question, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def version_ids(snapshots: Iterable[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """The QuestionVersion id of each snapshot, by (key, version hash), created where missing.
    Flushes, never commits. ON CONFLICT DO NOTHING: a concurrent round that creates the same
    version does not fail this one."""
    wanted = {(s["key"], version_hash(s)): s for s in snapshots}
    if not wanted:
        return {}
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(QuestionVersion)
    db.session.execute(insert.on_conflict_do_nothing(), [
        {"key": key, "topic": s["topic"], "version_hash": digest, "question": s}
        for (key, digest), s in wanted.items()
    ])
    rows = db.session.execute(
        sa.select(QuestionVersion.key, QuestionVersion.version_hash, QuestionVersion.id)
        .where(QuestionVersion.key.in_({key for key, _digest in wanted}))
    )
    return {(key, digest): id_ for key, digest, id_ in rows if (key, digest) in wanted}

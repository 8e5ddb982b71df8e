"""The page behind a test question's answer links: the bank question with the clicked option
and its explanation. Reads only; a preview is never an answer and counts nowhere."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from awareness.content.models import BankQuestion
from awareness.extensions import db
from awareness.staffquiz import tokens
from awareness.staffquiz.answering import LinkNotFoundError
from awareness.staffquiz.questions import snapshot


@dataclass(frozen=True)
class Preview:
    question: dict[str, Any]
    option_key: str

    @property
    def correct(self) -> bool:
        return any(o["key"] == self.option_key and o["correct"] for o in self.question["options"])


def load_preview(token: str, option_key: str) -> Preview:
    """Raises LinkNotFoundError for a bad token, an unknown question or option."""
    try:
        data = tokens.read(tokens.PREVIEW, token)
    except tokens.InvalidTokenError as exc:
        raise LinkNotFoundError(token) from exc
    question = db.session.get(BankQuestion, data.id)
    if question is None or option_key not in {o["key"] for o in question.options}:
        raise LinkNotFoundError(token)
    return Preview(snapshot(question), option_key)

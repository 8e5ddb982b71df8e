"""Signed personal links for staff (itsdangerous, one salt per purpose). A token carries an id
and the person's token_generation: bumping the generation revokes every link of that person."""
from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadData, URLSafeSerializer

from awareness.signing import secret_keys

ANSWER, HISTORY, INTRO = "staffquiz.answer", "staffquiz.history", "staffquiz.intro"
# A coordinator's test question: the id is a BankQuestion id; nothing is ever recorded.
PREVIEW = "staffquiz.preview"


class InvalidTokenError(ValueError):
    """Tampered, truncated, made for another purpose, or signed with another key."""


@dataclass(frozen=True)
class TokenData:
    id: int  # a Delivery (ANSWER), StaffMember (HISTORY, INTRO) or BankQuestion (PREVIEW) id
    generation: int


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_keys(), salt=purpose)


def make(purpose: str, id_: int, generation: int) -> str:
    return str(_serializer(purpose).dumps([id_, generation]))


def read(purpose: str, token: str) -> TokenData:
    try:
        data = _serializer(purpose).loads(token)
    except (BadData, UnicodeError) as exc:
        raise InvalidTokenError(purpose) from exc
    if (not isinstance(data, list) or len(data) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in data)):
        raise InvalidTokenError(purpose)
    return TokenData(data[0], data[1])


class Signer:
    """Signs many tokens fast (a round for 20,000 people): one serializer, reused."""

    def __init__(self, purpose: str) -> None:
        self._serializer = _serializer(purpose)

    def __call__(self, id_: int, generation: int) -> str:
        return str(self._serializer.dumps([id_, generation]))

"""Signed personal links for staff (itsdangerous, one salt per purpose). A token carries an id
and the person's token_generation: bumping the generation revokes every link of that person
(deactivation, "links intrekken"). History and intro links also carry the moment they were
made and expire after the organisation's retention period; answer links stop working when
their round closes, so they need no timestamp."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from itsdangerous import (
    BadData,
    TimestampSigner,
    URLSafeSerializer,
    URLSafeTimedSerializer,
)
from itsdangerous import Signer as KeySigner

from awareness.signing import secret_keys, url_safe_serializer
from awareness.timeutil import utcnow

ANSWER, HISTORY, INTRO = "staffquiz.answer", "staffquiz.history", "staffquiz.intro"
# The CSRF token of an answer link's confirm form (confirm_token).
CONFIRM = "staffquiz.answer.confirm"
# A coordinator's test question: the id is a BankQuestion id; nothing is ever recorded.
PREVIEW = "staffquiz.preview"
# Links that stay in a mailbox for a long time and show personal data: they expire.
TIMED = frozenset({HISTORY, INTRO})
# The retention period in months, counted generously (a link may live a few days longer).
DAYS_PER_MONTH = 31


class InvalidTokenError(ValueError):
    """Tampered, truncated, made for another purpose, or signed with another key."""


@dataclass(frozen=True)
class TokenData:
    id: int  # a Delivery (ANSWER), StaffMember (HISTORY, INTRO) or BankQuestion (PREVIEW) id
    generation: int
    issued_at: datetime | None = None  # HISTORY and INTRO links only

    def expired(self, months: int, now: datetime) -> bool:
        """Older than `months` (the organisation's retention period)."""
        if self.issued_at is None:
            return False
        return now - self.issued_at > timedelta(days=DAYS_PER_MONTH * months)


class _ClockSigner(TimestampSigner):
    """Timestamps from the application's one clock, so tests can freeze it."""

    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())


def _serializer(purpose: str) -> URLSafeSerializer | URLSafeTimedSerializer:
    if purpose in TIMED:
        return _timed(tuple(secret_keys()), purpose)
    return url_safe_serializer(purpose)


@lru_cache(maxsize=32)
def _timed(keys: tuple[str, ...], purpose: str) -> URLSafeTimedSerializer:
    # Built once per set of keys: building one costs more than a signature. The timestamp is
    # read from the clock at each signature.
    return URLSafeTimedSerializer(list(keys), salt=purpose, signer=_ClockSigner)


def confirm_token(answer_token: str) -> str:
    """The CSRF token of an answer link's confirm form: a signature of the link under its own
    salt, instead of a random token kept in a session cookie. It protects the same: a cross-site
    page cannot post an answer without it, and only someone who opened the link (or holds the
    secret key) has it, as with a session token, for which they would only have to open the
    link. Opening a personal link thus sets no cookie, and confirming reads none."""
    return _confirm_signer(tuple(secret_keys())).get_signature(answer_token).decode("ascii")


def confirm_token_matches(answer_token: str, given: str) -> bool:
    """Whether `given` is the link's confirm token under the signing key or an older one."""
    return _confirm_signer(tuple(secret_keys())).verify_signature(answer_token, given)


@lru_cache(maxsize=8)
def _confirm_signer(keys: tuple[str, ...]) -> KeySigner:
    return KeySigner(list(keys), salt=CONFIRM)


def make(purpose: str, id_: int, generation: int) -> str:
    return str(_serializer(purpose).dumps([id_, generation]))


def read(purpose: str, token: str) -> TokenData:
    """The token's content; whether it expired is for the caller, who knows the person's
    organisation and so its retention period (TokenData.expired)."""
    serializer = _serializer(purpose)
    issued_at = None
    try:
        if isinstance(serializer, URLSafeTimedSerializer):
            data, stamp = serializer.loads(token, return_timestamp=True)
            issued_at = stamp.astimezone(UTC)
        else:
            data = serializer.loads(token)
    except (BadData, UnicodeError) as exc:
        raise InvalidTokenError(purpose) from exc
    if (not isinstance(data, list) or len(data) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in data)):
        raise InvalidTokenError(purpose)
    return TokenData(data[0], data[1], issued_at)


class Signer:
    """Signs many tokens fast (a round for 20,000 people): one serializer, reused."""

    def __init__(self, purpose: str) -> None:
        self._serializer = _serializer(purpose)

    def __call__(self, id_: int, generation: int) -> str:
        return str(self._serializer.dumps([id_, generation]))

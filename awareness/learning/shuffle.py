"""The order in which a quiz shows its options: shuffled per attempt, so no position gives an
answer away, and the same on every reload of one attempt. Option keys never change, so stored
answers and grading do not depend on the order. Pure: the caller supplies the secret."""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence


def attempt_seed(secret: str, *parts: object) -> bytes:
    """The same parts give the same seed; without the app's secret nobody can work it out
    (so nobody can map what they see back to the order in the content files)."""
    message = "\x1f".join(str(part) for part in parts).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()


def option_order(seed: bytes, question_key: str, keys: Sequence[str]) -> list[str]:
    """The keys in the order to show them: sorted by a keyed hash, which makes every order
    equally likely and needs no random state to reproduce."""
    def rank(key: str) -> bytes:
        return hmac.new(seed, f"{question_key}\x1f{key}".encode(), hashlib.sha256).digest()

    return sorted(keys, key=rank)

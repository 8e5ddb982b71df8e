"""The order a delivery shows its options in. Drawn at random once per delivery and stored, so
the letters in the e-mail (A, B, C ...) say nothing about which option is right, and a reload,
the reminder and the result page show the same order. Answers are stored and counted by the
option's key, never by its letter."""
from __future__ import annotations

import random
from typing import Any

LABELS = "ABCDEFGHIJ"


def option_label(position: int) -> str:
    """The letter shown before the option at `position` (0-based) of a person's order."""
    return LABELS[position]


def shuffled(options: list[dict[str, Any]], rng: random.Random) -> tuple[str, ...]:
    """A uniformly random order of the option keys."""
    keys = [o["key"] for o in options]
    return tuple(rng.sample(keys, len(keys)))


def stored(order: tuple[str, ...]) -> str:
    return ",".join(order)


def display_order(saved: str | None, options: list[dict[str, Any]]) -> tuple[str, ...]:
    """The option keys in the order a delivery shows them; the bank's order when none was
    stored (deliveries from before shuffling) or the stored one does not fit the options."""
    bank = [o["key"] for o in options]
    order = tuple(saved.split(",")) if saved else ()
    return order if sorted(order) == sorted(bank) else tuple(bank)

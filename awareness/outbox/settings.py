"""The sender's settings, read from the environment like every other setting and checked at
start-up: a value that is not a number, or out of range, stops the app with a message that
names the variable, instead of failing later in the middle of a round."""
from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any


class SettingError(RuntimeError):
    """A setting from the environment has a value the app cannot use; the app does not start."""


# name: (default, smallest allowed value, whole number?)
NUMBERS: dict[str, tuple[float, float, bool]] = {
    "MAIL_BATCH_SIZE": (200, 1, True),
    # A sender renews its lease while it works; one that dies holds its batch this long.
    # The minimum leaves room for the renewal and the safety margin (see sender.py).
    "MAIL_CLAIM_SECONDS": (60, 10, True),
    "MAIL_RETRY_BASE_SECONDS": (60, 1, True),  # 1, 2, 4, 8 ... minutes
    "MAIL_RETRY_MAX_SECONDS": (3600, 1, True),
    "MAIL_MAX_ATTEMPTS": (20, 1, True),  # about 17 hours of retrying, then failed
    "MAIL_TIMEOUT": (30.0, 1, False),  # seconds per SMTP read or write
}
DEFAULTS: dict[str, Any] = {
    **{name: int(d) if whole else d for name, (d, _min, whole) in NUMBERS.items()},
    "MAIL_CA_FILE": None,
}


def mail_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """The sender's settings from `environ`; an empty or missing variable gives the default."""
    values: dict[str, Any] = {name: _number(environ, name) for name in NUMBERS}
    if values["MAIL_RETRY_MAX_SECONDS"] < values["MAIL_RETRY_BASE_SECONDS"]:
        raise SettingError("MAIL_RETRY_MAX_SECONDS must not be smaller than "
                           "MAIL_RETRY_BASE_SECONDS.")
    values["MAIL_CA_FILE"] = _ca_file(environ.get("MAIL_CA_FILE", "").strip() or None)
    return values


def _number(environ: Mapping[str, str], name: str) -> int | float:
    default, minimum, whole = NUMBERS[name]
    raw = environ.get(name, "").strip()
    if not raw:
        return int(default) if whole else default
    kind = "a whole number" if whole else "a number"
    try:
        value: int | float = int(raw) if whole else float(raw)
    except ValueError:
        raise SettingError(f"{name} must be {kind}, not {raw!r}.") from None
    if not (math.isfinite(value) and value >= minimum):
        raise SettingError(f"{name} must be at least {minimum:g}, not {raw!r}.")
    return value


def _ca_file(path: str | None) -> str | None:
    if path is not None and not Path(path).is_file():
        raise SettingError(f"MAIL_CA_FILE {path!r} is not a readable file.")
    return path

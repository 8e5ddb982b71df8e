"""Password policy and hashing (scrypt via werkzeug.security). Strength is estimated by
zxcvbn, which ships its own dictionaries (the most common passwords of public breaches, words,
names, keyboard patterns, dates); the Dutch words that those English lists miss are added as
words an attacker would try first."""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 200
# zxcvbn's top score: about 10^10 guesses or more. These accounts see staff data, and a copy
# of the database must not give a password away quickly, even under scrypt. Score 3 (10^8)
# still lets "Welkom2026!!!" through.
MIN_SCORE = 4
DUTCH = (
    "wachtwoord", "welkom", "geheim", "gemeente", "beheer", "beheerder", "medewerker",
    "informatie", "veiligheid", "digitaal", "veilig", "inloggen", "toegang", "wijzigen",
    "zomer", "winter", "lente", "herfst", "voorjaar", "najaar", "maandag", "dinsdag",
    "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "januari", "februari", "maart",
    "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december",
    "liefde", "schatje", "voetbal", "ajax", "feyenoord", "nederland", "holland", "oranje",
    "amsterdam", "rotterdam", "utrecht", "hallo", "fiets", "konijn", "poes", "hond", "kaas",
)


class WeakPasswordError(ValueError):
    """The password does not meet the policy; str(error) is a Dutch message for the user."""


def check_policy(password: str, personal: Iterable[str] = ()) -> None:
    """Refuse short, long or guessable passwords. `personal`: words of the account (its
    e-mail address, its organisation) that an attacker would try first."""
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(
            _("Kies een wachtwoord van minstens %(n)s tekens.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise WeakPasswordError(_("Kies een wachtwoord van hoogstens %(n)s tekens.", n=MAX_LENGTH))
    if zxcvbn(password, user_inputs=[*_words(personal), *DUTCH])["score"] < MIN_SCORE:
        raise WeakPasswordError(
            _("Dit wachtwoord is te makkelijk te raden. Kies een langer wachtwoord, "
              "bijvoorbeeld vier of vijf losse woorden die niet bij elkaar horen."))


def _words(personal: Iterable[str]) -> list[str]:
    words = []
    for text in personal:
        words.append(text.lower())
        words += [part for part in text.lower().replace("@", ".").split(".") if len(part) > 2]
    return words


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


# Checked against when the e-mail address is unknown, so the answer takes as long either way.
_DUMMY_HASH: str | None = None


def burn_time(password: str) -> None:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password("not-a-real-password-0000")
    check_password_hash(_DUMMY_HASH, password)

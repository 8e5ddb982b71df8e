"""Password policy and hashing (scrypt via werkzeug.security)."""
from __future__ import annotations

from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 200

# A small list of passwords that attackers try first; long ones slip past the length check.
COMMON = frozenset({
    "123456789012", "1234567890123", "12345678901234", "qwertyuiopas", "qwertyuiop123",
    "password1234", "password12345", "passwordpassword", "wachtwoord12", "wachtwoord123",
    "wachtwoord1234", "welkom123456", "welkomwelkom", "iloveyou1234", "letmein12345",
    "administrator", "administrator1", "adminadmin12", "adminadmin123", "changeme1234",
    "zomer2024zomer", "voorjaar2024!", "aaaaaaaaaaaa", "abcdefghijkl", "abcdef123456",
    "111111111111", "000000000000", "gemeente1234", "gemeente12345", "qwerty123456",
    "1q2w3e4r5t6y", "trustno1trustno1", "football1234", "sunshine1234", "princess1234",
})


class WeakPasswordError(ValueError):
    """The password does not meet the policy; str(error) is a Dutch message for the user."""


def check_policy(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(
            _("Kies een wachtwoord van minstens %(n)s tekens.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise WeakPasswordError(_("Kies een wachtwoord van hoogstens %(n)s tekens.", n=MAX_LENGTH))
    if password.lower() in COMMON or len(set(password)) < 4:
        raise WeakPasswordError(
            _("Dit wachtwoord is te makkelijk te raden. Kies een ander wachtwoord."))


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

"""One-time recovery codes: ten random codes of 16 characters (about 78 bits each), shown once
and stored only as scrypt hashes under a random salt per account (ASVS 2.6.2). The codes of
one account share the salt, so checking a code costs one slow hash, not ten."""
from __future__ import annotations

import hashlib
import secrets

COUNT = 10
LENGTH = 16
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed over
# scrypt with 16 MiB of memory: tens of milliseconds here, very costly to guess at scale.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32, "maxmem": 64 * 1024 * 1024}


def new_codes() -> list[str]:
    codes = []
    for _ in range(COUNT):
        raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        codes.append("-".join(raw[i:i + 4] for i in range(0, LENGTH, 4)))
    return codes


def new_salt() -> str:
    return secrets.token_hex(16)


def normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def code_hash(code: str, salt: str) -> str:
    digest = hashlib.scrypt(normalise(code).encode(), salt=bytes.fromhex(salt), **SCRYPT)
    return f"scrypt${salt}${digest.hex()}"


def salt_of(stored_hash: str) -> str | None:
    kind, _, rest = stored_hash.partition("$")
    salt = rest.partition("$")[0]
    return salt if kind == "scrypt" and salt else None


def looks_like_recovery_code(code: str) -> bool:
    return len(normalise(code)) == LENGTH

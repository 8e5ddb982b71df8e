"""TOTP second factor (RFC 6238 via pyotp): secrets, QR codes as inline SVG, and code
verification that accepts one step of clock drift but never the same code twice."""
from __future__ import annotations

import io
import re

import pyotp
import segno

ISSUER = "Digitaal Veilig"
STEP_SECONDS = 30


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code as an <svg> element (no XML declaration, no style attributes: CSP-safe)."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(
        buffer, kind="svg", scale=5, border=2, xmldecl=False, svgns=True,
        title="QR-code", svgclass="qr-code", lineclass=None, omitsize=False, light="#fff",
    )
    return buffer.getvalue().decode("utf-8")


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type over."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def normalise(code: str) -> str:
    return re.sub(r"\s+", "", code or "")


def matching_step(secret: str, code: str, now: float, last_step: int | None) -> int | None:
    """The time-step the code belongs to (current, or one either side), or None. A step at or
    before `last_step` was already used and is refused (replay protection)."""
    code = normalise(code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if totp.at(step * STEP_SECONDS) == code:
            if last_step is not None and step <= last_step:
                return None
            return step
    return None

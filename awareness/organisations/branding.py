"""An organisation's look and reach, as validated data: the sites that may frame the embedded
pages, its address for printed links, its logo, and its colours as design tokens named after
the NL Design System (the `utrecht-*` component tokens Dutch government themes define).

Pure: values in, values (or Dutch messages) out. Everything that ends up in a header or a
stylesheet is checked strictly here, so nothing a coordinator types can break out of it."""
from __future__ import annotations

import ipaddress
import re
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

MAX_ORIGINS = 10
MAX_LOGO_BYTES = 200 * 1024
MAX_LOGO_SIDE = 2000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
FONT = re.compile(r"^[A-Za-z0-9 ,'\"-]{1,200}$")
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
LOOPBACK_HOSTS = ("localhost", "127.0.0.1")
STORED_ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(?::[0-9]{1,5})?$")


class BrandingError(ValueError):
    """A value that may not be stored; the message is Dutch and meant for the coordinator."""


@dataclass(frozen=True)
class Token:
    name: str
    label: str
    kind: str  # "color" or "font"
    default: str


TOKENS = (
    Token("utrecht-document-color", _l("Tekstkleur"), "color", "#1a1a1a"),
    Token("utrecht-document-background-color", _l("Achtergrondkleur"), "color", "#ffffff"),
    Token("utrecht-link-color", _l("Kleur van links"), "color", "#0b4f9c"),
    Token("utrecht-button-primary-action-background-color", _l("Achtergrond van knoppen"),
          "color", "#0b4f9c"),
    Token("utrecht-button-primary-action-color", _l("Tekst op knoppen"), "color", "#ffffff"),
    Token("utrecht-focus-outline-color", _l("Kleur van de focusrand"), "color", "#1a1a1a"),
    Token("utrecht-document-font-family", _l("Lettertype"), "font",
          'system-ui, "Segoe UI", Roboto, Arial, sans-serif'),
)
TOKEN_NAMES = {token.name: token for token in TOKENS}
# (foreground, background, minimum ratio): text needs 4.5:1, edges of controls 3:1 (WCAG 1.4.3,
# 1.4.11). The first token is the one a failed check is reported on.
CONTRAST = (
    ("utrecht-document-color", "utrecht-document-background-color", 4.5),
    ("utrecht-link-color", "utrecht-document-background-color", 4.5),
    ("utrecht-button-primary-action-color", "utrecht-button-primary-action-background-color",
     4.5),
    ("utrecht-button-primary-action-background-color", "utrecht-document-background-color",
     3.0),
    ("utrecht-focus-outline-color", "utrecht-document-background-color", 3.0),
)


def _hex(value: str) -> str:
    value = value.lower()
    return "#" + "".join(c * 2 for c in value[1:]) if len(value) == 4 else value


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours, from 1 to 21."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                   for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(_hex(first)), luminance(_hex(second))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def check_tokens(values: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The tokens to store (blank means "use the default", and is not stored) and the
    problems per token name. Contrast is checked on the result, defaults filled in."""
    tokens: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, raw in values.items():
        token, value = TOKEN_NAMES.get(name), (raw or "").strip()
        if token is None:
            errors[name] = _("Onbekende eigenschap.")
        elif not value:
            continue
        elif token.kind == "color" and not HEX.match(value):
            errors[name] = _("Vul een kleur in als #rrggbb, bijvoorbeeld #0b4f9c.")
        elif token.kind == "font" and not FONT.match(value):
            errors[name] = _("Gebruik alleen letters, cijfers, spaties, komma's, "
                             "aanhalingstekens en streepjes.")
        else:
            tokens[name] = _hex(value) if token.kind == "color" else value
    if not errors:
        errors.update(_contrast_errors(tokens))
    return tokens, errors


def _contrast_errors(tokens: Mapping[str, str]) -> dict[str, str]:
    full = {token.name: tokens.get(token.name, token.default) for token in TOKENS}
    errors: dict[str, str] = {}
    for foreground, background, minimum in CONTRAST:
        ratio = contrast_ratio(full[foreground], full[background])
        if ratio < minimum and foreground not in errors:
            errors[foreground] = _(
                "Te weinig contrast met %(other)s: %(ratio)s:1, minstens %(minimum)s:1 nodig.",
                other=str(TOKEN_NAMES[background].label).lower(),
                ratio=f"{ratio:.1f}".replace(".", ","), minimum=str(minimum).replace(".", ","))
    return errors


def _host(host: str) -> str | None:
    try:
        ipaddress.IPv4Address(host)
        return host
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or not all(LABEL.match(label) for label in labels):
        return None
    return ascii_host if len(labels) > 1 or ascii_host == "localhost" else None


def origin(value: str, allow_loopback_http: bool = False) -> str:
    """One origin as https://host[:port], normalised; BrandingError when it is not one."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
        host = _host(parts.hostname or "")
    except ValueError:
        parts, port, host = None, None, None
    loopback = allow_loopback_http and host in LOOPBACK_HOSTS
    if (parts is None or host is None or parts.username or parts.password
            or parts.path not in ("", "/") or parts.query or parts.fragment
            or "[" in parts.netloc or not (parts.scheme == "https"
                                           or (parts.scheme == "http" and loopback))):
        raise BrandingError(_("%(value)s is geen geldig adres. Gebruik de vorm "
                              "https://www.gemeente.nl, zonder pad.", value=value.strip()))
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def check_origins(lines: Iterable[str], allow_loopback_http: bool = False
                  ) -> tuple[list[str], list[str]]:
    """The origins (one per line, blank lines ignored, no repeats) and the problems."""
    origins: list[str] = []
    errors: list[str] = []
    for line in (line for line in lines if line.strip()):
        try:
            value = origin(line, allow_loopback_http)
        except BrandingError as error:
            errors.append(str(error))
            continue
        if value not in origins:
            origins.append(value)
    if len(origins) > MAX_ORIGINS:
        errors.append(_("Geef hoogstens %(n)s websites op.", n=MAX_ORIGINS))
    return origins, errors


def check_public_url(value: str | None) -> str | None:
    """The municipality's own address for printed links: https://host[:port][/path]."""
    value = (value or "").strip().rstrip("/")
    if not value:
        return None
    parts = urlsplit(value)
    path_ok = all(re.match(r"^[A-Za-z0-9._~-]+$", p) for p in parts.path.split("/")[1:])
    if (parts.scheme != "https" or _host(parts.hostname or "") is None or parts.query
            or parts.fragment or parts.username or not path_ok or len(value) > 300):
        raise BrandingError(_("Vul een adres in dat begint met https://, zonder ? of #, "
                              "bijvoorbeeld https://veilig.gemeente.nl."))
    return value


def check_logo(data: bytes) -> bytes:
    """A PNG of at most 200 kB and 2000 by 2000 pixels (checked from its own header)."""
    if len(data) > MAX_LOGO_BYTES:
        raise BrandingError(_("Het logo is te groot: hoogstens 200 kB."))
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < 33:
        raise BrandingError(_("Het logo moet een PNG-bestand zijn."))
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_LOGO_SIDE and 0 < height <= MAX_LOGO_SIDE):
        raise BrandingError(_("Het logo is hoogstens 2000 bij 2000 pixels."))
    return data


def stylesheet(tokens: Mapping[str, str]) -> str:
    """The organisation's tokens as CSS custom properties (the embed stylesheet uses them)."""
    # Checked again on the way out: a value edited in the database cannot escape the rule.
    pattern = {"color": HEX, "font": FONT}
    lines = [f"  --{token.name}: {tokens[token.name]};" for token in TOKENS
             if pattern[token.kind].match(tokens.get(token.name, ""))]
    return ":root {\n" + "\n".join(lines) + "\n}\n"


def frame_ancestors(origins: Iterable[str]) -> str:
    """The CSP frame-ancestors sources: the stored origins, or 'none' (nobody may frame)."""
    allowed = [o for o in origins if STORED_ORIGIN.match(o)]  # checked again, as above
    return " ".join(allowed) or "'none'"

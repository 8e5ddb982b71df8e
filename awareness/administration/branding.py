"""Coordinator use cases for reaching residents: where the organisation's pages may be
embedded, the address printed on paper, the look (design tokens) and the logo. Each call
validates everything first, then changes, audits and commits once, or changes nothing."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from awareness.accounts import audit
from awareness.extensions import db
from awareness.organisations import branding
from awareness.organisations.models import Organisation


@dataclass(frozen=True)
class BrandingInput:
    origins: str  # one per line, as typed
    tokens: Mapping[str, str]
    public_url: str | None
    allow_loopback_http: bool = False  # development: http://localhost may frame


@dataclass(eq=False)  # an exception: compared and hashed by identity
class BrandingProblems(Exception):
    """What is wrong, per field, in Dutch; nothing was stored."""

    origins: list[str] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)
    public_url: str | None = None

    def __bool__(self) -> bool:
        return bool(self.origins or self.tokens or self.public_url)


def update_branding(organisation_id: int, values: BrandingInput, actor_id: int) -> None:
    """Store origins, tokens and address; BrandingProblems (nothing stored) if any is wrong."""
    origins, origin_errors = branding.check_origins(values.origins.splitlines(),
                                                    values.allow_loopback_http)
    tokens, token_errors = branding.check_tokens(values.tokens)
    problems = BrandingProblems(origin_errors, token_errors)
    try:
        public_url = branding.check_public_url(values.public_url)
    except branding.BrandingError as error:
        problems.public_url, public_url = str(error), None
    if problems:
        raise problems
    organisation = db.session.get_one(Organisation, organisation_id)
    new = {"embed_origins": origins, "design_tokens": tokens, "public_url": public_url}
    changed = {key: [getattr(organisation, key), value] for key, value in new.items()
               if getattr(organisation, key) != value}
    for key, (_old, value) in changed.items():
        setattr(organisation, key, value)
    if changed:
        audit.record("branding.updated", actor_id, organisation_id, changed=changed)
    db.session.commit()


def set_logo(organisation_id: int, data: bytes | None, actor_id: int) -> None:
    """Store a new logo (BrandingError if it is not an acceptable PNG), or remove it (None)."""
    logo = branding.check_logo(data) if data is not None else None
    organisation = db.session.get_one(Organisation, organisation_id)
    organisation.logo_png = logo
    audit.record("logo.changed", actor_id, organisation_id,
                 removed=logo is None, size=len(logo or b""))
    db.session.commit()

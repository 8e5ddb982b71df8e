"""Reads the .eml files that the file transport wrote, for the development mail viewer:
newest first, each with its headers, text part and HTML part. Never writes."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

NAME = re.compile(r"[A-Za-z0-9@_-][A-Za-z0-9._@-]*\.eml")
HEADERS_ONLY = BytesParser(policy=policy.default)


@dataclass(frozen=True)
class StoredMessage:
    name: str
    subject: str
    to: str
    sender: str
    date: datetime | None
    message_id: str
    text: str = ""
    html: str = ""


def list_messages(folder: Path, limit: int = 200) -> list[StoredMessage]:
    """The newest `limit` messages (headers only)."""
    if not folder.is_dir():
        return []
    files = sorted((f for f in folder.iterdir() if NAME.fullmatch(f.name)),
                   key=lambda f: f.stat().st_mtime, reverse=True)[:limit]
    return [_summary(f.name, _parse(f, headers_only=True)) for f in files]


def read_message(folder: Path, name: str) -> StoredMessage | None:
    """One message with its parts, or None for an unknown or unsafe name."""
    if not NAME.fullmatch(name) or not (folder / name).is_file():
        return None
    message = _parse(folder / name, headers_only=False)
    summary = _summary(name, message)
    return StoredMessage(**{**summary.__dict__, "text": _part(message, "plain"),
                            "html": _part(message, "html")})


def _parse(path: Path, headers_only: bool) -> EmailMessage:
    with path.open("rb") as handle:
        return HEADERS_ONLY.parse(handle, headersonly=headers_only)


def _summary(name: str, message: EmailMessage) -> StoredMessage:
    date = message["Date"]
    return StoredMessage(
        name=name, subject=str(message["Subject"] or ""), to=str(message["To"] or ""),
        sender=str(message["From"] or ""), date=getattr(date, "datetime", None),
        message_id=str(message["Message-ID"] or ""),
    )


def _part(message: EmailMessage, subtype: str) -> str:
    part = message.get_body((subtype,))
    if part is None:
        return ""
    return str(part.get_content()).replace("\r\n", "\n")

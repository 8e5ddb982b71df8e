"""MAIL_URL parsing and the wire form of an e-mail, judged by the standard e-mail parser."""
from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from awareness.outbox.transports import (
    Envelope,
    FileTransport,
    SmtpSettings,
    build_message,
    eml_name,
    mail_folder,
    parse_mail_url,
)


def parse(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)


def text_of(message: EmailMessage, subtype: str) -> str:
    part = message.get_body((subtype,))
    assert part is not None
    return part.get_content().replace("\r\n", "\n")


@pytest.mark.parametrize("url,expected", [
    ("smtp://mail.example.nl", SmtpSettings("smtp", "mail.example.nl", 25, None, None)),
    ("smtp+starttls://user%40gemeente.nl:p%3Ass@mail.example.nl",
     SmtpSettings("smtp+starttls", "mail.example.nl", 587, "user@gemeente.nl", "p:ss")),
    ("smtps://u:pw@10.0.0.5:2465", SmtpSettings("smtps", "10.0.0.5", 2465, "u", "pw")),
])
def test_smtp_urls(url: str, expected: SmtpSettings) -> None:
    assert parse_mail_url(url) == expected


def test_file_urls() -> None:
    assert parse_mail_url("file:///srv/awareness/mail") == Path("/srv/awareness/mail")
    assert mail_folder("file:///tmp/x") == Path("/tmp/x")
    assert mail_folder("smtp://localhost") is None


@pytest.mark.parametrize("url", ["http://mail.example.nl", "smtp://", "file://", "mail.nl"])
def test_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        parse_mail_url(url)


ENVELOPE = Envelope(
    message_id="<0123abcd@awareness.example.nl>",
    to="jan.de.vries@gemeente.example",
    subject="Vraag van de week: wat doet u met een verdachte bijlage? (privé, één klik)",
    text="Beste Jan,\n\nKies uw antwoord:\nA) https://awareness.example.nl/m/a/tok?o=a&x=1\n"
         ".\nEen regel met spaties aan het eind   \n" + "lang " * 60 + "\nGroet, café\n",
    html="<html><body><p>Beste Jan,</p><p><a href=\"https://x.example/?a=1&amp;b=2\">A</a>"
         "</p><p>één</p></body></html>",
)


def test_message_is_valid_multipart_alternative() -> None:
    message = parse(build_message(ENVELOPE, "Gemeente Zuidstad <awareness@zuidstad.example>"))
    assert message.defects == []
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in message.iter_parts())
    assert all(p.defects == [] for p in message.iter_parts())
    assert message["Subject"] == ENVELOPE.subject
    assert message["Message-ID"] == ENVELOPE.message_id
    assert message["To"] == ENVELOPE.to
    assert message["From"].addresses[0].display_name == "Gemeente Zuidstad"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Date"].datetime is not None
    assert text_of(message, "plain") == ENVELOPE.text
    assert text_of(message, "html") == ENVELOPE.html


def test_wire_form_is_ascii_with_short_crlf_lines() -> None:
    data = build_message(ENVELOPE, "Awareness <a@example.nl>")
    assert data.isascii()
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines)  # no bare LF anywhere
    assert max(len(line) for line in lines) <= 78


def test_non_ascii_names_are_encoded() -> None:
    envelope = Envelope("<1@x.nl>", "Zoë Çelik <zoe@gemeente.example>", "Tést", "t", "<p>t</p>")
    message = parse(build_message(envelope, "Gemeente Súdwest-Fryslân <a@example.nl>"))
    assert message["To"].addresses[0].display_name == "Zoë Çelik"
    assert message["To"].addresses[0].addr_spec == "zoe@gemeente.example"
    assert message["From"].addresses[0].display_name == "Gemeente Súdwest-Fryslân"
    assert message["Subject"] == "Tést"


def test_header_injection_is_impossible() -> None:
    envelope = Envelope("<1@x.nl>", "a@example.nl\r\nBcc: victim@example.nl",
                        "Hallo\r\nBcc: victim@example.nl", "t", "<p>t</p>")
    message = parse(build_message(envelope, "Awareness <a@example.nl>"))
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"]


def test_file_transport_writes_one_eml_per_message_id(tmp_path: Path) -> None:
    transport = FileTransport(tmp_path / "mail", "Awareness <a@example.nl>")
    transport.send(ENVELOPE)
    transport.send(ENVELOPE)  # a retry overwrites, it does not duplicate
    files = list((tmp_path / "mail").iterdir())
    assert [f.name for f in files] == [eml_name(ENVELOPE.message_id)]
    assert files[0].name == "0123abcd@awareness.example.nl.eml"
    assert parse(files[0].read_bytes())["Message-ID"] == ENVELOPE.message_id


def test_eml_names_cannot_escape_the_folder() -> None:
    assert "/" not in eml_name("<../../etc/passwd@x>")
    assert eml_name("<../../etc/passwd@x>").endswith(".eml")

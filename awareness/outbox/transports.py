"""Mail transports chosen by MAIL_URL: `smtp://`, `smtp+starttls://`, `smtps://` (one connection
reused for a whole batch) and `file:///dir` (one .eml per message, named after its Message-ID).
`send` raises TransientError (retry later) or PermanentError (this recipient will never work);
its optional `deadline` (a `time.monotonic()` value) bounds the whole SMTP exchange."""
from __future__ import annotations

import os
import re
import smtplib
import ssl
import tempfile
import time
from dataclasses import dataclass
from email.utils import format_datetime, parseaddr
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from awareness.outbox.mime import render_mime
from awareness.timeutil import utcnow

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class TransportError(Exception):
    """Base class: the message was not accepted."""


class TransientError(TransportError):
    """Try again later: connection refused or lost, timeout, SMTP 4xx."""


class ConnectError(TransientError):
    """No connection could be made: nothing in this batch can be sent now."""


class PermanentError(TransportError):
    """The server refused this message or recipient for good (SMTP 5xx)."""


@dataclass(frozen=True)
class Envelope:
    """What the transport needs; built from an OutboundEmail row (or plain values)."""

    message_id: str
    to: str
    subject: str
    text: str
    html: str


def build_message(envelope: Envelope, mail_from: str) -> bytes:
    """The wire form: multipart/alternative text + HTML, UTF-8, the stable Message-ID and a
    Date of this attempt."""
    return render_mime(
        message_id=envelope.message_id, mail_from=mail_from, to=envelope.to,
        subject=envelope.subject, date=format_datetime(utcnow()), text=envelope.text,
        html=envelope.html,
    )


class Transport(Protocol):
    def send(self, envelope: Envelope, *, deadline: float | None = None) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> Transport: ...
    def __exit__(self, *exc: object) -> None: ...


class _ContextManager:
    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class SmtpSettings:
    scheme: str
    host: str
    port: int
    username: str | None
    password: str | None
    timeout: float = 30.0
    ca_file: str | None = None


class DeadlineSMTP(smtplib.SMTP):
    """smtplib.SMTP whose connect, every read and every write end by `deadline` (a
    `time.monotonic()` value; None: only the timeout per operation applies). The sender sets it
    so that one slow server cannot stretch an exchange beyond the sender's lease."""

    def __init__(self, host: str, port: int, *, timeout: float, deadline: float | None = None,
                 **kwargs: Any) -> None:
        self.deadline = deadline
        # Connecting and the greeting happen in __init__: their timeout is cut to the deadline.
        super().__init__(host, port, timeout=self._limit(timeout), **kwargs)
        self.timeout = timeout  # every later read and write is cut again (below)

    def _limit(self, timeout: float) -> float:
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the SMTP exchange ran past its deadline")
        return min(timeout, left)

    def send(self, s: Any) -> None:
        if self.sock is not None:
            self.sock.settimeout(self._limit(self.timeout))
        super().send(s)

    def getreply(self) -> tuple[int, bytes]:
        if self.sock is not None:
            self.sock.settimeout(self._limit(self.timeout))
        return super().getreply()


class DeadlineSMTPSSL(DeadlineSMTP, smtplib.SMTP_SSL):
    """SMTPS (implicit TLS) with the same deadline."""


class SmtpTransport(_ContextManager):
    """Connects lazily, reuses the connection for every message, reconnects after a drop."""

    def __init__(self, settings: SmtpSettings, mail_from: str) -> None:
        self.settings = settings
        self.mail_from = mail_from
        self.envelope_from = parseaddr(mail_from)[1]
        self._smtp: DeadlineSMTP | None = None
        self.connections = 0

    def send(self, envelope: Envelope, *, deadline: float | None = None) -> None:
        data = build_message(envelope, self.mail_from)
        self.send_raw(envelope.to, data, deadline=deadline)

    def send_raw(self, to: str, data: bytes, *, deadline: float | None = None) -> None:
        try:
            smtp = self._connection(deadline)
            smtp.deadline = deadline
            smtp.sendmail(self.envelope_from, [to], data)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            self._raise_for(code, reply)
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            self._raise_for(exc.smtp_code, exc.smtp_error)
        except (smtplib.SMTPException, OSError) as exc:
            # Disconnects and timeouts: the server may or may not have the message. Retrying
            # can at worst duplicate it, and the stable Message-ID lets clients fold that.
            self._drop()
            raise TransientError(_describe(exc)) from exc
        finally:
            if self._smtp is not None:
                self._smtp.deadline = None  # QUIT at the end of the batch has its own time

    def _raise_for(self, code: int, reply: bytes | str) -> None:
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
        if self._smtp is not None and self._smtp.sock is None:
            self._smtp = None  # smtplib closed it (421): reconnect for the next message
        if 500 <= code < 600:
            raise PermanentError(f"{code} {text}")
        raise TransientError(f"{code} {text}")

    def _connection(self, deadline: float | None) -> DeadlineSMTP:
        if self._smtp is not None and self._smtp.sock is not None:
            return self._smtp
        try:
            self._smtp = self._connect(deadline)
        except (smtplib.SMTPException, OSError) as exc:
            self._smtp = None
            raise ConnectError(_describe(exc)) from exc
        self.connections += 1
        return self._smtp

    def _connect(self, deadline: float | None) -> DeadlineSMTP:
        s = self.settings
        context = ssl.create_default_context(cafile=s.ca_file) if s.scheme != "smtp" else None
        smtp: DeadlineSMTP
        if s.scheme == "smtps":
            smtp = DeadlineSMTPSSL(s.host, s.port, timeout=s.timeout, context=context,
                                   deadline=deadline)
        else:
            smtp = DeadlineSMTP(s.host, s.port, timeout=s.timeout, deadline=deadline)
        try:
            smtp.ehlo()
            if s.scheme == "smtp+starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.username:
                smtp.login(s.username, s.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    def close(self) -> None:
        if self._smtp is None:
            return
        try:
            if self._smtp.sock is not None:
                self._smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass  # the messages were already accepted; a failed goodbye changes nothing
        finally:
            self._drop()


class FileTransport(_ContextManager):
    """Writes <dir>/<message-id>.eml atomically; a retry overwrites the same file."""

    def __init__(self, directory: Path, mail_from: str) -> None:
        self.directory = directory
        self.mail_from = mail_from

    def send(self, envelope: Envelope, *, deadline: float | None = None) -> None:
        data = build_message(envelope, self.mail_from)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            target = self.directory / eml_name(envelope.message_id)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".eml")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except OSError as exc:
            raise TransientError(_describe(exc)) from exc


def eml_name(message_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._@-]", "_", message_id.strip("<>")) + ".eml"


def parse_mail_url(url: str) -> SmtpSettings | Path:
    """An SmtpSettings for smtp URLs, a folder Path for file:// URLs; ValueError otherwise."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = unquote(parts.netloc + parts.path)
        if not path:
            raise ValueError("MAIL_URL file:// needs a folder, e.g. file:///srv/mail")
        return Path(path)
    if parts.scheme not in DEFAULT_PORTS:
        raise ValueError(f"MAIL_URL scheme {parts.scheme!r} is not one of smtp, "
                         "smtp+starttls, smtps or file")
    if not parts.hostname:
        raise ValueError("MAIL_URL needs a host name")
    return SmtpSettings(
        scheme=parts.scheme,
        host=parts.hostname,
        port=parts.port or DEFAULT_PORTS[parts.scheme],
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
    )


def mail_folder(url: str) -> Path | None:
    """The folder of a file:// MAIL_URL, or None for SMTP."""
    try:
        target = parse_mail_url(url)
    except ValueError:
        return None
    return target if isinstance(target, Path) else None


def make_transport(
    url: str, mail_from: str, *, timeout: float = 30.0, ca_file: str | None = None
) -> SmtpTransport | FileTransport:
    target = parse_mail_url(url)
    if isinstance(target, Path):
        return FileTransport(target, mail_from)
    settings = SmtpSettings(**{**target.__dict__, "timeout": timeout, "ca_file": ca_file})
    return SmtpTransport(settings, mail_from)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "timeout"
    return f"{type(exc).__name__}: {exc}"[:500]

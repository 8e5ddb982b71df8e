"""A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port, in a thread, for tests.

    with SmtpServer() as smtp:               # or the `smtp_server` fixture below
        app.config["MAIL_URL"] = smtp.url()
        ...
        smtp.wait_for(3)                      # block until 3 messages arrived
        smtp.messages[0].message["Subject"]   # parsed email.message.EmailMessage

Switches: `reject(address, 550)` refuses one recipient permanently; `fail_next(n, 451)`
answers the next n transactions with a temporary error (421 or 451, at MAIL, RCPT or DATA);
`stop()` / `start()` take the server down and up again on the same port (connection refused
meanwhile); `stall(seconds)` makes it wait that long before answering each message's DATA
(a slow server); `users={"u": "p"}` requires nothing but accepts AUTH LOGIN/PLAIN with those.
`connections` counts the client connections that sent at least one MAIL FROM.
"""
from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

STAGES = ("MAIL", "RCPT", "DATA")


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    connection: int

    @property
    def message(self) -> EmailMessage:
        return BytesParser(policy=policy.default).parsebytes(self.data)


@dataclass
class _Failure:
    remaining: int
    code: int
    stage: str


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    messages: list[Received] = field(default_factory=list)
    rejected: dict[str, int] = field(default_factory=dict)
    failure: _Failure | None = None
    connections: int = 0
    stall: float = 0.0
    arrived: threading.Condition | None = None


class _Handler:
    def __init__(self, state: _State, keep: bool) -> None:
        self.state = state
        self.keep = keep

    def _temporary(self, stage: str) -> str | None:
        failure = self.state.failure
        if failure is None or failure.stage != stage or failure.remaining <= 0:
            return None
        failure.remaining -= 1
        text = "Service not available, closing channel" if failure.code == 421 else (
            "Requested action aborted: try again later")
        return f"{failure.code} 4.3.2 {text}"

    async def handle_MAIL(self, server, session, envelope, address, options):
        with self.state.lock:
            if not getattr(session, "counted", False):
                session.counted = True
                self.state.connections += 1
                session.number = self.state.connections
            reply = self._temporary("MAIL")
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        with self.state.lock:
            reply = self._temporary("RCPT")
            code = self.state.rejected.get(address.lower())
        if reply:
            return reply
        if code:
            return f"{code} 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.state.stall:
            await asyncio.sleep(self.state.stall)
        with self.state.lock:
            reply = self._temporary("DATA")
            if reply:
                return reply
            received = Received(
                mail_from=envelope.mail_from,
                rcpt_tos=tuple(envelope.rcpt_tos),
                data=envelope.original_content if self.keep else b"",
                connection=getattr(session, "number", 0),
            )
            self.state.messages.append(received)
        assert self.state.arrived is not None
        with self.state.arrived:
            self.state.arrived.notify_all()
        return "250 2.0.0 OK queued"


class SmtpServer:
    """A real SMTP server for one test; see the module docstring."""

    def __init__(
        self,
        *,
        users: dict[str, str] | None = None,
        keep_content: bool = True,
        ssl_context: ssl.SSLContext | None = None,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.users = users or {}
        self._state = _State()
        self._state.arrived = threading.Condition()
        self._handler = _Handler(self._state, keep_content)
        self._ssl_context = ssl_context  # SMTPS (implicit TLS)
        self._tls_context = tls_context  # STARTTLS
        self._controller: Controller | None = None

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> SmtpServer:
        assert self._controller is None, "already running"
        kwargs: dict[str, Any] = {
            "hostname": self.host, "port": self.port, "ssl_context": self._ssl_context,
            "tls_context": self._tls_context, "require_starttls": False,
            "data_size_limit": 50 * 1024 * 1024,
        }
        if self.users:
            kwargs.update(authenticator=self._authenticate, auth_require_tls=False)
        self._controller = Controller(self._handler, **kwargs)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def url(
        self, scheme: str = "smtp", user: str | None = None, password: str | None = None
    ) -> str:
        auth = f"{user}:{password}@" if user else ""
        return f"{scheme}://{auth}{self.host}:{self.port}"

    # -- switches ----------------------------------------------------------------------
    def reject(self, address: str, code: int = 550) -> None:
        """Refuse `address` at RCPT with `code` (5xx: permanent) until `accept()`."""
        with self._state.lock:
            self._state.rejected[address.lower()] = code

    def accept(self, address: str) -> None:
        with self._state.lock:
            self._state.rejected.pop(address.lower(), None)

    def fail_next(self, count: int, code: int = 451, stage: str = "MAIL") -> None:
        """Answer the next `count` commands of `stage` with a temporary `code` (4xx)."""
        assert stage in STAGES and 400 <= code < 500
        with self._state.lock:
            self._state.failure = _Failure(count, code, stage)

    def stall(self, seconds: float) -> None:
        """Wait `seconds` before answering each DATA (0: answer at once)."""
        with self._state.lock:
            self._state.stall = seconds

    def clear(self) -> None:
        with self._state.lock:
            self._state.messages.clear()
            self._state.connections = 0

    # -- what arrived --------------------------------------------------------------------
    @property
    def messages(self) -> list[Received]:
        with self._state.lock:
            return list(self._state.messages)

    @property
    def connections(self) -> int:
        with self._state.lock:
            return self._state.connections

    def recipients(self) -> list[str]:
        return [rcpt for m in self.messages for rcpt in m.rcpt_tos]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Wait until at least `count` messages arrived; fail the test on timeout."""
        deadline = time.monotonic() + timeout
        assert self._state.arrived is not None
        with self._state.arrived:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} messages, got {len(self.messages)}")
                self._state.arrived.wait(left)
        return self.messages

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user, password = auth_data.login.decode(), auth_data.password.decode()
            if self.users.get(user) == password:
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A running SmtpServer, stopped after the test. Import it into a test module or
    conftest: `from tests.support.smtp import smtp_server  # noqa: F401`."""
    server = SmtpServer().start()
    try:
        yield server
    finally:
        server.stop()

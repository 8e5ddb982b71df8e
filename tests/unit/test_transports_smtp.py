"""The SMTP transport against a real aiosmtpd server: plain, AUTH, STARTTLS and SMTPS (with a
throw-away certificate authority), and how each kind of refusal is classified."""
from __future__ import annotations

import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from awareness.outbox.transports import (
    ConnectError,
    Envelope,
    PermanentError,
    SmtpTransport,
    TransientError,
    make_transport,
)
from tests.support.smtp import SmtpServer, free_port

FROM = "Awareness <awareness@gemeente.example>"


def envelope(n: int, to: str | None = None) -> Envelope:
    return Envelope(f"<m{n}@gemeente.example>", to or f"p{n}@gemeente.example", f"Vraag {n}",
                    "tekst", "<p>tekst</p>")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
         "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    with SmtpServer(users={"mailer": "geheim"}) as smtp:
        yield smtp


def test_plain_smtp_with_auth_reuses_one_connection(server: SmtpServer) -> None:
    with make_transport(server.url(user="mailer", password="geheim"), FROM) as transport:
        for n in range(5):
            transport.send(envelope(n))
    assert len(server.wait_for(5)) == 5
    assert server.connections == 1
    assert server.messages[0].mail_from == "awareness@gemeente.example"


def test_wrong_password_is_a_connection_problem(server: SmtpServer) -> None:
    with make_transport(server.url(user="mailer", password="fout"), FROM) as transport:
        with pytest.raises(ConnectError):
            transport.send(envelope(1))
    assert server.messages == []


def test_refused_connection(tmp_path: Path) -> None:
    with make_transport(f"smtp://127.0.0.1:{free_port()}", FROM) as transport:
        with pytest.raises(ConnectError):
            transport.send(envelope(1))


def test_starttls(certificate: tuple[Path, Path]) -> None:
    with SmtpServer(tls_context=server_context(certificate)) as smtp:
        url = smtp.url("smtp+starttls")
        with make_transport(url, FROM, ca_file=str(certificate[0])) as transport:
            transport.send(envelope(1))
        assert smtp.wait_for(1)[0].rcpt_tos == ("p1@gemeente.example",)
        # Without trusting the certificate the transport refuses to talk.
        with make_transport(url, FROM) as transport, pytest.raises(ConnectError):
            transport.send(envelope(2))
        assert len(smtp.messages) == 1


def test_smtps(certificate: tuple[Path, Path]) -> None:
    with SmtpServer(ssl_context=server_context(certificate)) as smtp:
        with make_transport(smtp.url("smtps"), FROM, ca_file=str(certificate[0])) as transport:
            transport.send(envelope(1))
        assert len(smtp.wait_for(1)) == 1


def test_refusals_are_classified(server: SmtpServer) -> None:
    server.reject("weg@gemeente.example", 550)
    server.reject("vol@gemeente.example", 452)
    transport = make_transport(server.url(), FROM)
    assert isinstance(transport, SmtpTransport)
    with transport:
        with pytest.raises(PermanentError, match="550"):
            transport.send(envelope(1, "weg@gemeente.example"))
        with pytest.raises(TransientError, match="452"):
            transport.send(envelope(2, "vol@gemeente.example"))
        server.fail_next(1, 421, "MAIL")
        with pytest.raises(TransientError, match="421"):
            transport.send(envelope(3))
        transport.send(envelope(4))  # reconnects after the 421 closed the channel
        server.stop()
        with pytest.raises(TransientError):
            transport.send(envelope(5))  # the open connection is gone
    assert [m.rcpt_tos for m in server.messages] == [("p4@gemeente.example",)]
    assert transport.connections == 2


def test_a_deadline_cuts_a_slow_exchange_short(server: SmtpServer) -> None:
    """The sender gives each exchange a deadline inside its lease: a server that takes its
    time must not stretch one e-mail past it (per-operation timeouts alone would wait)."""
    server.stall(3)
    with make_transport(server.url(), FROM, timeout=30) as transport:
        started = time.monotonic()
        with pytest.raises(TransientError, match="timed out|timeout"):
            transport.send(envelope(1), deadline=started + 0.5)
        assert time.monotonic() - started < 2
        server.stall(0)
        transport.send(envelope(2), deadline=time.monotonic() + 10)  # reconnects, in time
    # The server may still take the first one in (when it stops stalling): that is SMTP's
    # own ambiguity after a timeout, and why each e-mail keeps one Message-ID on retries.
    assert ("p2@gemeente.example",) in [m.rcpt_tos for m in server.wait_for(1)]


def test_a_deadline_already_past_does_not_even_connect(server: SmtpServer) -> None:
    with make_transport(server.url(), FROM) as transport:
        with pytest.raises(ConnectError, match="timeout"):
            transport.send(envelope(1), deadline=time.monotonic() - 1)
    assert server.connections == 0 and server.messages == []


def test_smtps_with_a_deadline(certificate: tuple[Path, Path]) -> None:
    with SmtpServer(ssl_context=server_context(certificate)) as smtp:
        with make_transport(smtp.url("smtps"), FROM, ca_file=str(certificate[0])) as transport:
            transport.send(envelope(1), deadline=time.monotonic() + 10)
        assert len(smtp.wait_for(1)) == 1

"""The development mail viewer: lists what the file backend wrote, shows the text with
clickable links and the HTML as escaped source; absent unless switched on (and on SMTP), and
even then it answers only a browser on this machine."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from awareness import create_app
from awareness.extensions import db
from awareness.outbox.services import deliver_due, enqueue


@pytest.fixture
def app_overrides() -> dict[str, Any]:
    return {"DEV_MAIL_VIEW": True}


@pytest.fixture
def sent(app):
    email = enqueue(
        to="jan@gemeente.example", subject="Vraag van de week: phishing",
        text_body="Beste Jan,\nKies A: http://localhost/m/a/tok?o=a&x=1.\n<script>x</script>\n",
        html_body="<p>Beste Jan, <a href=\"http://localhost/m/a/tok\">A</a></p>",
        kind="question", organisation_id=None)
    db.session.commit()
    assert deliver_due().sent == 1
    return email


def test_list_and_message(client, sent) -> None:
    page = client.get("/dev/mail/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Vraag van de week: phishing" in html
    assert "jan@gemeente.example" in html
    name = sent.message_id.strip("<>") + ".eml"
    assert f'href="/dev/mail/{name}"' in html

    page = client.get(f"/dev/mail/{name}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # The answer link is clickable (without the full stop after it), the rest escaped.
    assert '<a href="http://localhost/m/a/tok?o=a&amp;x=1">' in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
    assert "&lt;p&gt;Beste Jan" in html  # HTML part shown as source
    assert sent.message_id.replace("<", "&lt;").replace(">", "&gt;") in html
    assert "'self'" in page.headers["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["nope.eml", ".hidden.eml", "..%2F..%2Fetc%2Fpasswd",
                                  "x.txt"])
def test_unknown_or_unsafe_names_are_404(client, sent, name: str) -> None:
    assert client.get(f"/dev/mail/{name}").status_code == 404


def test_empty_folder(client: FlaskClient) -> None:
    assert "Er zijn nog geen e-mails" in client.get("/dev/mail/").get_data(as_text=True)


def _app(tmp_path: Path, **overrides: object):
    return create_app({"TESTING": True, "ENV_NAME": "development", "SECRET_KEY": "k" * 40,
                       "SQLALCHEMY_DATABASE_URI": "sqlite://", "MAIL_URL": f"file://{tmp_path}",
                       **overrides})


@pytest.mark.parametrize("overrides", [
    {},  # not switched on: the default, also in development
    {"DEV_MAIL_VIEW": False},
    {"DEV_MAIL_VIEW": True, "MAIL_URL": "smtp://127.0.0.1:2525"},
])
def test_absent_unless_switched_on_with_the_file_backend(
    tmp_path: Path, overrides: dict[str, Any]
) -> None:
    app = _app(tmp_path, **overrides)
    assert "devmail.index" not in app.view_functions
    assert app.test_client().get("/dev/mail/").status_code == 404


@pytest.mark.parametrize("address", ["203.0.113.9", "10.0.0.5", "::ffff:192.0.2.1"])
def test_switched_on_it_answers_loopback_only(client, sent, address: str) -> None:
    assert client.get("/dev/mail/").status_code == 200  # 127.0.0.1: the test client's default
    assert client.get("/dev/mail/", environ_base={"REMOTE_ADDR": address}).status_code == 404
    name = sent.message_id.strip("<>") + ".eml"
    assert client.get(f"/dev/mail/{name}",
                      environ_base={"REMOTE_ADDR": address}).status_code == 404


@pytest.mark.parametrize("header", ["X-Forwarded-For", "X-Real-IP", "Forwarded"])
def test_a_request_relayed_by_a_local_proxy_is_refused(client: FlaskClient, header: str) -> None:
    """Without PROXY_COUNT a reverse proxy on this machine makes every client look like
    loopback; a forwarding header gives that away."""
    assert client.get("/dev/mail/", headers={header: "203.0.113.9"}).status_code == 404


def test_behind_trusted_proxies_the_address_after_proxyfix_counts(tmp_path: Path) -> None:
    client = _app(tmp_path, DEV_MAIL_VIEW=True, PROXY_COUNT=1).test_client()
    # The proxy (on loopback) says who the client is: someone else, then this machine.
    assert client.get("/dev/mail/", headers={"X-Forwarded-For": "203.0.113.9"}
                      ).status_code == 404
    assert client.get("/dev/mail/", headers={"X-Forwarded-For": "127.0.0.1"}
                      ).status_code == 200
    # A client cannot prepend its own entry: only the last PROXY_COUNT entries are trusted.
    assert client.get("/dev/mail/", headers={"X-Forwarded-For": "127.0.0.1, 203.0.113.9"}
                      ).status_code == 404


def test_a_foreign_host_name_is_refused(tmp_path: Path) -> None:
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1."""
    client = _app(tmp_path, DEV_MAIL_VIEW=True).test_client()
    assert client.get("/dev/mail/", base_url="http://127.0.0.1:5000").status_code == 200
    assert client.get("/dev/mail/", base_url="http://localhost:5000").status_code == 200
    assert client.get("/dev/mail/", base_url="http://evil.example:5000").status_code == 404

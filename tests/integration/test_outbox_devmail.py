"""The development mail viewer: lists what the file backend wrote, shows the text with
clickable links and the HTML as escaped source; absent when switched off or on SMTP."""
from __future__ import annotations

from pathlib import Path

import pytest

from awareness import create_app
from awareness.extensions import db
from awareness.outbox.services import deliver_due, enqueue


@pytest.fixture
def sent(app):  # type: ignore[no-untyped-def]
    email = enqueue(
        to="jan@gemeente.example", subject="Vraag van de week: phishing",
        text_body="Beste Jan,\nKies A: http://localhost/m/a/tok?o=a&x=1.\n<script>x</script>\n",
        html_body="<p>Beste Jan, <a href=\"http://localhost/m/a/tok\">A</a></p>",
        kind="question", organisation_id=None)
    db.session.commit()
    assert deliver_due().sent == 1
    return email


def test_list_and_message(client, sent) -> None:  # type: ignore[no-untyped-def]
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
def test_unknown_or_unsafe_names_are_404(client, sent, name: str) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"/dev/mail/{name}").status_code == 404


def test_empty_folder(client) -> None:  # type: ignore[no-untyped-def]
    assert "Er zijn nog geen e-mails" in client.get("/dev/mail/").get_data(as_text=True)


@pytest.mark.parametrize("overrides", [
    {"DEV_MAIL_VIEW": False},
    {"MAIL_URL": "smtp://127.0.0.1:2525"},
])
def test_absent_unless_development_and_file_backend(tmp_path: Path, overrides: dict) -> None:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "MAIL_URL": f"file://{tmp_path}", **overrides})
    assert "devmail.index" not in app.view_functions
    assert app.test_client().get("/dev/mail/").status_code == 404

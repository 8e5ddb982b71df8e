"""The coordinator's "Website en papier" page: the snippet to paste, the origins allowed to
frame the embedded pages, the look as NL Design System tokens (with contrast checks), the
logo and the printed address; validated, audited, per organisation."""
from __future__ import annotations

import io
import struct
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from awareness.accounts.models import AuditEvent
from awareness.extensions import db
from awareness.organisations.branding import PNG_SIGNATURE
from awareness.organisations.models import Organisation
from awareness.timeutil import freeze
from tests.support.accounts import csrf_token, login, make_org, make_user
from tests.web.coordinators.conftest import T0

VALID = {"origins": "https://www.alfa.nl\nhttps://wijk.alfa.nl:8443\n",
         "public_url": "https://veilig.alfa.nl",
         "token_utrecht_document_color": "#101010",
         "token_utrecht_link_color": "#0b4f9c",
         "token_utrecht_button_primary_action_background_color": "#005a32"}


def post(client, url: str, data: dict[str, Any] | None = None, **extra):
    token = csrf_token(client, "/beheer/account")
    return client.post(url, data={"csrf_token": token, **(data or {})}, **extra)


def alfa_now() -> Organisation:
    db.session.expire_all()
    return db.session.scalars(sa.select(Organisation).filter_by(slug="alfa")).one()


def png(width: int = 120, height: int = 40) -> bytes:
    return (PNG_SIGNATURE + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", width, height)
            + b"\x08\x06\x00\x00\x00" + b"\x00" * 20)


def test_the_page_shows_the_snippets_and_print_links(coordinator):
    response = coordinator.get("/beheer/alfa/bereik")
    assert response.status_code == 200
    page = response.text
    assert '&lt;iframe src="http://localhost/embed/alfa/is-het-nep"' in page
    assert "/embed/alfa/module/senior-een" in page
    assert 'href="/module/senior-een/afdrukken.pdf?gemeente=alfa"' in page
    assert 'href="/module/senior-een/poster.pdf?gemeente=alfa&amp;formaat=a3"' in page
    assert "Nog geen enkele website mag deze pagina" in page


def test_saving_valid_settings_changes_the_embed_policy_and_is_audited(coordinator, client):
    response = post(coordinator, "/beheer/alfa/bereik", VALID)
    assert response.status_code == 302
    alfa = alfa_now()
    assert alfa.embed_origins == ["https://www.alfa.nl", "https://wijk.alfa.nl:8443"]
    assert alfa.public_url == "https://veilig.alfa.nl"
    assert alfa.design_tokens == {
        "utrecht-document-color": "#101010", "utrecht-link-color": "#0b4f9c",
        "utrecht-button-primary-action-background-color": "#005a32"}
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="branding.updated"))
    assert event is not None and event.organisation_id == alfa.id
    assert event.detail["changed"]["embed_origins"][1] == alfa.embed_origins
    embed = client.get("/embed/alfa/module/senior-een")
    assert "frame-ancestors https://www.alfa.nl https://wijk.alfa.nl:8443" in \
        embed.headers["Content-Security-Policy"]
    assert "--utrecht-document-color: #101010;" in client.get("/embed/alfa/stijl.css").text
    assert "&lt;iframe src=" in coordinator.get("/beheer/alfa/bereik").text
    assert "https://veilig.alfa.nl/embed/alfa/is-het-nep" in \
        coordinator.get("/beheer/alfa/bereik").text


@pytest.mark.parametrize("field, value, message", [
    ("origins", "http://www.alfa.nl", "is geen geldig adres"),
    ("origins", "https://www.alfa.nl/pagina", "is geen geldig adres"),
    ("origins", "https://*.alfa.nl", "is geen geldig adres"),
    ("origins", "https://www.alfa.nl; script-src *", "is geen geldig adres"),
    ("public_url", "http://veilig.alfa.nl", "begint met https://"),
    ("token_utrecht_link_color", "blue", "#rrggbb"),
    ("token_utrecht_link_color", "#777777", "Te weinig contrast"),
    ("token_utrecht_button_primary_action_color", "#aaaaaa", "Te weinig contrast"),
    ("token_utrecht_document_font_family", "x;} body{display:none", "Gebruik alleen"),
])
def test_bad_settings_are_a_400_with_a_message_and_change_nothing(coordinator, field, value,
                                                                  message):
    response = post(coordinator, "/beheer/alfa/bereik", {**VALID, field: value})
    assert response.status_code == 400
    assert message in response.text and "Er is iets niet goed ingevuld" in response.text
    alfa = alfa_now()
    assert (alfa.embed_origins, alfa.design_tokens, alfa.public_url) == ([], {}, None)
    assert db.session.scalar(sa.select(AuditEvent).filter_by(action="branding.updated")) is None


def test_a_forged_form_without_csrf_token_is_refused(coordinator):
    coordinator.application.config["WTF_CSRF_ENABLED"] = True
    response = coordinator.post("/beheer/alfa/bereik", data=VALID)
    assert response.status_code == 400
    assert alfa_now().embed_origins == []


def test_another_organisation_s_page_is_404(coordinator):
    make_org("beta")
    assert coordinator.get("/beheer/beta/bereik").status_code == 404
    for url in ("/beheer/beta/bereik", "/beheer/beta/bereik/logo",
                "/beheer/beta/bereik/logo/verwijderen"):
        assert post(coordinator, url, VALID).status_code == 404
    beta = db.session.scalar(sa.select(Organisation).filter_by(slug="beta"))
    assert beta.embed_origins == []


def test_the_admin_may_edit_any_organisation(synced, alfa):
    admin = synced.test_client()
    freeze(T0 + timedelta(seconds=30))
    login(admin, make_user("admin@regio.nl", role="admin"))
    assert post(admin, "/beheer/alfa/bereik", VALID).status_code == 302
    assert alfa_now().embed_origins[0] == "https://www.alfa.nl"


def test_http_loopback_origins_only_outside_production(coordinator):
    data = {**VALID, "origins": "http://127.0.0.1:8000"}
    assert post(coordinator, "/beheer/alfa/bereik", data).status_code == 302
    assert alfa_now().embed_origins == ["http://127.0.0.1:8000"]
    coordinator.application.config["ENV_NAME"] = "production"
    assert post(coordinator, "/beheer/alfa/bereik", data).status_code == 400


def test_a_logo_is_uploaded_checked_shown_and_removed(coordinator, client):
    upload = {"logo": (io.BytesIO(png()), "logo.png")}
    response = post(coordinator, "/beheer/alfa/bereik/logo", upload,
                    content_type="multipart/form-data")
    assert response.status_code == 302
    assert alfa_now().logo_png == png()
    assert client.get("/embed/alfa/logo.png").data == png()
    assert 'src="/embed/alfa/logo.png"' in coordinator.get("/beheer/alfa/bereik").text
    for bad in (b"GIF89a" + b"\x00" * 40, png(5000, 10)):
        response = post(coordinator, "/beheer/alfa/bereik/logo",
                        {"logo": (io.BytesIO(bad), "logo.png")},
                        content_type="multipart/form-data")
        assert response.status_code == 400 and "logo" in response.text.lower()
    assert alfa_now().logo_png == png()
    assert post(coordinator, "/beheer/alfa/bereik/logo/verwijderen").status_code == 302
    assert alfa_now().logo_png is None
    actions = list(db.session.scalars(sa.select(AuditEvent.action).filter_by(
        action="logo.changed")))
    assert actions == ["logo.changed", "logo.changed"]

"""Every resident page renders, on SQLite and PostgreSQL, with the security headers."""
from __future__ import annotations

import re

import pytest

PAGES = ["/", "/jongeren", "/senioren", "/ondernemers", "/module/jong-een",
         "/module/jong-een/les/1", "/module/jong-een/les/3", "/module/jong-een/quiz",
         "/mijn-voortgang", "/gemeente", "/taal", "/privacy", "/toegankelijkheid"]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_with_security_headers(synced, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    # Only our own static scripts (the read-aloud button), never an inline one.
    assert re.findall(r'<script(?! src="/static/[a-z]+\.js" defer></script>)', response.text) == []
    assert "http://" not in response.text.replace("http://localhost", "")


def test_catalogue_lists_only_its_audience(synced, client):
    page = client.get("/senioren").text
    assert "Module senior-een" in page
    assert "Module jong-een" not in page
    assert "15 minuten" not in page and "10 minuten" in page


def test_staff_module_is_not_listed_or_reachable_for_residents(synced, client):
    assert "basiskennis" not in client.get("/").text
    assert client.get("/module/basiskennis-informatieveiligheid").status_code == 404


@pytest.mark.parametrize("path", ["/module/bestaat-niet", "/module/jong-een/les/0",
                                  "/module/jong-een/les/99", "/module/bestaat-niet/quiz",
                                  "/kinderen", "/module/jong-een/les/abc"])
def test_unknown_things_get_a_dutch_404_page(synced, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.text


def test_wrong_method_is_405_not_500(synced, client):
    assert client.put("/module/jong-een/quiz").status_code == 405


def test_english_is_available(synced, client):
    client.set_cookie("lang", "en")
    page = client.get("/").text
    assert '<html lang="en">' in page


def test_module_titles_use_the_chosen_language(synced, client):
    client.set_cookie("lang", "en")
    assert "Module jong-een (en)" in client.get("/jongeren").text


def test_forms_post_over_https_with_the_referrer_policy_we_send(synced):
    """Flask-WTF demands a same-origin Referer on HTTPS posts; our policy must allow it."""
    import re

    synced.config["WTF_CSRF_ENABLED"] = True
    client = synced.test_client()
    page = client.get("/module/jong-een", base_url="https://localhost")
    assert page.headers["Referrer-Policy"] == "same-origin"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    response = client.post("/module/jong-een/start", data={"csrf_token": token},
                           base_url="https://localhost",
                           headers={"Referer": "https://localhost/module/jong-een"})
    assert response.status_code == 302
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")

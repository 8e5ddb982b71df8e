"""A coordinator's first login in Chromium: password, TOTP enrolment (code computed from the
secret shown on the page), recovery codes, the forced change of the admin-chosen password,
the dashboard, a roster upload with preview, a
report export; axe-core finds no WCAG 2.1 A/AA violations on the coordinator pages."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyotp
import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

PASSWORD = "een lang wachtwoord voor de browsertest"
OWN_PASSWORD = "paars konijn fietst traag door de browser"
PAGES = ["/beheer/", "/beheer/{slug}/medewerkers", "/beheer/{slug}/medewerkers/importeren",
         "/beheer/{slug}/afdelingen", "/beheer/{slug}/planning", "/beheer/{slug}/vragenbank",
         "/beheer/{slug}/uitgaande-mail", "/beheer/{slug}/rapportage", "/beheer/account",
         "/beheer/{slug}/dpia", "/beheer/{slug}/bereik"]


FOUND: dict[str, list[dict[str, Any]]] = {}


def _audit(page, where: str) -> None:
    """Collect violations per page; each test asserts at its end, so one page's problem does
    not hide the rest of the flow."""
    violations = axe_violations(page)
    if violations:
        FOUND[where] = violations


def _log_in(page, url: str, email: str) -> str:
    """First login: password, then enrolment. Returns the TOTP secret."""
    page.goto(url + "/beheer/inloggen")
    _audit(page, "login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile("/beheer/tweede-stap/instellen$"))
    assert page.locator("figure.qr svg").count() == 1
    _audit(page, "enrolment")
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Controleren").click()
    # The codes are the POST's response at the same address: wait for them to appear.
    page.locator(".recovery-codes li").first.wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    _audit(page, "recovery codes")
    page.get_by_role("link", name=re.compile("Ik heb de codes bewaard")).click()
    # `flask users create` set a password the admin knows: it is replaced before anything else.
    page.wait_for_url(re.compile("/beheer/account/nieuw-wachtwoord$"))
    _audit(page, "forced password change")
    page.get_by_label("Huidig wachtwoord").fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(OWN_PASSWORD)
    page.get_by_label("Herhaal het nieuwe wachtwoord").fill(OWN_PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    return secret


def test_coordinator_logs_in_uploads_and_exports(live_server, page, tmp_path: Path):
    FOUND.clear()
    live_server.flask("org", "create", "browserstad", "--name", "Gemeente Browserstad")
    live_server.flask("users", "create", "--email", "coord@browserstad.nl", "--role",
                      "coordinator", "--org", "browserstad", input=PASSWORD + "\n")
    _log_in(page, live_server.url, "coord@browserstad.nl")
    page.wait_for_url(re.compile("/beheer/$"))

    roster = tmp_path / "medewerkers.csv"
    roster.write_text("naam;e-mail;afdeling\n" + "".join(
        f"Medewerker {n};m{n}@browserstad.nl;{'ICT' if n % 2 else 'Burgerzaken'}\n"
        for n in range(12)), encoding="utf-8")
    page.goto(live_server.url + "/beheer/browserstad/medewerkers/importeren")
    page.get_by_label("CSV-bestand").set_input_files(str(roster))
    page.get_by_role("button", name="Bekijk de wijzigingen").click()
    page.get_by_text("Nieuw: 12").wait_for(timeout=10_000)
    _audit(page, "import preview")
    page.get_by_role("button", name="Toepassen").click()
    page.wait_for_url(re.compile("/medewerkers$"))
    page.get_by_text("12 medewerkers gevonden").wait_for(timeout=10_000)

    for path in PAGES:
        page.goto(live_server.url + path.format(slug="browserstad"))
        assert page.locator("main h1").count() == 1, path
        _audit(page, path)
    page.goto(live_server.url + "/beheer/browserstad/medewerkers")
    page.get_by_role("link", name="Medewerker 3").click()
    _audit(page, "person")

    page.goto(live_server.url + "/beheer/browserstad/rapportage")
    with page.expect_download() as download:
        page.locator(".export-links a").first.click()
    saved = tmp_path / "rapport.csv"
    download.value.save_as(saved)
    assert saved.stat().st_size > 0

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile("/beheer/inloggen$"))
    page.goto(live_server.url + "/beheer/browserstad/medewerkers")
    assert "/beheer/inloggen" in page.url
    assert FOUND == {}


def test_admin_pages_are_accessible(live_server, page):
    FOUND.clear()
    live_server.flask("users", "create", "--email", "admin@regio.nl", "--role", "admin",
                      input=PASSWORD + "\n")
    _log_in(page, live_server.url, "admin@regio.nl")
    page.wait_for_url(re.compile("/beheer/$"))
    for path in ("/beheer/organisaties", "/beheer/organisaties/nieuw", "/beheer/audit"):
        page.goto(live_server.url + path)
        _audit(page, path)
    page.goto(live_server.url + "/beheer/organisaties")
    slug = re.search(r"/beheer/([a-z0-9-]+)/instellingen",
                     page.locator("table a").first.get_attribute("href")).group(1)
    page.goto(live_server.url + f"/beheer/{slug}/instellingen")
    _audit(page, "organisation settings")
    assert FOUND == {}

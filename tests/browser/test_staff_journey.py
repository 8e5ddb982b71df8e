"""A staff member answers the fortnightly question from a real e-mail in Chromium: the link
preselects, a button confirms, the result explains; history and the intro course too. axe-core
finds no WCAG 2.1 A/AA violations on these pages (the rules cover intranets as well)."""
from __future__ import annotations

import email
import re
from email import policy
from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

ROSTER = "naam;e-mail;afdeling\nSanne Bakker;sanne@mailstad.nl;Burgerzaken\n"


def _mails(live_server) -> list[email.message.EmailMessage]:
    folder = Path(live_server.env["MAIL_URL"].removeprefix("file://"))
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in sorted(folder.glob("*.eml"))]


def _links(message, pattern: str) -> list[str]:
    return re.findall(pattern, message.get_body(("plain",)).get_content())


def test_staff_member_answers_from_the_mail(live_server, page, tmp_path):
    roster = tmp_path / "rooster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    live_server.flask("org", "create", "mailstad", "--name", "Gemeente Mailstad")
    live_server.flask("staff", "import", str(roster), "--org", "mailstad")
    live_server.flask("quiz", "send-round", "--org", "mailstad")
    live_server.flask("outbox", "send")
    mails = [m for m in _mails(live_server) if m["To"] == "sanne@mailstad.nl"]
    question = next(m for m in mails if "/m/a/" in m.get_body(("plain",)).get_content())
    answer_links = _links(question, r"(http://\S+/m/a/\S+/[a-d])\b")
    assert len(answer_links) >= 3
    failures = {}

    page.goto(answer_links[1])
    assert page.locator("input[type=radio]:checked").count() == 1  # preselected, not saved
    if violations := axe_violations(page):
        failures["answer page"] = violations
    page.get_by_role("button", name=re.compile("Bevestig")).click()
    page.get_by_text("Uitleg").first.wait_for()  # the result page, not the answer page still shown
    assert page.get_by_role("heading", level=1).inner_text()
    if violations := axe_violations(page):
        failures["result page"] = violations

    page.goto(answer_links[0])  # a second click shows the first answer, records nothing
    assert page.get_by_role("heading", name="Je hebt deze vraag al beantwoord").is_visible()
    page.get_by_role("link", name=re.compile("al mijn vragen")).click()
    if violations := axe_violations(page):
        failures["history"] = violations

    invite = next(m for m in mails if "/m/intro/" in m.get_body(("plain",)).get_content())
    page.goto(_links(invite, r"(http://\S+/m/intro/\S+)")[0])
    if violations := axe_violations(page):
        failures["intro course"] = violations
    assert failures == {}

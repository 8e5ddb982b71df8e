"""A resident walks a module from the home page to the result page in Chromium, one module
per audience, and axe-core finds no WCAG 2.1 A/AA violations on the pages they see."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

AUDIENCES = [("Jongeren", "/jongeren"), ("Senioren", "/senioren"), ("Ondernemers", "/ondernemers")]


def _answer_every_question(page) -> None:  # type: ignore[no-untyped-def]
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator("input").first.check()


@pytest.mark.parametrize(("link_text", "path"), AUDIENCES)
def test_resident_completes_a_module(live_server, page, link_text, path):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=link_text, exact=True).click()
    assert page.url.endswith(path)
    page.locator(".card h2 a").first.click()
    page.get_by_role("button", name=re.compile("Begin met de module")).click()
    lessons = 0
    while page.get_by_role("link", name="Volgende les").count():
        assert page.locator("main h1").inner_text()
        page.get_by_role("link", name="Volgende les").click()
        lessons += 1
    assert 3 <= lessons + 1 <= 5
    page.get_by_role("link", name="Naar de quiz").click()
    _answer_every_question(page)
    page.get_by_role("button", name="Bekijk mijn uitslag").click()
    assert "/resultaat" in page.url
    assert page.get_by_text(re.compile(r"U had \d+ van de \d+ vragen goed")).is_visible()
    assert page.get_by_role("heading", name="Wat als het u overkomt?").is_visible()
    page.goto(live_server.url + "/mijn-voortgang")
    assert page.get_by_text("Afgerond").count() >= 1


def test_quiz_works_with_the_keyboard_only(live_server, page):
    page.goto(live_server.url + "/senioren")
    page.locator(".card h2 a").first.click()
    quiz_url = page.url + "/quiz"
    page.goto(quiz_url)
    page.keyboard.press("Tab")  # skip link first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator("input").first.focus()
        page.keyboard.press("Space")
    page.get_by_role("button", name="Bekijk mijn uitslag").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/resultaat$"))


def _pages_to_audit(live_server, page) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/jongeren")
    module_path = page.locator(".card h2 a").first.get_attribute("href")
    return ["/", "/jongeren", "/senioren", "/ondernemers", module_path, module_path + "/les/1",
            module_path + "/quiz", "/privacy", "/toegankelijkheid", "/mijn-voortgang",
            "/gemeente", "/deze-pagina-bestaat-niet"]


def test_resident_pages_have_no_wcag_violations(live_server, page):
    failures = {}
    for path in _pages_to_audit(live_server, page):
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        if violations:
            failures[path] = violations
    # The result page (after a submitted quiz, with errors shown first) too.
    page.goto(live_server.url + "/jongeren")
    module_path = page.locator(".card h2 a").first.get_attribute("href")
    page.goto(live_server.url + module_path + "/quiz")
    page.get_by_role("button", name="Bekijk mijn uitslag").click()  # nothing chosen: errors
    if violations := axe_violations(page):
        failures["quiz with errors"] = violations
    _answer_every_question(page)
    page.get_by_role("button", name="Bekijk mijn uitslag").click()
    if violations := axe_violations(page):
        failures["result"] = violations
    assert failures == {}


def test_pages_work_on_a_phone_and_with_large_text(live_server, browser):
    # A user style sheet (browser text size) is not subject to the page CSP; bypass it here.
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL",
                                  bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/senioren")
    page.add_style_tag(content="html { font-size: 200% !important; }")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360 + 1, "no horizontal scrolling at 200% text on a 360 px screen"
    context.close()

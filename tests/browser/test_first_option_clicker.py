"""In Chromium: a resident who always clicks the first option does not get a perfect score,
not even on the single-choice questions alone, because the options are shuffled per attempt;
a reload keeps the order, the next attempt gets a new one. The learner cookie carries a fixed
id, so the orders are always the same."""
from __future__ import annotations

import re

import pytest
from itsdangerous import URLSafeSerializer

pytestmark = pytest.mark.browser

SCORE = re.compile(r"U had (\d+) van de (\d+) vragen goed")
ATTEMPTS = 2


@pytest.fixture
def resident(live_server, browser):
    context = browser.new_context(locale="nl-NL")
    cookie = URLSafeSerializer(live_server.env["SECRET_KEY"], salt="learner-v1").dumps(
        {"id": "browser-first-option-clicker", "org": None})
    context.add_cookies([{"name": "learner", "value": cookie, "url": live_server.url}])
    yield context.new_page()
    context.close()


def option_order(page) -> list[list[str]]:
    return [fieldset.locator("input").evaluate_all("inputs => inputs.map(i => i.value)")
            for fieldset in page.locator("fieldset.question").all()]


def first_module(page, base: str, audience_path: str) -> str:
    page.goto(base + audience_path)
    return str(page.locator(".card h2 a").first.get_attribute("href"))


@pytest.mark.parametrize("audience_path", ["/jongeren", "/senioren", "/ondernemers"])
def test_always_clicking_the_first_option_is_not_a_perfect_score(live_server, resident,
                                                                  audience_path):
    quiz = live_server.url + first_module(resident, live_server.url, audience_path) + "/quiz"
    orders = []
    for _ in range(ATTEMPTS):
        resident.goto(quiz)
        orders.append(option_order(resident))
        resident.reload()
        assert option_order(resident) == orders[-1], "a reload keeps the order"
        single = [n for n, fieldset in enumerate(resident.locator("fieldset.question").all())
                  if fieldset.locator("input").first.get_attribute("type") == "radio"]
        for fieldset in resident.locator("fieldset.question").all():
            fieldset.locator("input").first.check()
        resident.get_by_role("button", name="Bekijk mijn uitslag").click()
        resident.get_by_text(SCORE).wait_for()  # the result page, not the quiz still shown
        score, total = map(int, SCORE.search(resident.locator("main").inner_text()).groups())
        assert score < total, f"attempt {len(orders)}: the first option scored {score}/{total}"
        verdicts = resident.locator("li.result-item").evaluate_all(
            "items => items.map(i => i.classList.contains('is-correct'))")
        assert single and not all(verdicts[n] for n in single), (
            f"attempt {len(orders)}: the first option is right in every single-choice question")
    assert orders[0] != orders[1], "the next attempt shows a new order"

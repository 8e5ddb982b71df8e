"""Reaching residents, in Chromium: "Is het nep?" by keyboard, on a phone and without
JavaScript; the print page; a module embedded in a page of another origin (and refused where
that origin is not listed); the "Lees voor" button. axe-core finds no WCAG 2.1 A/AA violation."""
from __future__ import annotations

import http.server
import re
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import WCAG_21_AA, LiveServer, axe_violations

pytestmark = pytest.mark.browser

MODULE = "whatsapp-vriend-in-nood"
# A browser voice for tests: the headless Chromium of the test machine has none. Utterances
# wait in a queue; the test starts and ends them, so highlighting can be checked step by step.
VOICES_STUB = """
(() => {
  const queue = [];
  const voices = %s;
  const synth = {
    getVoices: () => voices, speak: (u) => queue.push(u), cancel: () => { queue.length = 0; },
    addEventListener() {}, removeEventListener() {}, onvoiceschanged: null,
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  window.__start = () => { queue[0].onstart(); return queue[0].text; };
  window.__end = () => { queue.shift().onend(); };
  window.__queued = () => queue.length;
})();
"""
DUTCH_LOCAL = '[{"name": "Test", "lang": "nl-NL", "localService": true, "default": true}]'
DUTCH_REMOTE = '[{"name": "Net", "lang": "nl-NL", "localService": false, "default": true}]'


def frame_violations(frame) -> list[dict[str, Any]]:
    results = Axe().run(frame, options=WCAG_21_AA)
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in results.response["violations"]]


def test_the_checker_by_keyboard_with_no_violations(live_server, page):
    page.goto(live_server.url + "/is-het-nep")
    assert axe_violations(page) == []
    steps = [("Met een bericht", "/bericht"), ("maar met een nieuw", "/nieuw-nummer"),
             ("^Ja$", "/ja")]
    for answer, ending in steps:
        button = page.get_by_role("button", name=re.compile(answer))
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(re.escape(ending) + "$"))
        assert axe_violations(page) == [], page.url
    assert page.url.endswith("/is-het-nep/bericht/nieuw-nummer/ja")
    assert page.get_by_role("heading", level=1).inner_text() == "Dit is vrijwel zeker oplichting"
    assert page.get_by_role("link", name="088-786 73 72").get_attribute("href") == \
        "tel:0887867372"
    assert page.context.cookies() == []


def test_the_checker_works_without_javascript_on_a_phone(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL",
                                  viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/is-het-nep")
        steps = [("Er staat iemand aan de deur", "/deur"),
                 ("Een koerier of iemand van de bank", "/deur/bank")]
        for answer, ending in steps:
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], "the page scrolls sideways on a phone"
            button = page.get_by_role("button", name=answer)
            assert button.bounding_box()["height"] >= 44  # a target a thumb can hit
            button.click()
            page.wait_for_url(re.compile(re.escape(ending) + "$"))
        heading = page.get_by_role("heading", level=1).inner_text()
        assert heading == "Dit is vrijwel zeker oplichting. Bel nu 112."
        assert page.get_by_role("button", name="Lees voor").count() == 0 or \
            not page.get_by_role("button", name="Lees voor").is_visible()
    finally:
        context.close()


def test_the_print_page_has_no_violations(live_server, page):
    page.goto(f"{live_server.url}/module/{MODULE}/afdrukken")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Vriend-in-nood")
    assert axe_violations(page) == []


@pytest.fixture
def other_origin() -> Iterator[tuple[str, dict[str, str]]]:
    """A municipality's site on another loopback port, under the name localhost (another
    site than 127.0.0.1 for the browser, as a real municipality's site would be)."""
    pages: dict[str, str] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://localhost:{server.server_address[1]}"
    try:
        yield origin, pages
    finally:
        server.shutdown()
        server.server_close()


def _organisation(live_server: LiveServer, slug: str, origins: str) -> None:
    live_server.flask("org", "create", slug, "--name", f"Gemeente {slug.title()}")
    database = live_server.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:  # the settings page validates this input
        connection.execute("UPDATE organisation SET embed_origins = ?, design_tokens = ? "
                           "WHERE slug = ?", (origins, '{"utrecht-link-color": "#005a32"}',
                                              slug))


def test_an_embedded_module_on_another_origin(live_server, page, other_origin):
    origin, pages = other_origin
    _organisation(live_server, "inbed", f'["{origin}"]')
    _organisation(live_server, "elders", '["https://www.elders.nl"]')
    _organisation(live_server, "niemand", "[]")
    frames = "".join(
        f'<iframe title="{slug}" src="{live_server.url}/embed/{slug}/module/{MODULE}" '
        f'width="800" height="900"></iframe>' for slug in ("inbed", "elders", "niemand"))
    pages["/"] = (f'<!doctype html><html lang="nl"><head><title>Gemeente</title></head>'
                  f"<body><main><h1>Website van de gemeente</h1>{frames}</main></body></html>")
    page.goto(origin + "/")
    page.wait_for_load_state("load")
    shown = next(f for f in page.frames if "/embed/inbed/" in f.url)
    assert shown.get_by_role("heading", level=1).inner_text().startswith("Vriend-in-nood")
    # The two other organisations do not list this origin: Chromium refuses to show their
    # pages and puts its own error page in those frames instead.
    urls = sorted(f.url for f in page.frames[1:])
    assert urls == ["chrome-error://chromewebdata/"] * 2 + [shown.url], urls
    assert frame_violations(shown) == []
    link = shown.evaluate("getComputedStyle(document.querySelector('main a')).color")
    assert link == "rgb(0, 90, 50)"  # the organisation's link colour token
    # Full function inside the frame: the lessons, the quiz and the result, no cookie at all.
    shown.get_by_role("link", name="Begin met de module").click()
    shown.wait_for_url(re.compile(r"/les/1$"))
    assert page.url == origin + "/"
    assert frame_violations(shown) == []
    shown.goto(f"{live_server.url}/embed/inbed/module/{MODULE}/quiz")
    for fieldset in shown.locator("fieldset.question").all():
        fieldset.locator("input").first.check()
    shown.get_by_role("button", name="Bekijk mijn uitslag").click()
    # The result is the response to the POST on the same address: wait for its text, not for
    # a load state the old page already has.
    shown.get_by_text(re.compile(r"U had \d+ van de \d+ vragen goed")).wait_for()
    assert frame_violations(shown) == []
    assert page.context.cookies() == []


def test_the_checker_embedded_has_no_violations(live_server, page, other_origin):
    origin, pages = other_origin
    _organisation(live_server, "checkdorp", f'["{origin}"]')
    pages["/"] = (f'<!doctype html><html lang="nl"><head><title>Gemeente</title></head><body>'
                  f'<main><h1>Check</h1><iframe title="Is het nep?" width="800" height="900" '
                  f'src="{live_server.url}/embed/checkdorp/is-het-nep"></iframe></main></body>'
                  f"</html>")
    page.goto(origin + "/")
    page.wait_for_load_state("load")
    frame = next(f for f in page.frames if "/embed/checkdorp/" in f.url)
    frame.get_by_role("button", name="Er staat iemand aan de deur").click()
    frame.wait_for_url(re.compile(r"/is-het-nep/deur$"))
    assert "Wie staat er aan de deur?" in frame.inner_text("main")
    assert frame_violations(frame) == []


def test_read_aloud_stays_hidden_without_a_local_voice(live_server, page):
    page.goto(f"{live_server.url}/module/{MODULE}/les/1")  # the test machine has no voice
    assert not page.get_by_role("button", name="Lees voor").is_visible()
    remote = page.context.new_page()
    remote.add_init_script(VOICES_STUB % DUTCH_REMOTE)
    remote.goto(f"{live_server.url}/module/{MODULE}/les/1")
    remote.wait_for_load_state("load")
    assert not remote.get_by_role("button", name="Lees voor").is_visible()


def test_read_aloud_reads_block_by_block_and_highlights(live_server, page):
    page.add_init_script(VOICES_STUB % DUTCH_LOCAL)
    requests: list[str] = []
    page.goto(f"{live_server.url}/module/{MODULE}/les/1")
    button = page.locator("[data-read-aloud]")
    button.wait_for(state="visible")
    assert button.inner_text() == "Lees voor"
    page.on("request", lambda request: requests.append(request.url))
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert button.inner_text() == "Stop met voorlezen"
    title = page.evaluate("__start()")
    assert title == page.locator("article h1").inner_text()
    assert page.locator(".is-reading").inner_text() == title
    page.evaluate("__end()")
    second = page.evaluate("__start()")
    assert page.locator(".is-reading").inner_text() == second != title
    assert page.locator(".is-reading").evaluate("e => e.tagName") == "P"
    button.click()
    assert page.locator(".is-reading").count() == 0
    assert button.get_attribute("aria-pressed") == "false" and button.inner_text() == "Lees voor"
    assert requests == []  # reading aloud sends nothing anywhere
    assert axe_violations(page) == []


def test_read_aloud_on_the_checker(live_server, page):
    page.add_init_script(VOICES_STUB % DUTCH_LOCAL)
    page.goto(live_server.url + "/is-het-nep/bericht/nieuw-nummer/ja")
    page.get_by_role("button", name="Lees voor").click()
    first = page.evaluate("__start()")
    assert first == "Is het nep? · uitslag"
    assert axe_violations(page) == []

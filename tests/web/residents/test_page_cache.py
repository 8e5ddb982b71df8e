"""Resident pages from the render cache (awareness.web.pagecache): new content shows once it
is synced (here at once, in another process within CONTENT_CHECK_SECONDS), the language, the
learner's progress and the CSRF token stay per visitor, and HTTP revalidation (ETag, 304)
works only for visitors without cookies. On SQLite and, with DATABASE_URL, PostgreSQL."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from awareness.content.loader import load_library
from awareness.content.sync import sync_library
from awareness.extensions import db
from awareness.learning.models import ModuleProgress
from awareness.web.pagecache import EXTENSION, PageCache
from tests.support.content import write_module
from tests.web.residents.test_learning_flow import start, token

LESSON = "/module/jong-een/les/1"
LESSON_FILE = Path("modules/youth/jong-een/lessons/01-les-1.md")
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                    "Referrer-Policy": "same-origin"}


@pytest.fixture
def csrf_app(synced: Flask) -> Flask:
    synced.config["WTF_CSRF_ENABLED"] = True
    return synced


def cache(app: Flask) -> PageCache:
    kept: PageCache = app.extensions[EXTENSION]
    return kept


def rewrite_lesson(content_dir: Path, text: str) -> None:
    (content_dir / LESSON_FILE).write_text(f"# Les 1\n\n{text}\n")


def sync(app: Flask) -> None:
    library, problems = load_library(app.config["CONTENT_DIR"])
    sync_library(library, problems)


def test_anonymous_page_is_kept_and_revalidated_with_its_etag(synced, client):
    first = client.get(LESSON)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert "Cookie" in first.headers["Vary"]
    assert "Set-Cookie" not in first.headers
    etag = first.headers["ETag"]
    assert len(cache(synced)) == 1

    again = client.get(LESSON, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    other = client.get(LESSON, headers={"If-None-Match": '"1-nl-0000000000000000"'})
    assert other.status_code == 200
    assert other.data == first.data


@pytest.mark.parametrize("if_none_match", [None, "match"])
def test_kept_pages_keep_the_security_headers(synced, client, if_none_match):
    etag = client.get("/senioren").headers["ETag"]
    headers = {"If-None-Match": etag} if if_none_match else {}
    response = client.get("/senioren", headers=headers)
    assert response.status_code == (304 if if_none_match else 200)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_a_sync_shows_the_new_lesson_at_once_with_a_new_etag(synced, client, content_dir):
    before = client.get(LESSON)
    assert "Dit is een korte les" in before.text
    rewrite_lesson(content_dir, "Een herschreven les over nepberichten.")
    sync(synced)
    after = client.get(LESSON, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert "Een herschreven les over nepberichten." in after.text
    assert after.headers["ETag"] != before.headers["ETag"]


def test_a_sync_that_changes_nothing_keeps_the_pages(synced, client):
    etag = client.get(LESSON).headers["ETag"]
    sync(synced)
    assert len(cache(synced)) == 1
    assert client.get(LESSON).headers["ETag"] == etag


def test_a_retired_module_is_gone_at_once(synced, client, content_dir):
    write_module(content_dir, "youth", "extra")
    sync(synced)
    for path in ["/jongeren", "/module/extra", "/module/extra/les/1"]:
        assert client.get(path).status_code == 200
    assert "Module extra" in client.get("/jongeren").text
    shutil.rmtree(content_dir / "modules" / "youth" / "extra")
    sync(synced)
    assert client.get("/module/extra/les/1").status_code == 404
    assert client.get("/module/extra").status_code == 404
    assert "Module extra" not in client.get("/jongeren").text


def test_a_sync_in_another_process_shows_within_the_check_interval(
        synced, client, content_dir, database_url):
    """`flask content sync` run as its own process, as an operator does: this process learns
    of it from the database, at the latest CONTENT_CHECK_SECONDS (1 s) later."""
    kept = cache(synced)
    now = [1000.0]
    kept.clock = lambda: now[0]
    assert "Dit is een korte les" in client.get(LESSON).text
    rewrite_lesson(content_dir, "Geschreven door een ander proces.")
    env = {**os.environ, "DATABASE_URL": database_url, "CONTENT_DIR": str(content_dir),
           "AWARENESS_ENV": "development"}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "content", "sync"],
                          env=env, capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 0, done.stderr

    now[0] += 0.5  # within the interval this process may still show what it kept
    assert "Dit is een korte les" in client.get(LESSON).text
    now[0] += 0.5  # one second after its last look, it asks the database again
    assert "Geschreven door een ander proces." in client.get(LESSON).text


def test_each_language_is_kept_apart_with_its_own_etag(synced, app, fresh_locale):
    dutch, english = app.test_client(), app.test_client()
    english.set_cookie("lang", "en")
    for _ in range(2):  # the second round comes from the cache
        nl_page, en_page = dutch.get("/senioren"), english.get("/senioren")
        assert '<html lang="nl">' in nl_page.text and "Modules voor senioren" in nl_page.text
        assert '<html lang="en">' in en_page.text and "Modules voor senioren" not in en_page.text
        assert nl_page.headers["ETag"] != en_page.headers["ETag"]
    assert english.get("/senioren", headers={
        "If-None-Match": nl_page.headers["ETag"]}).status_code == 200


def test_csrf_tokens_stay_per_visitor(csrf_app, app):
    first, second = app.test_client(), app.test_client()
    token_one, token_two = token(first, "/module/jong-een"), token(second, "/module/jong-een")
    assert token_one != token_two
    # A token only works with the session it was made for.
    stolen = second.post("/module/jong-een/start", data={"csrf_token": token_one})
    assert stolen.status_code == 400
    assert first.post("/module/jong-een/start",
                      data={"csrf_token": token_one}).status_code == 302


def test_a_module_page_with_a_token_is_never_public(csrf_app, client):
    response = client.get("/module/jong-een")
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers
    assert "session" in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("learner_first", [True, False])
def test_progress_stays_with_its_learner(csrf_app, app, learner_first):
    learner, visitor = app.test_client(), app.test_client()
    if not learner_first:
        assert "Begin met de module" in visitor.get("/module/jong-een").text
    assert start(learner).status_code == 302
    assert "Verder met les 1" in learner.get("/module/jong-een").text
    page = visitor.get("/module/jong-een").text
    assert "Begin met de module" in page and "Verder met les" not in page
    assert "Verder met les 1" in learner.get("/module/jong-een").text


def test_pages_for_a_visitor_with_a_cookie_are_never_kept(csrf_app, client):
    start(client)
    cache(csrf_app)._pages.clear()  # what the start form's page left
    response = client.get(LESSON)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers
    assert len(cache(csrf_app)) == 0


def test_a_kept_lesson_still_records_the_learner_s_place(csrf_app, app):
    app.test_client().get("/module/jong-een/les/2")  # an anonymous visitor fills the cache
    learner = app.test_client()
    start(learner)
    response = learner.get("/module/jong-een/les/2")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    progress = db.session.scalars(sa.select(ModuleProgress)).one()
    db.session.refresh(progress)
    assert progress.last_lesson == 2
    assert "Verder met les 2" in learner.get("/module/jong-een").text


def test_a_tampered_learner_cookie_is_still_a_400_on_a_kept_page(synced, client):
    client.get(LESSON)
    client.set_cookie("learner", "aangepast.cookie")
    response = client.get(LESSON)
    assert response.status_code == 400


def test_embedded_pages_keep_their_own_organisation_s_frame_policy(synced, client):
    from tests.support.accounts import make_org

    alfa, _beta = make_org("alfa", "Gemeente Alfa"), make_org("beta", "Gemeente Beta")
    alfa.embed_origins = ["https://www.alfa.nl"]
    db.session.commit()
    for _ in range(2):
        site = client.get(LESSON)
        assert re.search(r"frame-ancestors 'none'", site.headers["Content-Security-Policy"])
        alfa_page = client.get("/embed/alfa" + LESSON)
        assert "frame-ancestors https://www.alfa.nl" in alfa_page.headers[
            "Content-Security-Policy"]
        beta_page = client.get("/embed/beta" + LESSON)
        assert "frame-ancestors 'none'" in beta_page.headers["Content-Security-Policy"]
        assert beta_page.headers["X-Frame-Options"] == "DENY"

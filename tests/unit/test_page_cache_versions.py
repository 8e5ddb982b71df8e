"""PageCache on its own: how often it asks for the content version, and what it keeps."""
from __future__ import annotations

from awareness.content import version as content_version
from awareness.extensions import db
from awareness.web.pagecache import PageCache


class Versions:
    """A stand-in for the database's version row that counts how often it is read."""

    def __init__(self) -> None:
        self.version, self.reads = 1, 0

    def __call__(self) -> int:
        self.reads += 1
        return self.version


def make(check_seconds: float = 1.0) -> tuple[PageCache, Versions, list[float]]:
    versions, now = Versions(), [0.0]
    return PageCache(versions, check_seconds, clock=lambda: now[0]), versions, now


def test_the_version_is_read_at_most_once_per_interval():
    cache, versions, now = make()
    cache.put("nl", "/", b"home", cache.version())
    for step in (0.1, 0.5, 0.9):
        now[0] = step
        assert cache.get("nl", "/") is not None
    assert versions.reads == 1
    now[0] = 1.0
    cache.get("nl", "/")
    assert versions.reads == 2


def test_a_new_version_drops_every_page():
    cache, versions, now = make()
    cache.put("nl", "/", b"home", cache.version())
    cache.put("en", "/", b"home", cache.version())
    versions.version = 2
    now[0] = 1.0
    assert cache.get("nl", "/") is None and len(cache) == 0


def test_a_change_made_by_this_process_is_seen_at_once(app):
    cache, versions, _now = make(check_seconds=3600)
    cache.put("nl", "/", b"home", cache.version())
    content_version.bump()  # the real one: it also tells this process's readers
    db.session.commit()
    assert content_version.current() == 1  # the first change inserts the row
    versions.version = 2
    assert cache.get("nl", "/") is None
    assert versions.reads == 2


def test_a_page_rendered_across_a_version_change_is_not_kept():
    cache, versions, now = make()
    started_at = cache.version()
    versions.version = 2
    now[0] = 1.0
    cache.version()
    page = cache.put("nl", "/", b"old", started_at)
    assert page.body == b"old" and len(cache) == 0


def test_the_etag_names_version_and_language():
    cache, _versions, _now = make()
    nl, en = cache.put("nl", "/", b"same", 1), cache.put("en", "/", b"same", 1)
    assert nl.etag.startswith("1-nl-") and en.etag.startswith("1-en-")
    assert nl.etag != en.etag

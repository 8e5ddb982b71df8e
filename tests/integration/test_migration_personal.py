"""The spaced_1 migration on a database with history: existing organisations keep "same",
every delivery and tally row of an existing round gets that round's question (as a version),
and the rounds' figures read the same afterwards."""
from __future__ import annotations

import json

import sqlalchemy as sa

from awareness.staffquiz.questions import version_hash
from tests.integration.test_migrations import _flask, empty_database_url  # noqa: F401

QUESTION = {"key": "phishing-001", "topic": "phishing", "text": "Vraag?",
            "options": [{"key": "a", "text": "Ja", "correct": True},
                        {"key": "b", "text": "Nee", "correct": False}],
            "explanation": "Uitleg.", "source": "BIO2", "module_slug": None,
            "content_hash": "abc"}
AT = "2026-01-06 08:00:00+00:00"


def _history(engine: sa.Engine) -> None:
    """Two rounds of the same question, one of another, two people, one tally: as 0001."""
    other = {**QUESTION, "key": "avg-001", "topic": "avg"}
    with engine.begin() as conn:
        run = conn.exec_driver_sql
        run("INSERT INTO organisation (id, slug, name, timezone, privacy_threshold, "
            "per_person_reports, retention_months, listed_for_residents, created_at) VALUES "
            f"(1, 'oud', 'Oud', 'Europe/Amsterdam', 5, false, 24, true, '{AT}')")
        for person in (1, 2):
            run("INSERT INTO staff_member (id, organisation_id, name, email, active, "
                f"created_at, token_generation) VALUES ({person}, 1, 'P{person}', "
                f"'p{person}@oud.nl', true, '{AT}', 0)")
        for number, question in ((1, QUESTION), (2, other), (3, QUESTION)):
            run("INSERT INTO quiz_round (id, organisation_id, number, slot_at, question_key, "
                "topic, question, opened_at, remind_at, closes_at) VALUES "
                f"({number}, 1, {number}, '2026-01-0{number} 08:00:00+00:00', "
                f"'{question['key']}', '{question['topic']}', "
                f"'{json.dumps(question)}', '{AT}', '{AT}', '{AT}')")
            for person in (1, 2):
                delivery = 10 * number + person
                run("INSERT INTO delivery (id, round_id, staff_member_id, created_at) VALUES "
                    f"({delivery}, {number}, {person}, '{AT}')")
        run(f"INSERT INTO answer (delivery_id, round_id, option_key, correct, answered_at) "
            f"VALUES (11, 1, 'a', true, '{AT}')")
        run("INSERT INTO round_tally (round_id, option_key, correct, deliveries, seconds_sum, "
            "seconds_count) VALUES (1, 'a', true, 1, 0, 0)")


def test_existing_rounds_get_their_question_and_organisations_keep_same(
        empty_database_url: str) -> None:  # noqa: F811
    assert _flask(empty_database_url, "db", "upgrade", "security_1").returncode == 0
    engine = sa.create_engine(empty_database_url)
    _history(engine)
    upgrade = _flask(empty_database_url, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    with engine.connect() as conn:
        q = conn.exec_driver_sql
        assert q("SELECT question_mode FROM organisation").scalars().all() == ["same"]
        versions = {key: (id_, digest) for id_, key, digest in
                    q("SELECT id, key, version_hash FROM quiz_question")}
        # One version per distinct question, hashed as the application hashes it.
        assert set(versions) == {"phishing-001", "avg-001"}
        assert versions["phishing-001"][1] == version_hash(QUESTION)
        phishing, avg = versions["phishing-001"][0], versions["avg-001"][0]
        assert dict(q("SELECT id, question_id FROM delivery").all()) == {
            11: phishing, 12: phishing, 21: avg, 22: avg, 31: phishing, 32: phishing}
        assert q("SELECT question_id FROM round_tally").scalars().all() == [phishing]
        assert q("SELECT count(*) FROM delivery WHERE option_order IS NULL").scalar() == 6
        # Nothing was lost on the way (SQLite rebuilds tables to alter them).
        assert q("SELECT count(*) FROM answer").scalar() == 1
        assert q("SELECT count(*) FROM staff_member").scalar() == 2
        conn.exec_driver_sql(
            "INSERT INTO organisation (id, slug, name, timezone, privacy_threshold, "
            "per_person_reports, retention_months, listed_for_residents, created_at) VALUES "
            f"(2, 'nieuw', 'Nieuw', 'Europe/Amsterdam', 5, false, 24, true, '{AT}')")
        # A new organisation that the application did not set gets the new default.
        assert q("SELECT question_mode FROM organisation WHERE slug = 'nieuw'").scalar() == \
            "personal"
    engine.dispose()
    check = _flask(empty_database_url, "db", "check")
    assert "No new upgrade operations detected" in check.stdout + check.stderr

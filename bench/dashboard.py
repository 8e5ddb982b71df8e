"""Dashboard benchmark: the coordinator dashboard (GET /beheer/) against the bare SQL it runs.

How to run (PostgreSQL on 127.0.0.1, trust auth):

    .venv/bin/python -m bench.dashboard                # creates database awareness_bench_dash
    DATABASE_URL=postgresql+psycopg://... .venv/bin/python -m bench.dashboard --staff 20000 \
        --rounds 50 --answer-rate 1.0 --repeat 41

It (re)creates the schema, fills it with SQL (generate_series, not the ORM): one organisation,
20 departments, 20,000 staff, 50 weekly rounds in the last year, one delivery per person per
round (1,000,000) and, at --answer-rate 1.0, 1,000,000 answers (the issue's figure; lower it for
a more realistic participation). It logs in as a coordinator through the real pages (password
and TOTP) with the Flask test client, captures every SQL statement one dashboard request
executes, then times, in the same run and in turns (page, replay, page, ...), the page and a
replay of exactly those statements on a bare psycopg connection. Medians of both and their
ratio are printed for two states:

* "tallied": every closed round is in the round_tally aggregate (what the daily retention job,
  or closing a round, does), the newest round is open and counted from live rows;
* "live": no tallies at all, every figure is counted from the 1,000,000 delivery/answer rows.

Method. The baseline is the page's own SQL: exactly the statements one request ran, with
their parameters, replayed on a bare psycopg connection (no ORM, no Flask), so the ratio is
what the page adds to the database work it cannot avoid. Both run in this process (the page
through the Flask test client, without HTTP), in turns, and the medians are compared: on a
shared 2-core VM timing one after the other gave ratios from 1.6 to 2.5 for the same code.

Target (issue 5): page <= 1.5 x bare queries and < 500 ms median, in the tallied state. What
makes it fast: the round_tally aggregate (round x department x option) and the existing
indexes on delivery.round_id, answer.delivery_id (unique) and round_tally.round_id.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyotp
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._load import ensure_database  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/awareness_bench_dash"
PASSWORD = "benchmark password that is long"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    ensure_database(DEFAULT_URL)
    return DEFAULT_URL


FILL = [
    "INSERT INTO organisation (id, slug, name, timezone, privacy_threshold, per_person_reports,"
    " retention_months, listed_for_residents, created_at) VALUES (1, 'bench', 'Gemeente Bench',"
    " 'Europe/Amsterdam', 5, false, 24, true, now())",
    "INSERT INTO department (id, organisation_id, name) SELECT g, 1, 'Afdeling ' || g"
    " FROM generate_series(1, 20) g",
    "INSERT INTO staff_member (id, organisation_id, department_id, name, email, active,"
    " created_at, token_generation, intro_completed_at) SELECT g, 1, 1 + g % 20,"
    " 'Medewerker ' || g, 'm' || g || '@bench.nl', true, now() - interval '2 years', 0,"
    " CASE WHEN g % 3 = 0 THEN NULL ELSE now() - interval '1 year' END"
    " FROM generate_series(1, :staff) g",
    "INSERT INTO quiz_round (id, organisation_id, number, slot_at, question_key, topic, question,"
    " opened_at, remind_at, closes_at, closed_at) SELECT r, 1, r,"
    " now() - (:rounds - r) * interval '7 days' - interval '1 hour', 'q' || r,"
    " CASE WHEN r % 2 = 0 THEN 'phishing' ELSE 'wachtwoorden' END,"
    " json_build_object('text', 'Vraag ' || r, 'options', json_build_array("
    "   json_build_object('key', 'a', 'text', 'Ja', 'correct', true),"
    "   json_build_object('key', 'b', 'text', 'Nee', 'correct', false),"
    "   json_build_object('key', 'c', 'text', 'Misschien', 'correct', false))),"
    " now() - (:rounds - r) * interval '7 days' - interval '1 hour',"
    " now() - (:rounds - r) * interval '7 days' + interval '5 days',"
    " now() - (:rounds - r) * interval '7 days' + interval '14 days',"
    " CASE WHEN r < :rounds THEN now() - (:rounds - r) * interval '7 days' END"
    " FROM generate_series(1, :rounds) r",
    # Every delivery records its question: here the round's, as in "same" mode.
    "INSERT INTO quiz_question (id, key, topic, version_hash, question, created_at)"
    " SELECT r.id, r.question_key, r.topic, md5(r.question::text), r.question, now()"
    " FROM quiz_round r",
    "INSERT INTO delivery (round_id, staff_member_id, department_id, question_id, created_at,"
    " sent_at) SELECT r.id, s.id, s.department_id, r.id, r.opened_at, r.opened_at"
    # Round by round, as the fan-out writes them (a round's deliveries sit together on disk).
    " FROM quiz_round r CROSS JOIN staff_member s ORDER BY r.id, s.id",
    "INSERT INTO answer (delivery_id, round_id, option_key, correct, answered_at,"
    " seconds_to_answer) SELECT d.id, d.round_id, o.k, o.k = 'a',"
    " d.created_at + (d.id % 86400) * interval '1 second', d.id % 86400"
    " FROM delivery d CROSS JOIN LATERAL (SELECT CASE WHEN d.id % 10 < 7 THEN 'a'"
    " WHEN d.id % 10 < 9 THEN 'b' ELSE 'c' END AS k) o WHERE random() < :rate ORDER BY d.id",
]


def fill(app: Any, staff: int, rounds: int, rate: float) -> int:
    from awareness.accounts import passwords
    from awareness.accounts.models import User
    from awareness.accounts.secrets import seal
    from awareness.extensions import db
    from awareness.timeutil import utcnow

    with app.app_context():
        db.drop_all()
        db.create_all()
        for statement in FILL:
            db.session.execute(sa.text(statement),
                               {"staff": staff, "rounds": rounds, "rate": rate})
        secret = pyotp.random_base32()
        db.session.add(User(email="coord@bench.nl", role="coordinator", organisation_id=1,
                            password_hash=passwords.hash_password(PASSWORD),
                            totp_secret_sealed=seal(secret),
                            totp_enabled_at=utcnow()))
        db.session.commit()
        answers = db.session.scalar(sa.text("SELECT count(*) FROM answer"))
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
    app.config["BENCH_SECRET"] = secret
    return int(answers or 0)


def reuse(app: Any) -> int:
    from awareness.accounts.secrets import unseal
    from awareness.extensions import db

    with app.app_context():
        app.config["BENCH_SECRET"] = unseal(db.session.scalar(sa.text(
            "SELECT totp_secret_sealed FROM user_account WHERE email = 'coord@bench.nl'")))
        return int(db.session.scalar(sa.text("SELECT count(*) FROM answer")) or 0)


def login(app: Any) -> Any:
    client = app.test_client()

    def token(path: str) -> str:
        page = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)  # type: ignore[union-attr]

    client.post("/beheer/inloggen", data={"csrf_token": token("/beheer/inloggen"),
                                          "email": "coord@bench.nl", "password": PASSWORD})
    code = pyotp.TOTP(app.config["BENCH_SECRET"]).now()
    client.post("/beheer/tweede-stap", data={"csrf_token": token("/beheer/tweede-stap"),
                                             "code": code})
    assert client.get("/beheer/").status_code == 200, "login failed"
    return client


def capture(app: Any, client: Any) -> list[tuple[str, Any]]:
    from awareness.extensions import db

    statements: list[tuple[str, Any]] = []

    def listener(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get("/beheer/").status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    return statements


def interleaved_medians(first: Callable[[], None], second: Callable[[], None],
                        repeat: int) -> tuple[float, float]:
    """Median ms of each action, run in turns so that both see the same machine: on a shared
    2-core VM the background load drifts within seconds, and timing one after the other
    would credit that drift to whichever ran in the quieter half."""
    first(), second()  # warm caches
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for action, bucket in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            action()
            bucket.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def measure(app: Any, client: Any, label: str, repeat: int) -> tuple[float, float]:
    from awareness.extensions import db

    statements = capture(app, client)
    with app.app_context():
        raw = db.engine.raw_connection()

    def replay() -> None:
        cursor = raw.cursor()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            if cursor.description:
                cursor.fetchall()
        raw.rollback()

    def page() -> None:
        assert client.get("/beheer/").status_code == 200

    page_ms, bare_ms = interleaved_medians(page, replay, repeat)
    raw.close()
    print(f"{label:<9} page {page_ms:8.1f} ms   bare SQL ({len(statements)} statements) "
          f"{bare_ms:8.1f} ms   ratio {page_ms / bare_ms:5.2f}")
    return page_ms, bare_ms


def set_tallies(app: Any, tallied: bool) -> None:
    from awareness.extensions import db
    from awareness.reports.aggregates import tally_closed_rounds
    from awareness.timeutil import utcnow

    with app.app_context():
        db.session.execute(sa.text("DELETE FROM round_tally"))
        db.session.execute(sa.text("DELETE FROM tallied_round"))
        if tallied:
            tally_closed_rounds(utcnow())
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE round_tally"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--answer-rate", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=41)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the data of an earlier run (skip the fill)")
    args = parser.parse_args()

    from awareness import create_app

    app = create_app({"ENV_NAME": "development", "SQLALCHEMY_DATABASE_URI": database_url(),
                      "SERVER_NAME": "localhost",
                      "SECRET_KEY": "benchmark-secret-key-0123456789abcdef",
                      "RATELIMIT_ENABLED": False})
    started = time.perf_counter()
    if args.reuse:
        answers = reuse(app)
        print(f"reused: {answers} answers")
    else:
        answers = fill(app, args.staff, args.rounds, args.answer_rate)
        print(f"filled: {args.staff} staff, {args.rounds} rounds, {args.staff * args.rounds} "
              f"deliveries, {answers} answers in {time.perf_counter() - started:.1f} s")
    client = login(app)
    results = {}
    for label, tallied in (("tallied", True), ("live", False)):
        start = time.perf_counter()
        set_tallies(app, tallied)
        print(f"{label}: tallies prepared in {time.perf_counter() - start:.1f} s")
        results[label] = measure(app, client, label, args.repeat)
    page_ms, bare_ms = results["tallied"]
    ok = page_ms <= 1.5 * bare_ms and page_ms < 500
    print(f"target (tallied): page <= 1.5 x bare and < 500 ms: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()

"""Benchmark: staff answers confirmed through personal links, on PostgreSQL under gunicorn.

    make setup && .venv/bin/python bench/answers.py [--answers 4000] [--clients 16] [--workers 2]

Needs the PostgreSQL server: DATABASE_URL, default
postgresql+psycopg://postgres@127.0.0.1/awareness_bench (created if missing, emptied each run).
Prepares one round with N deliveries (N staff), starts gunicorn with 2+ workers serving
wsgi:app, and runs 16 client threads that each GET the confirm page (for the CSRF token and
cookie) and POST the answer, each over its own keep-alive connection. Prints answers/s and
checks by counting rows that no answer was lost or stored twice. Target: >= 300 answers/s.
"""
from __future__ import annotations

import argparse
import http.client
import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from awareness import create_app  # noqa: E402
from awareness.content.loader import load_library  # noqa: E402
from awareness.content.sync import sync_library  # noqa: E402
from awareness.extensions import db  # noqa: E402
from awareness.organisations.models import Department, StaffMember  # noqa: E402
from awareness.organisations.services import create_organisation  # noqa: E402
from awareness.staffquiz import tokens  # noqa: E402
from awareness.staffquiz.models import Answer, Delivery  # noqa: E402
from awareness.staffquiz.services import send_round_now  # noqa: E402
from awareness.timeutil import utcnow  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1/awareness_bench"
SECRET = "bench-secret-key-0123456789abcdef0123456789"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def ensure_database(url: str) -> None:
    engine = sa.create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    name = url.rsplit("/", 1)[1]
    with engine.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def prepare(url: str, count: int) -> list[tuple[str, str]]:
    """A fresh schema, the shipped content, one organisation with `count` staff and one open
    round. Returns (token, option) per delivery."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET,
                      "CONTENT_DIR": str(ROOT / "content"), "PUBLIC_URL": "http://127.0.0.1"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        library, problems = load_library(app.config["CONTENT_DIR"])
        sync_library(library, problems)
        org = create_organisation("bench", "Gemeente Bench")
        department = Department(organisation_id=org.id, name="Burgerzaken")
        db.session.add(department)
        db.session.flush()
        db.session.execute(sa.insert(StaffMember), [
            {"organisation_id": org.id, "department_id": department.id, "name": f"Medewerker {n}",
             "email": f"m{n}@bench.example", "active": True, "token_generation": 0,
             "created_at": utcnow()} for n in range(count)])
        db.session.commit()
        started = time.perf_counter()
        opened = send_round_now(org.id, utcnow())
        print(f"round opened for {opened.deliveries} staff in "
              f"{time.perf_counter() - started:.1f} s (deliveries + rendered e-mails)")
        ids = db.session.scalars(sa.select(Delivery.id).order_by(Delivery.id)).all()
        keys = ["a", "b", "c"]
        return [(tokens.make(tokens.ANSWER, i, 0), keys[i % 3]) for i in ids]


def start_gunicorn(url: str, workers: int, threads: int) -> tuple[subprocess.Popen, int]:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "PYTHONPATH": str(ROOT),
           "CONTENT_DIR": str(ROOT / "content"),
           "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://")}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class",
         "gthread", "--threads", str(threads), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def client(port: int, work: queue.Queue, results: list[int], errors: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookie = ""
    while True:
        try:
            token, option = work.get_nowait()
        except queue.Empty:
            break
        path = f"/m/a/{token}/{option}"
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        page = conn.getresponse()
        body = page.read().decode()
        for header in page.msg.get_all("Set-Cookie") or []:
            if header.startswith("session="):
                cookie = header.split(";")[0]
        match = CSRF.search(body)
        if page.status != 200 or match is None:
            errors.append(f"GET {page.status}")
            continue
        form = urlencode({"csrf_token": match.group(1), "option": option})
        conn.request("POST", path, body=form, headers={
            "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        answer = conn.getresponse()
        text = answer.read().decode()
        if answer.status == 200 and ("Goed gedaan" in text or "niet het goede" in text):
            results.append(1)
        else:
            errors.append(f"POST {answer.status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL).replace("postgresql://",
                                                              "postgresql+psycopg://", 1)
    ensure_database(url)
    links = prepare(url, args.answers)
    work: queue.Queue = queue.Queue()
    for link in links:
        work.put(link)
    process, port = start_gunicorn(url, args.workers, args.threads)
    results: list[int] = []
    errors: list[str] = []
    try:
        threads = [threading.Thread(target=client, args=(port, work, results, errors))
                   for _ in range(args.clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(10)
    verify(url, len(links), len(results), errors, elapsed, args)


def verify(url: str, expected: int, confirmed: int, errors: list[str], elapsed: float,
           args: argparse.Namespace) -> None:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        stored = conn.scalar(sa.select(sa.func.count(Answer.id)))
        distinct = conn.scalar(sa.select(sa.func.count(sa.distinct(Answer.delivery_id))))
    engine.dispose()
    rate = confirmed / elapsed if elapsed else 0.0
    print(f"{args.clients} clients, gunicorn {args.workers} workers x {args.threads} threads")
    print(f"answers confirmed: {confirmed} of {expected} in {elapsed:.1f} s = {rate:.0f} "
          f"answers/s (each a GET + POST)   target >= 300")
    print(f"rows: {stored} answers for {distinct} deliveries; lost {expected - stored}, "
          f"duplicated {stored - distinct}; client errors {len(errors)} {errors[:5]}")
    ok = stored == distinct == expected == confirmed and not errors
    print("OK" if ok and rate >= 300 else ("OK (below target)" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

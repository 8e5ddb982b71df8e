"""Benchmark: staff answers confirmed through personal links, on PostgreSQL under gunicorn.

    make setup && .venv/bin/python bench/answers.py [--answers 4000] [--clients 16] [--workers 2]

Needs the PostgreSQL server: DATABASE_URL, default
postgresql+psycopg://postgres@127.0.0.1/awareness_bench (created if missing, emptied each run).
Prepares one round with N deliveries (N staff) and starts gunicorn serving wsgi:app. Then 16
clients, each over its own keep-alive connection, work through the links in two timed phases,
the way people do: first every link is opened (GET: the confirm page with the option
preselected, its CSRF token and a session cookie per person), then every answer is confirmed
(POST with that person's cookie and token). The target is on the second phase, confirmed
answers per second: >= 300. The open rate and the rate of the whole flow (GET + POST per
answer) are printed beside it. Rows are counted afterwards: no answer lost or stored twice.

The clients are asyncio streams sending prepared requests, so that the load generator takes
as little as possible of the two cores the server also runs on.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
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
from bench._load import ensure_database, start_gunicorn  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1/awareness_bench"
SECRET = "bench-secret-key-0123456789abcdef0123456789"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def prepare(url: str, count: int) -> list[tuple[str, str]]:
    """A fresh schema, the shipped content, one organisation with `count` staff and one open
    round. Returns (token, option) per delivery."""
    app = create_app({"ENV_NAME": "development", "SQLALCHEMY_DATABASE_URI": url,
                      "SECRET_KEY": SECRET,
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
        db.session.commit()
    with app.app_context(), db.engine.connect() as conn:
        # Fresh tables have no planner statistics yet; a live database has them.
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("ANALYZE"))
        keys = ["a", "b", "c"]
        return [(tokens.make(tokens.ANSWER, i, 0), keys[i % 3]) for i in ids]


@dataclass
class Person:
    """One staff member's link, and what opening it gave them."""

    token: str
    option: str
    cookie: str = ""
    csrf: str = ""

    @property
    def path(self) -> str:
        return f"/m/a/{self.token}/{self.option}"


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                   request: bytes) -> tuple[int, dict[str, list[str]], str]:
    """One HTTP/1.1 request on a keep-alive connection: (status, headers, body)."""
    writer.write(request)
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in head[1:]:
        if line:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
    body = await reader.readexactly(int(headers.get("content-length", ["0"])[0]))
    return int(head[0].split()[1]), headers, body.decode()


def open_request(person: Person) -> bytes:
    return f"GET {person.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


def confirm_request(person: Person) -> bytes:
    form = urlencode({"csrf_token": person.csrf, "option": person.option}).encode()
    return (f"POST {person.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {person.cookie}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(form)}\r\n\r\n").encode() + form


def read_open(person: Person, status: int, headers: dict[str, list[str]], body: str) -> bool:
    match = CSRF.search(body)
    cookie = next((c.split(";")[0] for c in headers.get("set-cookie", [])
                   if c.startswith("session=")), "")
    if status != 200 or match is None or not cookie:
        return False
    person.cookie, person.csrf = cookie, match.group(1)
    return True


def read_confirm(person: Person, status: int, headers: dict[str, list[str]], body: str) -> bool:
    return status == 200 and ("Goed gedaan" in body or "niet het goede" in body)


async def phase(port: int, clients: int, people: list[Person], build: Callable[[Person], bytes],
                check: Callable[..., bool]) -> tuple[float, list[str]]:
    """Every person's request once, over `clients` connections; (seconds, errors)."""
    work = iter(people)
    errors: list[str] = []

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for person in work:
            request = build(person)
            status, headers, body = await exchange(reader, writer, request)
            if not check(person, status, headers, body):
                errors.append(f"{request.split(b' ', 1)[0].decode()} {status}")
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return time.perf_counter() - started, errors


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
    people = [Person(token, option) for token, option in prepare(url, args.answers)]
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET, "CONTENT_DIR": str(ROOT / "content"),
           "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://")}
    process, base_url = start_gunicorn("wsgi:app", env, args.workers, args.threads)
    port = int(base_url.rsplit(":", 1)[1])
    try:
        opened, open_errors = asyncio.run(phase(port, args.clients, people, open_request,
                                                read_open))
        ready = [person for person in people if person.csrf]
        confirmed, confirm_errors = asyncio.run(phase(port, args.clients, ready,
                                                      confirm_request, read_confirm))
    finally:
        process.terminate()
        process.wait(10)
    print(f"{args.clients} clients, gunicorn {args.workers} workers x {args.threads} threads, "
          f"{len(people)} links")
    print(f"opened:    {len(ready)} confirm pages in {opened:.1f} s = "
          f"{len(ready) / opened:.0f} pages/s")
    print(f"whole flow (GET + POST per answer): {len(ready) / (opened + confirmed):.0f} answers/s")
    verify(url, len(people), len(ready) - len(confirm_errors), open_errors + confirm_errors,
           confirmed, args)


def verify(url: str, expected: int, confirmed: int, errors: list[str], elapsed: float,
           args: argparse.Namespace) -> None:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        stored = conn.scalar(sa.select(sa.func.count(Answer.id)))
        distinct = conn.scalar(sa.select(sa.func.count(sa.distinct(Answer.delivery_id))))
    engine.dispose()
    rate = confirmed / elapsed if elapsed else 0.0
    print(f"confirmed: {confirmed} of {expected} answers in {elapsed:.1f} s = {rate:.0f} "
          f"answers/s   target >= 300")
    print(f"rows: {stored} answers for {distinct} deliveries; lost {expected - stored}, "
          f"duplicated {stored - distinct}; client errors {len(errors)} {errors[:5]}")
    ok = stored == distinct == expected == confirmed and not errors
    print("OK" if ok and rate >= 300 else ("OK (below target)" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

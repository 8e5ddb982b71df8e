"""Benchmark: staff answers through personal links on PostgreSQL under gunicorn, against a
bare Flask app doing the same round trips, in the same run.

    make setup && .venv/bin/python bench/answers.py [--answers 4000] [--clients 16] [--rounds 4]

Needs the PostgreSQL server: DATABASE_URL, default
postgresql+psycopg://postgres@127.0.0.1/awareness_bench (created if missing, emptied each run).

Method. One round with N deliveries (N staff) is prepared with the real services. In-process,
with libpq's protocol trace on, one link is opened and confirmed to count the PostgreSQL round
trips (ReadyForQuery messages) a GET and a POST cost in steady state. The baseline,
bench/bare_answers.py, is bare Flask (no session, CSRF, limiter or translations) making as many
round trips per request on one autocommit psycopg connection per thread (the confirmation an
INSERT into a table with a unique key) and rendering template files of about the app's page
sizes. Both run under gunicorn with the same workers and threads, both are up for the whole
run. 16 clients (asyncio streams with prepared requests, each over its own keep-alive
connection, so the load generator takes little of the two cores) work through the links the
way people do: first every link is opened (GET: the confirm page with the option preselected,
its CSRF token, and any cookie the page sets, which a browser would send back), then every
answer is confirmed (POST with that token and cookie). The links are split into --rounds
slices, and per slice the app and the baseline take turns (open, open, confirm, confirm), so
both see the same machine load.
Printed: both rates per phase and for the whole flow (GET + POST per answer), their ratios, the
CPU time per answer of each side's workers, of PostgreSQL and of the clients (on Linux; a
steadier figure than the rates, which follow the machine's load), and the rows: no answer lost
or stored twice, for the app and the baseline alike. The app keeps
its rate limits (memory storage, counted on every request), but the per-address limit for
staff links is raised to cover the run: the 16 clients share one address, where the people
they stand for have many.
Target (issue 16): the app's whole flow >= 300 answers/s with 0 lost and 0 duplicated.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Flask

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from awareness import create_app  # noqa: E402
from awareness.content.loader import load_library  # noqa: E402
from awareness.content.sync import sync_library  # noqa: E402
from awareness.extensions import db  # noqa: E402
from awareness.organisations.models import Department, StaffMember  # noqa: E402
from awareness.organisations.services import create_organisation  # noqa: E402
from awareness.staffquiz import tokens  # noqa: E402
from awareness.staffquiz.models import Delivery  # noqa: E402
from awareness.staffquiz.services import send_round_now  # noqa: E402
from awareness.timeutil import utcnow  # noqa: E402
from bench._load import (  # noqa: E402
    ensure_database,
    load_average,
    ratio_line,
    start_gunicorn,
    stop,
)

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1/awareness_bench"
SECRET = "bench-secret-key-0123456789abcdef0123456789"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
COUNTED = 6  # links used to count round trips, not part of the timed run
BARE_TABLE = ("CREATE TABLE bare_answer (token text PRIMARY KEY, option_key text NOT NULL, "
              "answered_at timestamptz NOT NULL DEFAULT now())")


def _app(url: str) -> Flask:
    return create_app({"ENV_NAME": "development", "SQLALCHEMY_DATABASE_URI": url,
                       "SECRET_KEY": SECRET,
                       "CONTENT_DIR": str(ROOT / "content"), "PUBLIC_URL": "http://127.0.0.1"})


def prepare(url: str, count: int) -> list[tuple[str, str]]:
    """A fresh schema, the shipped content, one organisation with `count` staff and one open
    round, and the baseline's table. Returns (token, option) per delivery."""
    app = _app(url)
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
        print(f"setup: round opened for {opened.deliveries} staff in "
              f"{time.perf_counter() - started:.1f} s (deliveries + rendered e-mails)")
        ids = db.session.scalars(sa.select(Delivery.id).order_by(Delivery.id)).all()
        db.session.commit()
    with app.app_context(), db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(sa.text("DROP TABLE IF EXISTS bare_answer"))
        conn.execute(sa.text(BARE_TABLE))
        # Fresh tables have no planner statistics yet; a live database has them. Then settle
        # the machine: the setup's writes (and a benchmark run just before, in `make bench`)
        # would otherwise still be flushed to disk while the timed part commits answers.
        conn.execute(sa.text("ANALYZE"))
        conn.execute(sa.text("CHECKPOINT"))
        os.sync()
        keys = ["a", "b", "c"]
        return [(tokens.make(tokens.ANSWER, i, 0), keys[i % 3]) for i in ids]


def count_round_trips(url: str, links: list[tuple[str, str]]) -> tuple[int, int]:
    """PostgreSQL round trips of one GET and one POST of an answer link, in steady state: the
    fewest seen over a few links (psycopg prepares a statement on its fifth use, which costs
    one extra round trip once per connection). Counted from libpq's protocol trace."""
    app = _app(url)
    traced: list[Any] = []
    handle, trace = tempfile.mkstemp(suffix=".trace")

    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.pgconn.trace(handle)
        traced.append(dbapi_conn)

    def seen() -> int:
        for conn in traced:  # untrace flushes libpq's buffered trace file
            conn.pgconn.untrace()
            conn.pgconn.trace(handle)
        return Path(trace).read_text().count("\tReadyForQuery\t")

    with app.app_context():
        sa.event.listen(db.engine, "connect", on_connect)
        client = app.test_client()
        trips: tuple[list[int], list[int]] = ([], [])
        for token, option in links:
            path, before = f"/m/a/{token}/{option}", seen()
            page = client.get(path).get_data(as_text=True)
            middle = seen()
            token_match = CSRF.search(page)
            assert token_match is not None, "no CSRF token on the confirm page"
            client.post(path, data={"csrf_token": token_match.group(1), "option": option})
            trips[0].append(middle - before)
            trips[1].append(seen() - middle)
        db.session.execute(sa.text("DELETE FROM answer"))  # only the timed links count later
        db.session.commit()
        db.engine.dispose()
    os.close(handle)
    os.unlink(trace)
    return min(trips[0]), min(trips[1])


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
    cookie = f"Cookie: {person.cookie}\r\n" if person.cookie else ""
    return (f"POST {person.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{cookie}"
            f"Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(form)}\r\n\r\n").encode() + form


def read_open(person: Person, status: int, headers: dict[str, list[str]], body: str) -> bool:
    """The confirm page arrived with its token; cookies it set go back with the confirmation
    (the app sets none on a personal link: its token is bound to the link)."""
    match = CSRF.search(body)
    cookie = "; ".join(c.split(";")[0] for c in headers.get("set-cookie", []))
    if status != 200 or match is None:
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


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:  # gone, or not Linux
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(child) for child in children.read().split()]
    except OSError:
        return []


def _postgres_backends() -> list[int]:
    pids = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/comm") as comm:
                if comm.read().strip() == "postgres":
                    pids.append(int(entry))
        except OSError:  # ended meanwhile
            continue
    return pids


Sample = tuple[dict[int, float], dict[int, float], float]


@dataclass
class Cpu:
    """CPU seconds (user and system, from Linux's /proc) while one side's phases run: its
    gunicorn workers, PostgreSQL's processes and this process's clients. The sides take turns,
    so PostgreSQL's time in a phase is that side's. A process that ends within a phase takes its
    time with it (none does in a run: workers and pooled connections stay)."""

    server: int
    workers: float = 0.0
    postgres: float = 0.0
    clients: float = 0.0

    def sample(self) -> Sample:
        return ({pid: _cpu_seconds(pid) for pid in _children(self.server)},
                {pid: _cpu_seconds(pid) for pid in _postgres_backends()}, time.process_time())

    def add(self, before: Sample) -> None:
        after = self.sample()
        self.workers += _spent(before[0], after[0])
        self.postgres += _spent(before[1], after[1])
        self.clients += after[2] - before[2]


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


@dataclass
class Side:
    """The app or the baseline: its server, its people and what the phases measured."""

    label: str
    port: int
    people: list[Person]
    cpu: Cpu
    opened: int = 0
    open_seconds: float = 0.0
    confirmed: int = 0
    confirm_seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def open(self, people: list[Person], clients: int) -> None:
        before = self.cpu.sample()
        seconds, errors = asyncio.run(phase(self.port, clients, people, open_request,
                                            read_open))
        self.cpu.add(before)
        self.open_seconds += seconds
        self.opened += sum(1 for person in people if person.csrf)
        self.errors += errors

    def confirm(self, people: list[Person], clients: int) -> None:
        ready = [person for person in people if person.csrf]
        before = self.cpu.sample()
        seconds, errors = asyncio.run(phase(self.port, clients, ready, confirm_request,
                                            read_confirm))
        self.cpu.add(before)
        self.confirm_seconds += seconds
        self.confirmed += len(ready) - len(errors)
        self.errors += errors

    @property
    def flow_rate(self) -> float:
        return self.confirmed / (self.open_seconds + self.confirm_seconds)


def slices(people: list[Person], rounds: int) -> Iterator[list[Person]]:
    size = -(-len(people) // rounds)
    for start in range(0, len(people), size):
        yield people[start:start + size]


def race(app: Side, bare: Side, rounds: int, clients: int) -> None:
    """Per slice of links: open them on both sides, then confirm them on both sides; the
    side that goes first alternates."""
    for turn, (mine, theirs) in enumerate(zip(slices(app.people, rounds),
                                              slices(bare.people, rounds), strict=True)):
        pairs = [(app, mine), (bare, theirs)]
        if turn % 2:
            pairs.reverse()
        for side, people in pairs:
            side.open(people, clients)
        for side, people in pairs:
            side.confirm(people, clients)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    parser.add_argument("--rounds", type=int, default=4, help="slices taken in turns")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL).replace("postgresql://",
                                                              "postgresql+psycopg://", 1)
    ensure_database(url)
    links = prepare(url, args.answers + COUNTED)
    get_trips, post_trips = count_round_trips(url, links[:COUNTED])
    links = links[COUNTED:]
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET, "CONTENT_DIR": str(ROOT / "content"),
           "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
           # The 16 clients share one address, where the people they stand for have many: the
           # per-address limit is raised to cover the run (it is still counted, as in
           # production); the per-link limit stays as it is.
           "STAFF_ADDRESS_LIMIT": "1000000/minute"}
    bare_env = {"BARE_DATABASE_URL": url.replace("postgresql+psycopg://", "postgresql://", 1),
                "BARE_GET_TRIPS": str(get_trips), "BARE_POST_TRIPS": str(post_trips)}
    process, base_url = start_gunicorn("wsgi:app", env, args.workers, args.threads)
    bare_process, bare_url = start_gunicorn("bench.bare_answers:app", bare_env, args.workers,
                                            args.threads)
    app = Side("app", int(base_url.rsplit(":", 1)[1]), [Person(*link) for link in links],
               Cpu(process.pid))
    bare = Side("bare Flask", int(bare_url.rsplit(":", 1)[1]), [Person(*link) for link in links],
                Cpu(bare_process.pid))
    loads = [load_average()]
    try:
        race(app, bare, args.rounds, args.clients)
    finally:
        stop(process)
        stop(bare_process)
    loads.append(load_average())
    print(f"load average (1 min) at start and end of the timed part: {loads[0]} / {loads[1]}")
    print(f"{args.clients} clients; gunicorn {args.workers} workers x {args.threads} threads "
          f"each; {len(links)} links per side in {args.rounds} slices; PostgreSQL round trips "
          f"per request (app, counted; the baseline makes as many): GET {get_trips}, "
          f"POST {post_trips}")
    report(app, bare)
    sys.exit(0 if verify(url, app, "answer", "delivery_id") & verify(url, bare, "bare_answer",
                                                                     "token") else 1)


def report(app: Side, bare: Side) -> None:
    for name, count, seconds in (("open (GET)", "opened", "open_seconds"),
                                 ("confirm (POST)", "confirmed", "confirm_seconds")):
        rates = [getattr(s, count) / getattr(s, seconds) for s in (app, bare)]
        print(f"{name:<16} app {rates[0]:6.0f}/s   bare Flask {rates[1]:6.0f}/s   "
              + ratio_line("app / bare", rates[0], rates[1]))
    print(f"{'whole flow':<16} app {app.flow_rate:6.0f}/s   bare Flask {bare.flow_rate:6.0f}/s   "
          + ratio_line("app / bare", app.flow_rate, bare.flow_rate)
          + f"   target app >= 300 answers/s: {'met' if app.flow_rate >= 300 else 'NOT met'}")
    if app.cpu.workers and bare.cpu.workers:
        per = [(1000 * s.cpu.workers / s.confirmed, 1000 * s.cpu.postgres / s.confirmed,
                1000 * s.cpu.clients / s.confirmed) for s in (app, bare)]
        print(f"{'CPU per answer':<16} app {per[0][0]:.2f} ms + PostgreSQL {per[0][1]:.2f} ms + "
              f"clients {per[0][2]:.2f} ms   bare Flask {per[1][0]:.2f} ms + PostgreSQL "
              f"{per[1][1]:.2f} ms + clients {per[1][2]:.2f} ms")


def verify(url: str, side: Side, table: str, key: str) -> bool:
    """Every link confirmed once: no row lost, none stored twice, no client error."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        stored = conn.scalar(sa.text(f"SELECT count(*) FROM {table}"))
        distinct = conn.scalar(sa.text(f"SELECT count(DISTINCT {key}) FROM {table}"))
    engine.dispose()
    expected = len(side.people)
    ok = stored == distinct == expected == side.confirmed and not side.errors
    print(f"rows ({side.label}): {stored} for {distinct} links; lost {expected - stored}, "
          f"duplicated {stored - distinct}; client errors {len(side.errors)} "
          f"{side.errors[:5]}  {'OK' if ok else 'FAILED'}")
    return ok


if __name__ == "__main__":
    main()

"""Fan-out benchmark: quiz rounds for 20,000 staff drained by the outbox sender into a local
SMTP sink, against raw smtplib sending the same number of prebuilt messages over one reused
connection to the same sink, in the same run. Prints, per round, the time to open it, both
sending rates, their ratio and peak memory. The two senders take turns slice by slice (one
outbox batch, then as many raw sends), so a busy machine slows both alike instead of skewing
the ratio.

Two rounds, in this order:
* personal: every person has a history of 12 earlier personal rounds (seeded answers: some
  wrong, some unanswered, some retired), and opening the 13th round chooses each person's
  question from it (`awareness.staffquiz.spacing`), then writes the round, 20,000
  deliveries and 20,000 e-mails in one transaction;
* same: the same organisation switched to "same", everyone the round's question.

Run (from the repository root):

    .venv/bin/python bench/fanout.py                       # temporary SQLite database
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/awareness_test \
        .venv/bin/python bench/fanout.py                   # a scratch PostgreSQL database
    .venv/bin/python bench/fanout.py --staff 2000          # quicker
    .venv/bin/python bench/fanout.py --modes personal      # one round only

Targets: opening the personal round (every person's choice included) < 10 s; outbox rate >=
0.5 x raw rate; peak memory < 300 MB. The rounds are opened by the real staff-quiz service
(awareness.staffquiz.services.send_round_now) from the shipped content, so the e-mails are the
real rendered ones; the 12 rounds of history are written directly (their e-mails are not
part of the measurement) and then settled as on a live database two weeks later (checkpoint,
vacuum, analyse; see settle()). The sink (aiosmtpd, discarding) runs in its own process, as a real
mail server would; both senders talk to the same sink. Latest figures: docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import os
import resource
import smtplib
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from awareness import create_app  # noqa: E402
from awareness.content.loader import load_library  # noqa: E402
from awareness.content.sync import sync_library  # noqa: E402
from awareness.extensions import db  # noqa: E402
from awareness.organisations.models import PERSONAL, SAME, Organisation, StaffMember  # noqa: E402
from awareness.outbox.models import OutboundEmail  # noqa: E402
from awareness.outbox.services import deliver_due, outbox_status  # noqa: E402
from awareness.outbox.transports import Envelope, build_message  # noqa: E402
from awareness.staffquiz.services import send_round_now  # noqa: E402
from awareness.timeutil import utcnow  # noqa: E402
from bench._history import HISTORY_ROUNDS, history  # noqa: E402
from bench._load import free_port  # noqa: E402

SINK = """
import sys
from aiosmtpd.controller import Controller

class Sink:
    count = 0
    async def handle_DATA(self, server, session, envelope):
        Sink.count += 1  # discarded: only counted
        return "250 2.0.0 OK"

controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
for _line in sys.stdin:  # each line asks for the count; end of input stops the sink
    print(Sink.count, flush=True)
controller.stop()
"""


class SmtpSink:
    def __init__(self) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-c", SINK, str(self.port)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None and self.process.stdout.readline() == "ready\n"

    def count(self) -> int:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


@contextmanager
def database() -> Iterator[str]:
    url = os.environ.get("DATABASE_URL")
    if not url or not url.startswith("postgres"):
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/fanout.sqlite"
        return
    parsed = make_url(url).set(drivername="postgresql+psycopg")
    name = f"{parsed.database}_fanout_{os.getpid()}"
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parsed.set(database=name).render_as_string(False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def seed(staff: int) -> int:
    library, problems = load_library(str(ROOT / "content"))
    sync_library(library, problems)
    organisation = Organisation(slug="benchstad", name="Gemeente Benchstad",
                                question_mode=PERSONAL)
    db.session.add(organisation)
    db.session.flush()
    db.session.execute(sa.insert(StaffMember), [
        {"organisation_id": organisation.id, "name": f"Medewerker {n}",
         "email": f"medewerker{n}@benchstad.example", "active": True, "created_at": utcnow()}
        for n in range(staff)
    ])
    db.session.commit()
    return organisation.id


def prebuilt(after_id: int, count: int, mail_from: str) -> list[tuple[int, str, bytes]]:
    """The next `count` queued e-mails in the sender's order, as finished wire bytes."""
    rows = db.session.execute(
        sa.select(OutboundEmail.id, OutboundEmail.message_id, OutboundEmail.to_address,
                  OutboundEmail.subject, OutboundEmail.text_body, OutboundEmail.html_body)
        .where(OutboundEmail.id > after_id).order_by(OutboundEmail.id).limit(count)
    ).all()
    return [(row.id, row.to_address, build_message(Envelope(*row[1:]), mail_from))
            for row in rows]


class Timings:
    def __init__(self) -> None:
        self.outbox = self.raw = 0.0
        self.outbox_sent = self.raw_sent = 0


def race(port: int, batch: int, mail_from: str, after_id: int) -> Timings:
    """Alternate one outbox batch with the same number of raw smtplib sends, so both face the
    same machine load; the raw messages of a slice are built before its clock starts."""
    timings, last_id = Timings(), after_id
    raw = smtplib.SMTP("127.0.0.1", port)  # one connection for the whole raw run
    try:
        while True:
            slice_ = prebuilt(last_id, batch, mail_from)
            if not slice_:
                return timings
            last_id = slice_[-1][0]
            started = time.perf_counter()
            for _id, to, data in slice_:
                raw.sendmail("awareness@localhost", [to], data)
            timings.raw += time.perf_counter() - started
            timings.raw_sent += len(slice_)
            del slice_
            started = time.perf_counter()
            report = deliver_due(batch_size=batch, worker_id="bench")
            timings.outbox += time.perf_counter() - started
            timings.outbox_sent += report.sent
            assert report.sent == report.claimed, report
    finally:
        raw.quit()


class Result:
    def __init__(self, mode: str, opened: int, seconds: float, timings: Timings) -> None:
        self.mode, self.opened, self.seconds, self.timings = mode, opened, seconds, timings

    @property
    def ratio(self) -> float:
        t = self.timings
        return (t.outbox_sent / t.outbox) / (t.raw_sent / t.raw)


def settle() -> None:
    """Leave the database as a live one is when the next round opens, two weeks after the
    last: written pages checkpointed, tables vacuumed and analysed (the checkpointer and
    autovacuum do this within minutes). Without it the opening would also pay for flushing
    the history just written."""
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("VACUUM ANALYZE")
            conn.exec_driver_sql("CHECKPOINT")
        else:
            conn.exec_driver_sql("ANALYZE")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def run_round(mode: str, organisation_id: int, args: argparse.Namespace, sink: SmtpSink,
              mail_from: str) -> Result:
    """Open one round in `mode` (timed), then race its e-mails against raw smtplib."""
    db.session.get_one(Organisation, organisation_id).question_mode = mode
    db.session.commit()
    after_id = int(db.session.scalar(sa.select(sa.func.max(OutboundEmail.id))) or 0)
    before = sink.count()
    started, cpu = time.perf_counter(), time.process_time()
    opened = send_round_now(organisation_id, utcnow())
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{mode:<8} round {opened.number} opened for {opened.deliveries} staff in "
          f"{seconds:.1f} s, {cpu:.1f} s of it CPU in this process (choices, round, "
          f"deliveries and e-mails in one transaction; load {os.getloadavg()[0]:.1f})",
          flush=True)
    timings = race(sink.port, args.batch, mail_from, after_id)
    assert timings.outbox_sent == timings.raw_sent == opened.deliveries, vars(timings)
    assert sink.count() - before == 2 * opened.deliveries
    return Result(mode, opened.deliveries, seconds, timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500, help="outbox batch size")
    parser.add_argument("--modes", nargs="+", choices=(PERSONAL, SAME),
                        default=[PERSONAL, SAME])
    args = parser.parse_args()
    sink = SmtpSink()
    results: list[Result] = []
    with database() as url:
        app = create_app({
            "ENV_NAME": "development", "SQLALCHEMY_DATABASE_URI": url, "MAIL_URL": f"smtp://127.0.0.1:{sink.port}",
            "PUBLIC_URL": "https://awareness.example.nl", "SERVER_NAME": "awareness.example.nl",
            "CONTENT_DIR": str(ROOT / "content"),
        })
        with app.app_context():
            db.create_all()
            organisation_id = seed(args.staff)
            if PERSONAL in args.modes:
                started = time.perf_counter()
                written = history(organisation_id, utcnow() - timedelta(hours=1))
                settle()
                print(f"history: {HISTORY_ROUNDS} personal rounds, {written} deliveries, "
                      f"written and settled in {time.perf_counter() - started:.0f} s (not "
                      "measured)", flush=True)
            for mode in args.modes:
                results.append(run_round(mode, organisation_id, args, sink,
                                         app.config["MAIL_FROM"]))
            assert outbox_status()["sent"] == sum(r.opened for r in results)
            db.session.remove()
            db.engine.dispose()
        sink.stop()
    _report(results, args.batch, make_url(url).get_backend_name())


def _report(results: list[Result], batch: int, backend: str) -> None:
    peak = peak_mb()
    for r in results:
        t = r.timings
        print(f"{r.mode:<8} opening         {r.seconds:6.1f} s for {r.opened} staff"
              + (f"   (target < 10 s)  {'OK' if r.seconds < 10 else 'MISSED'}"
                 if r.mode == PERSONAL else ""))
        print(f"{r.mode:<8} outbox sender   {t.outbox_sent:>7} e-mails in {t.outbox:6.1f} s "
              f"= {t.outbox_sent / t.outbox:7.0f} msgs/s   (claim, send, mark sent + commit "
              f"per e-mail; batches of {batch}, one connection each)")
        print(f"{r.mode:<8} raw smtplib     {t.raw_sent:>7} e-mails in {t.raw:6.1f} s "
              f"= {t.raw_sent / t.raw:7.0f} msgs/s   (prebuilt, one reused connection)")
        print(f"{r.mode:<8} ratio           {r.ratio:.2f}   (target >= 0.5)  "
              f"{'OK' if r.ratio >= 0.5 else 'MISSED'}")
    print(f"peak memory     {peak:.0f} MB   (target < 300 MB)  {'OK' if peak < 300 else 'MISSED'}")
    print(f"database        {backend}")


if __name__ == "__main__":
    main()

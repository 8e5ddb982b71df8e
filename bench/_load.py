"""Shared helpers for the benchmarks: start gunicorn, drive HTTP load with `wrk` at a fixed
concurrency, take turns between a page and its baseline, and print figures with their ratio.

Turns: on a shared machine the background load drifts within seconds, so a page timed for ten
seconds and its baseline timed for the next ten would credit that drift to one of them.
`interleaved` gives every target several short slices in rotating order instead, and merges
the slices: rate = all requests / all seconds; p50 and p99 from the merged latency
distributions (wrk reports each slice's distribution at 0.1 % steps, weighted by its requests).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Benchmarks run a development setup: without AWARENESS_ENV the app is production (fail closed).
DEVELOPMENT = {"AWARENESS_ENV": "development"}

# wrk's Lua hook: requests, duration (us), errors and the latency at every 0.1 % (us).
_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCHDATA %d %d %d", summary.requests, summary.duration,
                         e.connect + e.read + e.write + e.timeout + e.status))
  for i = 1, 999 do io.write(" ", latency:percentile(i / 10)) end
  io.write("\\n")
end
"""


@dataclass(frozen=True)
class Target:
    """One URL to load, with the request headers every request carries (e.g. a cookie)."""

    label: str
    url: str
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slice:
    """One wrk run: its requests, seconds, errors and latency quantiles in milliseconds."""

    requests: int
    seconds: float
    errors: int
    quantiles: tuple[float, ...]


@dataclass
class LoadResult:
    label: str
    slices: list[Slice] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(s.requests for s in self.slices)

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.slices)

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.slices)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50_ms(self) -> float:
        return self.percentile(50)

    @property
    def p99_ms(self) -> float:
        return self.percentile(99)

    def percentile(self, pct: float) -> float:
        """From the slices' distributions merged, each weighted by its number of requests."""
        points = sorted((q, part.requests / len(part.quantiles))
                        for part in self.slices for q in part.quantiles)
        total = sum(weight for _q, weight in points)
        seen = 0.0
        for value, weight in points:
            seen += weight
            if seen >= total * pct / 100:
                return value
        return points[-1][0] if points else 0.0

    def line(self) -> str:
        return (f"{self.label:<40} {self.rate:8.0f} req/s  p50 {self.p50_ms:6.1f} ms  "
                f"p99 {self.p99_ms:6.1f} ms  errors {self.errors}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in `url` if it does not exist yet."""
    import psycopg
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = target.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            (target.database,)).fetchone():
            conn.execute(f'CREATE DATABASE "{target.database}"')


def start_gunicorn(
    app_spec: str, env: dict[str, str], workers: int = 2, threads: int = 1, probe: str = "/"
) -> tuple[subprocess.Popen, str]:
    """gunicorn serving app_spec; with threads > 1 the gthread worker class. Every benchmark
    serves its app and its baseline app through this, so both run the same way."""
    port = free_port()
    threading_args = ["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else []
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), *threading_args, "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", app_spec],
        cwd=ROOT, env={**os.environ, **DEVELOPMENT, **env, "PYTHONPATH": str(ROOT)},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + probe, timeout=2):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{app_spec} did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(10)


def require_wrk() -> None:
    if shutil.which("wrk") is None:
        sys.exit("These benchmarks drive HTTP load with wrk: apt-get install wrk")


def run_wrk(target: Target, concurrency: int, seconds: int) -> Slice:
    """One wrk run (2 threads, keep-alive connections) against one target."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_REPORT)
        script.flush()
        headers = [arg for header in target.headers for arg in ("-H", header)]
        out = subprocess.run(
            ["wrk", "-t2", f"-c{concurrency}", f"-d{seconds}s", "-s", script.name, *headers,
             target.url], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^BENCHDATA (.*)$", out, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"wrk gave no figures for {target.url}:\n{out}")
    requests, duration_us, errors, *latencies_us = match.group(1).split()
    return Slice(int(requests), int(duration_us) / 1e6, int(errors),
                 tuple(float(v) / 1000 for v in latencies_us))


def interleaved(
    targets: Sequence[Target], *, seconds: int, rounds: int, concurrency: int, warmup: int = 1
) -> dict[str, LoadResult]:
    """Each target for `seconds` in all, as `rounds` slices taken in turns; the order rotates
    every round so no target always follows the same one. A short warm-up run per target
    first (Jinja compiles a template at its first use, connections are opened)."""
    require_wrk()
    for target in targets:
        run_wrk(target, concurrency, warmup)
    results = {target.label: LoadResult(target.label) for target in targets}
    per_slice = max(1, round(seconds / rounds))
    for turn in range(rounds):
        shift = turn % len(targets)
        for target in [*targets[shift:], *targets[:shift]]:
            results[target.label].slices.append(run_wrk(target, concurrency, per_slice))
    return results


def load_average() -> str:
    """The machine's 1-minute load average, printed with each run: on a shared machine it
    says how much else was running."""
    return f"{os.getloadavg()[0]:.2f}"


def ratio_line(label: str, value: float, baseline: float, target: float | None = None) -> str:
    """`value / baseline`, with the target it is held to, if any."""
    ratio = value / baseline if baseline else 0.0
    verdict = ""
    if target is not None:
        verdict = f"  (target >= {target:.2f}: {'met' if ratio >= target else 'NOT met'})"
    return f"ratio {label:<34} {ratio:5.2f}{verdict}"

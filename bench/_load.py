"""Shared load-generation helpers for the benchmarks: start gunicorn, drive HTTP load with a
fixed concurrency (wrk when installed, else a threaded keep-alive client), report figures."""
from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Benchmarks run a development setup: without AWARENESS_ENV the app is production (fail closed).
DEVELOPMENT = {"AWARENESS_ENV": "development"}


@dataclass(frozen=True)
class LoadResult:
    label: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (f"{self.label:<34} {self.rate:9.1f} req/s   p50 {self.p50_ms:6.1f} ms   "
                f"p99 {self.p99_ms:6.1f} ms   errors {self.errors}")


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
    app_spec: str, env: dict[str, str], workers: int = 2, threads: int = 1
) -> tuple[subprocess.Popen, str]:
    """gunicorn serving app_spec; with threads > 1 the gthread worker class."""
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
            with urllib.request.urlopen(url + "/", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{app_spec} did not start")


def run_load(label: str, url: str, concurrency: int = 16, seconds: float = 10.0) -> LoadResult:
    if shutil.which("wrk"):
        return _wrk(label, url, concurrency, seconds)
    return _threads(label, url, concurrency, seconds)


def _wrk(label: str, url: str, concurrency: int, seconds: float) -> LoadResult:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{concurrency}", f"-d{int(seconds)}s", "--latency", url],
        capture_output=True, text=True, check=True).stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))
    duration = float(re.search(r"requests in ([\d.]+)s", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return LoadResult(label, total, duration, _wrk_ms(out, "50%"), _wrk_ms(out, "99%"),
                      errors + (int(non2xx.group(1)) if non2xx else 0))


def _wrk_ms(out: str, pct: str) -> float:
    value, unit = re.search(rf"{pct}\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _threads(label: str, url: str, concurrency: int, seconds: float) -> LoadResult:
    host, port_path = url.removeprefix("http://").split(":", 1)
    port, _, path = port_path.partition("/")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        mine: list[float] = []
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                conn.request("GET", "/" + path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
                ok = False
            mine.append(time.perf_counter() - start)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    began = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    ordered = sorted(latencies) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return LoadResult(label, len(latencies), elapsed, statistics.median(ordered) * 1000,
                      p99 * 1000, errors[0])

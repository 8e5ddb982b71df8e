"""Benchmark: resident lesson page and catalogue under gunicorn (2 workers) against a bare
Flask app serving a template of similar size, measured in the same run.

    make setup && .venv/bin/python bench/residents.py [--seconds 10] [--concurrency 16]

Uses `wrk` when installed (apt-get install wrk), else a threaded keep-alive client (which
itself needs CPU, so absolute figures are lower; the ratio stays meaningful). Prints req/s,
p50/p99 latency and the ratio. Target: lesson page >= 0.5 of the bare-Flask rate, p99 < 50 ms.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from _load import DEVELOPMENT, ROOT, run_load, start_gunicorn


def _prepare_database(folder: Path) -> dict[str, str]:
    env = {**DEVELOPMENT, "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
           "SECRET_KEY": "bench-secret-key-0123456789abcdef0123",
           "CONTENT_DIR": str(ROOT / "content"), "MAIL_URL": f"file://{folder / 'mail'}"}
    for args in (["db", "upgrade"], ["content", "sync"]):
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                       env={**env, "PATH": "/usr/bin:/bin"}, check=True, capture_output=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = _prepare_database(Path(tmp))
        app, url = start_gunicorn("wsgi:app", env)
        try:
            lesson_url = url + "/module/whatsapp-vriend-in-nood/les/1"
            size = len(urllib.request.urlopen(lesson_url).read())
            lesson = run_load("awareness lesson page", lesson_url, args.concurrency, args.seconds)
            catalogue = run_load("awareness catalogue (senioren)", url + "/senioren",
                                 args.concurrency, args.seconds)
        finally:
            app.terminate()
            app.wait()
        bare, bare_url = start_gunicorn("bench.bare_app:app", {"BARE_PAGE_BYTES": str(size)})
        try:
            baseline = run_load(f"bare Flask, {size} B template", bare_url + "/",
                                args.concurrency, args.seconds)
        finally:
            bare.terminate()
            bare.wait()
    for result in (baseline, lesson, catalogue):
        print(result.line())
    print(f"ratio lesson/bare     {lesson.rate / baseline.rate:5.2f}  (target >= 0.50)")
    print(f"ratio catalogue/bare  {catalogue.rate / baseline.rate:5.2f}")
    print(f"lesson p99            {lesson.p99_ms:5.1f} ms (target < 50 ms)")


if __name__ == "__main__":
    main()

"""Benchmark: the resident pages under gunicorn against a bare Flask app, in the same run.

    make setup && .venv/bin/python bench/residents.py [--seconds 12] [--rounds 3] [--concurrency 16]

Method. The app (SQLite, the shipped content, development settings) and the baseline
(bench/bare_app.py: bare Flask rendering a template *file* of about a lesson page's size,
compiled once and cached by Jinja as Flask does) are both served by gunicorn with 2 sync
workers and both are up for the whole run. `wrk` (2 threads, 16 keep-alive connections) loads
each target for `--seconds` in all, in `--rounds` slices taken in turns (bench/_load.py), after
a one-second warm-up each. The targets: the baseline; the home page, a catalogue, a module page
and a lesson for a visitor without cookies; the same lesson for a visitor with a learner
cookie (got by starting the module through the real form). Printed: req/s, p50, p99 and
errors per target, each page's rate as a ratio of the baseline, the cookie visitor's rate as a
ratio of the anonymous lesson, and the sizes of the lesson page and the baseline page (the run
stops if they differ by more than 25 %, as the baseline would no longer be comparable).
Targets (issue 16): every page >= 0.5 of the baseline with p99 < 50 ms; with a learner cookie
>= 0.7 of the anonymous rate.
"""
from __future__ import annotations

import argparse
import http.client
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from _load import (
    DEVELOPMENT,
    ROOT,
    LoadResult,
    Target,
    interleaved,
    load_average,
    ratio_line,
    start_gunicorn,
    stop,
)

MODULE = "/module/whatsapp-vriend-in-nood"
LESSON = MODULE + "/les/1"
PAGES = [("home page", "/"), ("catalogue /senioren", "/senioren"), ("module page", MODULE),
         ("lesson", LESSON)]
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _prepare_database(folder: Path) -> dict[str, str]:
    env = {**DEVELOPMENT, "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
           "SECRET_KEY": "bench-secret-key-0123456789abcdef0123",
           "CONTENT_DIR": str(ROOT / "content"), "MAIL_URL": f"file://{folder / 'mail'}"}
    for args in (["db", "upgrade"], ["content", "sync"]):
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                       env={**env, "PATH": "/usr/bin:/bin"}, check=True, capture_output=True)
    return env


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    pairs = (c.split(";", 1)[0].split("=", 1) for c in response.headers.get_all("Set-Cookie", []))
    return {name: value for name, value in pairs}


def learner_cookie(base_url: str) -> str:
    """A learner cookie as a resident gets it: open the module page, press "start"."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port)
    conn.request("GET", MODULE)
    page = conn.getresponse()
    session, token = _cookies(page), CSRF.search(page.read().decode())
    assert token is not None, "no CSRF token on the module page"
    conn.request("POST", MODULE + "/start", body=urlencode({"csrf_token": token.group(1)}),
                 headers={"Content-Type": "application/x-www-form-urlencoded",
                          "Cookie": "; ".join(f"{k}={v}" for k, v in session.items())})
    started = conn.getresponse()
    started.read()
    conn.close()
    learner = _cookies(started).get("learner")
    assert started.status == 302 and learner, f"starting the module gave {started.status}"
    return f"learner={learner}"


def size(url: str) -> int:
    with urllib.request.urlopen(url) as response:
        return len(response.read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=12, help="per target, all slices")
    parser.add_argument("--rounds", type=int, default=3, help="slices per target")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    loads = [load_average()]
    with tempfile.TemporaryDirectory() as tmp:
        app, url = start_gunicorn("wsgi:app", _prepare_database(Path(tmp)))
        bare, bare_url = start_gunicorn("bench.bare_app:app", {})
        try:
            sizes = size(url + LESSON), size(bare_url + "/")
            assert abs(sizes[1] - sizes[0]) <= 0.25 * sizes[0], f"page sizes differ: {sizes}"
            baseline = Target("bare Flask, template file (baseline)", bare_url + "/")
            pages = [Target(label, url + path) for label, path in PAGES]
            cookie = Target("lesson, learner cookie", url + LESSON,
                            (f"Cookie: {learner_cookie(url)}",))
            results = interleaved([baseline, *pages, cookie], seconds=args.seconds,
                                  rounds=args.rounds, concurrency=args.concurrency)
        finally:
            stop(app)
            stop(bare)
    loads.append(load_average())
    print(f"load average (1 min) at start and end: {loads[0]} / {loads[1]}")
    report(results, baseline, [*pages, cookie], sizes, args)


def report(results: dict[str, LoadResult], baseline: Target, pages: list[Target],
           sizes: tuple[int, int], args: argparse.Namespace) -> None:
    print(f"gunicorn 2 sync workers each; wrk 2 threads, {args.concurrency} connections, "
          f"{args.rounds} x {args.seconds // args.rounds} s per target; lesson page "
          f"{sizes[0]} B, baseline page {sizes[1]} B")
    base = results[baseline.label]
    for target in [baseline, *pages]:
        print(results[target.label].line())
    for target in pages:
        result = results[target.label]
        # The cookie visitor's own target is a share of the anonymous lesson (the last line).
        held_to = None if target is pages[-1] else 0.5
        print(ratio_line(f"{target.label} / baseline", result.rate, base.rate, held_to)
              + f"   p99 {result.p99_ms:.1f} ms (target < 50 ms: "
              + ("met)" if result.p99_ms < 50 else "NOT met)"))
    print(ratio_line("learner cookie / anonymous lesson", results[pages[-1].label].rate,
                     results["lesson"].rate, 0.7))


if __name__ == "__main__":
    main()

"""Leader election through the lease table: one holder at a time, renewal, takeover after
expiry, release, and a race of many contenders of which exactly one wins."""
from __future__ import annotations

import threading
from datetime import timedelta

from awareness.scheduler import lease
from awareness.timeutil import freeze, utcnow


def test_one_holder_at_a_time_and_takeover_after_expiry(app) -> None:
    start = utcnow()
    freeze(start)
    assert lease.acquire("job:tick", "worker-a", ttl=90)
    assert not lease.acquire("job:tick", "worker-b", ttl=90)
    assert lease.holder_of("job:tick") == "worker-a"

    freeze(start + timedelta(seconds=60))
    assert lease.acquire("job:tick", "worker-a", ttl=90)  # renewal by the holder
    freeze(start + timedelta(seconds=120))
    assert not lease.acquire("job:tick", "worker-b", ttl=90)  # renewed: still a's

    freeze(start + timedelta(seconds=151))  # a stopped renewing (it crashed)
    assert lease.holder_of("job:tick") is None
    assert lease.acquire("job:tick", "worker-b", ttl=90)
    assert not lease.acquire("job:tick", "worker-a", ttl=90)
    assert lease.holder_of("job:tick") == "worker-b"


def test_leases_are_per_name(app) -> None:
    assert lease.acquire("job:tick", "worker-a", ttl=60)
    assert lease.acquire("job:retention", "worker-b", ttl=60)
    assert not lease.acquire("job:retention", "worker-a", ttl=60)


def test_release_hands_over_at_once(app) -> None:
    assert lease.acquire("job:tick", "worker-a", ttl=600)
    assert not lease.release("job:tick", "worker-b")  # only the holder can release
    assert lease.release("job:tick", "worker-a")
    assert lease.acquire("job:tick", "worker-b", ttl=600)


def test_racing_contenders_elect_exactly_one(app) -> None:
    contenders = 8
    barrier = threading.Barrier(contenders)
    wins: list[str] = []
    errors: list[BaseException] = []

    def contend(name: str) -> None:
        try:
            with app.app_context():  # its own session and database connection
                barrier.wait()
                if lease.acquire("job:race", name, ttl=60):
                    wins.append(name)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=contend, args=(f"w{n}",)) for n in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(wins) == 1
    assert lease.holder_of("job:race") == wins[0]

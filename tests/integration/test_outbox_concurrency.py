"""Several senders draining one outbox at once (threads with their own sessions, so their own
database connections) never send an e-mail twice and leave none behind."""
from __future__ import annotations

import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from awareness.extensions import db
from awareness.outbox.models import OutboundEmail
from awareness.outbox.services import DeliveryReport, deliver_due, enqueue
from tests.support.smtp import SmtpServer, smtp_server  # noqa: F401


@pytest.mark.slow
@pytest.mark.parametrize("workers", [2, 4])
def test_concurrent_senders_never_send_twice(app, smtp_server: SmtpServer, workers: int) -> None:  # noqa: F811
    app.config["MAIL_URL"] = smtp_server.url()
    addresses = [f"p{i}@gemeente.example" for i in range(240)]
    for address in addresses:
        enqueue(to=address, subject="Vraag", text_body="tekst", html_body="<p>tekst</p>",
                kind="test", organisation_id=None)
    db.session.commit()

    start = threading.Barrier(workers)
    reports: list[DeliveryReport] = []
    busy: Counter[int] = Counter()
    errors: list[BaseException] = []

    def work(number: int) -> None:
        try:
            with app.app_context():  # its own session and connection
                start.wait()
                while (report := deliver_due(batch_size=15, worker_id=f"w{number}")).claimed:
                    reports.append(report)
                    busy[number] += 1
        except BaseException as exc:  # surfaced below: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(busy) > 1, busy  # they really did run side by side
    assert Counter(smtp_server.recipients()) == Counter(addresses)  # each exactly once
    assert sum(r.sent for r in reports) == len(addresses)
    assert sum(r.claimed for r in reports) == len(addresses)
    db.session.expire_all()
    assert set(db.session.scalars(sa.select(OutboundEmail.status))) == {"sent"}

"""`flask demo seed` builds a usable demo once, refuses production, and has the same shape
whatever the hour, weekday or daylight-saving weekend it runs on."""
from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from awareness import demo
from awareness.accounts.models import User
from awareness.extensions import db
from awareness.organisations.models import PERSONAL, Organisation
from awareness.outbox.models import OutboundEmail
from awareness.reports.charts import percent_text
from awareness.reports.lasting import lasting_report
from awareness.reports.period import Period, local_date
from awareness.staffquiz.models import Answer, Delivery, Round
from awareness.staffquiz.personal import histories
from awareness.staffquiz.spacing import tracks
from awareness.timeutil import freeze, utcnow
from tests.support.accounts import Account, login

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _local(text: str, fold: int = 0) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM, fold=fold).astimezone(UTC)


# A whole week at awkward hours, and the two daylight-saving weekends: the clock change itself,
# a run whose newest round (six days back) or reminder (one day back) falls on the change.
INSTANTS = {
    "monday night": _local("2026-11-30 03:00"),
    "tuesday before the slot hour": _local("2026-12-01 08:30"),
    "wednesday at the slot hour": _local("2026-12-02 09:00"),
    "thursday afternoon": _local("2026-12-03 15:30"),
    "friday just before midnight": _local("2026-12-04 23:59"),
    "saturday noon": _local("2026-12-05 12:00"),
    "sunday afternoon": _local("2026-12-06 15:30"),
    "march change, just after": _local("2027-03-28 03:30"),
    "march change, newest round on it": _local("2027-04-03 10:00"),
    "october change, first 02:30": _local("2026-10-25 02:30", fold=0),
    "october change, second 02:30": _local("2026-10-25 02:30", fold=1),
    "october change, reminder on it": _local("2026-10-26 07:00"),
    "october change, newest round on it": _local("2026-10-31 18:00"),
}


def _shape() -> dict[str, object]:
    rounds = db.session.scalars(sa.select(Round).order_by(Round.number)).all()
    pending = Counter(db.session.scalars(
        sa.select(OutboundEmail.kind).filter_by(status="pending")))
    return {
        "rounds": len(rounds),
        "closed": sum(r.closed_at is not None for r in rounds),
        "open and reminded": [r.number for r in rounds
                              if r.closed_at is None and r.reminded_at is not None],
        "deliveries": db.session.scalar(sa.select(sa.func.count(Delivery.id))),
        "answers": db.session.scalar(sa.select(sa.func.count(Answer.id))),
        "pending": dict(pending),
        **_personal(),
    }


def _personal() -> dict[str, object]:
    """What personal mode did: questions that came back, and ones retired for someone."""
    voorbeeld = db.session.scalar(sa.select(Organisation).filter_by(slug="voorbeeld"))
    assert voorbeeld is not None and voorbeeld.question_mode == PERSONAL
    people = histories(voorbeeld.id, utcnow()).values()
    return {
        "questions": len({asked.key for history in people for asked in history}),
        "repeats": sum(len(history) - len({a.key for a in history}) for history in people),
        "retired": sum(track.retired for history in people for track in tracks(history).values()),
    }


def test_demo_seed_creates_data_once(synced: Flask, runner: FlaskCliRunner) -> None:
    freeze(INSTANTS["sunday afternoon"])
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert "Demo created: 47 staff, 9 past rounds" in result.output
    shape = _shape()
    assert shape["rounds"] == 9 and shape["closed"] == 8
    assert shape["open and reminded"] == [9]
    # One e-mail of each kind waits for the worker: the open round's reminders and the new
    # colleague's intro invitation; everything older counts as sent.
    pending = shape["pending"]
    assert isinstance(pending, dict) and set(pending) == {"reminder", "intro"}
    assert pending["intro"] == 1 and pending["reminder"] > 10
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 2
    again = runner.invoke(args=["demo", "seed"])
    assert "nothing changed" in again.output
    assert _shape() == shape


@pytest.mark.parametrize("instant", INSTANTS.values(), ids=INSTANTS.keys())
def test_demo_has_the_same_shape_at_any_instant(synced: Flask, runner: FlaskCliRunner,
                                                client: FlaskClient, instant: datetime) -> None:
    freeze(instant)
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    # The demo draws from random.Random(2026), so every instant must give exactly this:
    # 46 people in 7 rounds, the open round's 32 non-responders reminded, one new colleague.
    assert _shape() == {"rounds": 9, "closed": 8, "open and reminded": [9], "deliveries": 414,
                        "answers": 256, "pending": {"reminder": 35, "intro": 1},
                        "questions": 5, "repeats": 284, "retired": 62}
    newest = db.session.scalar(sa.select(Round).filter_by(number=demo.ROUNDS))
    assert newest is not None
    assert newest.slot_at.astimezone(AMSTERDAM).hour == 9
    assert (instant.astimezone(AMSTERDAM).date() - newest.slot_at.astimezone(AMSTERDAM).date()
            ).days == demo.NEWEST_ROUND_DAYS_AGO

    # The pages a new user opens first work with this data.
    reminder = db.session.scalars(sa.select(OutboundEmail).filter_by(kind="reminder")).first()
    assert reminder is not None
    link = re.search(r"http://localhost(/m/a/[^\s/]+)/", reminder.text_body)
    assert link, reminder.text_body
    assert client.get(link.group(1)).status_code == 200
    coordinator = db.session.scalar(sa.select(User).filter_by(role="coordinator"))
    assert coordinator is not None
    login(client, Account(coordinator.id, coordinator.email,
                          demo.TOTP_SECRETS[coordinator.email], demo.PASSWORD))
    dashboard = client.get("/beheer/")
    assert dashboard.status_code == 200
    newest_page = client.get(f"/beheer/voorbeeld/rapportage/ronde/{demo.ROUNDS}")
    assert newest_page.status_code == 200 and "Ieder een eigen vraag" in newest_page.text
    report = client.get("/beheer/voorbeeld/rapportage")
    assert report.status_code == 200 and "Persoonlijk: ieder een eigen vraag" in report.text
    assert client.get("/beheer/voorbeeld/rapportage/export.csv").status_code == 200
    _assert_lasting_figures(client)


def _assert_lasting_figures(client: FlaskClient) -> None:
    """Kennis die blijft has something to show: real figures, per topic and in total, on the
    page the coordinator opens (the last year, the report's default range)."""
    page = client.get("/beheer/voorbeeld/rapportage/kennis-die-blijft")
    assert page.status_code == 200
    voorbeeld = db.session.scalar(sa.select(Organisation).filter_by(slug="voorbeeld"))
    assert voorbeeld is not None
    report = lasting_report(voorbeeld, Period.default(local_date(utcnow())))
    total = report.total
    assert total is not None and total.retired_share
    assert total.first_rate is not None and total.repeat_rate is not None
    assert any(row.first_rate is not None for row in report.topics)
    for figure in (total.first_rate, total.repeat_rate, total.retired_share):
        assert percent_text(figure) in page.text


def test_demo_code_prints_current_codes(synced: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["demo", "code"])
    assert result.exit_code == 0
    assert result.output.count(":") == 2 and "coordinator@voorbeeld.example" in result.output


def test_demo_is_refused_in_production(synced: Flask, runner: FlaskCliRunner) -> None:
    synced.config["ENV_NAME"] = "production"
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 1
    assert "never created in production" in result.output

"""The `flask org`, `flask quiz` commands end to end on the real database."""
from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskCliRunner

from awareness.accounts.models import AuditEvent
from awareness.extensions import db
from awareness.organisations.services import create_organisation
from awareness.staffquiz.models import QuizSchedule, Round, SchedulePause
from awareness.timeutil import freeze
from tests.support.staffquiz import add_staff


def test_org_commands(runner: FlaskCliRunner, synced: Flask) -> None:
    created = runner.invoke(args=["org", "create", "gemeente-b", "--name", "Gemeente B",
                                  "--contact-email", "ciso@b.example"])
    assert created.exit_code == 0, created.output
    assert runner.invoke(args=["org", "create", "gemeente-b", "--name", "X"]).exit_code == 1
    assert runner.invoke(args=["org", "create", "Bad Slug", "--name", "X"]).exit_code == 1
    bad_tz = runner.invoke(args=["org", "create", "c", "--name", "C", "--timezone", "Mars/X"])
    assert bad_tz.exit_code == 1 and "tijdzone" in bad_tz.output
    incomplete = runner.invoke(args=["org", "schedule", "gemeente-b", "--weekday", "tue"])
    assert incomplete.exit_code != 0
    scheduled = runner.invoke(args=["org", "schedule", "gemeente-b", "--start", "2026-12-01",
                                    "--weekday", "di", "--time", "09:00", "--interval", "14",
                                    "--reminder-after", "5", "--window", "14"])
    assert scheduled.exit_code == 0, scheduled.output
    schedule = db.session.scalar(sa.select(QuizSchedule))
    assert (schedule.weekday, schedule.enabled, str(schedule.time_of_day)) == (1, True, "09:00:00")
    disabled = runner.invoke(args=["org", "schedule", "gemeente-b", "--disable"])
    assert disabled.exit_code == 0 and "disabled" in disabled.output
    paused = runner.invoke(args=["org", "pause", "gemeente-b", "--from", "2027-07-10",
                                 "--to", "2027-08-22", "--label", "Zomervakantie"])
    assert paused.exit_code == 0, paused.output
    assert db.session.scalar(sa.select(SchedulePause)).label == "Zomervakantie"
    reversed_ = runner.invoke(args=["org", "pause", "gemeente-b", "--from", "2027-08-22",
                                    "--to", "2027-07-10"])
    assert reversed_.exit_code == 1
    listing = runner.invoke(args=["org", "list"])
    assert "gemeente-b" in listing.output and "disabled" in listing.output
    # Changes from the command line are audited as the web's are, with no actor.
    events = db.session.execute(sa.select(AuditEvent.action, AuditEvent.user_id)
                                .order_by(AuditEvent.id)).all()
    assert [tuple(e) for e in events] == [("schedule.updated", None), ("schedule.updated", None),
                                          ("pause.added", None)]


def test_quiz_commands(runner: FlaskCliRunner, synced: Flask) -> None:
    org = create_organisation("gemeente-b", "Gemeente B")
    add_staff(org, 4)
    freeze(datetime(2026, 12, 1, 8, 30, tzinfo=UTC))
    sent = runner.invoke(args=["quiz", "send-round", "--org", "gemeente-b"])
    assert sent.exit_code == 0, sent.output
    assert "round 1 opened, 4 e-mails queued" in sent.output
    again = runner.invoke(args=["quiz", "send-round", "--org", "gemeente-b"])
    assert again.exit_code == 1 and "already exists" in again.output
    assert runner.invoke(args=["quiz", "send-round", "--org", "nope"]).exit_code == 1
    runner.invoke(args=["org", "schedule", "gemeente-b", "--start", "2026-12-01",
                        "--weekday", "tue", "--time", "09:00"])
    # 09:30 Amsterdam: the 09:00 slot is older than the round sent by hand: nothing new.
    ticked = runner.invoke(args=["quiz", "tick"])
    assert ticked.exit_code == 0 and "opened 0" in ticked.output
    status = runner.invoke(args=["quiz", "status", "--org", "gemeente-b"])
    assert status.exit_code == 0, status.output
    assert "4 active staff" in status.output and "0/4" in status.output
    assert "dinsdag 15 december 2026 om 09:00" in status.output
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 1

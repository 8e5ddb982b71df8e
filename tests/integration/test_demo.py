"""`flask demo seed` builds a usable demo once, and refuses production."""
from __future__ import annotations

import sqlalchemy as sa

from awareness.accounts.models import User
from awareness.extensions import db
from awareness.outbox.models import OutboundEmail
from awareness.staffquiz.models import Answer, Round


def test_demo_seed_creates_data_once(synced, runner):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert "Demo created: 46 staff" in result.output
    rounds = db.session.scalar(sa.select(sa.func.count(Round.id)))
    answers = db.session.scalar(sa.select(sa.func.count(Answer.id)))
    assert rounds >= 6 and answers > 0
    # Only the current round's reminders wait in the outbox; past mail counts as sent.
    pending = db.session.scalars(sa.select(OutboundEmail.kind).filter_by(status="pending")).all()
    assert pending and set(pending) == {"reminder"}
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 2
    again = runner.invoke(args=["demo", "seed"])
    assert "nothing changed" in again.output
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == rounds


def test_demo_code_prints_current_codes(synced, runner):
    result = runner.invoke(args=["demo", "code"])
    assert result.exit_code == 0
    assert result.output.count(":") == 2 and "coordinator@voorbeeld.example" in result.output


def test_demo_is_refused_in_production(synced, runner):
    synced.config["ENV_NAME"] = "production"
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 1
    assert "never created in production" in result.output

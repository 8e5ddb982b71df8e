"""Choosing "same" or "personal" questions: on the planning page and with `flask org schedule
--questions`, audited either way; new organisations start personal."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from awareness.accounts.models import AuditEvent
from awareness.extensions import db
from awareness.organisations.models import PERSONAL, SAME, Organisation
from awareness.staffquiz.models import QuizSchedule
from tests.support.accounts import csrf_token


def events() -> list[tuple[str, int | None, dict[str, Any]]]:
    return [(e.action, e.user_id, e.detail) for e in db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "question_mode.changed")
        .order_by(AuditEvent.id))]


def mode(slug: str = "alfa") -> str:
    db.session.expire_all()
    organisation = db.session.scalar(sa.select(Organisation).filter_by(slug=slug))
    assert organisation is not None
    return organisation.question_mode


def test_the_planning_page_switches_and_audits(coordinator, alfa) -> None:
    page = coordinator.get("/beheer/alfa/planning").get_data(as_text=True)
    assert 'id="mode-personal" name="mode" type="radio" value="personal" checked' in page
    url = "/beheer/alfa/planning/vragen"
    token = csrf_token(coordinator, "/beheer/alfa/planning")
    assert coordinator.post(url, data={"csrf_token": token, "mode": "same"}).status_code == 302
    assert mode() == SAME
    assert 'value="same" checked' in coordinator.get("/beheer/alfa/planning").get_data(
        as_text=True)
    # The same choice again changes and audits nothing; nonsense is refused, nothing written.
    assert coordinator.post(url, data={"csrf_token": token, "mode": "same"}).status_code == 302
    bad = coordinator.post(url, data={"csrf_token": token, "mode": "random"})
    assert bad.status_code == 400 and "Kies" in bad.get_data(as_text=True)
    assert coordinator.post(url, data={"mode": "personal"}).status_code == 400  # no CSRF token
    assert mode() == SAME
    [(action, user_id, detail)] = events()
    assert user_id is not None and detail == {"old": "personal", "new": "same"}


def test_the_command_line_switches_and_audits(synced, runner) -> None:
    assert runner.invoke(args=["org", "create", "beta", "--name", "Beta"]).exit_code == 0
    assert mode("beta") == PERSONAL  # the default for new organisations
    result = runner.invoke(args=["org", "schedule", "beta", "--questions", "same"])
    assert result.exit_code == 0, result.output
    assert "questions same" in result.output and mode("beta") == SAME
    # --questions alone needs no schedule; with schedule options both are set.
    assert db.session.scalar(sa.select(QuizSchedule)) is None
    both = runner.invoke(args=["org", "schedule", "beta", "--questions", "personal", "--start",
                               "2026-12-01", "--weekday", "tue", "--time", "09:00"])
    assert both.exit_code == 0, both.output
    assert mode("beta") == PERSONAL and db.session.scalar(sa.select(QuizSchedule)) is not None
    again = runner.invoke(args=["org", "schedule", "beta", "--questions", "personal"])
    assert "unchanged" in again.output
    wrong = runner.invoke(args=["org", "schedule", "beta", "--questions", "mixed"])
    assert wrong.exit_code != 0 and mode("beta") == PERSONAL
    assert [(a, u, d["new"]) for a, u, d in events()] == [
        ("question_mode.changed", None, "same"), ("question_mode.changed", None, "personal")]
    listing = runner.invoke(args=["org", "list"])
    assert "questions personal" in listing.output

"""Administration screens: organisations, the per-person switch, departments, the schedule
and pauses, the question bank, the outbox and the audit log (all audited)."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from awareness.accounts import audit
from awareness.accounts.models import AuditEvent
from awareness.extensions import db
from awareness.organisations.models import Department, Organisation
from awareness.outbox.models import FAILED, PENDING, OutboundEmail
from awareness.outbox.services import drain
from awareness.staffquiz.models import (
    Delivery,
    QuestionSetting,
    QuizSchedule,
    Round,
    SchedulePause,
)
from awareness.staffquiz.questions import candidates_for
from awareness.timeutil import freeze
from tests.support.accounts import csrf_token, login, make_org, make_user
from tests.support.smtp import SmtpServer
from tests.web.coordinators.conftest import T0


@pytest.fixture
def admin(synced, alfa):
    client = synced.test_client()
    freeze(T0 + timedelta(seconds=30))
    login(client, make_user("admin@regio.nl", role="admin"))
    return client


def post(client, url: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, "/beheer/account"), **data})


def audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.action.not_like("login.%")).order_by(AuditEvent.id)))


ORG = {"name": "Gemeente Beta", "timezone": "Europe/Amsterdam", "privacy_threshold": "5",
       "retention_months": "24", "contact_email": "ict@beta.nl", "listed_for_residents": "y"}


def test_admin_creates_and_edits_an_organisation(admin):
    response = post(admin, "/beheer/organisaties/nieuw", slug="beta", **ORG)
    assert response.headers["Location"].endswith("/beheer/beta/instellingen")
    beta = db.session.scalar(sa.select(Organisation).filter_by(slug="beta"))
    assert (beta.name, beta.privacy_threshold, beta.contact_email) == ("Gemeente Beta", 5,
                                                                       "ict@beta.nl")
    assert "Gemeente Beta" in admin.get("/beheer/organisaties").get_data(as_text=True)
    changed = dict(ORG, privacy_threshold="7", retention_months="12")
    changed.pop("listed_for_residents")
    assert post(admin, "/beheer/beta/instellingen", **changed).status_code == 302
    db.session.expire_all()
    assert (beta.privacy_threshold, beta.retention_months, beta.listed_for_residents) == (
        7, 12, False)
    assert audit_actions() == ["organisation.created", "organisation.updated"]


@pytest.mark.parametrize("field,value", [
    ("slug", "Geen Slug!"), ("slug", "alfa"), ("privacy_threshold", "2"),
    ("privacy_threshold", "51"), ("retention_months", "0"), ("timezone", "Mars/Olympus"),
    ("contact_email", "geen-adres"), ("name", ""), ("privacy_threshold", "vijf"),
])
def test_bad_organisation_input_is_refused(admin, field, value):
    data = {**ORG, "slug": "beta", field: value}
    response = post(admin, "/beheer/organisaties/nieuw", **data)
    assert response.status_code == 400
    assert "Er is iets niet goed ingevuld" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 1


def test_per_person_switch_is_the_admins_with_a_reason(admin, alfa):
    url = "/beheer/alfa/overzichten-per-persoon"
    refused = post(admin, url, enabled="y")
    assert refused.status_code == 400 and "Geef een reden op" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert alfa.per_person_reports is False
    assert post(admin, url, enabled="y", reason="Afspraak OR 12-03").status_code == 302
    db.session.expire_all()
    assert alfa.per_person_reports is True
    assert "Reden: Afspraak OR 12-03" in admin.get(url).get_data(as_text=True)
    assert post(admin, url).status_code == 302
    db.session.expire_all()
    assert alfa.per_person_reports is False
    events = db.session.scalars(sa.select(AuditEvent).filter_by(
        action="per_person_reports.changed").order_by(AuditEvent.id)).all()
    assert [(e.detail["enabled"], e.detail["reason"]) for e in events] == [
        (True, "Afspraak OR 12-03"), (False, "")]


def test_a_coordinator_cannot_switch_per_person_lists_on(coordinator, alfa):
    url = "/beheer/alfa/overzichten-per-persoon"
    assert coordinator.get(url).status_code == 404
    assert post(coordinator, url, enabled="y", reason="zelf").status_code in (400, 404)
    db.session.expire_all()
    assert alfa.per_person_reports is False


def test_departments_add_and_rename(coordinator, alfa):
    assert post(coordinator, "/beheer/alfa/afdelingen", name="  Burgerzaken ").status_code == 302
    duplicate = post(coordinator, "/beheer/alfa/afdelingen", name="burgerzaken")
    assert duplicate.status_code == 400 and "al een afdeling" in duplicate.get_data(as_text=True)
    department = db.session.scalar(sa.select(Department))
    assert department.name == "Burgerzaken"
    url = f"/beheer/alfa/afdelingen/{department.id}"
    assert post(coordinator, url, name="Publiekszaken").status_code == 302
    db.session.expire_all()
    assert department.name == "Publiekszaken"
    assert "Publiekszaken" in coordinator.get("/beheer/alfa/afdelingen").get_data(as_text=True)
    assert audit_actions() == ["department.created", "department.renamed"]


def test_a_new_schedule_starts_today_by_the_application_clock(synced, alfa) -> None:
    freeze(datetime(2026, 3, 28, 23, 30, tzinfo=UTC))  # already the 29th in Amsterdam
    coordinator = synced.test_client()  # logged in now: a session of T0 has expired
    login(coordinator, make_user("coord@alfa.nl", organisation=alfa))
    page = coordinator.get("/beheer/alfa/planning").get_data(as_text=True)
    assert 'value="2026-03-29"' in page


SCHEDULE = {"enabled": "y", "start_date": "2026-03-09", "weekday": "1", "time_of_day": "09:30",
            "interval_days": "14", "reminder_after_days": "5", "answer_window_days": "14"}


def test_schedule_is_saved_and_audited(coordinator, alfa):
    assert post(coordinator, "/beheer/alfa/planning", **SCHEDULE).status_code == 302
    schedule = db.session.get(QuizSchedule, alfa.id)
    assert (schedule.enabled, schedule.start_date, schedule.time_of_day) == (
        True, date(2026, 3, 9), time(9, 30))
    bad = post(coordinator, "/beheer/alfa/planning", **dict(SCHEDULE, reminder_after_days="20"))
    assert bad.status_code == 400 and "herinnering" in bad.get_data(as_text=True)
    assert post(coordinator, "/beheer/alfa/planning",
                **dict(SCHEDULE, weekday="9")).status_code == 400
    db.session.expire_all()
    assert schedule.reminder_after_days == 5
    assert audit_actions() == ["schedule.updated"]


def test_pauses_are_validated_added_and_removed(coordinator, alfa):
    url = "/beheer/alfa/planning/pauzes"
    backwards = post(coordinator, url, first_day="2026-08-01", last_day="2026-07-01")
    assert backwards.status_code == 400
    assert post(coordinator, url, first_day="2026-07-01", last_day="2026-08-01",
                label="Zomer").status_code == 302
    pause = db.session.scalar(sa.select(SchedulePause))
    assert (pause.first_day, pause.label) == (date(2026, 7, 1), "Zomer")
    assert post(coordinator, f"{url}/{pause.id}/verwijderen").status_code == 302
    assert post(coordinator, f"{url}/{pause.id}/verwijderen").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(SchedulePause.id))) == 0
    assert audit_actions() == ["pause.added", "pause.removed"]


def test_question_bank_switches(coordinator, alfa):
    page = coordinator.get("/beheer/alfa/vragenbank").get_data(as_text=True)
    assert "Onderwerp phishing" in page and "Vraag 1 over phishing?" in page
    before = {c.key for c in candidates_for(alfa.id)}
    assert post(coordinator, "/beheer/alfa/vragenbank", key="phishing-001",
                enabled="0").status_code == 302
    assert {c.key for c in candidates_for(alfa.id)} == before - {"phishing-001"}
    assert post(coordinator, "/beheer/alfa/vragenbank", key="phishing-001",
                enabled="1").status_code == 302
    assert {c.key for c in candidates_for(alfa.id)} == before
    assert post(coordinator, "/beheer/alfa/vragenbank", key="bestaat-niet",
                enabled="0").status_code == 400
    assert post(coordinator, "/beheer/alfa/vragenbank", key="phishing-001",
                enabled="misschien").status_code == 400
    assert db.session.get(QuestionSetting, (alfa.id, "phishing-001")).enabled is True
    assert audit_actions() == ["question.disabled", "question.enabled"]


def _email(organisation_id: int, n: int, status: str = FAILED) -> OutboundEmail:
    email = OutboundEmail(organisation_id=organisation_id, kind="question",
                          message_id=f"<m{n}@test>", to_address=f"p{n}@alfa.nl",
                          subject=f"Vraag {n}", text_body="x", html_body="x", status=status,
                          attempts=5, last_error=f"550 onbekend adres {n}")
    db.session.add(email)
    db.session.commit()
    return email


def test_outbox_shows_failures_and_retries(coordinator, alfa):
    beta = make_org("beta")
    first, second = _email(alfa.id, 1), _email(alfa.id, 2)
    _email(alfa.id, 3, PENDING)
    other = _email(beta.id, 4)
    page = coordinator.get("/beheer/alfa/uitgaande-mail").get_data(as_text=True)
    assert "550 onbekend adres 1" in page and "p2@alfa.nl" in page and "p4@" not in page
    assert post(coordinator, f"/beheer/alfa/uitgaande-mail/opnieuw/een/{first.id}"
                ).status_code == 302
    db.session.expire_all()
    assert (first.status, first.attempts, second.status) == (PENDING, 0, FAILED)
    assert post(coordinator, "/beheer/alfa/uitgaande-mail/opnieuw/alle").status_code == 302
    db.session.expire_all()
    assert second.status == PENDING and other.status == FAILED
    assert audit_actions() == ["outbox.retried", "outbox.retried"]


def test_audit_log_pages_and_filters(admin, alfa):
    beta = make_org("beta")
    for n in range(60):
        audit.record("staff.deactivated", None, alfa.id, staff_member_id=n)
    audit.record("schedule.updated", None, beta.id)
    db.session.commit()
    page = admin.get("/beheer/audit").get_data(as_text=True)
    assert "Pagina 1 van 2" in page
    filtered = admin.get(f"/beheer/audit?organisation={beta.id}").get_data(as_text=True)
    assert "schedule.updated" in filtered and "staff_member_id" not in filtered
    by_action = admin.get("/beheer/audit?action=staff.deactivated&pagina=2")
    assert "staff_member_id: 0" in by_action.get_data(as_text=True)
    assert admin.get("/beheer/audit?action=verzonnen").status_code == 400


def test_send_a_test_question_to_myself(synced, coordinator, alfa):
    assert post(coordinator, "/beheer/alfa/testvraag").status_code == 302
    with SmtpServer() as smtp:
        synced.config["MAIL_URL"] = smtp.url()
        drain()
        message = smtp.wait_for(1)[0].message
    assert smtp.messages[0].rcpt_tos == ("coord@alfa.nl",)
    assert message["Subject"].startswith("[Test]")
    text = message.get_body(("plain",)).get_content()
    assert "Vraag 1 over phishing?" in text
    # Its links open a preview with the explanation, for anyone, and record nothing.
    links = re.findall(r"http://localhost(/m/voorbeeld/\S+/[a-d])\b", text)
    assert len(links) == 3
    stranger = synced.test_client()
    right, wrong = stranger.get(links[0]), stranger.get(links[1])
    assert right.status_code == wrong.status_code == 200
    assert "Dit antwoord is goed" in right.text and "niet goed" in wrong.text
    assert "Dit is de regel." in right.text and "niets opgeslagen" in right.text
    assert stranger.get(links[0][:-6] + "x/a").status_code == 404  # tampered token
    assert stranger.get(links[0][:-1] + "z").status_code == 404  # unknown option
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 0  # nothing counted
    assert db.session.scalar(sa.select(sa.func.count(Delivery.id))) == 0
    assert audit_actions() == ["test_question.sent"]
    for key in [c.key for c in candidates_for(alfa.id)]:
        db.session.merge(QuestionSetting(organisation_id=alfa.id, question_key=key,
                                         enabled=False))
    db.session.commit()
    empty = post(coordinator, "/beheer/alfa/testvraag")
    assert empty.status_code == 400 and "vragenbank" in empty.get_data(as_text=True)

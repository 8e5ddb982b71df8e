"""The authorisation matrix: anonymous, a staff link holder, coordinator of A, coordinator of
B and the admin against EVERY route of the coordinators and auth blueprints (read from the
URL map, so new routes are covered automatically), with A's objects in the URL and with
B's ids swapped into A's URLs. CSRF is enforced on every POST."""
from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.routing import Rule

from awareness.accounts.models import AuditEvent
from awareness.extensions import db
from awareness.organisations.models import Department, Organisation, StaffMember
from awareness.outbox.models import FAILED, OutboundEmail
from awareness.staffquiz import tokens
from awareness.staffquiz.models import Delivery, QuestionSetting, QuizSchedule, Round, SchedulePause
from awareness.timeutil import freeze
from tests.support.accounts import csrf_token, isolated_requests, login, make_org, make_user
from tests.support.staffquiz import version_id

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# Pages only the regional admin may open (404 for coordinators, also of the same org).
ADMIN_ONLY = {"coordinators.organisations", "coordinators.organisation_new",
              "coordinators.organisation_edit", "coordinators.audit_log",
              "coordinators.regional", "coordinators.regional_export",
              "coordinators.regional_residents", "coordinators.regional_residents_export",
              "coordinators.per_person_reports"}
# Public pages of the login flow, and pages that belong to the own account (no organisation).
PUBLIC = {"auth.login", "auth.forgot_password", "auth.reset_password", "auth.logout"}
PENDING_LOGIN = {"auth.second_factor", "auth.enrol"}
# Only for an account that must replace an admin-chosen password; others go to their account.
FORCED_ONLY = {"auth.new_password"}
# They end the actor's own sessions, so the actor would be logged out for the next routes.
LOGOUTS = {"auth.logout", "auth.end_all_sessions"}
ID_PARAMS = {"department_id", "staff_id", "pause_id", "round_id", "email_id"}


def _world(slug: str) -> dict[str, Any]:
    organisation = make_org(slug)
    organisation.per_person_reports = True
    department = Department(organisation_id=organisation.id, name=f"Afdeling {slug}")
    db.session.add(department)
    db.session.flush()
    person = StaffMember(organisation_id=organisation.id, name=f"Persoon {slug}",
                         email=f"persoon@{slug}.nl", department_id=department.id)
    pause = SchedulePause(organisation_id=organisation.id, first_day=date(2026, 7, 1),
                          last_day=date(2026, 8, 1), label="zomer")
    schedule = QuizSchedule(organisation_id=organisation.id, start_date=date(2026, 1, 5),
                            enabled=True)
    question = {"key": "q1", "text": "Vraag?", "options": [
        {"key": "a", "text": "Ja", "correct": True},
        {"key": "b", "text": "Nee", "correct": False}]}
    round_ = Round(organisation_id=organisation.id, number=1, slot_at=T0, question_key="q1",
                   topic="phishing", remind_at=T0 + timedelta(days=5),
                   closes_at=T0 + timedelta(days=14), question=question)
    db.session.add_all([person, pause, schedule, round_])
    db.session.flush()
    delivery = Delivery(round_id=round_.id, staff_member_id=person.id,
                        department_id=department.id, question_id=version_id(question))
    email = OutboundEmail(organisation_id=organisation.id, kind="question",
                          message_id=f"<{slug}@test>", to_address=person.email,
                          subject="Vraag", text_body="x", html_body="x", status=FAILED,
                          attempts=5, last_error="550 no such user")
    db.session.add_all([delivery, email])
    db.session.commit()
    return {"org_slug": slug, "department_id": department.id, "staff_id": person.id,
            "pause_id": pause.id, "round_id": round_.id, "email_id": email.id,
            "organisation_id": organisation.id}


@pytest.fixture
def world(synced):
    freeze(T0)
    with isolated_requests(synced):
        a, b = _world("alfa"), _world("beta")
        actors = {
            "coordinator_a": make_user("coord@alfa.nl", organisation=_org("alfa")),
            "coordinator_b": make_user("coord@beta.nl", organisation=_org("beta")),
            "admin": make_user("admin@regio.nl", role="admin"),
        }
        clients = {"anonymous": synced.test_client(), "staff_link": synced.test_client()}
        token = tokens.make(tokens.INTRO, a["staff_id"], 0)
        clients["staff_link"].get(f"/m/intro/{token}")
        for step, (name, account) in enumerate(actors.items()):
            freeze(T0 + timedelta(seconds=30 * step))  # each login its own TOTP step
            clients[name] = synced.test_client()
            login(clients[name], account)
        freeze(T0 + timedelta(minutes=2))
        yield {"a": a, "b": b, "clients": clients, "staff_token": token}


def _org(slug: str) -> Organisation:
    return db.session.scalars(sa.select(Organisation).filter_by(slug=slug)).one()


def _rules(app: Flask, method: str) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint.split(".")[0] in ("coordinators", "auth")
            and method in (rule.methods or set())]


def _values(rule: Rule, objects: dict[str, Any], ids: dict[str, Any] | None = None
            ) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in rule.arguments:
        if name in ID_PARAMS:
            values[name] = (ids or objects)[name]
        elif name == "org_slug":
            values[name] = objects["org_slug"]
        elif name == "fmt":
            values[name] = "csv"
        elif name == "which":
            values[name] = "een" if "email_id" in rule.arguments else "alle"
        elif name == "change":
            values[name] = "deactiveren"
        elif name == "token":
            values[name] = "not-a-valid-token"
        else:
            raise AssertionError(f"the matrix does not know URL parameter {name} of {rule}")
    return values


def _url(app: Flask, rule: Rule, values: dict[str, Any]) -> str:
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        return adapter.build(rule.endpoint, values, method=next(iter(
            (rule.methods or set()) - {"HEAD", "OPTIONS"})), force_external=False)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/beheer/inloggen" in response.headers["Location"]


def test_every_get_route(world, synced):
    clients, a = world["clients"], world["a"]
    checked = 0
    for rule in _rules(synced, "GET"):
        url = _url(synced, rule, _values(rule, a))
        endpoint = rule.endpoint
        for name, client in clients.items():
            response = client.get(url)
            code = response.status_code
            where = f"{name} GET {url} ({endpoint}) -> {code}"
            assert code < 500, where
            if endpoint in PUBLIC:
                assert code in (200, 302, 400, 405), where
            elif endpoint in PENDING_LOGIN:
                assert code == 302, where  # only between password and code
            elif name in ("anonymous", "staff_link"):
                assert _is_login_redirect(response), where
            elif endpoint in FORCED_ONLY:
                assert response.headers["Location"].endswith("/beheer/account"), where
            elif name == "coordinator_b":
                expected = 200 if endpoint in ("coordinators.dashboard",) or not (
                    "org_slug" in rule.arguments or endpoint in ADMIN_ONLY) else 404
                assert code == expected, where
            elif name == "coordinator_a":
                assert code == (404 if endpoint in ADMIN_ONLY else 200), where
            else:
                assert code == 200, where
            checked += 1
    assert checked > 100


def test_ids_of_another_organisation_in_own_urls(world, synced):
    clients, a, b = world["clients"], world["a"], world["b"]
    before = _fingerprint(b["organisation_id"])
    swapped = 0
    for method in ("GET", "POST"):
        for rule in _rules(synced, method):
            if not ID_PARAMS & set(rule.arguments):
                continue
            url = _url(synced, rule, _values(rule, a, ids=b))
            for name in ("coordinator_a", "admin"):
                client = clients[name]
                token = csrf_token(client, "/beheer/account")
                response = client.open(url, method=method, data={"csrf_token": token})
                assert response.status_code == 404, f"{name} {method} {url}"
                swapped += 1
    assert swapped >= 10
    assert _fingerprint(b["organisation_id"]) == before


def _fingerprint(organisation_id: int) -> tuple[Any, ...]:
    db.session.expire_all()
    def rows(model, *columns):
        return sorted(db.session.execute(sa.select(*columns).where(
            model.organisation_id == organisation_id)).all(), key=repr)
    return (
        rows(StaffMember, StaffMember.id, StaffMember.name, StaffMember.active),
        rows(Department, Department.id, Department.name),
        rows(SchedulePause, SchedulePause.id, SchedulePause.first_day),
        rows(QuestionSetting, QuestionSetting.question_key, QuestionSetting.enabled),
        rows(QuizSchedule, QuizSchedule.enabled, QuizSchedule.weekday),
        rows(OutboundEmail, OutboundEmail.id, OutboundEmail.status),
        db.session.execute(sa.select(Organisation.name, Organisation.per_person_reports,
                                     Organisation.privacy_threshold)
                           .filter_by(id=organisation_id)).all(),
    )


FORM = {"name": "Overgenomen", "enabled": "1", "key": "q1", "first_day": "2026-09-01",
        "last_day": "2026-09-02", "label": "x", "start_date": "2026-01-01", "weekday": "2",
        "time_of_day": "10:00", "interval_days": "7", "reminder_after_days": "2",
        "answer_window_days": "5", "timezone": "Europe/Amsterdam", "privacy_threshold": "3",
        "retention_months": "6", "slug": "overgenomen"}


def test_posts_need_csrf_and_the_right_organisation(world, synced):
    clients, a = world["clients"], world["a"]
    before = _fingerprint(a["organisation_id"])
    posted = 0
    for rule in _rules(synced, "POST"):
        url = _url(synced, rule, _values(rule, a))
        for name, client in clients.items():
            no_token = client.post(url, data=FORM)
            where = f"{name} POST {url} without token -> {no_token.status_code}"
            if rule.endpoint == "coordinators.staff_import_apply":
                # exempt from the global check: the form checks the token after the guard
                assert no_token.status_code in (302, 400, 404), where
            else:
                assert no_token.status_code == 400, where
            if (name in ("coordinator_a", "admin") or rule.endpoint in PUBLIC | PENDING_LOGIN
                    or (name == "coordinator_b" and rule.endpoint in LOGOUTS)):
                continue
            token = csrf_token(client, "/beheer/inloggen" if name in (
                "anonymous", "staff_link") else "/beheer/account")
            response = client.post(url, data=dict(FORM, csrf_token=token))
            where = f"{name} POST {url} -> {response.status_code}"
            if name == "coordinator_b":
                allowed = {404} if ("org_slug" in rule.arguments
                                    or rule.endpoint in ADMIN_ONLY) else {200, 302, 400}
                assert response.status_code in allowed, where
            else:
                assert _is_login_redirect(response), where
            posted += 1
    assert posted > 20
    assert _fingerprint(a["organisation_id"]) == before
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 2
    changes = db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.organisation_id == a["organisation_id"],
        AuditEvent.action.not_like("login.%"))).all()
    assert changes == []


def test_staff_token_opens_nothing_under_beheer(world, synced):
    client, token = world["clients"]["staff_link"], world["staff_token"]
    assert client.get(f"/m/intro/{token}").status_code == 200
    assert client.get(f"/beheer/wachtwoord-herstellen/{token}").status_code == 400
    assert _is_login_redirect(client.get("/beheer/alfa/medewerkers"))
    assert re.search("Inloggen", client.get("/beheer/inloggen").get_data(as_text=True))


GARBAGE = {"name": "x" * 5000, "email": "geen-adres", "password": "", "new_password": "a",
           "confirm": "b", "code": "12ab", "enabled": "misschien", "key": "<script>",
           "first_day": "2026-13-45", "last_day": "gisteren", "label": "\x00\x01",
           "start_date": "31-31-2026", "weekday": "99", "time_of_day": "25:61",
           "interval_days": "-1", "reminder_after_days": "1e9", "answer_window_days": "",
           "timezone": "Mars/Olympus", "privacy_threshold": "abc",
           "retention_months": "99999999999999999999999", "slug": "Geen Slug!",
           "contact_email": "@", "van": "2026-02-30", "tot": "morgen", "payload": "kapot",
           "deactivate_missing": "ja", "search": "%' OR 1=1 --", "page": "-5"}


@pytest.mark.parametrize("actor", ["coordinator_a", "admin"])
def test_garbage_in_every_form_is_a_4xx_not_a_500(world, synced, actor):
    """Bad input gets a clear message and a 4xx (or the form again), never a 500."""
    client, a = world["clients"][actor], world["a"]
    for rule in _rules(synced, "POST"):
        if rule.endpoint in LOGOUTS:
            continue
        url = _url(synced, rule, _values(rule, a))
        token = csrf_token(client, "/beheer/account")
        data: dict[str, Any] = dict(GARBAGE, csrf_token=token)
        if "import" in rule.endpoint:
            data["file"] = (io.BytesIO(b"\xff\xfe\x00garbage;;\n\x00"), "rooster.csv")
        response = client.post(url, data=data, content_type="multipart/form-data")
        assert response.status_code < 500, f"{actor} POST {url} -> {response.status_code}"
    for rule in _rules(synced, "GET"):
        if "fmt" in rule.arguments or rule.arguments - {"org_slug"} - ID_PARAMS:
            continue
        url = _url(synced, rule, _values(rule, a))
        response = client.get(url, query_string={"van": "2026-02-30", "tot": "x",
                                                 "pagina": "-1", "q": "%", "action": "?"})
        assert response.status_code < 500, f"{actor} GET {url} -> {response.status_code}"

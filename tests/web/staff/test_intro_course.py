"""The intro course behind the personal invitation link: lessons, the quiz, and completion
recorded only on a pass."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from awareness.content.models import Module
from awareness.extensions import db
from awareness.organisations.importer import plan_import
from awareness.organisations.models import StaffMember
from awareness.outbox.models import OutboundEmail
from awareness.staffquiz.intro import import_roster
from tests.support.staffquiz import make_org
from tests.web.staff.conftest import csrf_token


def invited(synced):  # type: ignore[no-untyped-def]
    org = make_org()
    import_roster(plan_import(org.id, b"naam,e-mail\nAnna,anna@gemeente-a.example\n", False))
    mail = db.session.scalar(sa.select(OutboundEmail).filter_by(kind="intro"))
    token = mail.text_body.split("/m/intro/")[1].split()[0]
    return token, db.session.scalar(sa.select(StaffMember))


def module() -> Module:
    return db.session.scalar(sa.select(Module).filter_by(slug="basiskennis-informatieveiligheid"))


def answers(correct: int) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {}
    for n, question in enumerate(module().questions):
        keys = [o["key"] for o in question.options if o["correct"] == (n < correct)]
        data[f"q_{question.key}"] = keys if question.kind == "multiple" else keys[0]
    return data


def test_invitation_link_shows_the_lessons(client: FlaskClient, synced: Flask) -> None:
    token, _ = invited(synced)
    page = client.get(f"/m/intro/{token}")
    assert page.status_code == 200
    assert "Les 1" in page.text and "Toets" in page.text
    lesson = client.get(f"/m/intro/{token}/les/2")
    assert lesson.status_code == 200 and module().lessons[1].body_html in lesson.text
    assert client.get(f"/m/intro/{token}/les/99").status_code == 404
    assert client.get(f"/m/intro/{token}x").status_code == 404


def test_a_failed_quiz_records_nothing_and_a_pass_records_completion(client, synced) -> None:  # type: ignore[no-untyped-def]
    token, staff = invited(synced)
    csrf = csrf_token(client.get(f"/m/intro/{token}/quiz").text)
    failed = client.post(f"/m/intro/{token}/quiz", data={"csrf_token": csrf, **answers(2)})
    assert failed.status_code == 200 and "Nog niet genoeg goed" in failed.text
    db.session.expire_all()
    assert db.session.get(StaffMember, staff.id).intro_completed_at is None
    passed = client.post(f"/m/intro/{token}/quiz", data={"csrf_token": csrf, **answers(6)})
    assert "Gefeliciteerd" in passed.text
    db.session.expire_all()
    assert db.session.get(StaffMember, staff.id).intro_completed_at is not None
    assert "afgerond op" in client.get(f"/m/intro/{token}").text


def test_incomplete_quiz_is_a_400_with_a_dutch_message(client: FlaskClient, synced: Flask) -> None:
    token, _ = invited(synced)
    csrf = csrf_token(client.get(f"/m/intro/{token}/quiz").text)
    page = client.post(f"/m/intro/{token}/quiz", data={"csrf_token": csrf})
    assert page.status_code == 400 and "Kies een antwoord" in page.text


def test_foreign_or_doubled_answers_are_a_400_and_record_nothing(client, synced) -> None:  # type: ignore[no-untyped-def]
    token, staff = invited(synced)
    csrf = csrf_token(client.get(f"/m/intro/{token}/quiz").text)
    extra = client.post(f"/m/intro/{token}/quiz",
                        data={"csrf_token": csrf, **answers(6), "q_verzonnen": "a"})
    assert extra.status_code == 400 and "niet bij deze quiz" in extra.text
    single = next(q for q in module().questions if q.kind == "single")
    doubled = {"csrf_token": csrf, **answers(6), f"q_{single.key}": ["a", "b"]}
    assert client.post(f"/m/intro/{token}/quiz", data=doubled).status_code == 400
    db.session.expire_all()
    assert db.session.get(StaffMember, staff.id).intro_completed_at is None

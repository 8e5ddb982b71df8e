"""Personal links that can be revoked and that expire (security review L-6), and what staff
are told while per-person lists are on (L-7). A dead link always gets the clear Dutch
"Deze link werkt niet" page with a 404."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from awareness.accounts.models import AuditEvent
from awareness.administration import roster
from awareness.extensions import db
from awareness.outbox.models import OutboundEmail
from awareness.staffquiz import tokens
from awareness.staffquiz.services import send_round_now
from awareness.timeutil import freeze
from tests.support import accounts
from tests.support.staffquiz import add_staff, answer_token, deliveries, make_org

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
GONE = "Deze link werkt niet"


def _links(person) -> dict[str, str]:
    generation = person.token_generation
    return {"history": f"/m/h/{tokens.make(tokens.HISTORY, person.id, generation)}",
            "intro": f"/m/intro/{tokens.make(tokens.INTRO, person.id, generation)}"}


def _world():
    freeze(T0)
    org = make_org()
    add_staff(org, 3)
    opened = send_round_now(org.id, T0)
    return org, deliveries(opened.round_id)


def _dead(client: FlaskClient, url: str) -> bool:
    page = client.get(url)
    return page.status_code == 404 and GONE in page.get_data(as_text=True)


def test_links_intrekken_on_the_coordinator_page_revokes_every_link(synced, client) -> None:
    org, (delivery, other, _third) = _world()
    person = delivery.staff_member
    links = {**_links(person), "answer": f"/m/a/{answer_token(delivery)}/a"}
    assert all(client.get(url).status_code == 200 for url in links.values())
    coordinator = synced.test_client()
    accounts.login(coordinator, accounts.make_user("coord@a.nl", organisation=org))
    url = f"/beheer/{org.slug}/medewerkers/{person.id}/links-intrekken"
    token = accounts.csrf_token(coordinator, f"/beheer/{org.slug}/medewerkers/{person.id}")
    assert coordinator.post(url, data={}).status_code == 400  # CSRF
    assert coordinator.post(url, data={"csrf_token": token}).status_code == 302
    assert all(_dead(client, link) for link in links.values())
    db.session.expire_all()
    assert client.get(_links(person)["history"]).status_code == 200  # new links work
    assert client.get(_links(other.staff_member)["history"]).status_code == 200  # others too
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="staff.links_revoked"))
    assert event.detail == {"staff_member_id": person.id}


def test_deactivation_revokes_for_good_even_after_reactivation(synced, client) -> None:
    org, (delivery, *_rest) = _world()
    person = delivery.staff_member
    old = _links(person)["history"]
    coordinator = accounts.make_user("coord@a.nl", organisation=org)
    roster.set_active(org.id, person.id, False, coordinator.id)
    assert _dead(client, old)
    roster.set_active(org.id, person.id, True, coordinator.id)
    assert _dead(client, old)
    assert client.get(_links(person)["history"]).status_code == 200


def test_cli_revokes_links(synced: Flask, client: FlaskClient, runner: FlaskCliRunner) -> None:
    org, (delivery, *_rest) = _world()
    person = delivery.staff_member
    old = _links(person)["intro"]
    result = runner.invoke(args=["staff", "revoke-links", person.email.upper(), "--org",
                                 org.slug])
    assert result.exit_code == 0, result.output
    assert _dead(client, old)
    unknown = runner.invoke(args=["staff", "revoke-links", "niemand@x.nl", "--org", org.slug])
    assert unknown.exit_code == 1 and "No staff member" in unknown.output


def test_history_and_intro_links_expire_after_the_retention_period(synced, client) -> None:
    org, (delivery, *_rest) = _world()
    links = _links(delivery.staff_member)  # made at T0; retention 24 months
    freeze(T0 + timedelta(days=24 * 31))
    assert all(client.get(url).status_code == 200 for url in links.values())
    freeze(T0 + timedelta(days=24 * 31 + 1))
    assert all(_dead(client, url) for url in links.values())
    # A shorter retention period shortens the life of links already sent.
    org.retention_months = 1
    db.session.commit()
    freeze(T0)
    fresh = _links(delivery.staff_member)
    freeze(T0 + timedelta(days=32))
    assert all(_dead(client, url) for url in fresh.values())


def test_untimed_old_style_history_links_no_longer_work(synced: Flask, client: FlaskClient) -> None:
    from itsdangerous import URLSafeSerializer
    _org, (delivery, *_rest) = _world()
    person = delivery.staff_member
    old = URLSafeSerializer(synced.config["SECRET_KEY"], salt=tokens.HISTORY).dumps(
        [person.id, person.token_generation])
    assert _dead(client, f"/m/h/{old}")


def test_staff_are_told_while_per_person_lists_are_on(synced: Flask, client: FlaskClient) -> None:
    org, (delivery, *_rest) = _world()
    notice = "heeft overzichten per persoon aangezet"
    history = _links(delivery.staff_member)["history"]
    assert notice not in client.get(history).get_data(as_text=True)
    first = db.session.scalar(sa.select(OutboundEmail).filter_by(kind="question"))
    assert notice not in first.text_body and notice not in first.html_body
    org.per_person_reports = True
    db.session.commit()
    page = client.get(history).get_data(as_text=True)
    assert notice in page and "Nooit welk antwoord je gaf" in page
    freeze(T0 + timedelta(days=14))
    send_round_now(org.id, T0 + timedelta(days=14))
    mails = db.session.scalars(sa.select(OutboundEmail).filter_by(kind="question")
                               .order_by(OutboundEmail.id.desc()).limit(3)).all()
    assert all(notice in m.text_body and notice in m.html_body for m in mails)

"""The coordinator's outbox page: e-mails waiting for another attempt after a mail server
problem, and the button that makes them due now (audited, this organisation only)."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from awareness.accounts.models import AuditEvent
from awareness.extensions import db
from awareness.outbox.models import FAILED, PENDING, OutboundEmail
from awareness.outbox.services import due_count
from awareness.timeutil import utcnow
from tests.support.accounts import csrf_token, make_org

URL = "/beheer/alfa/uitgaande-mail"


def waiting(organisation_id: int, n: int, status: str = PENDING) -> OutboundEmail:
    email = OutboundEmail(organisation_id=organisation_id, kind="question",
                          message_id=f"<w{n}@test>", to_address=f"p{n}@test.nl",
                          subject="Vraag", text_body="x", html_body="x", status=status,
                          attempts=3, next_attempt_at=utcnow() + timedelta(minutes=4 + n),
                          last_error="Connection refused")
    db.session.add(email)
    db.session.commit()
    return email


def test_waiting_emails_can_be_made_due_now(coordinator, alfa):
    beta = make_org("beta")
    mine = [waiting(alfa.id, 1), waiting(alfa.id, 2)]
    failed = waiting(alfa.id, 3, FAILED)
    other = waiting(beta.id, 4)
    page = coordinator.get(URL).get_data(as_text=True)
    assert "Wacht op een nieuwe poging" in page
    assert "2 e-mail(s) konden nog niet worden afgeleverd" in page
    assert "10:05" in page  # the first attempt, in Amsterdam time (T0 is 09:00 UTC)

    response = coordinator.post(URL + "/nu-proberen",
                                data={"csrf_token": csrf_token(coordinator, URL)})
    assert response.status_code == 302
    assert "2 e-mail(s) worden zo snel mogelijk opnieuw verstuurd" in coordinator.get(
        response.location).get_data(as_text=True)
    db.session.expire_all()
    assert [e.next_attempt_at for e in mine] == [utcnow(), utcnow()]
    assert [e.attempts for e in mine] == [3, 3]  # the attempts so far still count
    assert failed.status == FAILED and other.next_attempt_at > utcnow()
    assert due_count() == 2
    event = db.session.scalars(sa.select(AuditEvent)
                               .where(AuditEvent.action == "outbox.made_due")).one()
    assert (event.organisation_id, event.detail) == (alfa.id, {"emails": 2})
    assert "Wacht op een nieuwe poging" not in coordinator.get(URL).get_data(as_text=True)


def test_the_button_needs_its_csrf_token(coordinator, alfa):
    email = waiting(alfa.id, 1)
    assert coordinator.post(URL + "/nu-proberen").status_code == 400
    db.session.expire_all()
    assert email.next_attempt_at > utcnow()


def test_another_organisations_page_is_refused(coordinator, alfa):
    email = waiting(make_org("beta").id, 1)
    response = coordinator.post("/beheer/beta/uitgaande-mail/nu-proberen",
                                data={"csrf_token": csrf_token(coordinator, URL)})
    assert response.status_code in (403, 404)
    db.session.expire_all()
    assert email.next_attempt_at > utcnow()

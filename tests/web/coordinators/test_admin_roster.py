"""The staff roster screens: search and paging, CSV upload with a preview that stores
nothing, applying it, (de)activating, deleting (AVG) and exporting a person's data."""
from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import sqlalchemy as sa

from awareness.accounts.models import AuditEvent
from awareness.extensions import db
from awareness.organisations.models import Department, StaffMember
from awareness.outbox.models import OutboundEmail
from awareness.staffquiz.models import Answer, Delivery, Round
from awareness.timeutil import freeze
from tests.support.accounts import (
    PASSWORD,
    csrf_token,
    login,
    make_org,
    make_user,
)
from tests.support.staffquiz import version_id
from tests.web.coordinators.conftest import T0

CSV = (b"naam;e-mail;afdeling\n"
       b"Anna de Vries;anna@alfa.nl;Burgerzaken\n"
       b"Bram Jansen;bram@alfa.nl;ICT\n")




def post(client, url: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, "/beheer/account"), **data})


def staff_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(StaffMember.id))) or 0


def upload(client, data: bytes, **extra):
    return post(client, "/beheer/alfa/medewerkers/importeren",
                file=(io.BytesIO(data), "lijst.csv"), **extra)


def test_upload_previews_then_applies(coordinator, alfa):
    preview = upload(coordinator, CSV)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Nieuw: 2" in html and "anna@alfa.nl" in html
    assert staff_count() == 0  # the preview stored nothing
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', html).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    url = "/beheer/alfa/medewerkers/importeren/toepassen"
    tampered = coordinator.post(url, data={"csrf_token": token, "payload": payload[:-2] + "xx"})
    assert tampered.status_code == 400 and staff_count() == 0
    assert coordinator.post(url, data={"payload": payload}).status_code == 400
    applied = coordinator.post(url, data={"csrf_token": token, "payload": payload})
    assert applied.status_code == 302 and staff_count() == 2
    assert {d.name for d in db.session.scalars(sa.select(Department))} == {"Burgerzaken", "ICT"}
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="roster.import_applied"))
    assert event.detail["added"] == 2
    listing = coordinator.get("/beheer/alfa/medewerkers").get_data(as_text=True)
    assert "Anna de Vries" in listing and "Bram Jansen" in listing


def test_preview_lists_row_errors_and_offers_no_apply(coordinator):
    broken = b"naam,e-mail\nAnna,geen-adres\n,leeg@alfa.nl\n"
    response = upload(coordinator, broken)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Het bestand bevat fouten" in html
    assert re.search(r"[Rr]egel 2", html) and re.search(r"[Rr]egel 3", html)
    assert "Toepassen" not in html and staff_count() == 0


def test_payload_of_another_organisation_is_refused(synced, coordinator):
    make_org("beta")
    admin = synced.test_client()
    freeze(T0 + timedelta(seconds=30))
    login(admin, make_user("admin@regio.nl", role="admin"))
    html = post(admin, "/beheer/beta/medewerkers/importeren",
                file=(io.BytesIO(CSV), "lijst.csv")).get_data(as_text=True)
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', html).group(1)
    response = post(coordinator, "/beheer/alfa/medewerkers/importeren/toepassen",
                    payload=payload)
    assert response.status_code == 400 and staff_count() == 0


def _people(alfa, n: int) -> list[StaffMember]:
    ict = Department(organisation_id=alfa.id, name="ICT")
    db.session.add(ict)
    db.session.flush()
    people = [StaffMember(organisation_id=alfa.id, name=f"Persoon {i:03d}",
                          email=f"p{i:03d}@alfa.nl", department_id=ict.id if i % 2 else None,
                          active=i % 3 != 0) for i in range(n)]
    db.session.add_all(people)
    db.session.commit()
    return people


def test_roster_search_filter_and_paging(coordinator, alfa):
    _people(alfa, 120)
    first = coordinator.get("/beheer/alfa/medewerkers").get_data(as_text=True)
    assert "120 medewerkers gevonden" in first and "Pagina 1 van 3" in first
    assert "Persoon 000" in first and "Persoon 050" not in first
    third = coordinator.get("/beheer/alfa/medewerkers?pagina=3").get_data(as_text=True)
    assert "Persoon 119" in third
    found = coordinator.get("/beheer/alfa/medewerkers?q=P007").get_data(as_text=True)
    assert "1 medewerker gevonden" in found
    department = db.session.scalar(sa.select(Department.id))
    inactive_ict = coordinator.get(f"/beheer/alfa/medewerkers?department={department}&active=0")
    # odd i (ICT) and i % 3 == 0 (inactive): 3, 9, 15, ... 117 -> 20 people
    assert "20 medewerkers gevonden" in inactive_ict.get_data(as_text=True)
    assert coordinator.get("/beheer/alfa/medewerkers?department=999999").status_code == 400


def test_deactivate_and_reactivate(coordinator, alfa):
    person = _people(alfa, 2)[1]
    url = f"/beheer/alfa/medewerkers/{person.id}"
    assert post(coordinator, f"{url}/deactiveren").status_code == 302
    db.session.expire_all()
    assert person.active is False and person.deactivated_at is not None
    assert post(coordinator, f"{url}/activeren").status_code == 302
    db.session.expire_all()
    assert person.active is True and person.deactivated_at is None
    actions = db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.action.like("staff.%"))).all()
    assert actions == ["staff.deactivated", "staff.reactivated"]


def _answered(alfa, person: StaffMember) -> Delivery:
    question = {"key": "phishing-001", "text": "Vraag 1 over phishing?"}
    round_ = Round(organisation_id=alfa.id, number=1, slot_at=T0, question_key="phishing-001",
                   topic="phishing", remind_at=T0, closes_at=T0 + timedelta(days=14),
                   question=question)
    db.session.add(round_)
    db.session.flush()
    delivery = Delivery(round_id=round_.id, staff_member_id=person.id,
                        department_id=person.department_id, sent_at=T0,
                        question_id=version_id(question))
    db.session.add(delivery)
    db.session.flush()
    db.session.add(Answer(delivery_id=delivery.id, round_id=round_.id, option_key="a",
                          correct=True, seconds_to_answer=40))
    for kind, to in (("question", person.email), ("reminder", person.email.upper()),
                     ("question", "iemand-anders@alfa.nl")):
        db.session.add(OutboundEmail(organisation_id=alfa.id, kind=kind, to_address=to,
                                     message_id=f"<{kind}{to}@t>", subject="s", text_body="t",
                                     html_body="h"))
    db.session.commit()
    return delivery


def test_the_person_gets_their_data_and_the_coordinator_sees_none(coordinator, alfa):
    """AVG right of access (security review H-1): the coordinator only triggers it; the data
    goes to the person's own address, behind their own link."""
    person = _people(alfa, 2)[1]
    _answered(alfa, person)
    url = f"/beheer/alfa/medewerkers/{person.id}/gegevens"
    freeze(T0 + timedelta(minutes=11))
    assert "opnieuw-bevestigen" in coordinator.get(url).headers["Location"]
    assert "opnieuw-bevestigen" in post(coordinator, url).headers["Location"]
    assert not db.session.scalar(sa.select(AuditEvent.id).filter_by(action="staff.export_sent"))
    reauth = f"/beheer/opnieuw-bevestigen?next={url}"
    assert post(coordinator, reauth, password=PASSWORD).headers["Location"] == url
    response = post(coordinator, url)
    assert response.status_code == 302 and response.mimetype == "text/html"
    seen = coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert "krijgt een e-mail" in seen
    for page in (response.get_data(as_text=True), seen):
        assert "Vraag 1 over phishing?" not in page and '"option"' not in page
    mail = db.session.scalar(sa.select(OutboundEmail).filter_by(kind="data_export"))
    assert mail.to_address == person.email
    link = re.search(r"http://localhost(/m/h/[^/\s]+/gegevens)", mail.text_body).group(1)
    assert "Vraag 1" not in mail.text_body  # the e-mail holds a link, not the data
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="staff.export_sent"))
    assert event.user_id is not None and event.detail == {"staff_member_id": person.id}

    browser = coordinator.application.test_client()  # the person's own browser, no login
    page = browser.get(link)
    assert page.status_code == 200 and "Mijn gegevens" in page.get_data(as_text=True)
    assert not db.session.scalar(sa.select(AuditEvent.id).filter_by(
        action="staff.export_downloaded"))  # a mail scanner opening the link logs nothing
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      page.get_data(as_text=True)).group(1)
    download = browser.post(link, data={"csrf_token": token})
    assert download.mimetype == "application/json"
    assert "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.data)
    assert data["person"]["email"] == person.email and data["person"]["department"] == "ICT"
    assert data["deliveries"][0]["answer"] == {
        "option": "a", "correct": True, "seconds_to_answer": 40,
        "answered_at": data["deliveries"][0]["answer"]["answered_at"]}
    assert data["deliveries"][0]["question"] == "Vraag 1 over phishing?"
    assert db.session.scalar(sa.select(AuditEvent.id).filter_by(action="staff.export_downloaded"))


def test_delete_removes_personal_data_and_keeps_counts(coordinator, alfa):
    person = _people(alfa, 2)[1]
    delivery = _answered(alfa, person)
    person_id, email = person.id, person.email
    url = f"/beheer/alfa/medewerkers/{person_id}/verwijderen"
    assert "definitief verwijderen" in coordinator.get(url).get_data(as_text=True)
    assert post(coordinator, url).status_code == 302
    db.session.expire_all()
    assert db.session.get(StaffMember, person_id) is None
    assert db.session.get(Delivery, delivery.id).staff_member_id is None  # the count stays
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 1
    left = db.session.scalars(sa.select(OutboundEmail.to_address)).all()
    assert left == ["iemand-anders@alfa.nl"]
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="staff.deleted"))
    assert email not in json.dumps(event.detail) and event.detail["emails_removed"] == 2
    assert coordinator.get(f"/beheer/alfa/medewerkers/{person_id}").status_code == 404

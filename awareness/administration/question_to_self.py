""""Stuur een testvraag naar mezelf" (send a question to myself): the question the next
round would ask, rendered with the staff e-mail template and queued for the coordinator,
marked [Test]. No round and no delivery are created, so nothing is counted and the real rounds
keep their order; the answer links open a preview page (/m/voorbeeld/...) that shows the
explanation and records nothing."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _

from awareness.accounts import audit
from awareness.extensions import db
from awareness.organisations.models import Organisation
from awareness.organisations.services import OrganisationError
from awareness.outbox.services import enqueue
from awareness.staffquiz.mail import QuestionMail, Recipient
from awareness.staffquiz.models import QuizSchedule
from awareness.staffquiz.questions import EmptyBankError, next_question, snapshot


def send_question_to_self(organisation_id: int, to_email: str, actor_id: int,
                       now: datetime) -> str:
    """Queue the test e-mail (commits); returns the question's key."""
    organisation = db.session.get_one(Organisation, organisation_id)
    try:
        question = next_question(organisation_id)
    except EmptyBankError as exc:
        raise OrganisationError(_("Er is geen vraag beschikbaar. Zet vragen aan in de "
                                  "vragenbank.")) from exc
    schedule = db.session.get(QuizSchedule, organisation_id)
    window = schedule.answer_window_days if schedule else 14
    mail = QuestionMail(organisation, now + timedelta(days=window), preview=True)
    asked = snapshot(question)
    # The bank's own order: the coordinator checks the question, nobody is measured.
    rendered = mail.render("question", question.id, Recipient(0, _("collega"), to_email, 0),
                           asked, [o["key"] for o in asked["options"]])
    enqueue(to=to_email, subject=f"[Test] {rendered.subject or ''}".strip(),
            text_body=rendered.text, html_body=rendered.html, kind="test_question",
            organisation_id=organisation_id)
    audit.record("test_question.sent", actor_id, organisation_id, question_key=question.key)
    db.session.commit()
    return question.key

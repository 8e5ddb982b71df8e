"""Coordinator routes: the quiz schedule and pauses, the question bank per organisation, and
the outbox (counts, failed e-mails, retry, e-mails waiting to be retried made due now)."""
from __future__ import annotations

from datetime import time

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from awareness.accounts import audit
from awareness.administration import planning
from awareness.administration.question_to_self import send_question_to_self
from awareness.organisations.models import Organisation
from awareness.organisations.services import OrganisationError
from awareness.outbox import services as outbox
from awareness.reports.period import local_date
from awareness.staffquiz.schedule import pauses
from awareness.timeutil import utcnow
from awareness.web.auth import session as auth_session
from awareness.web.coordinators.access import organisation_for
from awareness.web.coordinators.admin_forms import (
    ButtonForm,
    PauseForm,
    QuestionModeForm,
    QuestionToggleForm,
    ScheduleForm,
    validated,
)
from awareness.web.coordinators.blueprint import bp, status_of


def _schedule_form(organisation: Organisation) -> ScheduleForm:
    schedule = planning.schedule_of(organisation.id)
    if schedule is not None:
        return ScheduleForm(obj=schedule)
    today = local_date(utcnow(), organisation.timezone)  # the application clock, not the host's
    return ScheduleForm(start_date=today, weekday=1, time_of_day=time(9, 0))


def _render_schedule(organisation: Organisation, form: ScheduleForm, pause_form: PauseForm,
                     code: int = 200, mode_form: QuestionModeForm | None = None
                     ) -> ResponseReturnValue:
    mode_form = mode_form or QuestionModeForm(formdata=None, mode=organisation.question_mode)
    return render_template("coordinators/schedule.html", organisation=organisation, form=form,
                           pause_form=pause_form, mode_form=mode_form, button=ButtonForm(),
                           pauses=pauses(organisation.id)), code


@bp.route("/<org_slug>/planning", methods=["GET", "POST"])
def schedule(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    form = _schedule_form(organisation)
    if form.validate_on_submit():
        try:
            planning.save_schedule(organisation.id, form.values(), auth_session.user().id)
        except OrganisationError as error:
            form.interval_days.errors = [str(error)]
        else:
            flash(_("De planning is opgeslagen."), "info")
            return redirect(url_for(".schedule", org_slug=org_slug))
    return _render_schedule(organisation, form, PauseForm(formdata=None), status_of(form))


@bp.post("/<org_slug>/planning/vragen")
def question_mode(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    form = QuestionModeForm()
    if form.validate_on_submit():
        changed = planning.set_question_mode(organisation.id, form.mode.data,
                                             auth_session.user().id)
        if changed:
            flash(_("De keuze van de vragen is opgeslagen. Ze geldt vanaf de volgende ronde."),
                  "info")
        return redirect(url_for(".schedule", org_slug=org_slug))
    return _render_schedule(organisation, _schedule_form(organisation),
                            PauseForm(formdata=None), 400, form)


@bp.post("/<org_slug>/planning/pauzes")
def pause_add(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    form = PauseForm()
    if form.validate_on_submit():
        try:
            planning.add_pause(organisation.id, validated(form.first_day.data),
                               validated(form.last_day.data), form.label.data or "",
                               auth_session.user().id)
        except OrganisationError as error:
            form.last_day.errors = [str(error)]
        else:
            flash(_("De pauze is toegevoegd."), "info")
            return redirect(url_for(".schedule", org_slug=org_slug))
    return _render_schedule(organisation, _schedule_form(organisation), form, 400)


@bp.post("/<org_slug>/planning/pauzes/<int:pause_id>/verwijderen")
def pause_remove(org_slug: str, pause_id: int) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        planning.remove_pause(organisation.id, pause_id, auth_session.user().id)
    except OrganisationError:
        abort(404)
    flash(_("De pauze is verwijderd."), "info")
    return redirect(url_for(".schedule", org_slug=org_slug))


@bp.get("/<org_slug>/vragenbank")
def questions(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    return render_template("coordinators/questions.html", organisation=organisation,
                           topics=planning.question_bank(organisation.id),
                           form=QuestionToggleForm(formdata=None))


@bp.post("/<org_slug>/vragenbank")
def question_toggle(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    form = QuestionToggleForm()
    if not form.validate_on_submit() or form.enabled.data not in ("0", "1"):
        abort(400)
    try:
        planning.set_question_enabled(organisation.id, form.key.data or "",
                                      form.enabled.data == "1", auth_session.user().id)
    except OrganisationError as error:
        abort(400, description=str(error))
    flash(_("De vragenbank is bijgewerkt."), "info")
    return redirect(url_for(".questions", org_slug=org_slug) + f"#vraag-{form.key.data}")


@bp.get("/<org_slug>/uitgaande-mail")
def outbox_page(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    return render_template("coordinators/outbox.html", organisation=organisation,
                           counts=outbox.outbox_status(organisation.id),
                           waiting=outbox.waiting_to_retry(organisation.id, utcnow()),
                           failed=outbox.failed_emails(organisation.id), form=ButtonForm())


@bp.post("/<org_slug>/uitgaande-mail/nu-proberen")
def outbox_due_now(org_slug: str) -> ResponseReturnValue:
    """After a mail server problem was fixed: e-mails waiting for their next attempt are sent
    at the sender's next run instead of after their backoff."""
    organisation = organisation_for(org_slug)
    if not ButtonForm().validate_on_submit():
        abort(400)
    waiting = outbox.waiting_to_retry(organisation.id, utcnow()).emails
    audit.record("outbox.made_due", auth_session.user().id, organisation.id, emails=waiting)
    made = outbox.make_due_now(organisation.id, utcnow())  # commits the audit event too
    flash(_("%(n)s e-mail(s) worden zo snel mogelijk opnieuw verstuurd.", n=made.waiting),
          "info")
    return redirect(url_for(".outbox_page", org_slug=org_slug))


@bp.post("/<org_slug>/uitgaande-mail/opnieuw/<any(alle, een):which>",
         defaults={"email_id": None})
@bp.post("/<org_slug>/uitgaande-mail/opnieuw/<any(alle, een):which>/<int:email_id>")
def outbox_retry(org_slug: str, which: str, email_id: int | None) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    if not ButtonForm().validate_on_submit() or (which == "een") != (email_id is not None):
        abort(400)
    failed = [e.id for e in outbox.failed_emails(organisation.id, limit=10_000)]
    if email_id is not None and email_id not in failed:
        abort(404)  # not a failed e-mail of this organisation
    ids = [email_id] if email_id is not None else failed
    audit.record("outbox.retried", auth_session.user().id, organisation.id, emails=len(ids))
    count = outbox.retry_failed(ids, organisation.id)  # commits the audit event too
    flash(_("%(n)s e-mail(s) staan opnieuw klaar om te versturen.", n=count), "info")
    return redirect(url_for(".outbox_page", org_slug=org_slug))


@bp.post("/<org_slug>/testvraag")
def question_to_self(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    if not ButtonForm().validate_on_submit():
        abort(400)
    user = auth_session.user()
    try:
        send_question_to_self(organisation.id, user.email, user.id, utcnow())
    except OrganisationError as error:
        abort(400, description=str(error))
    flash(_("De testvraag staat klaar om naar %(email)s te worden gestuurd.",
            email=user.email), "info")
    return redirect(url_for(".outbox_page", org_slug=org_slug))

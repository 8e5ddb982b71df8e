"""Coordinator routes: reports. Views parse the date filter, call awareness.reports and render
the protected rows; exports are built from the same rows and audited."""
from __future__ import annotations

from flask import Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from awareness.organisations.models import Organisation
from awareness.reports import charts, exports, people, services, tables
from awareness.reports.checker import checker_report, with_checker_table
from awareness.reports.drilldown import RoundNotFoundError, RoundReport, round_report
from awareness.reports.exports import ExportDocument
from awareness.reports.lasting import lasting_report, month_chart
from awareness.reports.period import Period, local_date
from awareness.reports.queries import staff_overview
from awareness.reports.regional import regional_overview
from awareness.reports.residents import resident_report, resident_total
from awareness.timeutil import utcnow
from awareness.web.auth import session as auth_session
from awareness.web.coordinators.access import (
    fresh_auth_required,
    organisation_for,
    require_admin,
    visible_organisations,
)
from awareness.web.coordinators.blueprint import bp
from awareness.web.coordinators.report_forms import RangeForm

EXPORT = "export.<any(csv, xlsx):fmt>"
REGION_TZ = "Europe/Amsterdam"


class FilterError(Exception):
    """The date filter did not validate; shown as a 400 with the form's messages."""

    def __init__(self, form: RangeForm) -> None:
        self.form = form


@bp.errorhandler(FilterError)
def _filter_error(error: FilterError) -> ResponseReturnValue:
    return render_template("coordinators/report_filter_error.html", form=error.form), 400


def _filter(timezone: str, everything: bool = False) -> tuple[RangeForm, Period | None]:
    form = RangeForm(formdata=request.args)
    if not form.validate():
        raise FilterError(form)
    return form, form.period(timezone, local_date(utcnow(), timezone), everything)


def _period(timezone: str) -> tuple[RangeForm, Period]:
    form, period = _filter(timezone)
    assert period is not None  # nosec B101  # only `everything` gives None; narrows the type
    return form, period


def _download(document: ExportDocument, slug: str, name: str, fmt: str,
              organisation_id: int | None, period: Period | None) -> Response:
    body = exports.to_csv(document) if fmt == "csv" else exports.to_xlsx(document)
    services.record_export(auth_session.user().id, organisation_id, name, fmt, period)
    file = exports.filename(slug, name, local_date(utcnow(), REGION_TZ), fmt)
    response = Response(body, mimetype=exports.CSV_TYPE if fmt == "csv" else exports.XLSX_TYPE)
    response.headers["Content-Disposition"] = exports.content_disposition(file)
    return response


@bp.get("/", endpoint="dashboard")
def dashboard() -> ResponseReturnValue:
    if auth_session.user().is_admin:
        form, period = _period(REGION_TZ)
        return render_template("coordinators/report_regional.html", form=form,
                               report=regional_overview(period), charts=charts, dashboard=True)
    organisation = auth_session.user().organisation
    if organisation is None:
        abort(404)
    form, period = _period(organisation.timezone)
    return render_template("coordinators/dashboard.html", organisation=organisation, form=form,
                           report=staff_overview(organisation, period, detail=False),
                           residents=resident_total(organisation, period), charts=charts)


@bp.get("/<org_slug>/rapportage", endpoint="reports")
def staff_report(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    form, period = _period(organisation.timezone)
    return render_template("coordinators/report_staff.html", organisation=organisation,
                           form=form, report=staff_overview(organisation, period), charts=charts)


@bp.get(f"/<org_slug>/rapportage/{EXPORT}")
def staff_report_export(org_slug: str, fmt: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    _form, period = _period(organisation.timezone)
    document = tables.staff_document(staff_overview(organisation, period))
    return _download(document, organisation.slug, "kennisquiz", fmt, organisation.id, period)


@bp.get("/<org_slug>/rapportage/kennis-die-blijft")
def lasting_knowledge(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    form, period = _period(organisation.timezone)
    report = lasting_report(organisation, period)
    return render_template("coordinators/report_lasting.html", organisation=organisation,
                           form=form, report=report, month_chart=month_chart(report))


@bp.get(f"/<org_slug>/rapportage/kennis-die-blijft/{EXPORT}")
def lasting_knowledge_export(org_slug: str, fmt: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    _form, period = _period(organisation.timezone)
    document = tables.lasting_document(lasting_report(organisation, period))
    return _download(document, organisation.slug, "kennis-die-blijft", fmt, organisation.id,
                     period)


def _round(organisation: Organisation, round_id: int) -> RoundReport:
    try:
        return round_report(organisation, round_id)
    except RoundNotFoundError:
        abort(404)


@bp.get("/<org_slug>/rapportage/ronde/<int:round_id>")
def round_detail(org_slug: str, round_id: int) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    return render_template("coordinators/report_round.html", organisation=organisation,
                           report=_round(organisation, round_id), charts=charts)


@bp.get(f"/<org_slug>/rapportage/ronde/<int:round_id>/{EXPORT}")
def round_detail_export(org_slug: str, round_id: int, fmt: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    report = _round(organisation, round_id)
    return _download(tables.round_document(report), organisation.slug,
                     f"ronde-{report.row.info.number}", fmt, organisation.id, None)


@bp.get("/<org_slug>/rapportage/inwoners")
def resident_usage(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    form, period = _period(organisation.timezone)
    return render_template("coordinators/report_residents.html", organisation=organisation,
                           form=form, report=resident_report(organisation, period),
                           checker=checker_report(organisation, period), charts=charts)


@bp.get(f"/<org_slug>/rapportage/inwoners/{EXPORT}")
def resident_usage_export(org_slug: str, fmt: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    _form, period = _period(organisation.timezone)
    document = with_checker_table(tables.resident_document(resident_report(organisation, period)),
                                  checker_report(organisation, period))
    return _download(document, organisation.slug, "inwoners", fmt, organisation.id, period)


@bp.get("/<org_slug>/rapportage/bio")
def bio_evidence(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    form, period = _filter(organisation.timezone, everything=True)
    report = people.bio_report(organisation, period, utcnow())
    services.record_view(auth_session.user().id, organisation.id, "bio", period)
    return render_template("coordinators/report_bio.html", organisation=organisation,
                           form=form, report=report)


@bp.get(f"/<org_slug>/rapportage/bio/{EXPORT}")
@fresh_auth_required
def bio_evidence_export(org_slug: str, fmt: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    _form, period = _filter(organisation.timezone, everything=True)
    document = tables.bio_document(people.bio_report(organisation, period, utcnow()))
    return _download(document, organisation.slug, "bio2-introductiecursus", fmt,
                     organisation.id, period)


def _participation(organisation: Organisation, period: Period) -> people.ParticipationList:
    try:
        return people.participation_list(organisation, period, utcnow())
    except people.PerPersonReportsOffError:
        abort(404)


@bp.get("/<org_slug>/rapportage/personen")
def person_participation(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    form, period = _period(organisation.timezone)
    report = _participation(organisation, period)
    services.record_view(auth_session.user().id, organisation.id, "personen", period)
    return render_template("coordinators/report_people.html", organisation=organisation,
                           form=form, report=report)


@bp.get(f"/<org_slug>/rapportage/personen/{EXPORT}")
@fresh_auth_required
def person_participation_export(org_slug: str, fmt: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    _form, period = _period(organisation.timezone)
    document = tables.people_document(_participation(organisation, period))
    return _download(document, organisation.slug, "deelname-per-persoon", fmt,
                     organisation.id, period)


@bp.get("/regio")
def regional() -> ResponseReturnValue:
    require_admin()
    form, period = _period(REGION_TZ)
    return render_template("coordinators/report_regional.html", form=form,
                           report=regional_overview(period), charts=charts, dashboard=False)


@bp.get(f"/regio/{EXPORT}")
def regional_export(fmt: str) -> ResponseReturnValue:
    require_admin()
    _form, period = _period(REGION_TZ)
    return _download(tables.regional_document(regional_overview(period)), "regio", "regio",
                     fmt, None, period)


@bp.get("/regio/inwoners")
def regional_residents() -> ResponseReturnValue:
    require_admin()
    form, period = _period(REGION_TZ)
    report = resident_report(None, period, _region_threshold())
    return render_template("coordinators/report_residents.html", organisation=None, form=form,
                           report=report, charts=charts,
                           checker=checker_report(None, period, _region_threshold()))


@bp.get(f"/regio/inwoners/{EXPORT}")
def regional_residents_export(fmt: str) -> ResponseReturnValue:
    require_admin()
    _form, period = _period(REGION_TZ)
    document = with_checker_table(
        tables.resident_document(resident_report(None, period, _region_threshold())),
        checker_report(None, period, _region_threshold()))
    return _download(document, "regio", "inwoners", fmt, None, period)


def _region_threshold() -> int:
    """Across municipalities the strictest threshold applies."""
    return max((o.privacy_threshold for o in visible_organisations()), default=5)

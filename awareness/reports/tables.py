"""Export tables built from the same frozen, already protected rows the pages render; nothing
here looks at the database, so an export can never show more than its page."""
from __future__ import annotations

from flask_babel import gettext as _

from awareness.reports.drilldown import RoundReport
from awareness.reports.exports import ExportDocument, Table
from awareness.reports.lasting import LastingReport, LastingRow
from awareness.reports.people import BioReport, ParticipationList
from awareness.reports.queries import GroupRow, StaffOverview
from awareness.reports.regional import RegionalOverview
from awareness.reports.residents import ResidentReport, UsageRow


def privacy_note(threshold: int) -> str:
    return _("Groepen kleiner dan %(k)s personen zijn samengevoegd in 'Overig' of weggelaten; "
             "een lege cel betekent: verborgen om personen te beschermen.", k=threshold)


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def staff_document(report: StaffOverview) -> ExportDocument:
    rounds = Table(_("Per ronde"), (
        _("Ronde"), _("Datum"), _("Onderwerp"), _("Ontvangen"), _("Beantwoord"),
        _("Deelname (%)"), _("Goed (%)"), _("Gem. tijd tot antwoord (uren)")),
        tuple((r.info.number, r.info.opened_on, r.topic_title,
               r.counts.delivered if r.counts else None,
               r.counts.answered if r.counts else None, r.participation, r.correct_rate,
               _hours(r.average_seconds)) for r in report.rounds))
    topics = Table(_("Per onderwerp"), (_("Onderwerp"), _("Ronden"), _("Antwoorden"),
                                        _("Goed"), _("Goed (%)")),
                   tuple((t.title, t.rounds, t.counts.answered, t.counts.correct,
                          t.counts.correct_rate) for t in report.topics))
    totals = Table(_("Totaal"), (_("Onderdeel"), _("Aantal"), _("Van totaal"), _("Percentage")), (
        (_("Deelname"), report.participation_total.answered,
         report.participation_total.delivered, report.participation_total.participation),
        (_("Goed beantwoord"), report.correct_total.correct, report.correct_total.answered,
         report.correct_total.correct_rate),
        (_("Introductiecursus afgerond"), report.intro.completed if report.intro.shown else None,
         report.intro.active if report.intro.shown else None, report.intro.rate),
    ))
    return ExportDocument(
        _("Rapportage kennisquiz %(org)s, %(range)s", org=report.organisation,
          range=report.period.label()),
        (privacy_note(report.threshold),),
        (totals, rounds, topics,
         _participation_table(report.participation_by_department),
         _correct_table(report.correct_by_department)))


def _participation_table(rows: tuple[GroupRow, ...]) -> Table:
    return Table(_("Deelname per afdeling"),
                 (_("Afdeling"), _("Ontvangen"), _("Beantwoord"), _("Deelname (%)")),
                 tuple((g.label, g.counts.delivered, g.counts.answered, g.counts.participation)
                       for g in rows))


def _correct_table(rows: tuple[GroupRow, ...]) -> Table:
    return Table(_("Goed per afdeling"),
                 (_("Afdeling"), _("Antwoorden"), _("Goed"), _("Goed (%)")),
                 tuple((g.label, g.counts.answered, g.counts.correct, g.counts.correct_rate)
                       for g in rows))


def round_document(report: RoundReport) -> ExportDocument:
    row = report.row
    options = Table(_("Antwoorden per optie"), (_("Optie"), _("Tekst"), _("Juist"),
                                                 _("Aantal"), _("Aandeel (%)")),
                    tuple((o.key, o.text, o.correct, o.count, o.share) for o in report.options))
    spread = Table(_("Antwoorden per afdeling"),
                   (_("Afdeling"), _("Optie"), _("Aantal"), _("Aandeel (%)")),
                   tuple((d.label, o.key, o.count, o.share)
                         for d in report.distributions for o in d.options))
    summary = Table(_("Ronde"), (_("Ronde"), _("Datum"), _("Vraag"), _("Ontvangen"),
                                 _("Beantwoord"), _("Deelname (%)"), _("Goed (%)")),
                    ((row.info.number, row.info.opened_on, report.question_text,
                      row.counts.delivered if row.counts else None,
                      row.counts.answered if row.counts else None, row.participation,
                      row.correct_rate),))
    return ExportDocument(
        _("Ronde %(n)s, %(org)s", n=row.info.number, org=report.organisation),
        (privacy_note(report.threshold),),
        (summary, options, _participation_table(report.participation_by_department), spread))


def _usage_table(title: str, label: str, rows: tuple[UsageRow, ...]) -> Table:
    return Table(title, (label, _("Gestart"), _("Afgerond"), _("Quizpogingen"),
                         _("Gem. score (%)")),
                 tuple((r.label, r.usage.starts, r.usage.completions, r.usage.attempts,
                        r.average_score) for r in rows))


def resident_document(report: ResidentReport) -> ExportDocument:
    tables = [
        _usage_table(_("Per doelgroep"), _("Doelgroep"), report.by_audience),
        _usage_table(_("Per module"), _("Module"), report.by_module),
        _usage_table(_("Per maand"), _("Maand"), report.by_month),
    ]
    if report.by_municipality:
        tables.append(_usage_table(_("Per gemeente"), _("Gemeente"), report.by_municipality))
    return ExportDocument(
        _("Inwoners: modules, %(scope)s, %(range)s", scope=report.scope,
          range=report.period.label()),
        (privacy_note(report.threshold),), tuple(tables))


def bio_document(report: BioReport) -> ExportDocument:
    table = Table(_("Introductiecursus per medewerker"),
                  (_("Naam"), _("Afdeling"), _("Startdatum"), _("Uiterlijk afronden"),
                   _("Afgerond op"), _("Status")),
                  tuple((r.name, r.department, r.start_date, r.deadline, r.completed_on,
                         r.status_label) for r in report.rows))
    return ExportDocument(
        _("BIO2-bewijs introductiecursus, %(org)s, %(day)s", org=report.organisation,
          day=f"{report.today:%d-%m-%Y}"),
        (_("Persoonsgegevens: dit is het enige rapport per persoon. Ga er zorgvuldig mee om."),),
        (table,))


def people_document(report: ParticipationList) -> ExportDocument:
    table = Table(_("Deelname per medewerker"),
                  (_("Naam"), _("Afdeling"), _("Introductiecursus afgerond op"),
                   _("Ontvangen"), _("Beantwoord"), _("Deelname (%)")),
                  tuple((r.name, r.department, r.intro_completed_on, r.received, r.answered,
                         r.rate) for r in report.rows))
    return ExportDocument(
        _("Deelname per medewerker, %(org)s, %(range)s", org=report.organisation,
          range=report.period.label()),
        (_("Persoonsgegevens: alleen de introductiecursus en hoeveel ronden iemand "
           "beantwoordde, nooit welk antwoord en nooit of het goed was."),),
        (table,))


def regional_document(report: RegionalOverview) -> ExportDocument:
    table = Table(_("Organisaties naast elkaar"), (
        _("Organisatie"), _("Ronden"), _("Deelname (%)"), _("Goed (%)"),
        _("Introductiecursus afgerond (%)"), _("Inwoners gestart"), _("Inwoners afgerond")),
        tuple((r.name, r.rounds, r.participation_rate, r.correct_rate, r.intro.rate,
               r.residents.starts if r.residents else None,
               r.residents.completions if r.residents else None) for r in report.rows))
    return ExportDocument(_("Regio-overzicht, %(range)s", range=report.period.label()),
                          (_("Elke organisatie is beschermd met haar eigen drempel."),), (table,))


def _lasting_table(title: str, label: str, rows: tuple[LastingRow, ...]) -> Table:
    return Table(title, (
        label, _("Eerste keer: antwoorden"), _("Eerste keer goed (%)"),
        _("Teruggekomen: antwoorden"), _("Goed als de vraag terugkomt (%)"),
        _("Vragen gegeven t/m deze periode"), _("Afgerond (twee keer op rij goed)"),
        _("Afgerond (%)")),
        tuple((r.label, r.figures.first.answered, r.first_rate, r.figures.repeat.answered,
               r.repeat_rate, r.started, r.retired, r.retired_share)
              for r in rows))


def lasting_document(report: LastingReport) -> ExportDocument:
    topics = report.topics + ((report.total,) if report.total else ())
    return ExportDocument(
        _("Kennis die blijft, %(org)s, %(range)s", org=report.organisation,
          range=report.period.label()),
        (privacy_note(report.threshold),
         _("Alleen afgesloten ronden tellen mee. Afgerond: van alle vragen die medewerkers "
           "kregen sinds de eerste ronde, het deel dat twee keer op rij goed is beantwoord. "
           "Per onderwerp alleen als het onderwerp in elke ronde apart te tonen was.")),
        (_lasting_table(_("Per onderwerp"), _("Onderwerp"), topics),
         _lasting_table(_("Per maand"), _("Maand"), report.months)))

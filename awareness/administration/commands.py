"""`flask org create|list|schedule|pause` and `flask staff import|revoke-links`."""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import NoReturn, TypeVar

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from awareness.administration import planning
from awareness.administration.organisations import list_organisations
from awareness.administration.planning import set_question_mode
from awareness.administration.roster import record_department_changes, revoke_links
from awareness.extensions import db
from awareness.organisations import services
from awareness.organisations.importer import ImportPlan, RowChange, plan_import
from awareness.organisations.models import QUESTION_MODES, StaffMember
from awareness.organisations.services import OrganisationError
from awareness.staffquiz.intro import import_roster
from awareness.staffquiz.models import QuizSchedule
from awareness.staffquiz.schedule import ScheduleInput

WEEKDAYS = {name: n for n, names in enumerate((
    ("mon", "monday", "ma", "maandag"), ("tue", "tuesday", "di", "dinsdag"),
    ("wed", "wednesday", "wo", "woensdag"), ("thu", "thursday", "do", "donderdag"),
    ("fri", "friday", "vr", "vrijdag"), ("sat", "saturday", "za", "zaterdag"),
    ("sun", "sunday", "zo", "zondag"),
)) for name in names}
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
T = TypeVar("T")


def _fail(message: str) -> NoReturn:
    click.secho(message, fg="red", err=True)
    sys.exit(1)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date like 2026-12-01") from exc


def _weekday(value: str | None) -> int | None:
    if value is None:
        return None
    key = value.strip().lower()
    if key.isdigit() and 0 <= int(key) <= 6:
        return int(key)
    if key not in WEEKDAYS:
        raise click.BadParameter(f"{value!r}: use mon, tue, wed, thu, fri, sat or sun")
    return WEEKDAYS[key]


def _time(value: str | None) -> time | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%H:%M").time()
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a time like 09:00") from exc


@click.group("org", help="Organisations (municipalities) and their quiz schedule.")
def org_cli() -> None:
    pass


@org_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Full name, e.g. 'Gemeente Voorbeeld'.")
@click.option("--timezone", default="Europe/Amsterdam", show_default=True)
@click.option("--contact-email", help="Who staff can ask about the quiz.")
@with_appcontext
def create(slug: str, name: str, timezone: str, contact_email: str | None) -> None:
    """Create an organisation."""
    try:
        org = services.create_organisation(slug, name, timezone, contact_email)
    except OrganisationError as exc:
        _fail(str(exc))
    click.echo(f"Created {org.slug} ({org.name}, {org.timezone}).")


@org_cli.command("list")
@with_appcontext
def list_() -> None:
    """List organisations with their active staff and schedule."""
    rows = list_organisations()
    if not rows:
        click.echo("No organisations yet: flask org create SLUG --name NAME")
    for org, active, schedule in rows:
        plan = "no schedule"
        if schedule is not None:
            plan = (f"{'enabled' if schedule.enabled else 'disabled'}: every "
                    f"{schedule.interval_days} days on {DAY_NAMES[schedule.weekday]} at "
                    f"{schedule.time_of_day:%H:%M} from {schedule.start_date}")
        click.echo(f"{org.slug:<24} {org.name:<32} {active:>6} active  {plan}; questions "
                   f"{org.question_mode}")


@org_cli.command("schedule")
@click.argument("slug")
@click.option("--start", help="First date, e.g. 2026-12-01.")
@click.option("--weekday", help="mon, tue, ... (or ma, di, ...).")
@click.option("--time", "time_of_day", help="Local time of day, e.g. 09:00.")
@click.option("--interval", type=int, help="Days between rounds (default 14).")
@click.option("--reminder-after", type=int, help="Days until the reminder (default 5).")
@click.option("--window", type=int, help="Days to answer (default 14).")
@click.option("--enable/--disable", default=None, help="Switch the schedule on or off.")
@click.option("--questions", type=click.Choice(QUESTION_MODES),
              help="same: everyone the round's question; personal: each person their own "
                   "(spaced repetition). From the next round on; audited.")
@with_appcontext
def schedule(slug: str, start: str | None, weekday: str | None, time_of_day: str | None,
             interval: int | None, reminder_after: int | None, window: int | None,
             enable: bool | None, questions: str | None) -> None:
    """Set the quiz schedule and how questions are chosen (options left out keep their
    current value)."""
    timing = (start, weekday, time_of_day, interval, reminder_after, window, enable)
    try:
        org = services.by_slug(slug)
        if questions is not None:
            changed = set_question_mode(org.id, questions, None)
            click.echo(f"{slug}: questions {questions}{'' if changed else ' (unchanged)'}.")
            if all(value is None for value in timing):
                return
        current = db.session.get(QuizSchedule, org.id)
        values = _schedule_input(current, None if start is None else _date(start),
                                 _weekday(weekday), _time(time_of_day), interval,
                                 reminder_after, window, enable)
        saved = planning.save_schedule(org.id, values, None)
    except OrganisationError as exc:
        _fail(str(exc))
    click.echo(f"{slug}: {'enabled' if saved.enabled else 'disabled'}, every "
               f"{saved.interval_days} days on {DAY_NAMES[saved.weekday]} at "
               f"{saved.time_of_day:%H:%M} ({org.timezone}) from {saved.start_date}; reminder "
               f"after {saved.reminder_after_days} days, window {saved.answer_window_days} days.")


def _schedule_input(current: QuizSchedule | None, start: date | None, weekday: int | None,
                    time_of_day: time | None, interval: int | None, reminder: int | None,
                    window: int | None, enable: bool | None) -> ScheduleInput:
    if current is not None:
        kept = ScheduleInput(current.start_date, current.weekday, current.time_of_day,
                             current.interval_days, current.reminder_after_days,
                             current.answer_window_days, current.enabled)
    elif start is None or weekday is None or time_of_day is None:
        raise click.UsageError("A new schedule needs --start, --weekday and --time.")
    else:
        kept = ScheduleInput(start, weekday, time_of_day)  # and the defaults of a new schedule
    return ScheduleInput(
        start_date=_given(start, kept.start_date), weekday=_given(weekday, kept.weekday),
        time_of_day=_given(time_of_day, kept.time_of_day),
        interval_days=_given(interval, kept.interval_days),
        reminder_after_days=_given(reminder, kept.reminder_after_days),
        answer_window_days=_given(window, kept.answer_window_days),
        enabled=_given(enable, kept.enabled),
    )


def _given(value: T | None, kept: T) -> T:
    """An option left out (None) keeps the current value."""
    return kept if value is None else value


@org_cli.command("pause")
@click.argument("slug")
@click.option("--from", "first", required=True, help="First day without rounds.")
@click.option("--to", "last", required=True, help="Last day without rounds (included).")
@click.option("--label", default="", help="E.g. 'Zomervakantie'.")
@with_appcontext
def pause(slug: str, first: str, last: str, label: str) -> None:
    """Add a pause (no rounds on slots between the two dates)."""
    try:
        org = services.by_slug(slug)
        saved = planning.add_pause(org.id, _date(first), _date(last), label, None)
    except OrganisationError as exc:
        _fail(str(exc))
    click.echo(f"{slug}: pause {saved.first_day} to {saved.last_day} {saved.label}".rstrip())


@click.group("staff", help="The staff roster.")
def staff_cli() -> None:
    pass


@staff_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "slug", required=True, help="Organisation slug.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--deactivate-missing", is_flag=True,
              help="Deactivate active people who are not in the file.")
@with_appcontext
def import_(file: Path, slug: str, dry_run: bool, deactivate_missing: bool) -> None:
    """Import a roster CSV (UTF-8 or Windows-1252, comma or semicolon, Dutch or English
    headers). With any error in the file nothing is written."""
    try:
        org = services.by_slug(slug)
    except OrganisationError as exc:
        _fail(str(exc))
    plan = plan_import(org.id, file.read_bytes(), deactivate_missing)
    if not plan.ok:
        for error in plan.errors:
            click.echo(str(error), err=True)
        _fail(f"{len(plan.errors)} error(s) in {file.name}: nothing was changed.")
    _print_plan(plan, dry_run)
    if dry_run:
        return
    record_department_changes(plan, None)  # audited with the import's commit
    with click.progressbar(length=len(plan.rows), label="Importing staff") as bar:
        def progress(rows: Iterable[RowChange]) -> Iterator[RowChange]:
            for row in rows:
                yield row
                bar.update(1)
        summary = import_roster(plan, progress=progress)
    click.echo(f"added {summary.added}, updated {summary.updated}, deactivated "
               f"{summary.deactivated}, unchanged {summary.unchanged}; intro invitations "
               f"queued: {summary.invited}")


@staff_cli.command("revoke-links")
@click.argument("email")
@click.option("--org", "slug", required=True, help="Organisation slug.")
@with_appcontext
def revoke_links_(email: str, slug: str) -> None:
    """Make every personal link of one person stop working (history, intro, answers); the
    next e-mail carries new ones. Audited."""
    try:
        org = services.by_slug(slug)
    except OrganisationError as exc:
        _fail(str(exc))
    person = db.session.scalar(sa.select(StaffMember).filter_by(
        organisation_id=org.id, email=email.strip().lower()))
    if person is None:
        _fail(f"No staff member {email} in {slug}.")
    revoke_links(org.id, person.id, None)
    click.echo(f"Revoked every link of {email} (generation {person.token_generation}).")


def _print_plan(plan: ImportPlan, dry_run: bool) -> None:
    for row in plan.rows:
        if row.action == "unchanged" or not dry_run:
            continue
        details = ", ".join(f"{c.field}: {c.old or '-'} -> {c.new or '-'}" for c in row.changes)
        where = f"line {row.line}" if row.line else "not in file"
        click.echo(f"  {row.action:<10} {row.email} ({where}){': ' + details if details else ''}")
    if plan.new_departments:
        click.echo(f"New departments: {', '.join(plan.new_departments)}")
    if dry_run:
        click.echo(f"Dry run ({plan.encoding}, '{plan.delimiter}'): would add {plan.added}, "
                   f"update {plan.updated}, deactivate {plan.deactivated}, leave "
                   f"{plan.unchanged} unchanged, invite {plan.invitations}. Nothing written.")

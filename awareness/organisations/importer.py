"""The staff roster import. `plan_import` reads the file and the database and writes nothing:
the plan lists every change per row and every error (the coordinator's preview shows it);
`apply_import` carries out an error-free plan in one transaction, including what `invite` does
for new people (the staff quiz queues its intro-course invitations there, see
awareness.staffquiz.intro.import_roster), so the e-mails exist only if the people do."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from awareness.extensions import db
from awareness.organisations.models import Department, Organisation, StaffMember
from awareness.organisations.roster_csv import RosterRow, RowError, parse
from awareness.timeutil import utcnow

ADD, UPDATE, UNCHANGED, DEACTIVATE = "add", "update", "unchanged", "deactivate"


# Given the organisation, the people to invite (flushed, with ids) and the time; returns how
# many were invited. Runs inside the import's transaction and must not commit.
Invite = Callable[[Organisation, Sequence[StaffMember], datetime], int]


class ImportHasErrorsError(ValueError):
    """apply_import was given a plan with errors; nothing was written."""


@dataclass(frozen=True)
class FieldChange:
    field: str  # name | department | start_date | active
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    action: str  # ADD | UPDATE | UNCHANGED | DEACTIVATE
    line: int | None  # None for people deactivated because they are missing from the file
    email: str
    name: str
    department: str | None
    start_date: date | None
    staff_member_id: int | None
    changes: tuple[FieldChange, ...] = ()
    invite: bool = False  # new (or reactivated, never invited): gets the intro invitation


@dataclass(frozen=True)
class ImportPlan:
    organisation_id: int
    deactivate_missing: bool
    rows: tuple[RowChange, ...]
    errors: tuple[RowError, ...]
    new_departments: tuple[str, ...]
    encoding: str
    delimiter: str

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def added(self) -> int:
        return self.count(ADD)

    @property
    def updated(self) -> int:
        return self.count(UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def deactivated(self) -> int:
        return self.count(DEACTIVATE)

    @property
    def invitations(self) -> int:
        return sum(1 for r in self.rows if r.invite)


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    deactivated: int
    unchanged: int
    invited: int


def plan_import(organisation_id: int, file_bytes: bytes, deactivate_missing: bool) -> ImportPlan:
    """Compare the file with the roster. Reads the database, writes nothing."""
    parsed = parse(file_bytes)
    existing = {s.email.lower(): s for s in db.session.scalars(
        sa.select(StaffMember).filter_by(organisation_id=organisation_id))}
    departments = _department_names(organisation_id)
    rows = [_change(row, existing.get(row.email), departments, parsed.columns)
            for row in parsed.rows]
    if deactivate_missing and not parsed.errors:
        in_file = {row.email for row in parsed.rows}
        rows += [_deactivation(s) for s in sorted(existing.values(), key=lambda s: s.email)
                 if s.active and s.email.lower() not in in_file]
    wanted = {r.department for r in parsed.rows if r.department}
    new = tuple(sorted({d for d in wanted if d.lower() not in departments}, key=str.lower))
    return ImportPlan(organisation_id, deactivate_missing, tuple(rows), parsed.errors, new,
                      parsed.encoding, parsed.delimiter)


def _department_names(organisation_id: int) -> dict[str, str]:
    """Existing department names by lower-case name: 'Burgerzaken' matches 'burgerzaken'."""
    names = db.session.scalars(sa.select(Department.name).filter_by(
        organisation_id=organisation_id))
    return {name.lower(): name for name in names}


def _change(row: RosterRow, staff: StaffMember | None, departments: dict[str, str],
            columns: frozenset[str]) -> RowChange:
    department = departments.get(row.department.lower(), row.department) if row.department \
        else None
    if staff is None:
        return RowChange(ADD, row.line, row.email, row.name, department, row.start_date, None,
                         invite=True)
    current = staff.department.name if staff.department else None
    # A column the file does not have leaves the stored value alone.
    start = row.start_date if "start_date" in columns else staff.start_date
    department = department if "department" in columns else current
    changes = [
        FieldChange(field, str(old or ""), str(new or ""))
        for field, old, new in (("name", staff.name, row.name),
                                ("department", current, department),
                                ("start_date", staff.start_date, start),
                                ("active", "nee" if not staff.active else "ja", "ja"))
        if (old or None) != (new or None)
    ]
    invite = not staff.active and staff.intro_invited_at is None
    action = UPDATE if changes else UNCHANGED
    return RowChange(action, row.line, row.email, row.name, department, start, staff.id,
                     tuple(changes), invite)


def _deactivation(staff: StaffMember) -> RowChange:
    department = staff.department.name if staff.department else None
    return RowChange(DEACTIVATE, None, staff.email, staff.name, department, staff.start_date,
                     staff.id, (FieldChange("active", "ja", "nee"),))


def apply_import(
    plan: ImportPlan,
    progress: Callable[[Iterable[RowChange]], Iterable[RowChange]] = lambda rows: rows,
    invite: Invite | None = None,
) -> ImportSummary:
    """Carry out a plan without errors in one transaction (commits once). Without `invite`
    nobody is invited."""
    if not plan.ok:
        raise ImportHasErrorsError(f"{len(plan.errors)} error(s) in the file")
    try:
        organisation = db.session.get_one(Organisation, plan.organisation_id)
        departments = _departments(plan)
        to_invite = [_apply_row(organisation.id, row, departments) for row in progress(plan.rows)]
        db.session.flush()  # the invitations need the new people's ids
        people = [s for s in to_invite if s is not None]
        invited = invite(organisation, people, utcnow()) if invite and people else 0
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return ImportSummary(plan.added, plan.updated, plan.deactivated, plan.unchanged, invited)


def _departments(plan: ImportPlan) -> dict[str, Department]:
    found = {d.name.lower(): d for d in db.session.scalars(
        sa.select(Department).filter_by(organisation_id=plan.organisation_id))}
    for name in plan.new_departments:
        if name.lower() not in found:
            found[name.lower()] = Department(organisation_id=plan.organisation_id, name=name)
            db.session.add(found[name.lower()])
    return found


def _apply_row(organisation_id: int, row: RowChange,
               departments: dict[str, Department]) -> StaffMember | None:
    """Write one row; returns the person if they should get the intro invitation."""
    if row.action == UNCHANGED:
        return None
    department = departments[row.department.lower()] if row.department else None
    staff = db.session.get(StaffMember, row.staff_member_id) if row.staff_member_id else None
    if row.action == DEACTIVATE:
        if staff is not None and staff.active:
            staff.active, staff.deactivated_at = False, utcnow()
            staff.token_generation += 1  # revokes every personal link of the person
        return None
    if staff is None:
        staff = StaffMember(organisation_id=organisation_id, email=row.email, active=True)
        db.session.add(staff)
    staff.name, staff.department, staff.start_date = row.name, department, row.start_date
    if not staff.active:
        staff.active, staff.deactivated_at = True, None
    return staff if row.invite and staff.intro_invited_at is None else None

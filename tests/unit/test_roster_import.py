"""The roster import: every encoding, separator and header variant municipalities export, every
error kind with its line number, nothing written on error, upserts and deactivation."""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from awareness.extensions import db
from awareness.organisations.importer import ImportHasErrorsError, plan_import
from awareness.organisations.models import Department, StaffMember
from awareness.outbox.models import OutboundEmail
from awareness.staffquiz.intro import import_roster
from tests.support.staffquiz import make_org

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "roster"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def staff() -> dict[str, StaffMember]:
    db.session.expire_all()
    return {s.email: s for s in db.session.scalars(sa.select(StaffMember))}


def outbox() -> list[OutboundEmail]:
    return list(db.session.scalars(sa.select(OutboundEmail).order_by(OutboundEmail.id)))


@pytest.fixture
def org(synced):  # type: ignore[no-untyped-def]
    return make_org()


@pytest.mark.parametrize("name, encoding, delimiter", [
    ("utf8_bom.csv", "utf-8", ","),
    ("cp1252.csv", "windows-1252", ","),
    ("semicolons.csv", "utf-8", ";"),
    ("dutch_headers.csv", "utf-8", ","),
])
def test_every_export_variant_is_read(org, name: str, encoding: str, delimiter: str) -> None:  # type: ignore[no-untyped-def]
    plan = plan_import(org.id, fixture(name), deactivate_missing=False)
    assert plan.errors == ()
    assert (plan.encoding, plan.delimiter) == (encoding, delimiter)
    assert plan.added == 2 and plan.invitations == 2
    summary = import_roster(plan)
    assert (summary.added, summary.updated, summary.unchanged, summary.invited) == (2, 0, 0, 2)
    assert len(staff()) == 2


def test_values_arrive_intact(org) -> None:  # type: ignore[no-untyped-def]
    import_roster(plan_import(org.id, fixture("cp1252.csv"), False))
    rene = staff()["rene.muller@gemeente-a.example"]
    assert rene.name == "René Müller" and rene.department.name == "Financiën"
    import_roster(plan_import(org.id, fixture("utf8_bom.csv"), False))
    anna = staff()["anna.de.vries@gemeente-a.example"]  # stored lower-case
    assert anna.name == "Anna de Vries" and str(anna.start_date) == "2026-01-05"
    import_roster(plan_import(org.id, fixture("semicolons.csv"), False))
    assert staff()["bram.jansen@gemeente-a.example"].name == "Jansen; Bram"
    assert str(staff()["anna.de.vries@gemeente-a.example"].start_date) == "2026-01-05"


@pytest.mark.parametrize("name, expected", [
    ("invalid_email.csv", [(3, "geen geldig e-mailadres")]),
    ("duplicate.csv", [(4, "staat dubbel in het bestand (ook op regel 2)")]),
    ("missing_column.csv", [(1, "De kolom e-mail ontbreekt")]),
    ("missing_value.csv", [(3, "Naam is leeg"), (4, "E-mail is leeg")]),
    ("bad_date.csv", [(2, "Startdatum 2026-13-01 klopt niet"),
                      (3, "Startdatum gisteren klopt niet")]),
])
def test_every_error_is_reported_with_its_line_and_nothing_is_written(
        org, name: str, expected: list[tuple[int, str]]) -> None:  # type: ignore[no-untyped-def]
    plan = plan_import(org.id, fixture(name), deactivate_missing=True)
    assert [(e.line, any(text in e.message for _, text in expected)) for e in plan.errors] == [
        (line, True) for line, _ in expected]
    assert str(plan.errors[0]).startswith(f"Regel {expected[0][0]}: ")
    with pytest.raises(ImportHasErrorsError):
        import_roster(plan)
    assert staff() == {} and outbox() == []
    assert db.session.scalars(sa.select(Department)).all() == []


def test_unreadable_and_empty_files_are_errors(org) -> None:  # type: ignore[no-untyped-def]
    assert plan_import(org.id, b"", False).errors[0].message == "Het bestand is leeg."
    only_header = plan_import(org.id, b"naam,e-mail,afdeling\n", True)
    assert "geen medewerkers" in only_header.errors[0].message


def test_upsert_by_email_case_insensitively_and_report_changes(org) -> None:  # type: ignore[no-untyped-def]
    import_roster(plan_import(org.id, fixture("dutch_headers.csv"), False))
    changed = (b"naam,e-mail,afdeling\n"
               b"Anna de Vries,ANNA.DE.VRIES@gemeente-a.example,Burgerzaken\n"
               b"Bram Jansen-Smit,bram.jansen@gemeente-a.example,ICT\n"
               b"Cees Smit,cees.smit@gemeente-a.example,ICT\n")
    plan = plan_import(org.id, changed, deactivate_missing=False)
    assert (plan.added, plan.updated, plan.unchanged, plan.deactivated) == (1, 1, 1, 0)
    [update] = [r for r in plan.rows if r.action == "update"]
    assert {c.field for c in update.changes} == {"name", "department"}
    assert plan.new_departments == ("ICT",)
    # No start date column: existing start dates stay.
    import_roster(plan)
    people = staff()
    assert people["bram.jansen@gemeente-a.example"].name == "Bram Jansen-Smit"
    assert str(people["anna.de.vries@gemeente-a.example"].start_date) == "2026-01-05"
    assert len(people) == 3


def test_deactivate_missing_only_with_the_flag_and_reactivation_is_an_update(org) -> None:  # type: ignore[no-untyped-def]
    import_roster(plan_import(org.id, fixture("dutch_headers.csv"), False))
    only_anna = b"naam,e-mail\nAnna de Vries,anna.de.vries@gemeente-a.example\n"
    assert plan_import(org.id, only_anna, False).deactivated == 0
    summary = import_roster(plan_import(org.id, only_anna, True))
    assert summary.deactivated == 1
    bram = staff()["bram.jansen@gemeente-a.example"]
    assert bram.active is False and bram.deactivated_at is not None
    again = plan_import(org.id, fixture("dutch_headers.csv"), False)
    assert (again.added, again.updated) == (0, 1)
    assert again.invitations == 0  # invited when first added
    import_roster(again)
    assert staff()["bram.jansen@gemeente-a.example"].active is True


def test_new_people_get_one_intro_invitation_in_the_same_transaction(org) -> None:  # type: ignore[no-untyped-def]
    import_roster(plan_import(org.id, fixture("utf8_bom.csv"), False))
    mails = outbox()
    assert sorted(m.to_address for m in mails) == ["anna.de.vries@gemeente-a.example",
                                                   "bram.jansen@gemeente-a.example"]
    assert {m.kind for m in mails} == {"intro"}
    assert "/m/intro/" in mails[0].text_body and "/m/intro/" in mails[0].html_body
    assert all(s.intro_invited_at is not None for s in staff().values())
    import_roster(plan_import(org.id, fixture("utf8_bom.csv"), False))
    assert len(outbox()) == 2


def test_cli_import_dry_run_and_real(org, runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = FIXTURES / "semicolons.csv"
    dry = runner.invoke(args=["staff", "import", str(path), "--org", "gemeente-a", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would add 2" in dry.output and staff() == {}
    real = runner.invoke(args=["staff", "import", str(path), "--org", "gemeente-a"])
    assert real.exit_code == 0, real.output
    assert "added 2, updated 0, deactivated 0, unchanged 0" in real.output
    bad = runner.invoke(args=["staff", "import", str(FIXTURES / "duplicate.csv"),
                              "--org", "gemeente-a"])
    assert bad.exit_code == 1
    assert "Regel 4:" in bad.output and "nothing was changed" in bad.output


def test_control_characters_in_names_become_spaces(org) -> None:  # type: ignore[no-untyped-def]
    # A quoted field may hold a newline; it would appear verbatim in the plain-text e-mails.
    data = b'naam,e-mail\n"Anna\r\nBcc: x@y.nl\tde\x07Vries",anna@gemeente-a.example\n'
    [row] = plan_import(org.id, data, False).rows
    assert row.name == "Anna Bcc: x@y.nl de Vries"


def test_import_deactivation_revokes_links_and_department_moves_are_audited(org) -> None:  # type: ignore[no-untyped-def]
    from awareness.accounts.models import AuditEvent
    from awareness.administration import roster
    roster.apply_import(plan_import(org.id, fixture("dutch_headers.csv"), False), None)  # type: ignore[arg-type]
    bram = staff()["bram.jansen@gemeente-a.example"]
    generation = bram.token_generation
    moved = (b"naam,e-mail,afdeling\n"
             b"Bram Jansen,bram.jansen@gemeente-a.example,Griffie\n")
    roster.apply_import(plan_import(org.id, moved, False), None)  # type: ignore[arg-type]
    [event] = db.session.scalars(sa.select(AuditEvent).filter_by(
        action="staff.department_changed")).all()
    assert event.detail["staff_member_id"] == bram.id and event.detail["new"] == "Griffie"
    roster.apply_import(plan_import(org.id, moved, True), None)  # type: ignore[arg-type]
    db.session.expire_all()
    gone = [p for p in staff().values() if not p.active]
    assert gone and all(p.token_generation == 1 for p in gone)
    assert staff()["bram.jansen@gemeente-a.example"].token_generation == generation

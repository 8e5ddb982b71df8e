"""Reading a staff roster CSV as municipalities export it: UTF-8 (with or without BOM) or
Windows-1252, comma or semicolon, Dutch or English headers. Pure: bytes in, rows and errors
(each with its line number and a Dutch reason) out."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

HEADERS = {
    "name": {"naam", "name", "volledigenaam", "fullname", "medewerker"},
    "email": {"email", "emailadres", "emailaddress", "mail", "mailadres"},
    "department": {"afdeling", "department", "dept", "team"},
    "start_date": {"startdatum", "startdate", "indienst", "datumindienst", "indienstdatum"},
}
REQUIRED = ("name", "email")
MAX_LENGTH = {"name": 200, "email": 254, "department": 200}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Regel %(line)s: %(message)s", line=self.line, message=self.message)


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    email: str  # lower-case
    department: str | None
    start_date: date | None


@dataclass(frozen=True)
class ParsedRoster:
    rows: tuple[RosterRow, ...]
    errors: tuple[RowError, ...]
    # Optional columns present in the file; without one, existing values are left alone.
    columns: frozenset[str]
    encoding: str
    delimiter: str


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding that worked: UTF-8 (BOM or not) first, else Windows-1252."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252"), "windows-1252"


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _header_key(raw: str) -> str | None:
    word = re.sub(r"[\s_\-.]", "", raw.strip().lower())
    return next((key for key, names in HEADERS.items() if word in names), None)


def parse(data: bytes) -> ParsedRoster:
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError:
        return _failed(_("Het bestand is geen tekstbestand (CSV) dat we kunnen lezen."))
    lines = text.lstrip("\ufeff").splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        return _failed(_("Het bestand is leeg."))
    delimiter = _delimiter(first)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        return _read(reader, encoding, delimiter)
    except csv.Error as exc:
        return _failed(_("Het bestand is geen geldige CSV: %(error)s", error=str(exc)),
                       reader.line_num)


def _failed(message: str, line: int = 1) -> ParsedRoster:
    return ParsedRoster((), (RowError(line, message),), frozenset(), "", "")


def _read(reader, encoding: str, delimiter: str) -> ParsedRoster:  # type: ignore[no-untyped-def]
    header = next((row for row in reader if any(cell.strip() for cell in row)), [])
    columns, errors = _columns(header, reader.line_num)
    if errors:
        return ParsedRoster((), tuple(errors), frozenset(columns), encoding, delimiter)
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        row, problems = _row(record, columns, reader.line_num)
        if row and row.email in seen:
            problems.append(_("%(email)s staat dubbel in het bestand (ook op regel %(line)s).",
                              email=row.email, line=seen[row.email]))
        errors += [RowError(reader.line_num, p) for p in problems]
        if row and not problems:
            seen[row.email] = row.line
            rows.append(row)
        elif row:
            seen.setdefault(row.email, row.line)
    if not rows and not errors:
        errors.append(RowError(reader.line_num, _("Er staan geen medewerkers in het bestand.")))
    return ParsedRoster(tuple(rows), tuple(errors), frozenset(columns), encoding, delimiter)


def _columns(header: list[str], line: int) -> tuple[dict[str, int], list[RowError]]:
    columns: dict[str, int] = {}
    errors: list[RowError] = []
    for index, raw in enumerate(header):
        key = _header_key(raw)
        if key is None:
            continue  # other columns (personnel number, function) are allowed and ignored
        if key in columns:
            errors.append(RowError(line, _("De kolom %(column)s staat er twee keer in.",
                                           column=raw.strip())))
        columns[key] = index
    for key in REQUIRED:
        if key not in columns:
            errors.append(RowError(line, _(
                "De kolom %(column)s ontbreekt. Gebruik als kolomnamen: naam, e-mail, afdeling "
                "(en eventueel startdatum).", column=_column_label(key))))
    return columns, errors


def _column_label(key: str) -> str:
    return {"name": "naam", "email": "e-mail", "department": "afdeling",
            "start_date": "startdatum"}[key]


def _row(record: list[str], columns: dict[str, int],
         line: int) -> tuple[RosterRow | None, list[str]]:
    values = {k: _clean(record[i]) if i < len(record) else "" for k, i in columns.items()}
    problems = [_("%(column)s is leeg.", column=_column_label(k).capitalize())
                for k in REQUIRED if not values[k]]
    problems += [_("%(column)s is te lang (hoogstens %(max)s tekens).",
                   column=_column_label(k).capitalize(), max=limit)
                 for k, limit in MAX_LENGTH.items() if len(values.get(k, "")) > limit]
    email = _email(values["email"], problems) if values["email"] else ""
    start = _date(values.get("start_date", ""), problems)
    if not email:
        return None, problems
    return RosterRow(line, values["name"], email, values.get("department") or None,
                     start), problems


def _clean(value: str) -> str:
    """Control characters (a newline inside a quoted name, say) would end up verbatim in the
    plain-text e-mails: each becomes a space (security review I-4)."""
    return " ".join("".join(" " if unicodedata.category(ch) == "Cc" else ch
                            for ch in value).split())


def _email(value: str, problems: list[str]) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        problems.append(_("%(email)s is geen geldig e-mailadres.", email=value))
        return value.lower()


def _date(value: str, problems: list[str]) -> date | None:
    if not value:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    problems.append(_("Startdatum %(value)s klopt niet. Gebruik JJJJ-MM-DD of DD-MM-JJJJ.",
                      value=value))
    return None

"""CSV and XLSX files from export tables. CSV is UTF-8 with a byte-order mark and semicolons
with decimal commas, which is what Dutch Excel opens correctly by double-click. Text cells
that a spreadsheet would run as a formula (= + - @, tab, CR) get a leading apostrophe in the
CSV; in the XLSX they are string cells marked quotePrefix (Excel shows no apostrophe)."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | float | date | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class ExportDocument:
    title: str
    notes: tuple[str, ...]
    tables: tuple[Table, ...] = field(default_factory=tuple)


def neutralise(value: str) -> str:
    """Stop CSV/formula injection: a name like '=HYPERLINK(...)' stays text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(value))


def to_csv(document: ExportDocument) -> bytes:
    """Title, notes, then each table as a block (title line, header, rows, blank line)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(document.title)])
    for note in document.notes:
        writer.writerow([neutralise(note)])
    writer.writerow([])
    for table in document.tables:
        writer.writerow([neutralise(table.title)])
        writer.writerow([neutralise(h) for h in table.headers])
        writer.writerows([_csv_cell(v) for v in row] for row in table.rows)
        writer.writerow([])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(value: Cell) -> Cell:
    return ("ja" if value else "nee") if isinstance(value, bool) else value


def _text_cells(row) -> None:  # type: ignore[no-untyped-def]  (openpyxl is untyped)
    """openpyxl takes a string starting with '=' for a formula: store it as text instead,
    with Excel's own "this is text" mark rather than a visible apostrophe."""
    for cell in row:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True


def to_xlsx(document: ExportDocument) -> bytes:
    """A first sheet with the title and notes, then one sheet per table."""
    workbook = Workbook()
    info = workbook.active
    info.title = "Toelichting"
    for line in (document.title, *document.notes):
        info.append([neutralise(line)])
    info["A1"].font = Font(bold=True)
    used: set[str] = {info.title}
    for table in document.tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, used))
        sheet.append([neutralise(h) for h in table.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_xlsx_cell(v) for v in row])
            _text_cells(sheet[sheet.max_row])
        _date_formats(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _date_formats(sheet) -> None:  # type: ignore[no-untyped-def]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "dd-mm-yyyy"


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, no []:*?/\\, unique."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()[:31] or "Blad"
    name, n = clean, 2
    while name in used:
        suffix = f" ({n})"
        name, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def filename(slug: str, report: str, day: date, extension: str) -> str:
    return f"{slug}-{report}-{day.isoformat()}.{extension}"


def content_disposition(name: str) -> str:
    return f'attachment; filename="{name}"'


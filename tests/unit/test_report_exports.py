"""CSV and XLSX writing: BOM, semicolons, decimal commas, and formula injection neutralised
in both formats."""
from __future__ import annotations

import io
from datetime import date

import openpyxl

from awareness.reports.exports import ExportDocument, Table, filename, to_csv, to_xlsx

EVIL = ("=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx")
DOCUMENT = ExportDocument("Titel", ("Noot",), (
    Table("Blad: één/twee", ("Naam", "Aantal", "Percentage", "Datum"),
          tuple((text, 3, 12.34, date(2025, 1, 2)) for text in EVIL)
          + (("Gewoon", -4, None, None),)),
))


def test_csv_is_excel_friendly_and_neutralises_formulas() -> None:
    body = to_csv(DOCUMENT)
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[:4] == ["Titel", "Noot", "", "Blad: één/twee"]
    assert lines[4] == "Naam;Aantal;Percentage;Datum"
    assert lines[5] == '"\'=HYPERLINK(""http://x"")";3;12,3;2025-01-02'
    assert lines[6].startswith("'+1;") and lines[7].startswith("'-2+3;")
    assert lines[8].startswith("'@SUM(A1);") and lines[9].startswith("'\tx;")
    assert lines[10] == "Gewoon;-4;;"  # numbers stay numbers, even negative ones


def test_xlsx_stores_text_not_formulas() -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(DOCUMENT)))
    assert book.sheetnames == ["Toelichting", "Blad  één twee"]
    sheet = book["Blad  één twee"]
    first = sheet["A2"]
    # Text, marked as such (security review I-2: no visible apostrophe in Excel).
    assert first.data_type == "s" and first.value == "=HYPERLINK(\"http://x\")"
    assert first.quotePrefix
    assert all(sheet[f"A{n}"].data_type == "s" and sheet[f"A{n}"].quotePrefix
               for n in range(2, 7))
    assert [c.value for c in sheet[7]] == ["Gewoon", -4, None, None]
    assert sheet["D2"].number_format == "dd-mm-yyyy"


def test_filename() -> None:
    assert filename("noord", "kennisquiz", date(2025, 6, 1), "csv") == (
        "noord-kennisquiz-2025-06-01.csv")

"""The published register as an Excel workbook, contracts.xlsx, for people who work in Excel.

The same columns and rows as contracts.csv, with each value in the cell type it is: references
and register numbers as text (so `00061625` keeps its leading zeros), dates as dates, money as
numbers. Text is always stored as text, never as a formula, so nothing in it can run. The bytes
depend on the data and the report date only: two builds of the same workbook are identical.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook as ExcelWorkbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .opendata import REGISTER_COLUMNS, REGISTER_DICTIONARY, RegisterEntry

SHEET_TITLE = "Contracts register"
TEXT_FORMAT = "@"  # Excel's Text format: what an officer types into these cells stays text
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
CREATOR = "Safe Commissioning Dashboard"
_CORE_TIMESTAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def _cell(sheet: WriteOnlyWorksheet, column: str, value: object) -> WriteOnlyCell:
    kind = REGISTER_DICTIONARY[column][0]
    if value is None or value == "":
        return WriteOnlyCell(sheet, None)
    if kind == "number" and isinstance(value, int | float):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = MONEY_FORMAT
        return cell
    if kind == "date" and isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, bool):
        value = "yes" if value else "no"
    cell = WriteOnlyCell(sheet, str(value))
    cell.data_type = "s"  # openpyxl would store text beginning with = as a formula
    cell.number_format = TEXT_FORMAT
    return cell


def register_workbook(entries: Sequence[RegisterEntry], report_date: date) -> bytes:
    """The register as the bytes of an .xlsx file: a header row, then one row per published contract."""
    book = ExcelWorkbook(write_only=True)
    stamp = datetime(report_date.year, report_date.month, report_date.day)
    book.properties.creator = CREATOR
    book.properties.title = SHEET_TITLE
    book.properties.created = stamp
    sheet = book.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in REGISTER_COLUMNS:
        cell = WriteOnlyCell(sheet, column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for entry in entries:
        sheet.append([_cell(sheet, column, value) for column, value in zip(REGISTER_COLUMNS, entry.row(), strict=True)])
    buffer = io.BytesIO()
    book.save(buffer)
    return _without_clock(buffer.getvalue(), report_date)


def _without_clock(data: bytes, stamp: date) -> bytes:
    """The same package with the clock taken out: fixed entry times and document dates.

    openpyxl stamps the document's modified time with the time of saving and the zip entries
    with the time of writing; both become the report date.
    """
    moment = (stamp.year, stamp.month, stamp.day, 0, 0, 0)
    fixed = stamp.isoformat().encode() + b"T00:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIMESTAMP.sub(rb"\g<1>" + fixed + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=moment)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def write_register_workbook(entries: Sequence[RegisterEntry], report_date: date, path: Path) -> Path:
    """Write contracts.xlsx as `path`."""
    path.write_bytes(register_workbook(entries, report_date))
    return path

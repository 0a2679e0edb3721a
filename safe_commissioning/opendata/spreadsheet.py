"""The published register as an Excel workbook, contracts.xlsx, for people who work in Excel.

The same columns and rows as contracts.csv, with each value in the cell type it is: references
and register numbers as text (so `00061625` keeps its leading zeros), dates as dates, money as
numbers. Text is always stored as text, never as a formula, so nothing in it can run. The bytes
depend on the data and the report date only: two builds of the same workbook are identical.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook as ExcelWorkbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from safe_commissioning.opendata.datafiles import Column
from safe_commissioning.opendata.register import REGISTER_FIELDS, RegisterEntry
from safe_commissioning.opendata.zips import without_clock
from safe_commissioning.words import yes_no_word

SHEET_TITLE = "Contracts register"
TEXT_FORMAT = "@"  # Excel's Text format: what an officer types into these cells stays text
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
CREATOR = "Safe Commissioning Dashboard"


def _cell(sheet: WriteOnlyWorksheet, column: Column[RegisterEntry], entry: RegisterEntry) -> WriteOnlyCell:
    kind, value = column.kind, column.get(entry)
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
        value = yes_no_word(value)
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
    for column in REGISTER_FIELDS:
        cell = WriteOnlyCell(sheet, column.name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for entry in entries:
        sheet.append([_cell(sheet, column, entry) for column in REGISTER_FIELDS])
    buffer = io.BytesIO()
    book.save(buffer)
    return without_clock(buffer.getvalue(), report_date)


def write_register_workbook(entries: Sequence[RegisterEntry], report_date: date, path: Path) -> Path:
    """Write contracts.xlsx as `path`."""
    path.write_bytes(register_workbook(entries, report_date))
    return path

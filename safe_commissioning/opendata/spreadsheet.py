"""The published register and sourcing plan as Excel workbooks, contracts.xlsx and sourcing_plan.xlsx.

The same columns and rows as contracts.csv (sourcing_plan.csv), with each value in the cell type it is: references
and register numbers as text (so `00061625` keeps its leading zeros), dates as dates, money as
numbers. Text is always stored as text, never as a formula, so nothing in it can run. The bytes
depend on the data and the report date only: two builds of the same workbook are identical.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from openpyxl import Workbook as ExcelWorkbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from safe_commissioning.opendata.datafiles import Column
from safe_commissioning.opendata.register import REGISTER_FIELDS, SOURCING_FIELDS, PlanRow, RegisterEntry
from safe_commissioning.opendata.zips import without_clock
from safe_commissioning.words import yes_no_word

SHEET_TITLE = "Contracts register"
PLAN_SHEET_TITLE = "Sourcing plan"
PLAN_WORKBOOK = "sourcing_plan.xlsx"
T = TypeVar("T")
TEXT_FORMAT = "@"  # Excel's Text format: what an officer types into these cells stays text
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
CREATOR = "Safe Commissioning Dashboard"


def _cell(sheet: WriteOnlyWorksheet, column: Column[T], entry: T) -> WriteOnlyCell:
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


def table_workbook(columns: Sequence[Column[T]], sources: Sequence[T], title: str, report_date: date) -> bytes:
    """One sheet `title` as the bytes of an .xlsx file: a header row of the columns' names, then one row per source."""
    book = ExcelWorkbook(write_only=True)
    stamp = datetime(report_date.year, report_date.month, report_date.day)
    book.properties.creator = CREATOR
    book.properties.title = title
    book.properties.created = stamp
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column.name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for source in sources:
        sheet.append([_cell(sheet, column, source) for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return without_clock(buffer.getvalue(), report_date)


def register_workbook(entries: Sequence[RegisterEntry], report_date: date) -> bytes:
    """The register as the bytes of an .xlsx file: a header row, then one row per published contract."""
    return table_workbook(REGISTER_FIELDS, entries, SHEET_TITLE, report_date)


def write_register_workbook(entries: Sequence[RegisterEntry], report_date: date, path: Path) -> Path:
    """Write contracts.xlsx as `path`."""
    path.write_bytes(register_workbook(entries, report_date))
    return path


def write_plan_workbook(plan: Sequence[PlanRow], report_date: date, path: Path) -> Path:
    """Write sourcing_plan.xlsx as `path`: the columns and rows of sourcing_plan.csv."""
    path.write_bytes(table_workbook(SOURCING_FIELDS, plan, PLAN_SHEET_TITLE, report_date))
    return path

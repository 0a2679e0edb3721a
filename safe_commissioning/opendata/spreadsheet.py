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

import xlsxwriter

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
# XlsxWriter writes what it is given as it is: a string is never read as a formula, a number or a link
_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


def table_workbook(columns: Sequence[Column[T]], sources: Sequence[T], title: str, report_date: date) -> bytes:
    """One sheet `title` as the bytes of an .xlsx file: a header row of the columns' names, then one row per source."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _OPTIONS)
    stamp = datetime(report_date.year, report_date.month, report_date.day)
    book.set_properties({"title": title, "author": CREATOR, "created": stamp})
    bold, text = book.add_format({"bold": True}), book.add_format({"num_format": TEXT_FORMAT})
    money, day = book.add_format({"num_format": MONEY_FORMAT}), book.add_format({"num_format": DATE_FORMAT})
    sheet = book.add_worksheet(title)
    sheet.freeze_panes(1, 0)
    for number, column in enumerate(columns):
        sheet.write_string(0, number, column.name, bold)
    for row, source in enumerate(sources, start=1):
        for number, column in enumerate(columns):
            value = column.get(source)
            if value is None or value == "":
                continue
            if column.kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(row, number, value, money)
            elif column.kind == "date" and isinstance(value, date):
                sheet.write_datetime(row, number, datetime(value.year, value.month, value.day), day)
            else:
                # no longer than a cell holds: the workbook's longer cells are refused (cells.text.overlong_message)
                sheet.write_string(row, number, yes_no_word(value) if isinstance(value, bool) else str(value), text)
    book.close()
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

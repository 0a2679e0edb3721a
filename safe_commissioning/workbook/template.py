"""Write the master workbook: the empty template officers start from, or one filled with rows.

Every sheet of reference §2.2 with its headers (required ones marked), a drop-down list on every
choice and Yes/No column, date formats on date columns, text format on reference columns so
Excel keeps leading zeros, a frozen header row, and an Instructions sheet explaining it all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook as ExcelWorkbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from safe_commissioning.words import shortened
from safe_commissioning.workbook.schema.columns import Column, Kind, Sheet
from safe_commissioning.workbook.schema.sheets import INSTRUCTIONS_SHEET, SETTINGS, SHEETS
from safe_commissioning.workbook.settings.definitions import SETTING_DEFINITIONS

DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = '"£"#,##0.00'
TEXT_FORMAT = "@"
LAST_ROW = 5000  # drop-down lists and formats reach this far down each sheet
YES_NO = ("Yes", "No")

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_REQUIRED_FILL = PatternFill("solid", fgColor="1F3864")
_OPTIONAL_FILL = PatternFill("solid", fgColor="4472C4")
_TITLE_FONT = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_TEXT_KINDS = {Kind.COMPANY_NUMBER, Kind.CHARITY_NUMBER, Kind.MUTUALS_NUMBER, Kind.PPON, Kind.DBS_NUMBER}
_TEXT_FIELDS = {"contract_id", "staff_reference", "placement_id", "alert_id", "ofsted_urn", "related_contract_id"}


def write_workbook(
    path: Path,
    rows: Mapping[str, Sequence[Sequence[object]]] | None = None,
    settings: Mapping[str, object] | None = None,
) -> None:
    """Write a workbook with every sheet; `rows` fills sheets by name, `settings` gives Settings values."""
    rows = rows or {}
    settings = settings or {}
    book = ExcelWorkbook()
    instructions = book.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions)
    for sheet in SHEETS:
        worksheet = book.create_sheet(sheet.name)
        if sheet is SETTINGS:
            _write_settings(worksheet, settings)
        else:
            write_sheet(worksheet, sheet, rows.get(sheet.name, ()))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def write_template(path: Path) -> None:
    """Write the empty template: every sheet and header, no data."""
    write_workbook(path)


def _style_header(worksheet: Worksheet, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = worksheet.cell(row=1, column=index, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if column.required else _OPTIONAL_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        note = ("Required. " if column.required else "") + column.help
        if column.kind is Kind.CHOICE:
            note += " Choose from the list."
        cell.comment = Comment(note.strip(), "Template", width=260, height=120)
        worksheet.column_dimensions[get_column_letter(index)].width = max(column.width, len(column.header) + 2)
    worksheet.freeze_panes = "A2"
    worksheet.row_dimensions[1].height = 32


def write_sheet(worksheet: Worksheet, sheet: Sheet, rows: Sequence[Sequence[object]]) -> None:
    _style_header(worksheet, sheet.columns)
    for row in rows:
        worksheet.append(list(row))
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        area = f"{letter}2:{letter}{max(LAST_ROW, len(rows) + 1)}"
        choices = YES_NO if column.kind is Kind.YES_NO else column.choices
        if choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=shortened(column.header, 32),  # Excel's limit: longer titles make it repair the file
                error=shortened("Choose a value from the list: " + ", ".join(choices), 225),
            )
            validation.add(area)
            worksheet.add_data_validation(validation)
        number_format = _number_format(column)
        if number_format:
            worksheet.column_dimensions[letter].number_format = number_format
            for (cell,) in worksheet.iter_rows(min_row=2, max_row=len(rows) + 1, min_col=index, max_col=index):
                cell.number_format = number_format
        if column.kind is Kind.TEXT and column.width >= 30:
            for (cell,) in worksheet.iter_rows(min_row=2, max_row=len(rows) + 1, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    worksheet.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{len(rows) + 1}"


def _number_format(column: Column) -> str:
    if column.kind is Kind.DATE:
        return DATE_FORMAT
    if column.kind is Kind.MONEY:
        return MONEY_FORMAT
    if column.kind in _TEXT_KINDS or column.field in _TEXT_FIELDS:
        return TEXT_FORMAT
    return ""


def _write_settings(worksheet: Worksheet, values: Mapping[str, object]) -> None:
    unknown = set(values) - {d.name for d in SETTING_DEFINITIONS}
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    _style_header(worksheet, SETTINGS.columns)
    for definition in SETTING_DEFINITIONS:
        value = values.get(definition.name)
        worksheet.append([definition.name, value])
        cell = worksheet.cell(row=worksheet.max_row, column=2)
        if isinstance(value, date) or definition.kind is Kind.DATE:
            cell.number_format = DATE_FORMAT


def _write_instructions(worksheet: Worksheet) -> None:
    lines: list[tuple[object, ...]] = [
        ("Safe Commissioning Dashboard: master commissioning workbook",),
        (),
        ("How to use this workbook",),
        (
            "Keep one row per item on each sheet. Row 1 holds the headers: do not rename them (case and spaces do not matter).",
        ),
        (
            "Dark blue headers are required: a row with a required cell left blank stops the build. Lighter headers are optional.",
        ),
        ("Dates: use Excel dates, or type DD/MM/YYYY (day first, always), YYYY-MM-DD or 30 Sep 2024.",),
        (
            "Merged cells: cells merged down one column count for every row they cover; do not merge across columns "
            "or over the headers. A totals row (Total Row in Table Design) is ignored.",
        ),
        ("Yes/No columns accept Yes, No, Y, N, True or False. A blank means 'not recorded', never 'No'.",),
        ("Money: pounds, as a number or as text such as £12,500 or £10m.",),
        ("Choices: pick from the drop-down list; any case is accepted.",),
        ("Extra columns of your own are allowed (the build lists them as warnings); extra sheets are ignored.",),
        ("Check the workbook with: python build.py check --workbook PATH. Every problem is listed with its cell.",),
        (f"RESTRICTED sheets ({', '.join(s.name for s in SHEETS if s.restricted)}) never appear on the public site.",),
        (),
        ("Settings (sheet 'Settings': one row per setting; leave Value blank to use the default)",),
        ("Setting", "Default", "What it does"),
    ]
    lines += [(d.name, d.default, d.help) for d in SETTING_DEFINITIONS]
    lines += [(), ("Sheets and columns",), ("Sheet / column", "Required", "Type", "Allowed values", "What to enter")]
    for sheet in SHEETS:
        lines.append((sheet.name, "required sheet" if sheet.required else "optional sheet", "", "", sheet.help))
        for column in sheet.columns:
            lines.append(
                (
                    "    " + column.header,
                    "Required" if column.required else "",
                    column.kind.value,
                    ", ".join(YES_NO if column.kind is Kind.YES_NO else column.choices),
                    column.help,
                )
            )
    for line in lines:
        worksheet.append(list(line))
    worksheet["A1"].font = _TITLE_FONT
    for row in worksheet.iter_rows(min_row=2):
        first = row[0]
        if first.value in (
            "How to use this workbook",
            "Sheets and columns",
            "Setting",
            "Sheet / column",
        ) or (isinstance(first.value, str) and first.value.startswith("Settings (")):
            for cell in row:
                cell.font = _BOLD
        elif isinstance(first.value, str) and first.value in {s.name for s in SHEETS}:
            first.font = _BOLD
    for letter, width in zip("ABCDE", (44, 18, 16, 48, 90), strict=True):
        worksheet.column_dimensions[letter].width = width
    worksheet.sheet_properties.tabColor = "1F3864"

"""Write a request as a workbook: Instructions, What we need, the provider's rows, and the Return sheet.

The data sheets are written by the template's own `write_sheet`, so a request has the master's
headers with their notes, drop-down lists and date formats. The Return sheet says which request
this is (provider, report date, due date) and lists the fingerprint of each master row it was made
from; `returned` reads it back. It is protected (no password) so that it is not changed by accident.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook as ExcelWorkbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from safe_commissioning.returns.layout import INSTRUCTIONS, RETURN, RETURN_SCHEMA, WHAT_WE_NEED, key_of
from safe_commissioning.returns.needs import Need
from safe_commissioning.returns.requests import Request, Values
from safe_commissioning.words import long_date
from safe_commissioning.workbook.cells.identifiers import Identifier
from safe_commissioning.workbook.cells.text import match_key
from safe_commissioning.workbook.template import write_sheet

RETURN_HEADER = ("Request", "Value")
FINGERPRINT_HEADER = ("Sheet", "Key", "Master row", "Fingerprint")
IDENTITY = ("Provider", "Organisation", "Report date", "Requested on", "Due by")
_BOLD = Font(bold=True)
_HELD_FILL = PatternFill("solid", fgColor="D9D9D9")


def write_request(request: Request, path: Path) -> None:
    """Write `request` to `path` (its folder is made if need be)."""
    book = ExcelWorkbook()
    instructions = book.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS
    _write_instructions(instructions, request)
    rows_of: dict[str, dict[tuple[str, ...], int]] = {}
    needs_sheet = book.create_sheet(WHAT_WE_NEED)
    for sheet in RETURN_SCHEMA:
        worksheet = book.create_sheet(sheet.name)
        rows = request.rows.get(sheet.name, ())
        write_sheet(worksheet, sheet, [[_cell(values.get(c.field)) for c in sheet.columns] for values in rows])
        if sheet.name == "DBS":
            _mark_held(worksheet, sheet.columns, rows)
        if sheet.name != "Contracts":
            rows_of[sheet.name] = {key_of(sheet.name, values): n for n, values in enumerate(rows, start=2)}
    _write_needs(needs_sheet, request.needs, rows_of)
    _write_return(book.create_sheet(RETURN), request)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Identifier):
        return value.typed
    return value


def _mark_held(worksheet: Worksheet, columns: Sequence[object], rows: Sequence[Values]) -> None:
    """Grey out the DBS number cells whose number is held, with a note saying why they are blank."""
    letter = next(i for i, c in enumerate(columns, start=1) if getattr(c, "field", "") == "certificate_number")
    for n, values in enumerate(rows, start=2):
        if values.get("number_held") == "Yes":
            cell = worksheet.cell(row=n, column=letter)
            cell.fill = _HELD_FILL
            cell.comment = Comment(
                "We hold this certificate number and do not send it out. Leave it blank unless the "
                "certificate has changed.",
                "Council",
            )


def _write_instructions(worksheet: Worksheet, request: Request) -> None:
    council = request.organisation or "the council"
    lines = [
        f"{council}: what we hold about {request.provider}, and what we need from you",
        "",
        f"Please check every sheet, fill in what is missing or out of date, and send this workbook back to us "
        f"by {long_date(request.due_by)}.",
        "The 'What we need' sheet lists each thing we are asking for, and the sheet and row to fill in.",
        "Keep the sheets, the headers and the rows as they are: change only the cells that are wrong or blank.",
        "A blank cell means 'no change': leaving a cell blank never removes what we hold. If something we hold "
        "should be removed, tell us when you send the workbook back.",
        "Dates: type them as DD/MM/YYYY (day first), e.g. 31/03/2025. Yes/No and other lists: choose from the "
        "drop-down list. Each header has a note saying what to enter.",
        "DBS: add a row for each member of staff who is not listed, with your own staff reference (never a name). "
        "We never send DBS certificate numbers out: where 'We hold its number' says Yes, the number is blank on "
        "purpose; leave it blank unless the certificate has changed.",
        "If a member of staff no longer works on the contract, set 'Still on this contract' to No: do not delete "
        "their row.",
        "The Contracts sheet is for reference only: changes to it are not read.",
        "Please do not change the Return sheet: it tells us which request your return answers.",
        "This workbook holds personal data about your staff: send it back by a secure route.",
    ]
    for line in lines:
        worksheet.append([line])
    worksheet["A1"].font = Font(bold=True, size=14)
    worksheet.column_dimensions["A"].width = 120
    for row in worksheet.iter_rows(min_row=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _write_needs(
    worksheet: Worksheet,
    needs: Sequence[Need],
    rows_of: dict[str, dict[tuple[str, ...], int]],
) -> None:
    header = ("Item", "About", "What we found", "What we need from you", "Fill in", "Due", "From")
    worksheet.append(list(header))
    for cell in worksheet[1]:
        cell.font = _BOLD
    for n, need in enumerate(needs, start=1):
        worksheet.append([n, need.subject, need.what, need.ask, _where(need, rows_of), need.due, need.source])
        if need.due is not None:
            worksheet.cell(row=worksheet.max_row, column=6).number_format = "dd/mm/yyyy"
    if not needs:
        worksheet.append(["", "", "Nothing is missing or falling due: please check the other sheets are still right."])
    for letter, width in zip("ABCDEFG", (6, 30, 60, 60, 40, 12, 18), strict=True):
        worksheet.column_dimensions[letter].width = width
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    worksheet.freeze_panes = "A2"


def _where(need: Need, rows_of: dict[str, dict[tuple[str, ...], int]]) -> str:
    """The sheet and row to fill, in words: `DBS rows 2 to 4 (contract C-1), and a new row for …`."""
    if need.sheet == "DBS":
        numbers = sorted(n for key, n in rows_of.get("DBS", {}).items() if key[0] == match_key(need.contract_id))
        new = f"a new row for each member of staff not listed (Contract ID {need.contract_id})"
        if not numbers:
            return f"DBS: {new}"
        listed = f"row {numbers[0]}" if len(numbers) == 1 else f"rows {numbers[0]} to {numbers[-1]}"
        return f"DBS {listed}, and {new}"
    key = (match_key(need.contract_id),) if need.contract_id else None
    rows = rows_of.get(need.sheet, {})
    number = rows.get(key) if key else next(iter(rows.values()), None)
    return f"{need.sheet} row {number}" if number else need.sheet


def _write_return(worksheet: Worksheet, request: Request) -> None:
    identity: dict[str, object] = {
        "Provider": request.provider,
        "Organisation": request.organisation,
        "Report date": request.report_date.isoformat(),
        "Requested on": request.requested_on.isoformat(),
        "Due by": request.due_by.isoformat(),
    }
    worksheet.append(list(RETURN_HEADER))
    for name in IDENTITY:
        worksheet.append([name, identity[name]])
    worksheet.append([])
    worksheet.append(list(FINGERPRINT_HEADER))
    for item in request.fingerprints:
        worksheet.append([item.sheet, item.key, item.row or None, item.fingerprint or None])
    for row in (1, len(IDENTITY) + 3):
        for cell in worksheet[row]:
            cell.font = _BOLD
    for letter, width in zip("ABCD", (16, 40, 12, 20), strict=True):
        worksheet.column_dimensions[letter].width = width
    worksheet.protection.sheet = True

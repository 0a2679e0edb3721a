"""Read the master workbook into typed records, collecting every problem in one pass.

The story: open the file safely, read Settings (the report date bounds what a plausible date
is), parse every other sheet cell by cell, check the sheets against each other, and only
then, if nothing stops the build, turn the parsed rows into records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .cells import (
    EXCEL_ERRORS,
    PARSERS,
    CellProblem,
    PaddedCompanyNumber,
    choice_parser,
    clean_text,
    column_letter,
    is_blank,
    normalise_header,
)
from .dates import add_years
from .findings import Report, WorkbookUnreadable
from .records import RECORD_TYPES, SHEET_ATTRIBUTES, Settings, Workbook
from .schema import INSTRUCTIONS_SHEET, SETTINGS, SHEETS, Column, Kind, Sheet
from .settings import read_settings
from .validation import check_across_sheets
from .xlsx import RawWorkbook, SpecialCell, open_workbook, sheet_lookup

PLAUSIBLE_YEARS = 30  # a date further than this from the report date is probably a typing slip


@dataclass
class ParsedRow:
    """One data row: the values that parsed, and whether every cell the record needs did."""

    row: int
    values: dict[str, object]
    complete: bool


@dataclass
class ParsedSheet:
    """One sheet's rows and the column letter each field was found in."""

    sheet: Sheet
    letters: dict[str, str] = field(default_factory=dict)
    rows: list[ParsedRow] = field(default_factory=list)

    def cell(self, field_name: str, row: int) -> str:
        """The cell address (`F14`) of a field in a row, or the row alone when the column is absent."""
        letter = self.letters.get(field_name)
        return f"{letter}{row}" if letter else str(row)


@dataclass
class ParsedWorkbook:
    """A workbook read cell by cell, before the sheets are checked against each other."""

    file_name: str
    content_hash: str
    settings: Settings
    report_date: date
    sheets: dict[str, ParsedSheet]
    report: Report


def parse_workbook(path: Path, *, as_of: date | None, today: date) -> ParsedWorkbook:
    """Open the file and parse every cell; an unusable file gives no sheets and one error saying why."""
    report = Report()
    try:
        raw = open_workbook(path)
        names = sheet_lookup(raw.sheet_names)
        settings = _read_settings(raw, names, report)
        report_date = as_of or settings.report_date or today
        sheets = _parse_sheets(raw, names, report, report_date)
    except WorkbookUnreadable as problem:
        report.error("unreadable-file", "", "", f"{path.name} {problem}")
        return ParsedWorkbook(path.name, "", Settings(), as_of or today, {}, report)
    return ParsedWorkbook(path.name, raw.content_hash, settings, report_date, sheets, report)


def validate(parsed: ParsedWorkbook) -> Workbook | None:
    """Check the sheets against each other; the typed Workbook, or None when errors stop the build."""
    report = parsed.report
    check_across_sheets(parsed.sheets, report)
    if not report.ok:
        return None
    records = {
        SHEET_ATTRIBUTES[name]: tuple(
            RECORD_TYPES[name](row=row.row, **row.values) for row in sheet.rows if row.complete
        )
        for name, sheet in parsed.sheets.items()
    }
    return Workbook(
        file_name=parsed.file_name,
        content_hash=parsed.content_hash,
        settings=parsed.settings,
        report_date=parsed.report_date,
        sheets_present=frozenset(parsed.sheets),
        columns={name: dict(sheet.letters) for name, sheet in parsed.sheets.items()},
        **records,
    )


def read_workbook(path: Path, *, as_of: date | None, today: date) -> tuple[Workbook | None, Report]:
    """Read, parse and validate the workbook at `path`; the Workbook is None when errors stop the build."""
    parsed = parse_workbook(path, as_of=as_of, today=today)
    return validate(parsed), parsed.report


def _read_settings(raw: RawWorkbook, names: dict[str, str], report: Report) -> Settings:
    actual = names.get(SETTINGS.name.casefold())
    if actual is None:
        report.warning(
            "missing-sheet",
            SETTINGS.name,
            "",
            "No Settings sheet: defaults are used and the sites have no organisation name",
        )
        return Settings()
    _report_special_cells(raw.special_cells(actual), SETTINGS.name, report)
    return read_settings(raw.rows(actual), report)


def _report_special_cells(special: dict[tuple[int, int], SpecialCell], sheet: str, report: Report) -> None:
    """Excel errors and unsaved formulas in sheets read as a whole (Settings)."""
    for (row, col), cell in sorted(special.items()):
        where = f"{column_letter(col)}{row + 1}"
        if cell.kind == "error":
            report.error(
                "excel-error", sheet, where, f"The cell holds the Excel error {cell.text}: correct it or type the value"
            )
        else:
            report.warning(
                "formula-no-value",
                sheet,
                where,
                f"The formula {cell.text} has no saved value and is read as blank: open the workbook in Excel and save it",
            )


def _parse_sheets(raw: RawWorkbook, names: dict[str, str], report: Report, report_date: date) -> dict[str, ParsedSheet]:
    known = {sheet.name.casefold() for sheet in SHEETS} | {INSTRUCTIONS_SHEET.casefold()}
    for key, written in names.items():
        if key not in known:
            report.warning(
                "extra-sheet", written, "", f"Sheet '{written}' is not one the dashboard reads; it is ignored"
            )
    window = (add_years(report_date, -PLAUSIBLE_YEARS), add_years(report_date, PLAUSIBLE_YEARS))
    parsed: dict[str, ParsedSheet] = {}
    for sheet in SHEETS:
        if sheet is SETTINGS:
            continue
        actual = names.get(sheet.name.casefold())
        if actual is None:
            if sheet.required:
                report.error(
                    "missing-sheet",
                    sheet.name,
                    "",
                    f"Missing required sheet '{sheet.name}': add it (the template has every sheet: "
                    "python build.py template new.xlsx)",
                )
            else:
                report.warning(
                    "missing-sheet",
                    sheet.name,
                    "",
                    f"No '{sheet.name}' sheet: its pages say no data is recorded",
                )
            continue
        parsed[sheet.name] = SheetParser(sheet, report, window).parse(raw.rows(actual), raw.special_cells(actual))
    return parsed


class SheetParser:
    """Parses the rows of one sheet, cell by cell, into `ParsedRow`s."""

    def __init__(self, sheet: Sheet, report: Report, window: tuple[date, date]) -> None:
        self.sheet = sheet
        self.report = report
        self.window = window

    def parse(self, rows: list[list[object]], special: dict[tuple[int, int], SpecialCell]) -> ParsedSheet:
        """Match the header row, then parse every non-blank data row."""
        result = ParsedSheet(self.sheet)
        positions = self._match_header(rows[0] if rows else [], result)
        plan = [
            (column, positions[column.field], self._parser(column))
            for column in self.sheet.columns
            if column.field in positions
        ]
        missing_required = any(c.required and c.field not in positions for c in self.sheet.columns)
        indexes = [index for _, index, _ in plan]
        for index in range(1, len(rows)):
            cells = rows[index]
            width = len(cells)
            if all(is_blank(cells[i]) if i < width else True for i in indexes) and not _row_has_special(
                special, index, indexes
            ):
                continue
            result.rows.append(self._parse_row(index, cells, plan, special, missing_required))
        return result

    def _match_header(self, header: list[object], result: ParsedSheet) -> dict[str, int]:
        by_key = {normalise_header(column.header): column for column in self.sheet.columns}
        positions: dict[str, int] = {}
        for index, cell in enumerate(header):
            if is_blank(cell):
                continue
            text = clean_text(cell)
            column = by_key.get(normalise_header(text))
            letter = column_letter(index)
            if column is None:
                self.report.warning(
                    "extra-column",
                    self.sheet.name,
                    f"{letter}1",
                    f"Column '{text}' is not one the dashboard reads; it is kept in the workbook but ignored",
                )
            elif column.field in positions:
                first = column_letter(positions[column.field])
                self.report.error(
                    "duplicate-column",
                    self.sheet.name,
                    f"{letter}1",
                    f"Column '{column.header}' appears twice (also in column {first}): delete or rename one",
                )
            else:
                positions[column.field] = index
                result.letters[column.field] = letter
        for column in self.sheet.columns:
            if column.required and column.field not in positions:
                self.report.error(
                    "missing-column",
                    self.sheet.name,
                    "",
                    f"Missing required column '{column.header}': add it to row 1 of the {self.sheet.name} sheet",
                )
        return positions

    def _parser(self, column: Column) -> Callable[[object], object]:
        if column.kind is Kind.CHOICE:
            return choice_parser(column.choices)
        return PARSERS[column.kind]

    def _parse_row(
        self,
        index: int,
        cells: list[object],
        plan: list[tuple[Column, int, Callable[[object], object]]],
        special: dict[tuple[int, int], SpecialCell],
        missing_required: bool,
    ) -> ParsedRow:
        row = index + 1
        values: dict[str, object] = {}
        complete = not missing_required
        width = len(cells)
        low, high = self.window
        for column, position, parse in plan:
            raw = cells[position] if position < width else ""
            where = f"{column_letter(position)}{row}"
            if special:
                marked = special.get((index, position))
                if marked is not None:
                    if marked.kind == "error":
                        self._excel_error(column, where, marked.text)
                        complete = False
                        continue
                    self._unsaved_formula(column, where, marked.text)
                    raw = ""
            if is_blank(raw):
                if column.required:
                    self.report.error(
                        "required-blank",
                        self.sheet.name,
                        where,
                        f"{column.header} is required but blank: fill it in, or delete the row if it is not needed",
                    )
                    complete = False
                continue
            if isinstance(raw, str) and raw[:1] == "#" and raw.strip() in EXCEL_ERRORS:
                self._excel_error(column, where, raw.strip())
                complete = False
                continue
            try:
                value = parse(raw)
            except CellProblem as problem:
                self.report.error(problem.code, self.sheet.name, where, f"{column.header}: {problem.message}")
                complete = False
                continue
            except PaddedCompanyNumber as padded:
                self.report.warning(
                    "company-number-padded",
                    self.sheet.name,
                    where,
                    f"Company number '{clean_text(raw)}' has fewer than 8 digits (Excel drops leading zeros); "
                    f"read as {padded.padded}: format the column as Text and enter all 8 digits",
                )
                value = padded.padded
            if isinstance(value, date) and not low <= value <= high:
                self.report.warning(
                    "date-out-of-range",
                    self.sheet.name,
                    where,
                    f"{column.header} {value.isoformat()} is more than {PLAUSIBLE_YEARS} years from the report date: check the year",
                )
            values[column.field] = value
        return ParsedRow(row, values, complete)

    def _excel_error(self, column: Column, where: str, error: str) -> None:
        self.report.error(
            "excel-error",
            self.sheet.name,
            where,
            f"{column.header} holds the Excel error {error}: correct the formula or type the value in",
        )

    def _unsaved_formula(self, column: Column, where: str, formula: str) -> None:
        shown = "" if column.personal else f" {formula}"
        self.report.warning(
            "formula-no-value",
            self.sheet.name,
            where,
            f"{column.header}: the formula{shown} has no saved value and is read as blank: "
            "open the workbook in Excel and save it",
        )


def _row_has_special(special: dict[tuple[int, int], SpecialCell], index: int, positions: list[int]) -> bool:
    return bool(special) and any((index, position) in special for position in positions)

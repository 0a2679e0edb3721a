"""One sheet read cell by cell: its header row matched to the schema, each cell parsed or reported.

`SheetParser` turns a sheet's rows into `ParsedRow`s, values that parsed and findings for those
that did not; `validation` then checks the parsed sheets against each other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from safe_commissioning.words import with_article
from safe_commissioning.workbook.cells.identifiers import PARSERS as IDENTIFIER_PARSERS
from safe_commissioning.workbook.cells.text import (
    clean_text,
    decode_entities,
    entity_message,
    has_invisible,
    invisible_message,
    is_blank,
    normalise_header,
    overlong_message,
    strip_invisible,
)
from safe_commissioning.workbook.cells.values import (
    EXCEL_EPOCH,
    EXCEL_ERRORS,
    PARSERS,
    CellProblem,
    Noted,
    Problem,
    choice_parser,
    parse_date,
)
from safe_commissioning.workbook.files.xlsx import SheetLayout, SpecialCell
from safe_commissioning.workbook.findings.places import NOWHERE, Place, column_index, column_letter
from safe_commissioning.workbook.findings.report import Report
from safe_commissioning.workbook.records import Settings
from safe_commissioning.workbook.rows.merged import spread_merged_cells
from safe_commissioning.workbook.rows.selection import rows_with_data, without_totals_rows
from safe_commissioning.workbook.schema.columns import Column, Kind, Sheet

PLAIN = SheetLayout()  # a sheet with no merged cells and no Excel Table totals rows
PLAUSIBLE_YEARS = 30  # a date further than this from the report date is probably a typing slip
HEADER_SEARCH_ROWS = 10  # a header row pushed down by a title is looked for this far
_PARSERS = {**PARSERS, **IDENTIFIER_PARSERS}


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

    def place(self, field_name: str, row: int) -> Place:
        """Where a field of a row is: its cell, or the row alone when the column is absent."""
        letter = self.letters.get(field_name)
        return Place(row, column_index(letter) + 1) if letter else Place(row)

    def cell(self, field_name: str, row: int) -> str:
        """The cell address (`F14`) of a field in a row, or the row alone when the column is absent."""
        letter = self.letters.get(field_name)
        return f"{letter}{row}" if letter else str(row)

    def error(self, code: str, field_name: str, row: ParsedRow, message: str, *, report: Report) -> None:
        """Report an error at a field of a row, and keep the row from becoming a record."""
        report.error(code, self.sheet.name, self.place(field_name, row.row), message)
        row.complete = False

    def warning(self, code: str, field_name: str, row: ParsedRow, message: str, *, report: Report) -> None:
        """Report a warning at a field of a row."""
        report.warning(code, self.sheet.name, self.place(field_name, row.row), message)


@dataclass
class ParsedWorkbook:
    """A workbook read cell by cell, before the sheets are checked against each other."""

    file_name: str
    content_hash: str
    settings: Settings
    report_date: date
    sheets: dict[str, ParsedSheet]
    report: Report


class SheetParser:
    """Parses the rows of one sheet, cell by cell, into `ParsedRow`s."""

    def __init__(self, sheet: Sheet, report: Report, window: tuple[date, date], *, epoch: date = EXCEL_EPOCH) -> None:
        self.sheet = sheet
        self.report = report
        self.window = window
        self.epoch = epoch  # day 0 of the workbook's date system, for day numbers in date columns

    def parse(
        self,
        rows: list[list[object]],
        special: dict[tuple[int, int], SpecialCell],
        layout: SheetLayout = PLAIN,
    ) -> ParsedSheet:
        """Match the header row, then parse every non-blank data row, a column at a time."""
        result = ParsedSheet(self.sheet)
        header_at = self._header_row(rows)
        positions = self._match_header(rows[header_at] if rows else [], result, header_at + 1)
        plan = [
            (column, positions[column.field], self._parser(column))
            for column in self.sheet.columns
            if column.field in positions
        ]
        if layout.merges:
            read = {position: column for column, position, _ in plan}
            spread_merged_cells(
                rows, layout.merges, header_row=header_at, columns=read, sheet=self.sheet.name, report=self.report
            )
        missing_required = any(c.required and c.field not in positions for c in self.sheet.columns)
        kept, lone = rows_with_data(rows, [position for _, position, _ in plan], special, start=header_at + 1)
        kept = without_totals_rows(
            rows,
            kept,
            table_totals=layout.totals_rows,
            required=[position for column, position, _ in plan if column.required],
            sheet=self.sheet.name,
            report=self.report,
        )
        if lone:
            kept = self._drop_stray_rows(kept, {index: lone[index] for index in kept if index in lone}, plan)
        values: list[dict[str, object]] = [{} for _ in kept]
        complete = [not missing_required] * len(kept)
        for planned in plan:
            self._parse_column(planned, rows, kept, special, values, complete)
        result.rows = [
            ParsedRow(index + 1, row_values, row_complete)
            for index, row_values, row_complete in zip(kept, values, complete, strict=True)
        ]
        return result

    def _drop_stray_rows(
        self, kept: list[int], lone: dict[int, int], plan: list[tuple[Column, int, Callable[[object], object]]]
    ) -> list[int]:
        """Rows holding one cell where a record needs more: one warning each, and the row is ignored.

        Such a row is a leftover (a total, a note, a stray keypress or a record never finished), so it
        holds nothing the sites could use; one finding says so, instead of one per blank required cell,
        and the build goes on, as it does for a blank row.
        """
        required = [position for column, position, _ in plan if column.required]
        by_position = {position: column for column, position, _ in plan}
        stray = set()
        for index, position in lone.items():
            if any(other != position for other in required):
                stray.add(index)
                header = by_position[position].header
                self.report.warning(
                    "incomplete-row",
                    self.sheet.name,
                    Place(index + 1, position + 1),
                    f"{self.sheet.name} row {index + 1} has only {with_article(header)}: complete it or "
                    "delete the row (until then it is ignored)",
                )
        return [index for index in kept if index not in stray]

    def _parse_column(
        self,
        planned: tuple[Column, int, Callable[[object], object]],
        rows: list[list[object]],
        kept: list[int],
        special: dict[tuple[int, int], SpecialCell],
        values: list[dict[str, object]],
        complete: list[bool],
    ) -> None:
        """Parse one column (its definition, position and parser) of every kept row.

        Values repeat down a column, so each is parsed once.
        """
        column, position, parse = planned
        outcomes: dict[object, _Outcome] = {}
        seen = outcomes.get
        name, field, required = self.sheet.name, column.field, column.required
        for k, index in enumerate(kept):
            cells = rows[index]
            raw = cells[position] if position < len(cells) else ""
            if special:
                marked = special.get((index, position))
                if marked is not None:
                    if marked.kind == "error":
                        self._excel_error(column, Place(index + 1, position + 1), marked.text)
                        complete[k] = False
                        continue
                    self._unsaved_formula(column, Place(index + 1, position + 1), marked.text)
                    if required:
                        complete[k] = False
                        continue
                    raw = ""
            # Text is the usual cell; other types are keyed with their type, since True == 1 == 1.0.
            key = raw if raw.__class__ is str else (raw.__class__, raw)
            outcome = seen(key)
            if outcome is None:
                outcome = outcomes[key] = self._outcome(column, raw, parse)
            if outcome.plain:
                values[k][field] = outcome.value
                continue
            for code, message in outcome.warnings:
                self.report.warning(code, name, Place(index + 1, position + 1), message)
            if outcome.value is _BLANK:
                if required:
                    self.report.error(
                        "required-blank",
                        name,
                        Place(index + 1, position + 1),
                        f"{column.header} is required but blank: fill it in, or delete the row if it is not needed",
                    )
                    complete[k] = False
                continue
            if outcome.error is not None:
                if column.lenient:
                    self.report.warning(
                        outcome.error.code, name, Place(index + 1, position + 1), outcome.error.message + LENIENT_NOTE
                    )
                    continue
                self.report.error(outcome.error.code, name, Place(index + 1, position + 1), outcome.error.message)
                complete[k] = False
                continue
            values[k][field] = outcome.value

    def _outcome(self, column: Column, raw: object, parse: Callable[[object], object]) -> _Outcome:
        """What one distinct cell value parses to: a value, blank, or an error, with any warnings."""
        overlong = overlong_message(column.header, raw)
        if overlong:
            return _Outcome(None, Problem("text-too-long", overlong))
        warnings: list[Problem] = []
        if isinstance(raw, str) and "&" in raw:
            raw, decoded = decode_entities(raw)
            if decoded:
                warnings.append(Problem("html-entity", entity_message(column.header, decoded)))
        # The fast path, inlined: almost every cell is printable text with no `_xHHHH_` escape.
        if isinstance(raw, str) and not (raw.isprintable() and "_x" not in raw) and has_invisible(raw):
            raw, removed = strip_invisible(raw)
            warnings.append(Problem("control-character", invisible_message(column.header, removed)))
        if is_blank(raw):
            return _Outcome(_BLANK, None, tuple(warnings))
        if isinstance(raw, str) and raw[:1] == "#" and raw.strip() in EXCEL_ERRORS:
            return _Outcome(
                None,
                Problem(
                    "excel-error",
                    f"{column.header} holds the Excel error {raw.strip()}: correct the formula or type the value in",
                ),
            )
        try:
            value = parse(raw)
        except CellProblem as problem:
            return _Outcome(None, Problem(problem.code, f"{column.header}: {problem.message}"), tuple(warnings))
        if isinstance(value, Noted):  # usable, or read as blank, with a warning (e.g. a padded company number)
            warnings.append(Problem(value.code, value.message))
            if value.value is None:
                return _Outcome(_BLANK, None, tuple(warnings))
            value = value.value
        low, high = self.window
        if isinstance(value, date) and not low <= value <= high:
            warnings.append(
                Problem(
                    "date-out-of-range",
                    f"{column.header} {value.isoformat()} is more than {PLAUSIBLE_YEARS} years from the report date: "
                    "check the year",
                )
            )
        return _Outcome(value, None, tuple(warnings), plain=not warnings)

    def _header_row(self, rows: list[list[object]]) -> int:
        """Row 1 (index 0), unless it lacks required headers that a row just below it has: then an error, and that row."""
        required = {normalise_header(c.header) for c in self.sheet.columns if c.required}
        known = {normalise_header(c.header) for c in self.sheet.columns}

        def headers_in(index: int) -> set[str]:
            return {normalise_header(clean_text(cell)) for cell in rows[index] if not is_blank(cell)} & known

        if not rows or required <= headers_in(0):
            return 0
        in_first = len(headers_in(0))
        for index in range(1, min(len(rows), HEADER_SEARCH_ROWS)):
            found = headers_in(index)
            if required <= found and len(found) > in_first:
                first = next(i for i, cell in enumerate(rows[index]) if not is_blank(cell))
                self.report.error(
                    "header-row-not-first",
                    self.sheet.name,
                    Place(index + 1, first + 1),
                    f"The header row is row {index + 1}, not row 1: delete the rows above it "
                    f"(the rows below it are checked as if it were row 1)",
                )
                return index
        return 0

    def _match_header(self, header: list[object], result: ParsedSheet, header_row: int = 1) -> dict[str, int]:
        by_key = {normalise_header(column.header): column for column in self.sheet.columns}
        positions: dict[str, int] = {}
        for index, cell in enumerate(header):
            if is_blank(cell):
                continue
            text = clean_text(cell)
            column = by_key.get(normalise_header(text))
            if column is None:
                self.report.warning(
                    "extra-column",
                    self.sheet.name,
                    Place(header_row, index + 1),
                    f"Column '{text}' is not one the dashboard reads; it is kept in the workbook but ignored",
                )
            elif column.field in positions:
                first = column_letter(positions[column.field])
                self.report.error(
                    "duplicate-column",
                    self.sheet.name,
                    Place(header_row, index + 1),
                    f"Column '{column.header}' appears twice (also in column {first}): delete or rename one",
                )
            else:
                positions[column.field] = index
                result.letters[column.field] = column_letter(index)
        for column in self.sheet.columns:
            if column.required and column.field not in positions:
                self.report.error(
                    "missing-column",
                    self.sheet.name,
                    NOWHERE,
                    f"Missing required column '{column.header}': add it to row 1 of the {self.sheet.name} sheet",
                )
        return positions

    def _parser(self, column: Column) -> Callable[[object], object]:
        if column.kind is Kind.CHOICE:
            return choice_parser(column.choices)
        if column.kind is Kind.DATE and self.epoch != EXCEL_EPOCH:
            return functools.partial(parse_date, epoch=self.epoch)
        return _PARSERS[column.kind]

    def _excel_error(self, column: Column, where: Place, error: str) -> None:
        self.report.error(
            "excel-error",
            self.sheet.name,
            where,
            f"{column.header} holds the Excel error {error}: correct the formula or type the value in",
        )

    def _unsaved_formula(self, column: Column, where: Place, formula: str) -> None:
        """A formula with no saved value: an error in a required column (there is nothing to read), else a warning."""
        shown = "" if column.personal else f" {formula}"
        if column.required:
            self.report.error(
                "unsaved-formula",
                self.sheet.name,
                where,
                f"{column.header} is required, and the formula{shown} has no saved value to read: open the "
                "workbook in Excel and save it, or type the value in",
            )
            return
        self.report.warning(
            "formula-no-value",
            self.sheet.name,
            where,
            f"{column.header}: the formula{shown} has no saved value and is read as blank: "
            "open the workbook in Excel and save it",
        )


_BLANK = object()
LENIENT_NOTE = " (until it is corrected the cell is read as blank)"


@dataclass(frozen=True, slots=True)
class _Outcome:
    """The parse of one distinct cell value: its value (or _BLANK), an error, and warnings."""

    value: object
    error: Problem | None = None
    warnings: tuple[Problem, ...] = ()
    plain: bool = False  # a value with nothing to report: the common case, tested first

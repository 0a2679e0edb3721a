"""Read the master workbook into typed records, collecting every problem in one pass.

The story: open the file safely, read Settings (the report date bounds what a plausible date
is), parse every other sheet cell by cell, check the sheets against each other, and only
then, if nothing stops the build, turn the parsed rows into records.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from safe_commissioning.dates import add_years
from safe_commissioning.workbook.cells.values import EXCEL_EPOCH, EXCEL_EPOCH_1904
from safe_commissioning.workbook.checks.platform import platform_findings
from safe_commissioning.workbook.checks.sourcing_plan import plan_findings
from safe_commissioning.workbook.checks.transparency import register_gaps
from safe_commissioning.workbook.checks.validation import check_across_sheets
from safe_commissioning.workbook.files.xlsx import RawWorkbook, open_workbook, sheet_key, sheet_lookup
from safe_commissioning.workbook.findings.places import NOWHERE
from safe_commissioning.workbook.findings.report import Report, WorkbookUnreadable
from safe_commissioning.workbook.records import Settings, Workbook
from safe_commissioning.workbook.rows.parser import PLAUSIBLE_YEARS, ParsedSheet, ParsedWorkbook, SheetParser
from safe_commissioning.workbook.schema.columns import Sheet
from safe_commissioning.workbook.schema.sheets import INSTRUCTIONS_SHEET, SETTINGS, SHEETS
from safe_commissioning.workbook.settings.sheet import read_settings


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small, acyclic objects are made.

    Reading creates hundreds of thousands of values and records and no reference cycles; the
    collector's passes over them cost about 5% of the read for nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_workbook(
    path: Path,
    *,
    as_of: date | None,
    today: date,
    schema: tuple[Sheet, ...] = SHEETS,
    also_known: frozenset[str] = frozenset(),
) -> ParsedWorkbook:
    """Open the file and parse every cell; an unusable file gives no sheets and one error saying why.

    `schema` is the sheets to read (the master's, or a provider return's, which has fewer columns and
    one more), `also_known` the names of further sheets that are expected and not read.
    """
    with collector_paused():
        return _parse_workbook(path, as_of=as_of, today=today, schema=schema, also_known=also_known)


def _parse_workbook(
    path: Path, *, as_of: date | None, today: date, schema: tuple[Sheet, ...], also_known: frozenset[str]
) -> ParsedWorkbook:
    report = Report()
    try:
        raw = open_workbook(path)
        report.extend(raw.findings)
        names = _sheets_to_read(raw, report, schema)
        settings = _read_settings(raw, names, report) if SETTINGS in schema else Settings()
        report_date = as_of or settings.report_date or today
        sheets = _parse_sheets(raw, names, report, report_date, schema, also_known)
    except WorkbookUnreadable as problem:
        report.error("unreadable-file", "", NOWHERE, f"{path.name} {problem}")
        return ParsedWorkbook(path.name, "", Settings(), as_of or today, {}, report)
    return ParsedWorkbook(path.name, raw.content_hash, settings, report_date, sheets, report)


def validate(parsed: ParsedWorkbook) -> Workbook | None:
    """Check the sheets against each other; the typed Workbook, or None when errors stop the build."""
    with collector_paused():
        return _validate(parsed)


def _validate(parsed: ParsedWorkbook) -> Workbook | None:
    report = parsed.report
    check_across_sheets(parsed.sheets, report)
    if not report.ok:
        return None
    records = {
        sheet.sheet.attribute: tuple(
            _record_type(sheet)(row=row.row, **row.values) for row in sheet.rows if row.complete
        )
        for sheet in parsed.sheets.values()
    }
    workbook = Workbook(
        file_name=parsed.file_name,
        content_hash=parsed.content_hash,
        settings=parsed.settings,
        report_date=parsed.report_date,
        sheets_present=frozenset(parsed.sheets),
        columns={name: dict(sheet.letters) for name, sheet in parsed.sheets.items()},
        **records,
    )
    report.extend(register_gaps(workbook))
    report.extend(plan_findings(workbook))
    report.extend(platform_findings(workbook))
    return workbook


def _record_type(parsed: ParsedSheet) -> type:
    """The dataclass a parsed sheet's rows become (every sheet but Settings, which is read apart, has one)."""
    record = parsed.sheet.record
    assert record is not None, parsed.sheet.name
    return record


def read_workbook(path: Path, *, as_of: date | None, today: date) -> tuple[Workbook | None, Report]:
    """Read, parse and validate the workbook at `path`; the Workbook is None when errors stop the build."""
    parsed = parse_workbook(path, as_of=as_of, today=today)
    return validate(parsed), parsed.report


_KINDS = {"chartsheet": "a chart sheet", "dialogsheet": "a dialog sheet", "macrosheet": "an Excel 4.0 macro sheet"}
_UNUSABLE = ""  # in the sheet map: the sheet is there but cannot be read (a finding already says why)


def _sheets_to_read(raw: RawWorkbook, report: Report, schema: tuple[Sheet, ...]) -> dict[str, str]:
    """Sheet key → the name to read; an error for two sheets that match one name, or a chart sheet."""
    known = {sheet_key(sheet.name): sheet.name for sheet in schema}
    chosen: dict[str, str] = {}
    for key, written in sheet_lookup(raw.sheet_names).items():
        name = known.get(key)
        if name is None:
            chosen[key] = written[-1]
            continue
        pick = name if name in written else written[0]
        if len(written) > 1:
            listed = " and ".join(f"'{w}'" for w in written)
            report.error(
                "duplicate-sheet",
                name,
                NOWHERE,
                f"Sheets {listed} both read as the {name} sheet (names match whatever their case or spaces), "
                f"so it is not clear which holds the data: delete or rename the stale copy "
                f"(the findings below are for '{pick}')",
            )
        kind = raw.kinds.get(pick, "worksheet")
        if kind != "worksheet":
            report.error(
                "not-a-worksheet",
                name,
                NOWHERE,
                f"'{pick}' is {_KINDS.get(kind, 'not a worksheet')}, not a worksheet, so it holds no rows: keep the "
                f"{name} data on an ordinary worksheet named '{name}' (rename the {kind.removesuffix('sheet')} sheet)",
            )
            pick = _UNUSABLE
        elif pick in raw.refused:
            pick = _UNUSABLE
        chosen[key] = pick
    return chosen


def _read_settings(raw: RawWorkbook, names: dict[str, str], report: Report) -> Settings:
    actual = names.get(SETTINGS.name.casefold())
    if actual == _UNUSABLE:
        return Settings()
    if actual is None:
        report.warning(
            "missing-sheet",
            SETTINGS.name,
            NOWHERE,
            "No Settings sheet: defaults are used and the sites have no organisation name",
        )
        return Settings()
    return read_settings(
        raw.rows(actual),
        report,
        special=raw.special_cells(actual),
        epoch=EXCEL_EPOCH_1904 if raw.date1904 else EXCEL_EPOCH,
    )


def _parse_sheets(
    raw: RawWorkbook,
    names: dict[str, str],
    report: Report,
    report_date: date,
    schema: tuple[Sheet, ...],
    also_known: frozenset[str],
) -> dict[str, ParsedSheet]:
    known = {sheet_key(name) for name in (*(sheet.name for sheet in schema), INSTRUCTIONS_SHEET, *also_known)}
    for key, written in names.items():
        if key not in known:
            report.warning(
                "extra-sheet", written, NOWHERE, f"Sheet '{written}' is not one the dashboard reads; it is ignored"
            )
    window = (add_years(report_date, -PLAUSIBLE_YEARS), add_years(report_date, PLAUSIBLE_YEARS))
    epoch = EXCEL_EPOCH_1904 if raw.date1904 else EXCEL_EPOCH
    parsed: dict[str, ParsedSheet] = {}
    for sheet in schema:
        if sheet is SETTINGS:
            continue
        actual = names.get(sheet.name.casefold())
        if actual is None:
            if sheet.required:
                report.error(
                    "missing-sheet",
                    sheet.name,
                    NOWHERE,
                    f"Missing required sheet '{sheet.name}': add it (the template has every sheet: "
                    "python build.py template new.xlsx)",
                )
            elif sheet.warn_if_missing:
                report.warning(
                    "missing-sheet",
                    sheet.name,
                    NOWHERE,
                    f"No '{sheet.name}' sheet: its pages say no data is recorded",
                )
            continue
        if actual == _UNUSABLE:
            continue
        parser = SheetParser(sheet, report, window, epoch=epoch)
        parsed[sheet.name] = parser.parse(raw.rows(actual), raw.special_cells(actual), raw.layout(actual))
    return parsed

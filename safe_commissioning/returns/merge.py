"""Merge providers' returns into the master workbook: gather and check everything, then write once.

The story of `prepare`: read the master with every check (it must be valid); refuse a master holding
what no merge may rewrite; read each return with the same checks and plan what it changes; refuse
if any return reaches beyond its provider or conflicts with the master (unless forced); write the
changed cells into the master's package (`package`), with a row for each return on the Returns
sheet; and read the result back, checking that it is valid and that every cell the returns did not
change is as it was. Only then does `write` put it on disk: beside the master, or over it after a
dated copy. Nothing here prints: the command line says what happened.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from safe_commissioning.returns.changes import Plan, cell_value, plan_return
from safe_commissioning.returns.fingerprints import canonical
from safe_commissioning.returns.package import Unkeepable, Value, unkeepable_parts, write_cells
from safe_commissioning.returns.returned import read_return
from safe_commissioning.workbook.cells.text import is_blank, match_key
from safe_commissioning.workbook.files.xlsx import open_workbook, sheet_key
from safe_commissioning.workbook.findings.places import column_index
from safe_commissioning.workbook.findings.report import Finding, WorkbookUnreadable
from safe_commissioning.workbook.reading import parse_workbook, validate
from safe_commissioning.workbook.records import Workbook
from safe_commissioning.workbook.rows.parser import ParsedWorkbook
from safe_commissioning.workbook.schema.returns import RETURNS


@dataclass(frozen=True)
class MergeOptions:
    """What to merge into what, and how."""

    workbook: Path
    returns: tuple[Path, ...]
    today: date
    out: Path | None = None
    in_place: bool = False
    force: bool = False
    as_of: date | None = None  # the report date the master is checked at (default: its Report date setting)


@dataclass
class Merged:
    """The merge, worked out and checked, not yet written."""

    plans: list[Plan]
    data: bytes
    target: Path
    backup: Path | None
    added_rows: dict[tuple[int, int], int] = field(default_factory=dict)  # (plan, added index) → its master row
    findings: list[tuple[str, Finding]] = field(default_factory=list)  # (file name, finding): the warnings


class MergeRefused(Exception):
    """Nothing is written: `findings` (file name, finding) and `reason` say why."""

    def __init__(self, reason: str, findings: list[tuple[str, Finding]] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.findings = findings or []


def _is_xlsx_package(data: bytes) -> bool:
    """Whether `data` is an .xlsx package (the master was read already, so it is an .xlsx or an .ods)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def target_paths(options: MergeOptions) -> tuple[Path, Path | None]:
    """Where the merged workbook goes, and the dated copy of the master an in-place merge makes first."""
    master = options.workbook
    if options.in_place:
        return master, master.with_name(f"{master.stem}.before-merge-{options.today.isoformat()}{master.suffix}")
    return options.out or master.with_name(f"{master.stem}-merged{master.suffix}"), None


def prepare(options: MergeOptions) -> Merged:
    """Gather and check everything a merge does; raise `MergeRefused` before anything is written."""
    master_data = options.workbook.read_bytes() if options.workbook.is_file() else b""
    parsed, workbook = _read_master(options)
    if not _is_xlsx_package(master_data):
        raise MergeRefused(
            f"{options.workbook.name} is an OpenDocument spreadsheet (.ods), and merge writes a return into an .xlsx "
            "master cell by cell: save the master as .xlsx (in LibreOffice: File > Save As > Excel 2007-365), merge "
            "into that and keep it as the master: nothing was written"
        )
    unkeepable = unkeepable_parts(master_data)
    if unkeepable:
        raise MergeRefused(
            f"{options.workbook.name} holds {', '.join(unkeepable)}, which a merge cannot vouch for after changing "
            "the cells they draw on: nothing was written. Merge into a copy without them, or enter the "
            "return's changes by hand"
        )
    plans = _plan_returns(options, parsed, workbook)
    cells, added_rows = _cells_to_write(options, parsed, plans)
    new_sheets: dict[str, list[list[object]]] = {}
    if "Returns" not in parsed.sheets:
        header: list[object] = [c.header for c in RETURNS.columns]
        new_sheets["Returns"] = [header, *(_returns_row(options, plan) for plan in plans)]
    try:
        data = write_cells(master_data, cells, new_sheets, {"Returns": [c.width for c in RETURNS.columns]})
    except Unkeepable as problem:
        raise MergeRefused(f"{options.workbook.name}: {problem}: nothing was written") from None
    _check_merged(options, data, parsed, cells)
    target, backup = target_paths(options)
    warnings = [(plan.returned.path.name, f) for plan in plans for f in plan.returned.report.warnings]
    return Merged(plans, data, target, backup, added_rows, warnings)


def _read_master(options: MergeOptions) -> tuple[ParsedWorkbook, Workbook]:
    parsed = parse_workbook(options.workbook, as_of=options.as_of, today=options.today)
    workbook = validate(parsed)
    if workbook is None:
        raise MergeRefused(
            f"{options.workbook.name} has errors: fix them (python build.py check) before merging into it",
            [(options.workbook.name, f) for f in parsed.report.errors],
        )
    return parsed, workbook


def _plan_returns(options: MergeOptions, parsed: ParsedWorkbook, workbook: Workbook) -> list[Plan]:
    plans: list[Plan] = []
    problems: list[tuple[str, Finding]] = []
    providers: dict[str, Path] = {}
    for path in options.returns:
        returned = read_return(path, today=options.today)
        plan = plan_return(returned, parsed, workbook, force=options.force)
        problems += [(path.name, f) for f in returned.report.errors]
        if plan is None:
            continue
        earlier = providers.setdefault(match_key(plan.provider), path)
        if earlier != path:
            raise MergeRefused(
                f"{earlier.name} and {path.name} are both returns from {plan.provider}: merge one at a time"
            )
        plans.append(plan)
    if problems:
        raise MergeRefused(f"{_plural(len(problems), 'problem')} in the returns: nothing was written", problems)
    return plans


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _cells_to_write(
    options: MergeOptions, parsed: ParsedWorkbook, plans: list[Plan]
) -> tuple[dict[str, dict[tuple[int, int], Value]], dict[tuple[int, int], int]]:
    """Every cell to write, by sheet; and the master row each added row goes to."""
    cells: dict[str, dict[tuple[int, int], Value]] = {}
    last = _last_rows(options.workbook)
    added_rows: dict[tuple[int, int], int] = {}
    for p, plan in enumerate(plans):
        for change in plan.cells:
            cells.setdefault(change.sheet, {})[(change.row, change.column)] = _value(change.new)
        for removed in plan.removed:
            letters = parsed.sheets[removed.sheet].letters
            for field_name in removed.values:
                if field_name in letters:
                    cells.setdefault(removed.sheet, {})[(removed.row, column_index(letters[field_name]) + 1)] = None
        for a, added in enumerate(plan.added):
            row = last[sheet_key(added.sheet)] = last.get(sheet_key(added.sheet), 1) + 1
            added_rows[(p, a)] = row
            for column, value in _row_cells(parsed, added.sheet, added.values).items():
                cells.setdefault(added.sheet, {})[(row, column)] = value
        if "Returns" in parsed.sheets:
            row = last[sheet_key("Returns")] = last.get(sheet_key("Returns"), 1) + 1
            values = dict(zip((c.field for c in RETURNS.columns), _returns_row(options, plan), strict=True))
            for column, value in _row_cells(parsed, "Returns", values).items():
                cells.setdefault("Returns", {})[(row, column)] = value
    return cells, added_rows


def _row_cells(parsed: ParsedWorkbook, sheet: str, values: Mapping[str, object]) -> dict[int, Value]:
    letters = parsed.sheets[sheet].letters
    return {column_index(letters[f]) + 1: _value(v) for f, v in values.items() if f in letters and v is not None}


def _value(value: object) -> Value:
    written = cell_value(value)
    if written is None or isinstance(written, str | float | date):
        return written
    return str(written)


def _last_rows(path: Path) -> dict[str, int]:
    """Each sheet's last row holding a value, by sheet key: new rows go below it."""
    try:
        raw = open_workbook(path)
    except WorkbookUnreadable as problem:
        raise MergeRefused(f"{path.name} {problem}") from None
    last: dict[str, int] = {}
    for name in raw.sheet_names:
        if raw.kinds.get(name, "worksheet") != "worksheet":
            continue
        rows = raw.rows(name)
        filled = [n for n, cells in enumerate(rows, start=1) if any(not is_blank(c) for c in cells)]
        last[sheet_key(name)] = filled[-1] if filled else 1
    return last


def _returns_row(options: MergeOptions, plan: Plan) -> list[object]:
    """The Returns sheet's row for a plan: provider, requested on, due by, received on, merged on, changes, file."""
    identity = plan.returned.identity
    received = date.fromtimestamp(plan.returned.path.stat().st_mtime)
    return [
        plan.provider,
        identity.requested_on if identity else None,
        identity.due_by if identity else None,
        min(received, options.today),
        options.today,
        float(plan.count),
        plan.returned.path.name,
    ]


def _check_merged(
    options: MergeOptions, data: bytes, before: ParsedWorkbook, cells: Mapping[str, Mapping[tuple[int, int], Value]]
) -> None:
    """Read the merged workbook back: valid, and every cell not written is as it was. Else refuse."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / options.workbook.name
        path.write_bytes(data)
        after = parse_workbook(path, as_of=options.as_of, today=options.today)
        if validate(after) is None:
            raise MergeRefused(
                "the merged workbook would have errors, so nothing was written: correct the returns or the master",
                [(f"{options.workbook.name} (merged)", f) for f in after.report.errors],
            )
    for name, sheet in before.sheets.items():
        written = {(row, column) for row, column in cells.get(name, {})}
        merged = {row.row: row for row in after.sheets[name].rows}
        for row in sheet.rows:
            now = merged.get(row.row)
            for field_name, value in row.values.items():
                column = column_index(sheet.letters[field_name]) + 1
                if (row.row, column) in written:
                    continue
                if now is None or canonical(now.values.get(field_name)) != canonical(value):
                    raise MergeRefused(
                        f"the merged workbook does not read back as the master did at {name}!"
                        f"{sheet.letters[field_name]}{row.row}, so nothing was written (please report this)"
                    )


def write(merged: Merged, master: Path) -> None:
    """Write the merged workbook: a dated copy of the master first when it replaces it; atomically."""
    if merged.backup is not None:
        shutil.copy2(master, merged.backup)
    merged.target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".merge-", suffix=".xlsx", dir=merged.target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(merged.data)
        os.replace(temporary, merged.target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def added_row(merged: Merged, plan: int, index: int) -> int:
    """The master row an added row was written to."""
    return merged.added_rows[(plan, index)]

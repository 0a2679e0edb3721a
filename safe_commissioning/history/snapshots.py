"""The history folder: one snapshot of the build's data files per report date.

`python build.py record` saves this build's `contracts.csv`, `compliance.csv`, `alerts.csv`,
`placements_by_year.csv`, `build.json` and the public `sourcing_plan.csv` into `HISTORY/<report date>/` (by default the `history`
folder beside the workbook, `source/history/`). Every build reads the snapshots dated before its
report date, for the trends and the What changed page; a later snapshot is ignored, and one dated
on the report date itself is superseded by the build. A snapshot that cannot be used (a file
missing or damaged, columns or words this tool never writes, a folder name that is not a date or
a `build.json` of another date) is skipped with a message naming the file: never a traceback, and
never the end of the build.

Messages name files relative to the history folder's parent (`history/2024-06-30/contracts.csv`),
so a build's pages do not depend on where the project sits.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from safe_commissioning.history.changes import Baseline, Row
from safe_commissioning.history.headlines import keyed_headlines
from safe_commissioning.opendata.datafiles import ALERTS_COLUMNS, PLACEMENTS_COLUMNS
from safe_commissioning.rules.catalogue import RULE_IDS
from safe_commissioning.rules.expiry import ContractStatus
from safe_commissioning.rules.rag import Rag
from safe_commissioning.rules.results import Status

SNAPSHOT_FILES = ("contracts.csv", "compliance.csv", "alerts.csv", "placements_by_year.csv", "build.json")
# The published sourcing plan, so the feeds can say when each row last changed; snapshots recorded
# before it was kept have none, and the feeds then date those rows from the report date.
PLAN_FILE = "sourcing_plan.csv"
# The columns a snapshot must have for the trends and What changed (a build writes more).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "contracts.csv": ("contract_id", "title", "supplier", "status", "expiry_band", "rag"),
    "compliance.csv": ("contract_id", "rule_id", "status"),
    "alerts.csv": ALERTS_COLUMNS,
    "placements_by_year.csv": PLACEMENTS_COLUMNS,
}
# Columns whose values are fixed words (reference §4.3): anything else is not this tool's file.
FIXED_WORDS: dict[tuple[str, str], frozenset[str]] = {
    ("contracts.csv", "status"): frozenset(s.value for s in ContractStatus),
    ("contracts.csv", "rag"): frozenset(r.value for r in Rag),
    ("compliance.csv", "rule_id"): frozenset(RULE_IDS),
    ("compliance.csv", "status"): frozenset(s.value for s in Status),
}
SKIPPED_WORDS = "this snapshot is left out of the trends and What changed"


class SnapshotRefused(Exception):
    """`record` cannot save the snapshot as asked (one exists, or the history folder is a file); nothing was built."""


class SnapshotNotSaved(Exception):
    """The sites were published but the snapshot could not be written; the message says why."""


class SnapshotUnusable(Exception):
    """One snapshot cannot be used: the file at fault and why."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


@dataclass(frozen=True)
class Snapshot:
    """One report date's data files, as the build that recorded them wrote them."""

    report_date: date
    shown: str  # the folder as messages name it: history/2024-06-30
    folder: Path
    workbook: str
    sha256: str
    headlines: dict[str, str]  # by key (`red`), however its build.json named them
    contracts: dict[str, Row]
    rules: dict[tuple[str, str], str]
    alerts: dict[str, Row]
    plan: dict[str, Row] = field(default_factory=dict)  # the published sourcing plan's rows, by ocid

    def baseline(self) -> Baseline:
        """This snapshot as the What changed page's baseline."""
        description = f"snapshot {self.shown}, from {self.workbook}, SHA-256 {self.sha256[:12]}"
        return Baseline(
            self.folder, self.report_date, description, self.contracts, self.rules, self.alerts, self.headlines
        )


@dataclass(frozen=True)
class Skipped:
    """A snapshot that could not be used, and why, naming the file."""

    name: str  # the folder: history/2024-06-30
    where: str  # the file (or folder) at fault: history/2024-06-30/compliance.csv
    reason: str

    @property
    def message(self) -> str:
        return f"{self.where}: {self.reason}; {SKIPPED_WORDS}"


@dataclass(frozen=True)
class History:
    """The usable snapshots dated before the report date, oldest first, and the ones skipped."""

    folder: Path
    snapshots: tuple[Snapshot, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    @property
    def latest(self) -> Snapshot | None:
        """The latest snapshot before the report date: What changed compares with it by default."""
        return self.snapshots[-1] if self.snapshots else None


def snapshot_folder(history: Path, report_date: date) -> Path:
    """Where the snapshot of `report_date` lives."""
    return history / report_date.isoformat()


def refuse_overwrite(history: Path, report_date: date, *, force: bool) -> None:
    """Refuse, before any work, a snapshot that would replace one already recorded (unless forced)."""
    if history.exists() and not history.is_dir():
        raise SnapshotRefused(f"--history {history} is a file, not a folder: give the folder that holds the snapshots")
    target = snapshot_folder(history, report_date)
    if target.exists() and not force:
        raise SnapshotRefused(
            f"{target} already holds the snapshot of {report_date.isoformat()}: "
            "add --force to replace it, or give another --as-of"
        )


def write_snapshot(history: Path, report_date: date, files: Mapping[str, bytes], *, force: bool) -> Path:
    """Save the snapshot of `report_date` all at once: written beside its place, then renamed in.

    `files` holds SNAPSHOT_FILES, and PLAN_FILE when the build published a sourcing plan.
    """
    refuse_overwrite(history, report_date, force=force)
    target = snapshot_folder(history, report_date)
    history.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(4)
    incoming = history / f".{target.name}.recording-{token}"
    incoming.mkdir()
    try:
        for name in SNAPSHOT_FILES:
            (incoming / name).write_bytes(files[name])
        if PLAN_FILE in files:
            (incoming / PLAN_FILE).write_bytes(files[PLAN_FILE])
        if target.exists():
            replaced = history / f".{target.name}.replaced-{token}"
            target.rename(replaced)
            incoming.rename(target)
            shutil.rmtree(replaced, ignore_errors=True)
        else:
            incoming.rename(target)
    finally:
        if incoming.exists():
            shutil.rmtree(incoming, ignore_errors=True)
    return target


def read_history(folder: Path, report_date: date) -> History:
    """Every usable snapshot dated before `report_date`, and each one skipped with its reason."""
    if not folder.is_dir():
        return History(folder)
    snapshots: list[Snapshot] = []
    skipped: list[Skipped] = []
    for entry in sorted(folder.iterdir(), key=lambda path: path.name):
        if entry.name.startswith(".") or not entry.is_dir():
            continue  # hidden folders (a snapshot being recorded) and files such as a README
        shown = f"{folder.name}/{entry.name}"
        try:
            day = date.fromisoformat(entry.name)
        except ValueError:
            skipped.append(Skipped(shown, shown, "the folder's name is not a report date (YYYY-MM-DD)"))
            continue
        if len(entry.name) != 10:  # fromisoformat also takes 20240630
            skipped.append(Skipped(shown, shown, "the folder's name is not a report date (YYYY-MM-DD)"))
            continue
        if day >= report_date:
            continue  # later snapshots are ignored; this build supersedes one of its own date
        try:
            snapshots.append(read_snapshot(entry, day, shown))
        except SnapshotUnusable as problem:
            skipped.append(Skipped(shown, problem.where, problem.reason))
    return History(folder, tuple(snapshots), tuple(skipped))


def read_snapshot(folder: Path, day: date, shown: str) -> Snapshot:
    """One snapshot folder, or SnapshotUnusable naming the file at fault."""
    tables = {name: _read_csv(folder / name, f"{shown}/{name}", columns) for name, columns in REQUIRED_COLUMNS.items()}
    about = _read_about(folder / "build.json", f"{shown}/build.json", day)
    contracts = {row["contract_id"]: row for row in tables["contracts.csv"]}
    rules = {(row["contract_id"], row["rule_id"]): row["status"] for row in tables["compliance.csv"]}
    alerts = {row["alert_id"]: row for row in tables["alerts.csv"]}
    figures = about["headlines"]
    assert isinstance(figures, dict)  # checked by _read_about
    plan_path = folder / PLAN_FILE
    plan_rows = _read_csv(plan_path, f"{shown}/{PLAN_FILE}", ("ocid",)) if plan_path.exists() else []
    return Snapshot(
        day,
        shown,
        folder,
        str(about["workbook"]),
        str(about["sha256"]),
        keyed_headlines(figures),
        contracts,
        rules,
        alerts,
        {row["ocid"]: row for row in plan_rows},
    )


def _read_csv(path: Path, where: str, required: Sequence[str]) -> list[Row]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise SnapshotUnusable(where, "the file is missing") from None
    except IsADirectoryError:
        raise SnapshotUnusable(where, "is a folder, not a data file") from None
    except OSError as error:
        raise SnapshotUnusable(where, f"cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise SnapshotUnusable(where, "is not a UTF-8 CSV file of this tool") from None
    name = path.name
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = reader.fieldnames or []
        missing = [column for column in required if column not in header]
        if missing:
            raise SnapshotUnusable(
                where, f"lacks the column(s) {', '.join(missing)}: it is not a {name} this tool wrote"
            )
        rows = list(reader)
    except csv.Error as error:
        raise SnapshotUnusable(where, f"is not a readable CSV file ({error})") from None
    for number, row in enumerate(rows, start=2):
        if None in row or any(value is None for value in row.values()):
            raise SnapshotUnusable(where, f"row {number} does not have the {len(header)} columns of its header")
        for (file, column), words in FIXED_WORDS.items():
            if file == name and row[column] not in words:
                raise SnapshotUnusable(
                    where, f"row {number}: {column} '{row[column]}' is not one of the words this tool writes"
                )
    return rows


def _read_about(path: Path, where: str, day: date) -> dict[str, object]:
    try:
        about = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise SnapshotUnusable(where, "the file is missing") from None
    except OSError as error:
        raise SnapshotUnusable(where, f"cannot be read ({error.strerror or error})") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise SnapshotUnusable(where, f"is not a JSON file ({error})") from None
    if not isinstance(about, dict):
        raise SnapshotUnusable(where, "is not a build description of this tool")
    missing = [key for key in ("report_date", "workbook", "sha256", "headlines") if key not in about]
    if missing or not isinstance(about["headlines"], dict):
        raise SnapshotUnusable(
            where, f"is not a build description of this tool (no {', '.join(missing) or 'headlines'})"
        )
    if about["report_date"] != day.isoformat():
        raise SnapshotUnusable(
            where,
            f"records the report date {about['report_date']}, but its folder is named {day.isoformat()}: "
            "move it to the folder of its own date",
        )
    return about

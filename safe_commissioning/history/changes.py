"""What changed since an earlier build: compare this build's data with a baseline data folder.

The baseline is an earlier build's `internal/data` folder (for example last quarter's), so the
comparison reads the same files this build writes and needs nothing else. The result is a
function of the workbook, the report date and the baseline only: builds stay reproducible.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from safe_commissioning.history.headlines import keyed_headlines
from safe_commissioning.opendata.datafiles import COMPLIANCE_COLUMNS, CONTRACTS_COLUMNS, cell_value
from safe_commissioning.rules.expiry import EXPIRY_BANDS

# Fields of contracts.csv whose change is worth telling a Member; status and RAG have their own sections.
WATCHED_FIELDS = (
    "title",
    "supplier",
    "start_date",
    "end_date",
    "decision_due",
    "service_area",
    "procurement_route",
    "works_with_children",
    "risk",
    "monitoring_frequency",
)
# Nearer means closer to expiry: an index lower in this order.
BAND_ORDER = {band: index for index, band in enumerate(EXPIRY_BANDS)}
REQUIRED = {"contracts.csv": CONTRACTS_COLUMNS[:10], "compliance.csv": COMPLIANCE_COLUMNS[:4]}


class BaselineError(Exception):
    """The baseline folder cannot be used; the message says why and what to give instead."""


Row = dict[str, str]


@dataclass(frozen=True)
class Baseline:
    """An earlier build's data, as its files hold it."""

    folder: Path
    report_date: date | None
    description: str  # the baseline's workbook and its hash, as its build.json records them
    contracts: dict[str, Row]
    rules: dict[tuple[str, str], str]
    alerts: dict[str, Row] | None  # None when the baseline predates alerts.csv
    headlines: dict[str, str]  # by key (`red`), however the baseline's build.json named them


def _read_csv(path: Path, required: Sequence[str]) -> list[Row]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BaselineError(f"{path} is missing: give the data folder of an earlier build (…/internal/data)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"{path} cannot be read ({error})") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in required if column not in (reader.fieldnames or [])]
    if missing:
        raise BaselineError(
            f"{path} lacks the column(s) {', '.join(missing)}: is it a contracts data file of this tool?"
        )
    return list(reader)


def read_baseline(folder: Path) -> Baseline:
    """Read an earlier build's data folder, or raise BaselineError saying what is wrong."""
    if not folder.is_dir():
        raise BaselineError(f"{folder} is not a folder: give the data folder of an earlier build (…/internal/data)")
    contracts = {row["contract_id"]: row for row in _read_csv(folder / "contracts.csv", REQUIRED["contracts.csv"])}
    rules = {
        (row["contract_id"], row["rule_id"]): row["status"]
        for row in _read_csv(folder / "compliance.csv", REQUIRED["compliance.csv"])
    }
    alerts = None
    if (folder / "alerts.csv").exists():
        alerts = {row["alert_id"]: row for row in _read_csv(folder / "alerts.csv", ("alert_id", "status"))}
    report_date, headlines, description = None, {}, "an earlier build"
    about = folder / "build.json"
    if about.exists():
        try:
            meta = json.loads(about.read_text(encoding="utf-8"))
            report_date = date.fromisoformat(meta["report_date"])
            headlines = keyed_headlines(meta.get("headlines", {}))
            description = f"{meta['workbook']}, SHA-256 {str(meta['sha256'])[:12]}"
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BaselineError(f"{about} is not a build description of this tool ({error})") from None
    return Baseline(folder, report_date, description, contracts, rules, alerts, headlines)


def as_rows(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> list[Row]:
    """This build's rows as the CSV files hold them, so both sides compare as text."""
    return [{column: str(cell_value(value)) for column, value in zip(columns, row, strict=True)} for row in rows]


@dataclass(frozen=True)
class RagChange:
    contract_id: str
    title: str
    before: str
    after: str
    moved: tuple[tuple[str, str, str], ...]  # (rule, before, after)


@dataclass(frozen=True)
class FieldChange:
    contract_id: str
    title: str
    changes: tuple[tuple[str, str, str], ...]  # (field, before, after)


@dataclass
class Changes:
    """Everything that differs between the baseline and this build."""

    baseline: Baseline
    added: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)
    ended: list[Row] = field(default_factory=list)
    changed: list[FieldChange] = field(default_factory=list)
    rag: list[RagChange] = field(default_factory=list)
    nearer_band: list[tuple[Row, str]] = field(default_factory=list)  # (row now, band before)
    new_alerts: list[Row] = field(default_factory=list)
    closed_alerts: list[Row] = field(default_factory=list)
    headline_deltas: dict[str, str] = field(default_factory=dict)  # each figure that moved, by key: its value before
    headlines_now: dict[str, str] = field(default_factory=dict)  # this build's figures, by key

    @property
    def anything(self) -> bool:
        return any(
            (
                self.added,
                self.removed,
                self.ended,
                self.changed,
                self.rag,
                self.nearer_band,
                self.new_alerts,
                self.closed_alerts,
                self.headline_deltas,
            )
        )


def compare(
    baseline: Baseline,
    contracts: Sequence[Row],
    rules: Mapping[tuple[str, str], str],
    alerts: Sequence[Row],
    headlines: Mapping[str, str],
) -> Changes:
    """What changed from `baseline` to this build's contracts, rule statuses, alerts and headline figures (by key)."""
    changes = Changes(baseline)
    now = {row["contract_id"]: row for row in contracts}
    before = baseline.contracts
    changes.added = [now[cid] for cid in sorted(set(now) - set(before))]
    changes.removed = [before[cid] for cid in sorted(set(before) - set(now))]
    for cid in sorted(set(now) & set(before)):
        old, new = before[cid], now[cid]
        if old.get("status") != "expired" and new["status"] == "expired":
            changes.ended.append(new)
        moved = tuple(
            (rule, baseline.rules.get((cid, rule), ""), status)
            for (rule_cid, rule), status in sorted(rules.items())
            if rule_cid == cid and baseline.rules.get((cid, rule), status) != status
        )
        if old.get("rag") != new["rag"]:
            changes.rag.append(RagChange(cid, new["title"], old.get("rag", ""), new["rag"], moved))
        fields = tuple(
            (name, old.get(name, ""), new[name]) for name in WATCHED_FIELDS if name in old and old[name] != new[name]
        )
        if fields:
            changes.changed.append(FieldChange(cid, new["title"], fields))
        old_band, new_band = old.get("expiry_band", ""), new["expiry_band"]
        if old_band in BAND_ORDER and BAND_ORDER[new_band] < BAND_ORDER[old_band] and new_band != "expired":
            changes.nearer_band.append((new, old_band))
    if baseline.alerts is not None:
        current = {row["alert_id"]: row for row in alerts}
        changes.new_alerts = [current[a] for a in sorted(set(current) - set(baseline.alerts))]
        changes.closed_alerts = [
            current.get(a, {**row, "status": "closed"})
            for a, row in sorted(baseline.alerts.items())
            if row["status"] == "open" and current.get(a, {"status": "closed"})["status"] == "closed"
        ]
    changes.headlines_now = dict(headlines)
    for key, value in headlines.items():
        earlier = baseline.headlines.get(key)
        if earlier is not None and earlier != value:
            changes.headline_deltas[key] = earlier
    return changes

"""The machine-readable files of SPEC §4: stable names, columns and fixed words.

CSV files are UTF-8 with a byte-order mark (so Excel shows £ and accents), and safe to open in
Excel: text that Excel would run as a formula is prefixed with an apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from .assessment import Assessment
from .compliance import RULE_IDS
from .findings import Report

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

CONTRACTS_COLUMNS = (
    "contract_id",
    "title",
    "supplier",
    "status",
    "start_date",
    "end_date",
    "days_to_expiry",
    "expiry_band",
    "decision_due",
    "rag",
    # more than SPEC fixes, after its columns
    "service_area",
    "procurement_route",
    "works_with_children",
    "risk",
    "monitoring_frequency",
    "last_meeting",
    "no_reprocurement_planned",
    "publish",
)
COMPLIANCE_COLUMNS = ("contract_id", "rule_id", "status", "detail", "evidence")
PLACEMENTS_COLUMNS = ("financial_year", "placement_type", "commissioned", "decommissioned")


def cell_value(value: object) -> str | int | float:
    """One value as a CSV cell: ISO dates, yes/no, numbers as numbers, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A whole CSV file as text (byte-order mark included)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell_value(value) for value in row])
    return buffer.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a CSV file that Excel opens correctly and safely."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(header, rows), encoding="utf-8", newline="")


def write_internal_data(assessment: Assessment, report: Report, folder: Path) -> list[Path]:
    """Write contracts.csv, compliance.csv, placements_by_year.csv and validation.json into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    contracts = [
        (
            c.contract_id,
            c.contract.title,
            c.contract.supplier,
            c.status.value,
            c.contract.start_date,
            c.contract.end_date,
            c.days_to_expiry,
            c.expiry_band,
            c.decision_due,
            c.rag.value,
            c.contract.service_area,
            c.contract.procurement_route,
            c.contract.works_with_children,
            c.contract.risk,
            c.contract.monitoring_frequency,
            c.monitoring.last_meeting,
            c.no_reprocurement_planned,
            c.contract.publish,
        )
        for c in assessment.contracts
    ]
    rule_order = {rule: index for index, rule in enumerate(RULE_IDS)}
    compliance = [
        (c.contract_id, t.rule_id, t.status.value, t.detail, t.evidence)
        for c in assessment.contracts
        for t in sorted(c.results, key=lambda t: rule_order[t.rule_id])
    ]
    placements = [
        (y.financial_year, y.placement_type, y.commissioned, y.decommissioned) for y in assessment.placements_by_year
    ]
    paths = [folder / "contracts.csv", folder / "compliance.csv", folder / "placements_by_year.csv"]
    write_csv(paths[0], CONTRACTS_COLUMNS, contracts)
    write_csv(paths[1], COMPLIANCE_COLUMNS, compliance)
    write_csv(paths[2], PLACEMENTS_COLUMNS, placements)
    validation = folder / "validation.json"
    validation.write_text(report.to_json(), encoding="utf-8")
    return [*paths, validation]

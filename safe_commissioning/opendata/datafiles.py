"""The machine-readable files of SPEC §4: stable names, columns and fixed words.

CSV files are UTF-8 with a byte-order mark (so Excel shows £ and accents), and safe to open in
Excel: text that Excel would run as a formula is prefixed with an apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.results import RULE_IDS
from safe_commissioning.workbook.findings import Report

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


ALERTS_COLUMNS = (
    "alert_id",
    "kind",
    "provider",
    "contract_id",
    "placement_id",
    "category",
    "status",
    "date_raised",
    "date_closed",
)


def contract_rows(assessment: Assessment) -> list[tuple[object, ...]]:
    """contracts.csv: one row per contract, by contract ID."""
    return [
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


def compliance_rows(assessment: Assessment) -> list[tuple[object, ...]]:
    """compliance.csv: one row per contract and rule, in contract and then rule order."""
    order = {rule: index for index, rule in enumerate(RULE_IDS)}
    return [
        (c.contract_id, t.rule_id, t.status.value, t.detail, t.evidence)
        for c in assessment.contracts
        for t in sorted(c.results, key=lambda t: order[t.rule_id])
    ]


def alert_rows(assessment: Assessment) -> list[tuple[object, ...]]:
    """alerts.csv: every quality alert, then an Ofsted alert per provider rated Inadequate."""
    quality: list[tuple[object, ...]] = [
        (
            a.alert_id,
            "quality",
            a.provider,
            a.contract_id,
            a.placement_id,
            a.category,
            a.status.lower(),
            a.date_raised,
            a.date_closed,
        )
        for a in sorted(assessment.workbook.quality_alerts, key=lambda a: a.alert_id)
    ]
    ofsted: list[tuple[object, ...]] = [
        (
            f"ofsted:{alert.provider.provider}",
            "ofsted",
            alert.provider.provider,
            " ".join(alert.contract_ids),
            " ".join(alert.placement_ids),
            "Rated Inadequate",
            "open",
            alert.provider.ofsted_inspection_date,
            None,
        )
        for alert in assessment.ofsted_alerts
    ]
    return [*quality, *ofsted]


def json_lines(value: object) -> str:
    """JSON with each item of the top-level array (or of an object's arrays) on a line of its own.

    Readable and diffable like indented JSON, but written by the C encoder: `indent` would
    switch json.dumps to its pure-Python encoder, ten times slower on a large register.
    """

    def dump(item: object) -> str:
        return json.dumps(item, ensure_ascii=False, separators=(", ", ": "))

    def block(items: list[object], indent: str) -> str:
        if not items:
            return "[]"
        return "[\n" + ",\n".join(indent + "  " + dump(item) for item in items) + "\n" + indent + "]"

    if isinstance(value, list):
        return block(value, "") + "\n"
    if isinstance(value, dict):
        fields = [
            f"  {dump(key)}: {block(item, '  ') if isinstance(item, list) else dump(item)}"
            for key, item in value.items()
        ]
        return "{\n" + ",\n".join(fields) + "\n}\n"
    return dump(value) + "\n"


def write_internal_data(
    assessment: Assessment, report: Report, folder: Path, extra: dict[str, object] | None = None
) -> list[Path]:
    """Write the internal data files into `folder`: SPEC's four, alerts.csv and build.json."""
    folder.mkdir(parents=True, exist_ok=True)
    placements: list[tuple[object, ...]] = [
        (y.financial_year, y.placement_type, y.commissioned, y.decommissioned) for y in assessment.placements_by_year
    ]
    files: dict[str, tuple[Sequence[str], list[tuple[object, ...]]]] = {
        "contracts.csv": (CONTRACTS_COLUMNS, contract_rows(assessment)),
        "compliance.csv": (COMPLIANCE_COLUMNS, compliance_rows(assessment)),
        "placements_by_year.csv": (PLACEMENTS_COLUMNS, placements),
        "alerts.csv": (ALERTS_COLUMNS, alert_rows(assessment)),
    }
    for name, (header, rows) in files.items():
        write_csv(folder / name, header, rows)
    (folder / "validation.json").write_text(report.to_json(), encoding="utf-8")
    workbook = assessment.workbook
    about = {
        "report_date": workbook.report_date.isoformat(),
        "workbook": workbook.file_name,
        "sha256": workbook.content_hash,
        **(extra or {}),
    }
    (folder / "build.json").write_text(json.dumps(about, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [folder / name for name in (*files, "validation.json", "build.json")]

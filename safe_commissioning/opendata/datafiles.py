"""The machine-readable files of reference §4.2: stable names, columns and fixed words.

CSV files are UTF-8 with a byte-order mark (so Excel shows £ and accents), and safe to open in
Excel: text that Excel would run as a formula is prefixed with an apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Generic, Literal, TypeVar

from safe_commissioning.rules.assessment import Assessment, ContractAssessment, OfstedAlert
from safe_commissioning.rules.catalogue import RULE_IDS
from safe_commissioning.rules.evidence import Traced
from safe_commissioning.rules.placements import YearCount
from safe_commissioning.words import iso_date, yes_no_word
from safe_commissioning.workbook.findings.report import Report
from safe_commissioning.workbook.records import QualityAlert

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")
# A column's type in the data dictionary's words (datapackage.json maps them to Table Schema types)
ColumnKind = Literal["text", "code", "date", "number", "yes/no"]


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column of a data file: its fixed name, how to read its value from a row's source, and what it holds.

    The header and the value are one object, so a column cannot be written under another's name.
    `kind` (text, code, date, number, yes/no) and `meaning` are the data dictionary that the Open
    data page and datapackage.json publish for the public files.
    """

    name: str
    get: Callable[[T], object]
    kind: ColumnKind = "text"
    meaning: str = ""


def names(columns: Iterable[Column[T]]) -> tuple[str, ...]:
    """The header row of a data file."""
    return tuple(column.name for column in columns)


def rows_of(columns: Sequence[Column[T]], sources: Iterable[T]) -> list[tuple[object, ...]]:
    """One row per source, its values in the columns' order."""
    return [tuple(column.get(source) for column in columns) for source in sources]


def cell_value(value: object) -> str | int | float:
    """One value as a CSV cell: ISO dates, yes/no, numbers as numbers, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no_word(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, date):
        return iso_date(value)
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


CONTRACTS_FIELDS: tuple[Column[ContractAssessment], ...] = (
    Column("contract_id", lambda c: c.contract_id),
    Column("title", lambda c: c.contract.title),
    Column("supplier", lambda c: c.contract.supplier),
    Column("status", lambda c: c.status.value),
    Column("start_date", lambda c: c.contract.start_date),
    Column("end_date", lambda c: c.contract.end_date),
    Column("days_to_expiry", lambda c: c.days_to_expiry),
    Column("expiry_band", lambda c: c.expiry_band),
    Column("decision_due", lambda c: c.decision_due),
    Column("rag", lambda c: c.rag.value),
    # more than the reference (guides/reference.md) fixes, after its columns
    Column("service_area", lambda c: c.contract.service_area),
    Column("procurement_route", lambda c: c.contract.procurement_route),
    Column("works_with_children", lambda c: c.contract.works_with_children),
    Column("risk", lambda c: c.contract.risk),
    Column("monitoring_frequency", lambda c: c.contract.monitoring_frequency),
    Column("last_meeting", lambda c: c.monitoring.last_meeting),
    Column("no_reprocurement_planned", lambda c: c.no_reprocurement_planned),
    Column("publish", lambda c: c.contract.publish),
)
# compliance.csv has a row per contract and rule: its source is the pair
COMPLIANCE_FIELDS: tuple[Column[tuple[ContractAssessment, Traced]], ...] = (
    Column("contract_id", lambda pair: pair[0].contract_id),
    Column("rule_id", lambda pair: pair[1].rule_id),
    Column("status", lambda pair: pair[1].status.value),
    Column("detail", lambda pair: pair[1].detail),
    Column("evidence", lambda pair: pair[1].evidence),
)
PLACEMENTS_FIELDS: tuple[Column[YearCount], ...] = (
    Column("financial_year", lambda y: y.financial_year),
    Column("placement_type", lambda y: y.placement_type),
    Column("commissioned", lambda y: y.commissioned),
    Column("decommissioned", lambda y: y.decommissioned),
)


@dataclass(frozen=True)
class AlertEntry:
    """One row of alerts.csv: a quality alert from the workbook, or the Ofsted alert of a provider rated Inadequate."""

    alert_id: str
    kind: str
    provider: str
    contract_id: str
    placement_id: str
    category: str
    status: str
    date_raised: date | None
    date_closed: date | None

    @classmethod
    def quality(cls, alert: QualityAlert) -> AlertEntry:
        return cls(
            alert.alert_id,
            "quality",
            alert.provider,
            alert.contract_id,
            alert.placement_id,
            alert.category,
            alert.status.lower(),
            alert.date_raised,
            alert.date_closed,
        )

    @classmethod
    def ofsted(cls, alert: OfstedAlert) -> AlertEntry:
        return cls(
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


ALERTS_FIELDS: tuple[Column[AlertEntry], ...] = (
    Column("alert_id", lambda a: a.alert_id),
    Column("kind", lambda a: a.kind),
    Column("provider", lambda a: a.provider),
    Column("contract_id", lambda a: a.contract_id),
    Column("placement_id", lambda a: a.placement_id),
    Column("category", lambda a: a.category),
    Column("status", lambda a: a.status),
    Column("date_raised", lambda a: a.date_raised),
    Column("date_closed", lambda a: a.date_closed),
)
CONTRACTS_COLUMNS = names(CONTRACTS_FIELDS)
COMPLIANCE_COLUMNS = names(COMPLIANCE_FIELDS)
PLACEMENTS_COLUMNS = names(PLACEMENTS_FIELDS)
ALERTS_COLUMNS = names(ALERTS_FIELDS)


def contract_rows(assessment: Assessment) -> list[tuple[object, ...]]:
    """contracts.csv: one row per contract, by contract ID."""
    return rows_of(CONTRACTS_FIELDS, assessment.contracts)


def compliance_rows(assessment: Assessment) -> list[tuple[object, ...]]:
    """compliance.csv: one row per contract and rule, in contract and then rule order."""
    order = {rule: index for index, rule in enumerate(RULE_IDS)}
    pairs = ((c, t) for c in assessment.contracts for t in sorted(c.results, key=lambda t: order[t.rule_id]))
    return rows_of(COMPLIANCE_FIELDS, pairs)


def alert_rows(assessment: Assessment) -> list[tuple[object, ...]]:
    """alerts.csv: every quality alert, then an Ofsted alert per provider rated Inadequate."""
    quality = sorted(assessment.workbook.quality_alerts, key=lambda a: a.alert_id)
    entries = [*map(AlertEntry.quality, quality), *map(AlertEntry.ofsted, assessment.ofsted_alerts)]
    return rows_of(ALERTS_FIELDS, entries)


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
    """Write the internal data files into `folder`: the reference's four, alerts.csv and build.json."""
    return write_files(internal_data_writers(assessment, report, extra), folder)


def write_files(writers: Mapping[str, Callable[[Path], object]], folder: Path) -> list[Path]:
    """Write each file (by name) into `folder` by its writer, called with its path; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, writer in writers.items():
        writer(folder / name)
    return [folder / name for name in writers]


def internal_data_writers(
    assessment: Assessment, report: Report, extra: dict[str, object] | None = None
) -> dict[str, Callable[[Path], object]]:
    """Each internal data file's name and the function that writes it at a path (see `write_internal_data`)."""
    workbook = assessment.workbook
    about = {
        "report_date": workbook.report_date.isoformat(),
        "workbook": workbook.file_name,
        "sha256": workbook.content_hash,
        **(extra or {}),
    }
    tables: dict[str, tuple[Sequence[str], Callable[[], list[tuple[object, ...]]]]] = {
        "contracts.csv": (CONTRACTS_COLUMNS, partial(contract_rows, assessment)),
        "compliance.csv": (COMPLIANCE_COLUMNS, partial(compliance_rows, assessment)),
        "placements_by_year.csv": (
            PLACEMENTS_COLUMNS,
            partial(rows_of, PLACEMENTS_FIELDS, assessment.placements_by_year),
        ),
        "alerts.csv": (ALERTS_COLUMNS, partial(alert_rows, assessment)),
    }
    writers: dict[str, Callable[[Path], object]] = {
        name: partial(_write_table, header, rows) for name, (header, rows) in tables.items()
    }
    writers["validation.json"] = partial(_write_json, report.to_json)
    writers["build.json"] = partial(_write_json, lambda: json.dumps(about, indent=2, ensure_ascii=False) + "\n")
    return writers


def _write_table(header: Sequence[str], rows: Callable[[], list[tuple[object, ...]]], path: Path) -> None:
    write_csv(path, header, rows())


def _write_json(text: Callable[[], str], path: Path) -> None:
    path.write_text(text(), encoding="utf-8")

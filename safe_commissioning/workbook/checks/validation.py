"""Checks across rows and sheets: unique IDs, references that resolve, dates in order.

Runs on parsed rows before any record exists, so that one run reports every problem. A
reference is checked against every ID written on its sheet, even on a row with other errors,
so one mistake does not cascade into false ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from safe_commissioning.workbook.cells.text import fold_key, lookalike_characters, match_key
from safe_commissioning.workbook.checks.actions import check_actions
from safe_commissioning.workbook.checks.lookalikes import (
    check_lookalikes,
    check_shared_numbers,
    check_similar_names,
    merge_repeated_providers,
)
from safe_commissioning.workbook.findings.report import Report

if TYPE_CHECKING:
    from safe_commissioning.workbook.rows.parser import ParsedSheet


@dataclass(frozen=True)
class _Key:
    """How one sheet's rows are identified."""

    sheet: str
    fields: tuple[str, ...]  # the last one is named in the message, by its column's header
    what: str  # "each contract appears once", …


_UNIQUE_KEYS = (
    _Key("Contracts", ("contract_id",), "each contract has its own row and ID"),
    _Key("Providers", ("provider",), "each provider has one row"),
    _Key("Safeguarding", ("contract_id",), "each contract has one row of safeguarding evidence"),
    _Key("Policies", ("provider",), "each provider has one row of policy review dates"),
    _Key("DBS", ("contract_id", "staff_reference"), "each member of staff appears once per contract"),
    _Key("Placements", ("placement_id",), "each placement has its own ID"),
    _Key("Quality alerts", ("alert_id",), "each alert has its own ID"),
    _Key("Caseload", ("date",), "each headcount date appears once"),
    _Key("Sourcing plan", ("reference",), "each planned procurement has its own reference"),
)

# (sheet, field, target sheet, target field, what the reference names)
_REFERENCES = (
    ("Contracts", "supplier", "Providers", "provider", "supplier"),
    ("Safeguarding", "contract_id", "Contracts", "contract_id", "contract"),
    ("Policies", "provider", "Providers", "provider", "provider"),
    ("DBS", "contract_id", "Contracts", "contract_id", "contract"),
    ("Monitoring", "contract_id", "Contracts", "contract_id", "contract"),
    ("Placements", "provider", "Providers", "provider", "provider"),
    ("Quality alerts", "provider", "Providers", "provider", "provider"),
    ("Quality alerts", "contract_id", "Contracts", "contract_id", "contract"),
    ("Quality alerts", "placement_id", "Placements", "placement_id", "placement"),
    ("Sourcing plan", "related_contract_id", "Contracts", "contract_id", "contract"),
    ("Returns", "provider", "Providers", "provider", "provider"),
)

# (sheet, earlier field, later field): the later date may equal the earlier one, never precede it
_DATE_ORDER = (
    ("Contracts", "start_date", "end_date"),
    ("Contracts", "end_date", "extension_end_date"),
    ("Placements", "start_date", "end_date"),
    ("Quality alerts", "date_raised", "date_closed"),
    ("DBS", "issue_date", "recheck_date"),
    ("Sourcing plan", "procurement_start", "contract_start"),
)

# The longest ID or name each defining sheet accepts. An ID names a page, a file and a row of
# every data file; a contract reference is a few dozen characters at most. Companies House allows
# company names of 160 characters and charity names run longer; 300 leaves room for any of them.
MAX_ID_LENGTH = 100
MAX_NAME_LENGTH = 300
_MAX_LENGTHS = (
    ("Contracts", "contract_id", MAX_ID_LENGTH),
    ("Providers", "provider", MAX_NAME_LENGTH),
    ("Placements", "placement_id", MAX_ID_LENGTH),
    ("Quality alerts", "alert_id", MAX_ID_LENGTH),
    ("DBS", "staff_reference", MAX_ID_LENGTH),
    ("Sourcing plan", "reference", MAX_ID_LENGTH),
)

# Sheets whose IDs other sheets refer to: two of these that look alike are surely one typed twice.
_LOOKALIKE_CHECKED = frozenset(target for _, _, target, _, _ in _REFERENCES)

_FIX = {
    "Providers": "add it to the Providers sheet or correct the spelling",
    "Contracts": "add it to the Contracts sheet or correct the ID",
    "Placements": "add it to the Placements sheet or correct the ID",
}


def _key_of(value: object) -> str:
    return match_key(value.isoformat()) if isinstance(value, date) else match_key(str(value))


def check_across_sheets(parsed: dict[str, ParsedSheet], report: Report) -> None:
    """Add every cross-row and cross-sheet problem to `report`, resolving references to canonical IDs."""
    for sheet, field_name, limit in _MAX_LENGTHS:
        if sheet in parsed:
            _check_length(parsed[sheet], field_name, limit, report)
    for key in _UNIQUE_KEYS:
        if key.sheet not in parsed:
            continue
        if key.sheet == "Providers":
            merge_repeated_providers(
                parsed[key.sheet], report
            )  # reference §2.4: one provider on two rows may be merged
        else:
            _check_unique(parsed[key.sheet], key, report)
        if key.sheet in _LOOKALIKE_CHECKED:
            check_lookalikes(parsed[key.sheet], key.fields[0], report)
    if "Providers" in parsed:
        check_shared_numbers(parsed["Providers"], report)
        check_similar_names(parsed["Providers"], report)
    for sheet, field_name, target, target_field, noun in _REFERENCES:
        if sheet in parsed:
            _resolve_references(parsed, sheet, field_name, target, target_field, noun, report)
    for sheet, earlier, later in _DATE_ORDER:
        if sheet in parsed:
            _check_order(parsed[sheet], earlier, later, report)
    _check_coverage(parsed, report)
    check_actions(parsed, report)
    if "Quality alerts" in parsed:
        _check_alerts(parsed["Quality alerts"], report)
    if "Caseload" in parsed:
        _check_caseload(parsed["Caseload"], report)


def _check_unique(sheet: ParsedSheet, key: _Key, report: Report) -> None:
    first_seen: dict[tuple[str, ...], int] = {}
    reported_field = key.fields[-1]
    label = sheet.sheet.column(reported_field).header
    for row in sheet.rows:
        if not all(f in row.values for f in key.fields):
            continue
        identity = tuple(_key_of(row.values[f]) for f in key.fields)
        if identity in first_seen:
            value = row.values[reported_field]
            shown = value.isoformat() if isinstance(value, date) else value
            first = sheet.cell(reported_field, first_seen[identity])
            sheet.error(
                "duplicate-id",
                reported_field,
                row,
                f"Duplicate {label} '{shown}' (first at {sheet.sheet.name}!{first}): "
                f"{key.what}; give this row its own {label} or delete it",
                report=report,
            )
        else:
            first_seen[identity] = row.row


def _check_length(sheet: ParsedSheet, field_name: str, limit: int, report: Report) -> None:
    label = sheet.sheet.column(field_name).header
    for row in sheet.rows:
        value = row.values.get(field_name)
        if isinstance(value, str) and len(value) > limit:
            sheet.error(
                "too-long",
                field_name,
                row,
                f"{label} is {len(value):,} characters long; the most allowed is {limit}: shorten it "
                "(it names the record's page and its rows in the data files)",
                report=report,
            )


def _resolve_references(
    parsed: dict[str, ParsedSheet],
    sheet_name: str,
    field_name: str,
    target: str,
    target_field: str,
    noun: str,
    report: Report,
) -> None:
    canonical: dict[str, object] = {}
    rows_of: dict[str, int] = {}
    if target in parsed:
        for row in parsed[target].rows:
            value = row.values.get(target_field)
            if value is not None:
                key = _key_of(value)
                canonical.setdefault(key, value)
                rows_of.setdefault(key, row.row)
    folded: dict[str, str] | None = None  # made only when a reference does not match as typed
    sheet = parsed[sheet_name]
    for row in sheet.rows:
        value = row.values.get(field_name)
        if value is None:
            continue
        found = canonical.get(_key_of(value))
        if found is None and not isinstance(value, date):
            if folded is None:
                folded = {}
                for key, target_value in canonical.items():
                    folded.setdefault(fold_key(str(target_value)), key)
            resembles = folded.get(fold_key(str(value)))
            if resembles is not None:
                sheet.error(
                    "lookalike-reference",
                    field_name,
                    row,
                    f"Unknown {noun} '{value}': it differs from '{canonical[resembles]}' (at {target}!"
                    f"{parsed[target].cell(target_field, rows_of[resembles])}) only by an invisible or look-alike "
                    f"character ({lookalike_characters(str(value) + str(canonical[resembles]))}): retype it to "
                    "match exactly",
                    report=report,
                )
                continue
        if found is None:
            missing = "" if target in parsed else f" (there is no {target} sheet)"
            sheet.error(
                "unknown-reference",
                field_name,
                row,
                f"Unknown {noun} '{value}'{missing}: {_FIX[target]}",
                report=report,
            )
        else:
            row.values[field_name] = found


def _check_order(sheet: ParsedSheet, earlier: str, later: str, report: Report) -> None:
    first_header = sheet.sheet.column(earlier).header
    second_header = sheet.sheet.column(later).header
    for row in sheet.rows:
        start, end = row.values.get(earlier), row.values.get(later)
        if isinstance(start, date) and isinstance(end, date) and end < start:
            sheet.error(
                "date-order",
                later,
                row,
                f"{second_header} {end.isoformat()} is before {first_header} {start.isoformat()}",
                report=report,
            )


def _check_coverage(parsed: dict[str, ParsedSheet], report: Report) -> None:
    """Warn where safeguarding evidence and the contracts that need it do not line up."""
    contracts = parsed.get("Contracts")
    safeguarding = parsed.get("Safeguarding")
    if contracts is None:
        return
    works_with_children = {
        _key_of(row.values["contract_id"]): row.values.get("works_with_children")
        for row in contracts.rows
        if "contract_id" in row.values
    }
    evidenced = set()
    if safeguarding is not None:
        for row in safeguarding.rows:
            if "contract_id" not in row.values:
                continue
            key = _key_of(row.values["contract_id"])
            evidenced.add(key)
            if works_with_children.get(key) is False:
                safeguarding.warning(
                    "safeguarding-not-needed",
                    "contract_id",
                    row,
                    f"Contract '{row.values['contract_id']}' does not work with children, so this evidence is not "
                    "used: set Works with children to Yes on the Contracts sheet if it does",
                    report=report,
                )
    if safeguarding is None:
        return
    for row in contracts.rows:
        contract_id = row.values.get("contract_id")
        if contract_id is None:
            continue  # no ID to name: the row already has an error saying why
        if row.values.get("works_with_children") is True and _key_of(contract_id) not in evidenced:
            contracts.warning(
                "missing-safeguarding",
                "contract_id",
                row,
                f"Contract '{contract_id}' works with children but has no row on the Safeguarding sheet: "
                "its minimum expectations show as not evidenced until one is added",
                report=report,
            )


def _check_alerts(alerts: ParsedSheet, report: Report) -> None:
    for row in alerts.rows:
        status, closed = row.values.get("status"), row.values.get("date_closed")
        if status == "Closed" and closed is None:
            alerts.warning(
                "closed-without-date",
                "date_closed",
                row,
                "Alert is Closed but has no Date closed: enter the date it was resolved",
                report=report,
            )
        elif status == "Open" and closed is not None:
            alerts.warning(
                "open-with-date-closed",
                "status",
                row,
                "Alert is Open but has a Date closed: set Status to Closed or clear the date",
                report=report,
            )


def _check_caseload(caseload: ParsedSheet, report: Report) -> None:
    for row in caseload.rows:
        uasc, in_care = row.values.get("of_which_uasc"), row.values.get("children_in_care")
        if isinstance(uasc, int) and isinstance(in_care, int) and uasc > in_care:
            caseload.warning(
                "caseload-inconsistent",
                "of_which_uasc",
                row,
                "Of which UASC is more than Children in care: UASC are counted within children in care",
                report=report,
            )

"""Checks across rows and sheets: unique IDs, references that resolve, dates in order.

Runs on parsed rows before any record exists, so that one run reports every problem. A
reference is checked against every ID written on its sheet, even on a row with other errors,
so one mistake does not cascade into false ones.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from safe_commissioning.workbook.cells import fold_key, lookalike_characters, match_key
from safe_commissioning.workbook.findings import Report
from safe_commissioning.workbook.identifiers import Identifier

if TYPE_CHECKING:
    from safe_commissioning.workbook.sheets import ParsedSheet


@dataclass(frozen=True)
class _Key:
    """How one sheet's rows are identified."""

    sheet: str
    fields: tuple[str, ...]
    label: str
    what: str  # "each contract appears once", …


_UNIQUE_KEYS = (
    _Key("Contracts", ("contract_id",), "Contract ID", "each contract has its own row and ID"),
    _Key("Providers", ("provider",), "Provider", "each provider has one row"),
    _Key("Safeguarding", ("contract_id",), "Contract ID", "each contract has one row of safeguarding evidence"),
    _Key("Policies", ("provider",), "Provider", "each provider has one row of policy review dates"),
    _Key(
        "DBS", ("contract_id", "staff_reference"), "Staff reference", "each member of staff appears once per contract"
    ),
    _Key("Placements", ("placement_id",), "Placement ID", "each placement has its own ID"),
    _Key("Quality alerts", ("alert_id",), "Alert ID", "each alert has its own ID"),
    _Key("Caseload", ("date",), "Date", "each headcount date appears once"),
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
    ("Contracts", "contract_id", "Contract ID", MAX_ID_LENGTH),
    ("Providers", "provider", "Provider", MAX_NAME_LENGTH),
    ("Placements", "placement_id", "Placement ID", MAX_ID_LENGTH),
    ("Quality alerts", "alert_id", "Alert ID", MAX_ID_LENGTH),
    ("DBS", "staff_reference", "Staff reference", MAX_ID_LENGTH),
)

# Sheets whose IDs other sheets refer to: two of these that look alike are surely one typed twice.
_LOOKALIKE_CHECKED = frozenset({"Contracts", "Providers", "Placements"})

_FIX = {
    "Providers": "add it to the Providers sheet or correct the spelling",
    "Contracts": "add it to the Contracts sheet or correct the ID",
    "Placements": "add it to the Placements sheet or correct the ID",
}


def _key_of(value: object) -> str:
    return match_key(value.isoformat()) if isinstance(value, date) else match_key(str(value))


def check_across_sheets(parsed: dict[str, ParsedSheet], report: Report) -> None:
    """Add every cross-row and cross-sheet problem to `report`, resolving references to canonical IDs."""
    for sheet, field_name, label, limit in _MAX_LENGTHS:
        if sheet in parsed:
            _check_length(parsed[sheet], field_name, label, limit, report)
    for key in _UNIQUE_KEYS:
        if key.sheet in parsed:
            _check_unique(parsed[key.sheet], key, report)
            if key.sheet in _LOOKALIKE_CHECKED:
                _check_lookalikes(parsed[key.sheet], key, report)
    if "Providers" in parsed:
        _check_shared_numbers(parsed["Providers"], report)
        _check_similar_names(parsed["Providers"], report)
    for sheet, field_name, target, target_field, noun in _REFERENCES:
        if sheet in parsed:
            _resolve_references(parsed, sheet, field_name, target, target_field, noun, report)
    for sheet, earlier, later in _DATE_ORDER:
        if sheet in parsed:
            _check_order(parsed[sheet], earlier, later, report)
    _check_coverage(parsed, report)
    _check_alerts(parsed, report)
    _check_caseload(parsed, report)


def _check_unique(sheet: ParsedSheet, key: _Key, report: Report) -> None:
    first_seen: dict[tuple[str, ...], int] = {}
    reported_field = key.fields[-1]
    for row in sheet.rows:
        if not all(f in row.values for f in key.fields):
            continue
        identity = tuple(_key_of(row.values[f]) for f in key.fields)
        if identity in first_seen:
            value = row.values[reported_field]
            shown = value.isoformat() if isinstance(value, date) else value
            first = sheet.cell(reported_field, first_seen[identity])
            report.error(
                "duplicate-id",
                sheet.sheet.name,
                sheet.cell(reported_field, row.row),
                f"Duplicate {key.label} '{shown}' (first at {sheet.sheet.name}!{first}): "
                f"{key.what}; give this row its own {key.label} or delete it",
            )
            row.complete = False
        else:
            first_seen[identity] = row.row


def _check_length(sheet: ParsedSheet, field_name: str, label: str, limit: int, report: Report) -> None:
    for row in sheet.rows:
        value = row.values.get(field_name)
        if isinstance(value, str) and len(value) > limit:
            report.error(
                "too-long",
                sheet.sheet.name,
                sheet.cell(field_name, row.row),
                f"{label} is {len(value):,} characters long; the most allowed is {limit}: shorten it "
                "(it names the record's page and its rows in the data files)",
            )
            row.complete = False


def _check_lookalikes(sheet: ParsedSheet, key: _Key, report: Report) -> None:
    """Two IDs that differ only by invisible or look-alike characters (CSC-001 and CSC‑001)."""
    (field_name,) = key.fields
    first_seen: dict[str, tuple[str, object, int]] = {}
    for row in sheet.rows:
        value = row.values.get(field_name)
        if value is None or isinstance(value, date):
            continue
        text = str(value)
        folded = fold_key(text)
        first = first_seen.get(folded)
        if first is None:
            first_seen[folded] = (match_key(text), value, row.row)
        elif first[0] != match_key(text):
            report.error(
                "lookalike-id",
                sheet.sheet.name,
                sheet.cell(field_name, row.row),
                f"{key.label} '{value}' looks the same as '{first[1]}' (at {sheet.sheet.name}!"
                f"{sheet.cell(field_name, first[2])}) but differs by an invisible or look-alike character "
                f"({lookalike_characters(text + str(first[1]))}): retype one of them so that they differ visibly, "
                "or, if they are the same, keep one row",
            )
            row.complete = False


_NUMBER_FIELDS = ("company_number", "charity_number", "mutuals_number")


def _check_shared_numbers(sheet: ParsedSheet, report: Report) -> None:
    """Two providers with one registration number: warn naming both, and publish it for neither.

    Which of them the number belongs to cannot be told from the workbook, and an identifier in the
    open data names exactly one organisation.
    """
    for field_name in _NUMBER_FIELDS:
        header = sheet.sheet.column(field_name).header
        holders: dict[tuple[str, str], list[int]] = {}
        by_row = {}
        for index, row in enumerate(sheet.rows):
            number = row.values.get(field_name)
            if isinstance(number, Identifier):
                key = (number.scheme, number.id) if number.recognised else ("", number.typed.replace(" ", "").upper())
                holders.setdefault(key, []).append(index)
                by_row[index] = number
        for indexes in holders.values():
            if len(indexes) < 2:
                continue
            first = sheet.rows[indexes[0]]
            names = [str(sheet.rows[i].values.get("provider", f"row {sheet.rows[i].row}")) for i in indexes]
            for position, index in enumerate(indexes):
                row = sheet.rows[index]
                number = by_row[index]
                others = [name for i, name in enumerate(names) if i != position]
                if number.recognised:
                    row.values[field_name] = replace(number, withheld=f"also given for {_listed(others)}")
                if position == 0:
                    continue
                report.warning(
                    "shared-number",
                    sheet.sheet.name,
                    sheet.cell(field_name, row.row),
                    f"{header} '{number.typed}' of '{names[position]}' is also given for '{names[0]}' (at "
                    f"{sheet.sheet.name}!{sheet.cell(field_name, first.row)}): each registration number belongs to "
                    "one organisation, so it is published for neither; correct the wrong one, or keep one row if "
                    "they are the same provider",
                )


def _listed(names: list[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def name_key(text: str) -> str:
    """A provider name with case, spaces and punctuation ignored: `BARNARDO'S` and `Barnardo's` read alike."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text).casefold() if ch.isalnum())


def _check_similar_names(sheet: ParsedSheet, report: Report) -> None:
    """Provider names that differ only by punctuation: probably one provider entered twice."""
    first_seen: dict[str, tuple[str, int]] = {}
    for row in sheet.rows:
        name = row.values.get("provider")
        if not isinstance(name, str):
            continue
        key = name_key(name)
        if not key:
            continue
        first = first_seen.get(key)
        if first is None:
            first_seen[key] = (name, row.row)
        elif fold_key(first[0]) != fold_key(name):  # the same as typed, or by look-alikes, is an error already
            report.warning(
                "similar-provider-name",
                sheet.sheet.name,
                sheet.cell("provider", row.row),
                f"Provider '{name}' differs from '{first[0]}' (at {sheet.sheet.name}!"
                f"{sheet.cell('provider', first[1])}) only by punctuation, case or spaces: if they are one "
                "organisation, keep one row and spell it one way on every sheet",
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
                report.error(
                    "lookalike-reference",
                    sheet.sheet.name,
                    sheet.cell(field_name, row.row),
                    f"Unknown {noun} '{value}': it differs from '{canonical[resembles]}' (at {target}!"
                    f"{parsed[target].cell(target_field, rows_of[resembles])}) only by an invisible or look-alike "
                    f"character ({lookalike_characters(str(value) + str(canonical[resembles]))}): retype it to "
                    "match exactly",
                )
                row.complete = False
                continue
        if found is None:
            missing = "" if target in parsed else f" (there is no {target} sheet)"
            report.error(
                "unknown-reference",
                sheet.sheet.name,
                sheet.cell(field_name, row.row),
                f"Unknown {noun} '{value}'{missing}: {_FIX[target]}",
            )
            row.complete = False
        else:
            row.values[field_name] = found


def _check_order(sheet: ParsedSheet, earlier: str, later: str, report: Report) -> None:
    first_header = sheet.sheet.column(earlier).header
    second_header = sheet.sheet.column(later).header
    for row in sheet.rows:
        start, end = row.values.get(earlier), row.values.get(later)
        if isinstance(start, date) and isinstance(end, date) and end < start:
            report.error(
                "date-order",
                sheet.sheet.name,
                sheet.cell(later, row.row),
                f"{second_header} {end.isoformat()} is before {first_header} {start.isoformat()}",
            )
            row.complete = False


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
                report.warning(
                    "safeguarding-not-needed",
                    "Safeguarding",
                    safeguarding.cell("contract_id", row.row),
                    f"Contract '{row.values['contract_id']}' does not work with children, so this evidence is not "
                    "used: set Works with children to Yes on the Contracts sheet if it does",
                )
    if safeguarding is None:
        return
    for row in contracts.rows:
        contract_id = row.values.get("contract_id")
        if row.values.get("works_with_children") is True and _key_of(contract_id) not in evidenced:
            report.warning(
                "missing-safeguarding",
                "Contracts",
                contracts.cell("contract_id", row.row),
                f"Contract '{contract_id}' works with children but has no row on the Safeguarding sheet: "
                "its minimum expectations show as not evidenced until one is added",
            )


def _check_alerts(parsed: dict[str, ParsedSheet], report: Report) -> None:
    alerts = parsed.get("Quality alerts")
    if alerts is None:
        return
    for row in alerts.rows:
        status, closed = row.values.get("status"), row.values.get("date_closed")
        if status == "Closed" and closed is None:
            report.warning(
                "closed-without-date",
                alerts.sheet.name,
                alerts.cell("date_closed", row.row),
                "Alert is Closed but has no Date closed: enter the date it was resolved",
            )
        elif status == "Open" and closed is not None:
            report.warning(
                "open-with-date-closed",
                alerts.sheet.name,
                alerts.cell("status", row.row),
                "Alert is Open but has a Date closed: set Status to Closed or clear the date",
            )


def _check_caseload(parsed: dict[str, ParsedSheet], report: Report) -> None:
    caseload = parsed.get("Caseload")
    if caseload is None:
        return
    for row in caseload.rows:
        uasc, in_care = row.values.get("of_which_uasc"), row.values.get("children_in_care")
        if isinstance(uasc, int) and isinstance(in_care, int) and uasc > in_care:
            report.warning(
                "caseload-inconsistent",
                caseload.sheet.name,
                caseload.cell("of_which_uasc", row.row),
                "Of which UASC is more than Children in care: UASC are counted within children in care",
            )

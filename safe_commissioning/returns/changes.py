"""What a return changes in the master, cell by cell, and what stops it: rows beyond its provider, conflicts.

Rows are matched by their key (a provider's name, a Contract ID, a Contract ID and Staff reference),
never by position, so a master whose rows moved since the request still merges into the right rows.
A blank cell in a return never changes anything: the request leaves a held DBS number blank, and a
provider cannot tell "I cleared it" from "I left it". A DBS row marked `Still on this contract` = No
is removed; every other row of the request that is missing from the return is kept as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from safe_commissioning.returns.fingerprints import canonical, fingerprint
from safe_commissioning.returns.layout import EDITABLE, KEYS, SHOWN, key_of
from safe_commissioning.returns.returned import Returned
from safe_commissioning.workbook.cells.identifiers import Identifier
from safe_commissioning.workbook.cells.text import match_key
from safe_commissioning.workbook.findings.messages import Severity
from safe_commissioning.workbook.findings.places import NOWHERE, column_index, column_letter
from safe_commissioning.workbook.findings.report import Finding, Report
from safe_commissioning.workbook.records import Workbook
from safe_commissioning.workbook.rows.parser import ParsedRow, ParsedSheet, ParsedWorkbook

MAX_RETURN_TEXT = 500  # characters: the longest answer a request asks for (a role, a name) is far shorter


@dataclass(frozen=True)
class CellChange:
    """One master cell the return changes."""

    sheet: str
    row: int
    column: int  # 1-based
    field: str
    old: object
    new: object
    personal: bool = False  # a DBS certificate number: printed to the terminal only, never logged or published

    @property
    def address(self) -> str:
        """`DBS!E14`, in the master."""
        return f"{self.sheet}!{column_letter(self.column - 1)}{self.row}"


@dataclass(frozen=True)
class RowChange:
    """A master row the return adds (with its values by field) or removes."""

    sheet: str
    key: str
    values: Mapping[str, object] = field(default_factory=dict)
    row: int = 0  # the master's row, for a row removed (an added row's is known only when it is written)


@dataclass
class Plan:
    """Everything one return does to the master, and the findings that may stop it."""

    returned: Returned
    provider: str
    cells: list[CellChange] = field(default_factory=list)
    added: list[RowChange] = field(default_factory=list)
    removed: list[RowChange] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Changes as the Returns sheet counts them: cells changed, rows added and rows removed."""
        return len(self.cells) + len(self.added) + len(self.removed)


def plan_return(returned: Returned, master: ParsedWorkbook, workbook: Workbook, *, force: bool) -> Plan | None:
    """What `returned` does to the master; None when it cannot even be matched to a provider.

    Findings (a row of another provider, a renamed provider, a conflict) go into the return's report.
    """
    report = returned.parsed.report
    identity = returned.identity
    if identity is None:
        return None
    provider = next(
        (p.provider for p in workbook.providers if match_key(p.provider) == match_key(identity.provider)), None
    )
    if provider is None:
        report.error(
            "return-not-a-request",
            "Return",
            NOWHERE,
            f"The Return sheet names '{identity.provider}', who is not on the master's Providers sheet: nothing is "
            "merged from this return",
        )
        return None
    own = {match_key(c.contract_id): c.contract_id for c in workbook.contracts if c.supplier == provider}
    others = {match_key(p.provider): p.provider for p in workbook.providers if p.provider != provider}
    plan = Plan(returned, provider)
    checker = _Checker(report, provider, own, others)
    for sheet_name in KEYS:
        sheet = returned.parsed.sheets.get(sheet_name)
        if sheet is not None:
            _plan_sheet(plan, checker, sheet, master.sheets.get(sheet_name), own)
    _check_fingerprints(plan, checker, master, force=force)
    _check_reference(returned, master, own)
    return plan


@dataclass
class _Checker:
    report: Report
    provider: str
    own: Mapping[str, str]  # the provider's contract IDs, by match key
    others: Mapping[str, str]  # every other provider's name, by match key

    def belongs(self, sheet: ParsedSheet, row: ParsedRow) -> bool:
        """True when the row is the provider's own; an error naming its cell when it is not."""
        report = self.report
        if sheet.sheet.name in ("Providers", "Policies"):
            name = str(row.values.get("provider", ""))
            if match_key(name) == match_key(self.provider):
                return True
            if match_key(name) in self.others:
                report.error(
                    "return-other-provider",
                    sheet.sheet.name,
                    sheet.place("provider", row.row),
                    f"This row is about '{name}', another provider: a return from {self.provider} may only answer "
                    "for its own rows",
                )
            else:
                report.error(
                    "return-renamed",
                    sheet.sheet.name,
                    sheet.place("provider", row.row),
                    f"The provider's name is changed to '{name}': the request was made for '{self.provider}', and a "
                    "return cannot rename its provider",
                )
            return False
        contract = str(row.values.get("contract_id", ""))
        if match_key(contract) in self.own:
            return True
        report.error(
            "return-other-provider",
            sheet.sheet.name,
            sheet.place("contract_id", row.row),
            f"Contract '{contract}' is not one of {self.provider}'s contracts: a return may only answer for its own "
            "provider's contracts",
        )
        return False


def _plan_sheet(
    plan: Plan, checker: _Checker, sheet: ParsedSheet, master: ParsedSheet | None, own: Mapping[str, str]
) -> None:
    name = sheet.sheet.name
    report = plan.returned.parsed.report
    rows = {key_of(name, row.values): row for row in master.rows} if master else {}
    seen: dict[tuple[str, ...], int] = {}
    for row in sheet.rows:
        if not checker.belongs(sheet, row) or not row.complete or _too_long(report, sheet, row):
            continue
        key = key_of(name, row.values)
        if key in seen:
            report.error(
                "duplicate-id",
                name,
                sheet.place(KEYS[name][-1], row.row),
                f"This row repeats row {seen[key]}: each row of the request appears once; delete one of them",
            )
            continue
        seen[key] = row.row
        found = rows.get(key)
        if name == "DBS" and row.values.get("still_on_contract") is False:
            if found is not None:
                plan.removed.append(RowChange(name, _key_text(name, found.values), found.values, found.row))
            continue
        if found is None:
            values = {f: v for f, v in row.values.items() if f in SHOWN[name] and v is not None}
            if not set(values) & set(EDITABLE[name]):  # a row the request offered, left empty: nothing to add
                continue
            if "contract_id" in values:
                values["contract_id"] = own[match_key(str(values["contract_id"]))]
            plan.added.append(RowChange(name, _key_text(name, values), values))
            continue
        for field_name in EDITABLE[name]:
            new = row.values.get(field_name)
            if new is None or canonical(new) == canonical(found.values.get(field_name)):
                continue
            letter = master.letters.get(field_name) if master else None
            if letter is None:
                report.warning(
                    "return-not-merged",
                    name,
                    sheet.place(field_name, row.row),
                    f"The master's {name} sheet has no {sheet.sheet.column(field_name).header} column, so this value "
                    "is not merged: add the column to the master and merge again",
                )
                continue
            personal = sheet.sheet.column(field_name).personal
            change = CellChange(
                name, found.row, column_index(letter) + 1, field_name, found.values.get(field_name), new, personal
            )
            plan.cells.append(change)


def _too_long(report: Report, sheet: ParsedSheet, row: ParsedRow) -> bool:
    """An error for each text longer than any answer needs: pasted by mistake, or meant to swamp the master."""
    long = [f for f, v in row.values.items() if isinstance(v, str) and len(v) > MAX_RETURN_TEXT]
    for field_name in long:
        report.error(
            "return-too-long",
            sheet.sheet.name,
            sheet.place(field_name, row.row),
            f"{sheet.sheet.column(field_name).header} holds {len(str(row.values[field_name])):,} characters, more than "
            f"the {MAX_RETURN_TEXT} any answer on this sheet needs: shorten it",
        )
    return bool(long)


def _key_text(sheet: str, values: Mapping[str, object]) -> str:
    return " / ".join(str(values.get(f, "")) for f in KEYS[sheet])


def _check_fingerprints(plan: Plan, checker: _Checker, master: ParsedWorkbook, *, force: bool) -> None:
    """A conflict for each master row changed since the request; a warning for each row the provider deleted."""
    report = plan.returned.parsed.report
    identity = plan.returned.identity
    assert identity is not None
    returned_keys = {
        (name, key_of(name, row.values))
        for name, sheet in plan.returned.parsed.sheets.items()
        if name in KEYS
        for row in sheet.rows
    }
    for item in identity.fingerprints:
        if item.sheet not in KEYS:
            continue
        key = tuple(match_key(part) for part in item.key.split(" / "))
        if (item.sheet in ("Providers", "Policies") and key != (match_key(plan.provider),)) or (
            item.sheet in ("Safeguarding", "DBS") and key[0] not in checker.own
        ):
            report.error(
                "return-not-a-request",
                "Return",
                NOWHERE,
                f"The Return sheet lists {item.sheet} row '{item.key}', which is not {plan.provider}'s: the Return "
                "sheet has been changed, so nothing is merged from this return",
            )
            continue
        sheet = master.sheets.get(item.sheet)
        current = next((row for row in sheet.rows if key_of(item.sheet, row.values) == key), None) if sheet else None
        now = fingerprint(item.sheet, current.values) if current else ""
        if now != item.fingerprint:
            if current is None:
                what = "is no longer in the master"
            elif not item.fingerprint:
                what = f"has been added to the master (row {current.row}) since the request was made"
            else:
                what = f"(row {current.row}) has changed since the request was made"
            forced = ": the return's values are taken (--force)" if force else ""
            report.extend(
                [
                    Finding(
                        Severity.WARNING if force else Severity.ERROR,
                        "return-conflict",
                        item.sheet,
                        None,
                        None,
                        f"The master's {item.sheet} row for '{item.key}' {what}{forced}",
                    )
                ]
            )
        if item.row and (item.sheet, key) not in returned_keys:
            report.warning(
                "return-row-dropped",
                item.sheet,
                NOWHERE,
                f"The request's {item.sheet} row for '{item.key}' is missing from the return: the master's row is kept "
                "as it was (to remove a member of staff, set Still on this contract to No)",
            )


def _check_reference(returned: Returned, master: ParsedWorkbook, own: Mapping[str, str]) -> None:
    """A warning for each change to the Contracts sheet, which is for reference only."""
    sheet, contracts = returned.parsed.sheets.get("Contracts"), master.sheets.get("Contracts")
    if sheet is None or contracts is None:
        return
    held = {match_key(str(row.values.get("contract_id", ""))): row for row in contracts.rows}
    for row in sheet.rows:
        found = held.get(match_key(str(row.values.get("contract_id", ""))))
        for field_name in ("contract_id", "title", "start_date", "end_date"):
            if found is None or canonical(row.values.get(field_name)) != canonical(found.values.get(field_name)):
                returned.parsed.report.warning(
                    "return-reference-changed",
                    "Contracts",
                    sheet.place(field_name, row.row),
                    "The Contracts sheet is for reference only: this change is not merged",
                )
                break


def cell_value(value: object) -> object:
    """A parsed value as it is written into a cell: Yes/No, a registration number as typed, numbers as numbers."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Identifier):
        return value.typed
    if isinstance(value, int):
        return float(value)
    return value

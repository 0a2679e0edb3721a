"""What each provider is asked: the rows the council holds about it, what it needs, and the request's identity.

A request is made from the validated master (`Workbook`) and its assessment, and holds only the
provider's own rows: its Providers and Policies rows, the Safeguarding and DBS rows of its active or
not-yet-started contracts that work with children, and those contracts' IDs, titles and dates. Nothing
of any other provider, no placement, child reference, alert, monitoring note, internal note or
contract manager is ever selected, and a DBS certificate number already held is left out (marked held).
`request_book` writes it as a workbook.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from safe_commissioning.returns.fingerprints import fingerprint
from safe_commissioning.returns.layout import KEYS, RETURN_SCHEMA, key_text
from safe_commissioning.returns.needs import Need, provider_needs
from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.expiry import ContractStatus
from safe_commissioning.words import short_slug
from safe_commissioning.workbook.cells.text import match_key
from safe_commissioning.workbook.records import Contract

Values = dict[str, object]


@dataclass(frozen=True)
class Fingerprint:
    """One master row a request was made from: its sheet, key, row number and fingerprint."""

    sheet: str
    key: str  # as `layout.key_text` writes it
    row: int  # the master's row number; 0 when the master had no such row (the request offers a new one)
    fingerprint: str  # "" when the master had no such row


@dataclass(frozen=True)
class Request:
    """One provider's request: its rows by sheet, what is needed, and how to recognise its return."""

    provider: str
    organisation: str
    report_date: date
    requested_on: date
    due_by: date
    rows: Mapping[str, Sequence[Values]]  # sheet → the rows shown, each by field
    needs: Sequence[Need] = ()
    fingerprints: Sequence[Fingerprint] = field(default_factory=tuple)

    @property
    def file_name(self) -> str:
        """`acme-care-ltd.xlsx`."""
        return short_slug(self.provider, 60) + ".xlsx"


def providers_to_ask(assessment: Assessment) -> list[str]:
    """Every provider with an active or not-yet-started contract that works with children, by name."""
    names = {c.provider.provider for c in assessment.contracts if _asked_about(c.contract, c.status)}
    return sorted(names, key=str.casefold)


def find_provider(assessment: Assessment, name: str) -> str | None:
    """The provider's name as the master spells it, or None when no provider has it."""
    wanted = match_key(name)
    return next((p.provider.provider for p in assessment.providers if match_key(p.provider.provider) == wanted), None)


def _asked_about(contract: Contract, status: ContractStatus) -> bool:
    return contract.works_with_children and status is not ContractStatus.EXPIRED


def make_request(assessment: Assessment, provider: str, *, requested_on: date) -> Request:
    """The request to `provider` (named as the master spells it)."""
    workbook = assessment.workbook
    key = match_key(provider)
    contracts = [
        c.contract
        for c in assessment.contracts
        if c.provider.provider == provider and _asked_about(c.contract, c.status)
    ]
    ids = {match_key(c.contract_id) for c in contracts}
    master: dict[str, list[tuple[int, Values]]] = {
        "Providers": [_values(p) for p in workbook.providers if match_key(p.provider) == key],
        "Policies": [_values(p) for p in workbook.policies if match_key(p.provider) == key]
        or [_new_row(provider=provider)],
        "Safeguarding": [
            next(
                (_values(s) for s in workbook.safeguarding if match_key(s.contract_id) == match_key(c.contract_id)),
                _new_row(contract_id=c.contract_id),
            )
            for c in contracts
        ],
        "DBS": [
            (row, {**values, "number_held": "Yes" if values.get("certificate_number") else None})
            for row, values in (_values(d) for d in workbook.dbs if match_key(d.contract_id) in ids)
        ],
        "Contracts": [_values(c) for c in contracts],
    }
    shown = {sheet.name: [_shown(sheet.name, values) for _, values in master[sheet.name]] for sheet in RETURN_SCHEMA}
    return Request(
        provider=provider,
        organisation=workbook.settings.organisation,
        report_date=assessment.report_date,
        requested_on=requested_on,
        due_by=requested_on + timedelta(days=workbook.settings.return_window_days),
        rows=shown,
        needs=tuple(provider_needs(assessment, provider)),
        fingerprints=tuple(_fingerprints(master)),
    )


def _values(record: Any) -> tuple[int, Values]:
    """A record's row number and its fields (a record is a dataclass with a `row`)."""
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(record) if f.name != "row"}
    return int(record.row), values


def _new_row(**key: object) -> tuple[int, Values]:
    """A row the master does not have yet, offered with its key filled in."""
    return 0, dict(key)


def _shown(sheet: str, values: Values) -> Values:
    """The row as the request shows it: only the request's columns, a held DBS number blank."""
    columns = next(s for s in RETURN_SCHEMA if s.name == sheet).columns
    shown: Values = {column.field: values.get(column.field) for column in columns}
    if sheet == "DBS":
        shown["certificate_number"] = None  # held numbers are never written out: see NUMBER_HELD
        shown["still_on_contract"] = "Yes"
    return shown


def _fingerprints(master: Mapping[str, list[tuple[int, Values]]]) -> Iterable[Fingerprint]:
    for sheet in KEYS:
        for row, values in master[sheet]:
            yield Fingerprint(sheet, key_text(sheet, values), row, fingerprint(sheet, values) if row else "")

"""The action log (the Actions sheet): the latest action logged about each record, and what a record is.

An action is logged `About` a record by its own ID or name; validation has already made each About
the record's own spelling. Nothing here reads files or the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Protocol

from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.workbook.findings.places import NOWHERE, place_of
from safe_commissioning.workbook.findings.report import Report
from safe_commissioning.workbook.records import LoggedAction


class Unowned(Protocol):
    """An item on Needs attention, as far as its owner goes."""

    @property
    def subject(self) -> str: ...
    @property
    def managers(self) -> tuple[str, ...]: ...
    @property
    def contract_id(self) -> str: ...
    @property
    def placement_id(self) -> str: ...
    @property
    def alert_id(self) -> str: ...


def log_key(about: str) -> str:
    """How an About is matched: whatever its case."""
    return about.casefold()


def latest_by_about(log: Iterable[LoggedAction], report_date: date) -> dict[str, LoggedAction]:
    """Each record's latest action dated on or before the report date (a later row wins a tie), by `log_key`."""
    latest: dict[str, LoggedAction] = {}
    for entry in sorted(log, key=lambda e: (e.taken_on, e.row)):
        if entry.taken_on <= report_date:
            latest[log_key(entry.about)] = entry
    return dict(sorted(latest.items()))


def about(log: Iterable[LoggedAction], names: Iterable[str], report_date: date) -> list[LoggedAction]:
    """The actions logged about any of `names` up to the report date, newest first."""
    keys = {log_key(name) for name in names if name}
    found = [e for e in log if log_key(e.about) in keys and e.taken_on <= report_date]
    return sorted(found, key=lambda e: (e.taken_on, e.row), reverse=True)


def record_ids(assessment: Assessment, name: str) -> Mapping[str, str]:
    """The IDs an item about `name` carries: contract_id and provider, placement_id, alert_id or project."""
    workbook = assessment.workbook
    contract = assessment.by_contract.get(name)
    if contract is not None:
        return {"contract_id": name, "provider": contract.contract.supplier}
    for placement in workbook.placements:
        if placement.placement_id == name:
            return {"placement_id": name, "provider": placement.provider}
    for alert in workbook.quality_alerts:
        if alert.alert_id == name:
            return {"alert_id": name, "provider": alert.provider, "contract_id": alert.contract_id}
    if name in assessment.by_provider:
        return {"provider": name}
    return {"project": name}


def unassigned(assessment: Assessment, items: Iterable[Unowned]) -> Report:
    """A warning for each item on Needs attention with no owner, naming the cell that would give it one."""
    workbook = assessment.workbook
    found = Report()
    for item in items:
        if item.managers:
            continue
        contract = assessment.by_contract.get(item.contract_id) if item.contract_id else None
        if contract is not None:
            cell = workbook.cell("Contracts", "contract_manager", contract.contract.row).partition("!")[2]
            found.warning(
                "not-assigned",
                "Contracts",
                place_of(cell),
                f"'{item.subject}' needs attention and has no owner: enter the Contract manager of {contract.contract_id}",
            )
        elif item.placement_id or item.alert_id:
            found.warning(
                "not-assigned",
                "Settings",
                NOWHERE,
                f"'{item.subject}' needs attention and has no owner: add the 'Placements lead' setting (the officer "
                "who owns placement and alert items with no contract)",
            )
        else:
            found.warning(
                "not-assigned",
                "Contracts",
                NOWHERE,
                f"'{item.subject}' needs attention and has no owner: name its contract (and that contract's Contract "
                "manager) where the workbook allows, or log who is dealing with it on the Actions sheet",
            )
    return found

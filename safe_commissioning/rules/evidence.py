"""The evidence behind each rule result: the rows a rule weighs and the workbook cells it read.

`ContractEvidence` and `ProviderEvidence` are what the assessment hands each rule of the catalogue.
A result's `evidence` is the summary the data files carry (`Safeguarding!C5:L5`, `DBS rows 2–4`);
each of its elements carries its own cells too, written in this workbook's column layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from safe_commissioning.rules.positions import DbsPosition, MonitoringPosition
from safe_commissioning.rules.results import RULE_STATUS_LABELS, Element, RuleResult, Status
from safe_commissioning.workbook.findings.places import column_index
from safe_commissioning.workbook.records import (
    Contract,
    DbsRecord,
    MonitoringMeeting,
    PolicyReviews,
    Provider,
    SafeguardingEvidence,
    Settings,
    Workbook,
)


@dataclass(frozen=True)
class Traced:
    """A rule result with the workbook cells it was computed from (see `traced`)."""

    result: RuleResult
    evidence: str = ""

    @property
    def rule_id(self) -> str:
        return self.result.rule_id

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def detail(self) -> str:
        return self.result.detail

    @property
    def label(self) -> str:
        """The status in words, as every page shows it (the rule's own words where it has them)."""
        return self.result.label or RULE_STATUS_LABELS[self.result.status]

    @property
    def elements(self) -> tuple[Element, ...]:
        """The evidence the rule weighed, element by element, each with the cells it came from."""
        return self.result.elements


def traced(workbook: Workbook, result: RuleResult, evidence: str = "") -> Traced:
    """A rule result with each element's cells written as this workbook's own addresses (`Policies!C4`)."""
    located = tuple(
        replace(e, where=", ".join(workbook.cell(c.sheet, c.field, c.row) for c in e.cells)) for e in result.elements
    )
    return Traced(replace(result, elements=located), evidence)


def cells_of(workbook: Workbook, sheet: str, fields: Sequence[str], row: int) -> str:
    """The cells of `fields` on one row: a range when their columns are side by side, else a list."""
    letters = [workbook.columns.get(sheet, {}).get(f) for f in fields]
    present = [letter for letter in letters if letter]
    if not present:
        return f"{sheet} row {row}"
    indexes = sorted(column_index(letter) for letter in present)
    if len(present) > 1 and indexes == list(range(indexes[0], indexes[0] + len(indexes))):
        first, last = min(present, key=column_index), max(present, key=column_index)
        return f"{sheet}!{first}{row}:{last}{row}"
    return ", ".join(f"{sheet}!{letter}{row}" for letter in sorted(present, key=column_index))


def rows_of(sheet: str, rows: Sequence[int]) -> str:
    """`DBS rows 2–4, 9`: row numbers compacted into runs."""
    if not rows:
        return ""
    runs: list[list[int]] = []
    for number in sorted(rows):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    text = ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)
    return f"{sheet} {'row' if len(rows) == 1 else 'rows'} {text}"


def joined(*parts: str) -> str:
    """The non-empty parts, joined by semicolons."""
    return "; ".join(part for part in parts if part)


@dataclass(frozen=True)
class ContractEvidence:
    """What the workbook holds about one contract that works with children: what a contract rule weighs."""

    workbook: Workbook
    contract: Contract
    safeguarding: SafeguardingEvidence | None  # its Safeguarding row, if it has one
    dbs: DbsPosition
    dbs_rows: Sequence[DbsRecord]
    monitoring: MonitoringPosition
    meetings: Sequence[MonitoringMeeting]  # oldest first

    @property
    def report_date(self) -> date:
        return self.workbook.report_date

    @property
    def settings(self) -> Settings:
        return self.workbook.settings

    def cells(self, *fields: str) -> str:
        """The cells of `fields` on the contract's Safeguarding row (`Safeguarding!C5:L5`); "" without one."""
        row = self.safeguarding.row if self.safeguarding else None
        return cells_of(self.workbook, "Safeguarding", fields, row) if row else ""

    def traced(self, result: RuleResult, evidence: str = "") -> Traced:
        """The result with its cells as this workbook's addresses (see `traced`)."""
        return traced(self.workbook, result, evidence)


@dataclass(frozen=True)
class ProviderEvidence:
    """What the workbook holds about one provider: what a provider rule weighs."""

    workbook: Workbook
    provider: Provider
    policies: PolicyReviews | None  # its Policies row, if it has one

    @property
    def report_date(self) -> date:
        return self.workbook.report_date

    @property
    def settings(self) -> Settings:
        return self.workbook.settings

    def traced(self, result: RuleResult, evidence: str = "") -> Traced:
        """The result with its cells as this workbook's addresses (see `traced`)."""
        return traced(self.workbook, result, evidence)

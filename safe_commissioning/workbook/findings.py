"""Problems found in a workbook: values collected into one report, never exceptions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from safe_commissioning.workbook.places import column_index
from safe_commissioning.workbook.schema import SHEETS

_SHEET_ORDER = {sheet.name: rank for rank, sheet in enumerate(SHEETS)}


class Severity(StrEnum):
    """An error stops the build; a warning is shown on the data-quality page."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem, with a stable code and the place it was found."""

    severity: Severity
    code: str
    sheet: str
    cell: str
    message: str

    @property
    def location(self) -> str:
        """The place in Excel's own notation: `Contracts!F14`, `Contracts`, or '' for the file."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def format(self, file_name: str = "") -> str:
        """Join place and message the one way every output shows them.

        A finding about the file itself has no sheet; its message already names the file.
        """
        return f"{self.location}: {self.message}" if self.location else self.message

    def to_dict(self) -> dict[str, str]:
        """The finding as validation.json records it."""
        return {**asdict(self), "location": self.location}


class WorkbookUnreadable(Exception):
    """The file cannot be used as a workbook at all (missing, not an .xlsx, damaged, hostile)."""


@dataclass
class Report:
    """Every finding of one run, in the order found."""

    findings: list[Finding] = field(default_factory=list)

    def error(self, code: str, sheet: str, cell: str, message: str) -> None:
        """Record a problem that stops the build."""
        self.findings.append(Finding(Severity.ERROR, code, sheet, cell, message))

    def warning(self, code: str, sheet: str, cell: str, message: str) -> None:
        """Record a problem worth fixing that does not stop the build."""
        self.findings.append(Finding(Severity.WARNING, code, sheet, cell, message))

    def extend(self, findings: Iterable[Finding]) -> None:
        """Add findings gathered elsewhere."""
        self.findings.extend(findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def errors(self) -> list[Finding]:
        """The findings that stop the build."""
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """The findings that do not stop the build."""
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when nothing stops the build."""
        return not self.errors

    def summary(self) -> list[tuple[str, str, str]]:
        """Short (sheet, cell, code) triples, for tests and logs."""
        return [(f.sheet, f.cell, f.code) for f in self.findings]

    def to_json(self) -> str:
        """Every finding as validation.json holds it, errors first, in sheet and cell order."""
        ordered = sorted(self.findings, key=_sort_key)
        payload = {
            "errors": sum(f.severity is Severity.ERROR for f in ordered),
            "warnings": sum(f.severity is Severity.WARNING for f in ordered),
            "findings": [f.to_dict() for f in ordered],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"

    def sorted(self) -> list[Finding]:
        """The findings errors first, then by sheet, row and column."""
        return sorted(self.findings, key=_sort_key)


def _sort_key(finding: Finding) -> tuple[int, int, str, int, int, str, str]:
    """Order by severity, sheet in workbook order, then row before column, as a reader scans it."""
    letters = "".join(ch for ch in finding.cell if ch.isalpha())
    digits = "".join(ch for ch in finding.cell if ch.isdigit())
    column = column_index(letters)  # -1 for a finding about a whole row or sheet
    return (
        0 if finding.severity is Severity.ERROR else 1,
        _SHEET_ORDER.get(finding.sheet, -1 if not finding.sheet else len(_SHEET_ORDER)),
        finding.sheet,
        int(digits) if digits else 0,
        column,
        finding.code,
        finding.message,
    )

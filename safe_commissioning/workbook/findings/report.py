"""Problems found in a workbook: values collected into one report, never exceptions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from safe_commissioning.workbook.findings.catalogue import MESSAGES
from safe_commissioning.workbook.findings.messages import Message, Severity
from safe_commissioning.workbook.findings.places import Place
from safe_commissioning.workbook.schema.sheets import SHEETS

_SHEET_ORDER = {sheet.name: rank for rank, sheet in enumerate(SHEETS)}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, with a registered code and the place it was found: its sheet, row and column as numbers."""

    severity: Severity
    code: str
    sheet: str
    row: int | None  # Excel's row number; None for a finding about a whole sheet or the file
    column: int | None  # Excel's column number (A is 1); None when no column is named
    message: str

    def __post_init__(self) -> None:
        kind = MESSAGES.get(self.code)
        if kind is None or not kind.allows(self.severity):
            raise ValueError(
                f"finding code {self.code!r} is not registered for a {self.severity}: add it to the catalogue"
            )

    @classmethod
    def at(cls, severity: Severity, code: str, sheet: str, place: Place, message: str) -> Finding:
        """A finding at `place` in `sheet`."""
        return cls(severity, code, sheet, place.row, place.column, message)

    @property
    def kind(self) -> Message:
        """What this kind of finding means and what to do, as the Messages page says it."""
        return MESSAGES[self.code]

    @property
    def cell(self) -> str:
        """The cell in Excel's notation: `F14`; `14` for a row whose column is absent; '' for none."""
        return Place(self.row, self.column).cell

    @property
    def location(self) -> str:
        """The place in Excel's own notation: `Contracts!F14`, `Contracts`, or '' for the file."""
        cell = self.cell
        if self.sheet and cell:
            return f"{self.sheet}!{cell}"
        return self.sheet

    def format(self, file_name: str = "") -> str:
        """Join place and message the one way every output shows them.

        A finding about the file itself has no sheet; its message already names the file.
        """
        location = self.location
        return f"{location}: {self.message}" if location else self.message

    def to_dict(self) -> dict[str, str]:
        """The finding as validation.json records it."""
        return {
            "severity": self.severity.value,
            "code": self.code,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "location": self.location,
        }


class WorkbookUnreadable(Exception):
    """The file cannot be used as a workbook at all (missing, not an .xlsx or .ods, damaged, hostile)."""


@dataclass
class Report:
    """Every finding of one run, in the order found."""

    findings: list[Finding] = field(default_factory=list)

    def error(self, code: str, sheet: str, place: Place, message: str) -> None:
        """Record a problem that stops the build."""
        self.findings.append(Finding(Severity.ERROR, code, sheet, place.row, place.column, message))

    def warning(self, code: str, sheet: str, place: Place, message: str) -> None:
        """Record a problem worth fixing that does not stop the build."""
        self.findings.append(Finding(Severity.WARNING, code, sheet, place.row, place.column, message))

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
    return (
        0 if finding.severity is Severity.ERROR else 1,
        _SHEET_ORDER.get(finding.sheet, -1 if not finding.sheet else len(_SHEET_ORDER)),
        finding.sheet,
        finding.row or 0,
        finding.column or 0,  # 0 for a finding about a whole row or sheet
        finding.code,
        finding.message,
    )

"""What scanning a workbook's sheets found before calamine reads them, judged alike for .xlsx and .ods.

Calamine shows an Excel error or a formula with no saved value as an empty cell, keeps no merged
cells for an .ods, and sizes one dense grid per sheet from A1 to its farthest value. So each
format's reader scans the sheet XML first (`xlsx`, `ods`), measures it (`reach`), and the findings
here say the same thing whatever the format: a far cell is cut out with a warning, a sheet too
large to read is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from safe_commissioning.workbook.files import reach
from safe_commissioning.workbook.findings.messages import Severity
from safe_commissioning.workbook.findings.places import NOWHERE, Place, column_letter, place_of
from safe_commissioning.workbook.findings.report import Finding

# A merged range: its first row, first column, last row and last column, zero-based and inclusive.
Merge = tuple[int, int, int, int]


@dataclass(frozen=True)
class SpecialCell:
    """A cell whose real content calamine cannot show: an Excel error or an unsaved formula."""

    kind: str  # "error" or "formula-no-value"
    text: str  # the error value (#REF!) or the formula


@dataclass
class SheetScan:
    """What scanning each sheet found: special cells, merged ranges, far cells, sheets refused."""

    special: dict[str, dict[tuple[int, int], SpecialCell]] = field(default_factory=dict)
    merges: dict[str, list[Merge]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    totals: dict[str, frozenset[int]] = field(default_factory=dict)  # sheet → its Excel Tables' totals rows
    date1904: bool = False  # the workbook's day numbers count from 1904 (Mac Excel's date system)

    def judge(self, name: str, extent: reach.Reach) -> bool:
        """Warn of the far cells cut out, and refuse the sheet if it is still too large; whether it can be read."""
        if extent.far_count:
            self.findings.append(_far_cells_finding(name, extent))
        if extent.elements > reach.MAX_CELLS:
            self._refuse(
                name,
                NOWHERE,
                f"The sheet holds more than {reach.MAX_CELLS:,} cells, the most the dashboard reads from one "
                "sheet: keep only the data the dashboard needs, or split it",
            )
            return False
        if extent.cells > reach.MAX_CELLS:
            self._refuse(
                name,
                place_of(extent.corner),
                f"The sheet's cells reach {extent.corner}, a grid of {extent.rows:,} rows by {extent.columns:,} "
                f"columns ({extent.cells:,} cells, more than the {reach.MAX_CELLS:,} the dashboard reads): "
                "delete stray cells far from your data, or clear everything below and to the right of it",
            )
            return False
        return True

    def _refuse(self, name: str, place: Place, message: str) -> None:
        """Refuse the sheet `name` as too large to read, saying why."""
        self.refused.add(name)
        self.findings.append(Finding.at(Severity.ERROR, "sheet-too-large", name, place, message))


def within_reach(merge: Merge) -> Merge | None:
    """A merged range cut to the rows and columns the dashboard reads; None if it starts beyond them."""
    first_row, first_column, last_row, last_column = merge
    if first_row >= reach.MAX_ROWS or first_column >= reach.MAX_COLUMNS:
        return None
    return first_row, first_column, min(last_row, reach.MAX_ROWS - 1), min(last_column, reach.MAX_COLUMNS - 1)


def _far_cells_finding(sheet: str, extent: reach.Reach) -> Finding:
    more = extent.far_count - 1
    others = f" ({more:,} more such cell{'s' if more != 1 else ''} too)" if more else ""
    return Finding.at(
        Severity.WARNING,
        "far-cell",
        sheet,
        place_of(extent.far_cells[0]),
        f"A cell far outside the data holds a value{others}, beyond row {reach.MAX_ROWS:,} or column "
        f"{column_letter(reach.MAX_COLUMNS - 1)}, the furthest the dashboard reads; it is ignored: delete it, "
        "or clear everything below and to the right of your data",
    )

"""Which rows of a sheet hold records: not blank rows, and not totals rows.

Officers keep their sheets as Excel Tables and tick Total Row, or type "Total" under the last
contract and sum the values. Read as a record, such a row is a string of "required but blank"
errors; it is recognised instead, reported once and ignored.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from safe_commissioning.workbook.cells.text import clean_text, is_blank
from safe_commissioning.workbook.files.xlsx import SpecialCell
from safe_commissioning.workbook.findings.places import Place
from safe_commissioning.workbook.findings.report import Report

_LABELS = frozenset({"total", "totals", "grand total", "sub total", "subtotal", "sub-total", "overall total"})


def without_totals_rows(
    rows: Sequence[Sequence[object]],
    kept: list[int],
    *,
    table_totals: Collection[int],
    required: Sequence[int],
    sheet: str,
    report: Report,
) -> list[int]:
    """`kept` (zero-based row indexes) without its totals rows, each reported once as a warning.

    A totals row is an Excel Table's Total Row (`table_totals`), or a row whose first filled cell says
    Total (or Totals, Grand total, …) and that lacks a cell every record needs (`required` positions):
    a complete record is read as one, whatever its first cell says.
    """
    dropped: set[int] = set()
    for index in kept:
        cells = rows[index]
        # Most rows are complete records: only a row lacking a required cell, or a Table's Total Row, is looked into.
        if index not in table_totals and not _lacks_one(cells, required):
            continue
        first = next((position for position, cell in enumerate(cells) if not is_blank(cell)), None)
        if index in table_totals:
            message = (
                f"Row {index + 1} is the Total Row of an Excel Table, not a record, so it is ignored: untick "
                "Total Row in Table Design (or delete the row) if the sheet should not have one"
            )
        elif first is not None and _is_label(cells[first]):
            message = (
                f"Row {index + 1} looks like a totals row ('{clean_text(cells[first])}'), not a record, so it is "
                "ignored: delete it, or keep totals on another sheet"
            )
        else:
            continue
        dropped.add(index)
        report.warning("totals-row", sheet, Place(index + 1, (first or 0) + 1), message)
    return [index for index in kept if index not in dropped] if dropped else kept


def _is_label(cell: object) -> bool:
    return isinstance(cell, str) and " ".join(cell.replace(":", " ").split()).casefold() in _LABELS


def _lacks_one(cells: Sequence[object], required: Sequence[int]) -> bool:
    return any(position >= len(cells) or is_blank(cells[position]) for position in required)


def rows_with_data(
    rows: list[list[object]], positions: list[int], special: dict[tuple[int, int], SpecialCell], *, start: int = 1
) -> tuple[list[int], dict[int, int]]:
    """Indexes of the data rows with something in a column the dashboard reads (blank rows are skipped).

    Also, for each row holding exactly one such cell, that cell's position. The scan of a row stops
    at its second filled cell, usually the next column, so telling them apart costs next to nothing.
    """
    kept = []
    lone: dict[int, int] = {}
    for index in range(start, len(rows)):
        cells = rows[index]
        width = len(cells)
        filled, more = -1, False
        for position in positions:
            if position < width:
                raw = cells[position]
                if raw != "" and raw is not None and not is_blank(raw):
                    if filled >= 0:
                        more = True
                        break
                    filled = position
        if special and not more:  # an Excel error or unsaved formula counts as a filled cell
            for position in positions:
                if position != filled and (index, position) in special:
                    if filled >= 0:
                        more = True
                        break
                    filled = position
        if more:
            kept.append(index)
        elif filled >= 0:
            kept.append(index)
            lone[index] = filled
    return kept, lone

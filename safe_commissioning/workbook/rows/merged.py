"""Merged cells, read as the person who merged them meant.

A spreadsheet keeps a merged range's value in its top-left cell only; every other cell of the
range is empty in the file, though the sheet shows the value across all of them. Read naively,
`Publish` = No merged over three rows publishes two of those contracts. So a range merged down
one column stands for its value in every row it covers (a warning names the range once), and a
range the rows cannot be read from — across columns, or over the header row — is an error that
names it and says what to do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from safe_commissioning.words import and_list
from safe_commissioning.workbook.cells.text import clean_text, is_blank
from safe_commissioning.workbook.findings.places import NOWHERE, Place, column_letter
from safe_commissioning.workbook.findings.report import Report
from safe_commissioning.workbook.schema.columns import Column

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column: zero-based, inclusive
_UNMERGE = "unmerge them (Home > Merge & Center > Unmerge Cells)"
MAX_MERGES = 50_000  # far more than any sheet of records merges; a file with more is not one to read


def range_name(merge: Merge) -> str:
    """Excel's name for a range: `P2:P4`."""
    top, left, bottom, right = merge
    return f"{column_letter(left)}{top + 1}:{column_letter(right)}{bottom + 1}"


def spread_merged_cells(
    rows: list[list[object]],
    merges: Sequence[Merge],
    *,
    header_row: int,
    columns: Mapping[int, Column],
    sheet: str,
    report: Report,
) -> None:
    """Give every row a range merged down one column covers that range's value; report what cannot be read.

    `rows` is changed in place. `header_row` is the zero-based index of the header row, `columns` the
    columns the dashboard reads by zero-based position. Ranges that touch no such column, or lie wholly
    above the header row, are left alone: nothing is read from them.
    """
    if len(merges) > MAX_MERGES:
        report.error(
            "merged-cells-unreadable",
            sheet,
            NOWHERE,
            f"The sheet has {len(merges):,} merged ranges, more than the {MAX_MERGES:,} the dashboard reads: select "
            f"the whole sheet and {_UNMERGE}",
        )
        return
    for merge in sorted(merges):
        top, left, bottom, right = merge
        read = [column for position, column in sorted(columns.items()) if left <= position <= right]
        if (top, left) == (bottom, right) or not read or bottom < header_row:
            continue
        where = Place(top + 1, left + 1)
        if top <= header_row:
            report.error(
                "merged-cells-unreadable",
                sheet,
                where,
                f"Cells {range_name(merge)} are merged over the header row, so the columns below cannot be told "
                f"apart: {_UNMERGE} so that each column has its own header in row {header_row + 1}",
            )
        elif left != right:
            blank = [column.header for column in read if column is not columns.get(left)]
            report.error(
                "merged-cells-unreadable",
                sheet,
                where,
                f"Cells {range_name(merge)} are merged across columns, so only {column_letter(left)}{top + 1} holds "
                f"a value and {and_list(blank) or 'the other columns'} {'reads' if len(blank) == 1 else 'read'} as "
                f"blank: {_UNMERGE} and give each column its own value",
            )
        else:
            _spread_down(rows, merge, read[0], sheet, report)


def _spread_down(rows: list[list[object]], merge: Merge, column: Column, sheet: str, report: Report) -> None:
    """Copy the top cell's value into the rows below it that the range covers and that hold anything at all.

    A row the range covers but that is otherwise empty stays empty: it is not a record, and the merge
    alone does not make one.
    """
    top, left, bottom, _ = merge
    value = rows[top][left] if top < len(rows) and left < len(rows[top]) else ""
    if is_blank(value):
        return
    filled = 0
    for index in range(top + 1, min(bottom, len(rows) - 1) + 1):
        cells = rows[index]
        if all(is_blank(cell) for cell in cells):
            continue
        if left >= len(cells):
            cells.extend([""] * (left + 1 - len(cells)))
        cells[left] = value
        filled += 1
    if not filled:
        return
    shown = "" if column.personal else f" '{clean_text(value)}'"
    report.warning(
        "merged-cells",
        sheet,
        Place(top + 1, left + 1),
        f"Cells {range_name(merge)} are merged, so {column.header}{shown} is read for each of rows {top + 1} to "
        f"{bottom + 1}: {_UNMERGE} and type each row's value if they should differ",
    )

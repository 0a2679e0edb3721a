"""Places in a workbook as Excel names them: column letters, and cells such as `F14`."""

from __future__ import annotations

import re
from typing import NamedTuple


def column_index(letters: str) -> int:
    """The zero-based column index of Excel's letters: A → 0, AA → 26 (the inverse of column_letter)."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def column_letter(index: int) -> str:
    """Excel's letters for a zero-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Place(NamedTuple):
    """Where in a sheet a finding points, numbered as Excel numbers them: row 14, column 6 is F14.

    A finding about a whole sheet has neither; one about a row whose column is absent has a row only.
    """

    row: int | None = None
    column: int | None = None  # A is 1

    @property
    def cell(self) -> str:
        """`F14`; `14` for a row alone; '' for the whole sheet or file."""
        if self.row is None:
            return ""
        return f"{column_letter(self.column - 1)}{self.row}" if self.column is not None else str(self.row)


NOWHERE = Place()
_CELL = re.compile(r"([A-Z]+)([0-9]+)")


def place_of(cell: str) -> Place:
    """The place of Excel's cell name `F14` (the inverse of `Place.cell`); NOWHERE for anything else."""
    match = _CELL.fullmatch(cell)
    return Place(int(match[2]), column_index(match[1]) + 1) if match else NOWHERE

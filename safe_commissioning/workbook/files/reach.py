"""How far each sheet reaches, found from its XML before calamine sizes a grid for it.

Calamine turns a sheet into one dense grid from A1 to the farthest cell holding a value, so a
single stray cell at XFD1048576 asks for 17 billion cells (hundreds of GB: a native abort). The
sheet XML is therefore measured first, and a sheet that reaches too far is cut down or refused.

Measuring must cost next to nothing on a normal sheet, so it is done in two ways:

- the quick way, for sheets as Excel and openpyxl write them (every cell's `r` attribute first):
  guess the reach from the `<dimension>`, the first row and the last row, then prove the guess
  with one regular-expression search for any cell beyond it, or any cell the search cannot judge
  (no `r`, or a namespace prefix). Nothing found: the guess is the reach.
- the exact way, for everything else: walk every `<row>` and `<c>` tag, placing cells as
  calamine does (a cell without `r` follows the one before it; a row without `r` follows the
  row before it). It also finds the far cells, so they can be cut out of the XML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from safe_commissioning.workbook.findings.places import column_index, column_letter

MAX_ROWS = 200_000  # the generated 10,000-contract workbook's longest sheet has 36,762 rows
MAX_COLUMNS = 256  # column IV, Excel 2003's last; the widest sheet, Contracts, has 21 columns
MAX_CELLS = 4_000_000  # rows x columns of the grid from A1; the 10,000-contract workbook's largest is 220,572

_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b")
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\s+ref="\$?([A-Z]{1,3})?\$?(\d+)?(?::\$?([A-Z]{1,3})\$?(\d+))?"')
_ROW_NUMBER = re.compile(rb'\sr="0*(\d{1,9})"')
_CELL_REFS = re.compile(rb'<c r="([A-Z]{1,3})0*(\d{1,9})"')
_PREFIXED_CELL = re.compile(rb":c[\s>]")
_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)\b([^>]*?)(/?)>")
_REF = re.compile(rb'\br\s*=\s*"\$?([A-Za-z]{1,3})?\$?0*(\d{1,9})?"')
_CELL_END = re.compile(rb"</(?:[\w.-]+:)?c\s*>")


@dataclass
class Reach:
    """The rows and columns a sheet's grid spans from A1, and the far cells beyond the bounds."""

    rows: int = 0
    columns: int = 0
    far_cells: list[str] = field(default_factory=list)  # references, in the order written (.ods: the first only)
    far_count: int = 0  # how many far cells there are
    far_spans: list[tuple[int, int]] = field(default_factory=list)  # their bytes in the XML
    widest: str = ""  # the cell that reaches furthest right, and furthest down
    deepest: str = ""
    elements: int = 0  # cell elements walked (exact way only)

    @property
    def cells(self) -> int:
        """The grid calamine would allocate: rows x columns from A1."""
        return self.rows * self.columns

    @property
    def corner(self) -> str:
        """The cell that makes the grid too large: the deepest or the widest, whichever is further out."""
        return self.deepest if self.rows / MAX_ROWS >= self.columns / MAX_COLUMNS else self.widest


def measure(xml: bytes) -> Reach:
    """How far the sheet in `xml` reaches, the quick way when it can be proved, else exactly."""
    quick = _quick_reach(xml)
    return quick if quick is not None else exact_reach(xml)


def without_far_cells(xml: bytes, reach: Reach) -> bytes:
    """The sheet's XML with the far cells cut out, so calamine never sees them."""
    pieces, at = [], 0
    for start, end in reach.far_spans:
        pieces.append(xml[at:start])
        at = end
    pieces.append(xml[at:])
    return b"".join(pieces)


def _quick_reach(xml: bytes) -> Reach | None:
    """The reach guessed from the dimension, first and last rows, if no cell lies beyond it."""
    data = _SHEET_DATA.search(xml)
    if data is None:
        return Reach()
    rows, columns = 0, 0
    dimension = _DIMENSION.search(xml, 0, data.start())
    if dimension:
        end_letters, end_row = dimension[3] or dimension[1], dimension[4] or dimension[2]
        rows = int(end_row) if end_row else 0
        columns = column_index(end_letters.decode()) + 1 if end_letters else 0
    first_end = xml.find(b"</row>", data.end())
    last = xml.rfind(b"<row ", data.end())
    for segment in (xml[data.end() : first_end], xml[last : xml.find(b">", last)] if last >= 0 else b""):
        for letters, number in _CELL_REFS.findall(segment):
            columns = max(columns, column_index(letters.decode()) + 1)
            rows = max(rows, int(number))
        row = _ROW_NUMBER.search(segment)
        if row and segment.startswith(b"<row"):
            rows = max(rows, int(row[1]))
    if not (0 < rows <= MAX_ROWS and 0 < columns <= MAX_COLUMNS and rows * columns <= MAX_CELLS):
        return None
    # Any cell not written as <c r="A1" with a reference inside the guess: the guess is unproved.
    # One negative lookahead per cell is the cheapest test found (a quarter of calamine's own time).
    unproved = re.compile(rb'<c(?! r="(?:' + _letters_up_to(columns) + rb")(?:" + _number_up_to(rows) + rb')")[\s>/]')
    if unproved.search(xml, data.end()) or _PREFIXED_CELL.search(xml, data.end()):
        return None
    return Reach(rows, columns)


def exact_reach(xml: bytes) -> Reach:
    """Walk every row and cell tag, placing each cell where calamine would."""
    reach = Reach()
    data = _SHEET_DATA.search(xml)
    if data is None:
        return reach
    row_index = col_index = 0
    deepest = widest = (0, 0)
    for tag in _TAG.finditer(xml, data.end()):
        closing, name, attributes, empty = tag.groups()
        if name == b"row":
            if closing:
                row_index, col_index = row_index + 1, 0
            elif not empty:
                number = _REF.search(attributes)
                if number and number[2] and not number[1]:
                    row_index = int(number[2]) - 1
            continue
        if closing or empty:
            continue  # calamine skips a self-closed <c/>: it holds no value
        reach.elements += 1
        if reach.elements > MAX_CELLS:
            break  # the caller refuses the sheet: more cells than any grid it would read
        ref = _REF.search(attributes)
        if ref and ref[1] and ref[2]:
            row, col = int(ref[2]) - 1, column_index(ref[1].decode().upper())
        else:
            row, col = row_index, col_index
        col_index = col + 1
        if row >= MAX_ROWS or col >= MAX_COLUMNS:
            end = _CELL_END.search(xml, tag.end())
            reach.far_cells.append(f"{column_letter(col)}{row + 1}")
            reach.far_count += 1
            reach.far_spans.append((tag.start(), end.end() if end else tag.end()))
            continue
        if row + 1 > reach.rows:
            reach.rows, deepest = row + 1, (row, col)
        if col + 1 > reach.columns:
            reach.columns, widest = col + 1, (row, col)
    reach.deepest = f"{column_letter(deepest[1])}{deepest[0] + 1}"
    reach.widest = f"{column_letter(widest[1])}{widest[0] + 1}"
    return reach


def _number_up_to(limit: int) -> bytes:
    """A regular expression for the whole numbers 1 to `limit` (no leading zeros)."""
    digits = str(limit)
    options = [rb"[1-9]\d{0,%d}" % (len(digits) - 2)] if len(digits) > 1 else []
    for at, digit in enumerate(digits):
        low = 1 if at == 0 else 0
        if int(digit) > low:
            rest = len(digits) - at - 1
            options.append(
                digits[:at].encode() + b"[%d-%d]" % (low, int(digit) - 1) + (rb"\d{%d}" % rest if rest else b"")
            )
    options.append(digits.encode())
    return b"|".join(options)


def _letters_up_to(columns: int) -> bytes:
    """A regular expression for the column letters of the first `columns` columns."""
    letters = column_letter(columns - 1)
    options = [b"[A-Z]{1,%d}" % (len(letters) - 1)] if len(letters) > 1 else []
    for at, letter in enumerate(letters):
        if letter != "A":
            rest = len(letters) - at - 1
            options.append(
                letters[:at].encode()
                + b"[A-%s]" % chr(ord(letter) - 1).encode()
                + (b"[A-Z]{%d}" % rest if rest else b"")
            )
    options.append(letters.encode())
    return b"|".join(options)

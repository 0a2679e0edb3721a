"""Read an OpenDocument spreadsheet's content.xml as calamine will, before calamine does.

Calamine (0.37, inside python-calamine 0.9) parses every sheet of an .ods as the file is opened.
In each row element it stores the cells up to the last one holding a value or formula, a cell
repeated along the row (`table:number-columns-repeated`) once per column; then it turns the sheet
into one dense grid, a row repeated down the sheet (`table:number-rows-repeated`) once per row,
and `to_python(skip_empty_area=False)` widens that grid to start at A1. Its own caps (1,048,576
rows, 16,384 columns and 100 million cells) are far above what fits in memory: a row element of
170 bytes holding one value in column XFD makes it store 16,384 cells while parsing (a 10,000-row
file of 2 MB asks for 9 GB), and one value at XFD1048576 asks for a grid of 17 billion cells.

So content.xml is first walked with expat, which also refuses XML that is not well formed,
placing each cell as calamine places it, and each sheet is judged by the bounds an .xlsx sheet
is held to (`reach`, `scan`): cells beyond them are cut out of the XML and a sheet still too large
is emptied, so calamine never sees either. The walk also keeps what calamine loses: a formula
whose result is an error (LibreOffice saves `#DIV/0!` as an empty text, and `Err:502` may come
with a value of 0), a formula with no saved value, and merged cells. Calamine is then given a
package holding only what it reads: the mimetype, the manifest and the content, as walked.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import NamedTuple
from xml.parsers import expat

from safe_commissioning.workbook.cells.values import EXCEL_ERRORS
from safe_commissioning.workbook.files import reach
from safe_commissioning.workbook.files.scan import SheetScan, SpecialCell, within_reach
from safe_commissioning.workbook.files.traps import MAX_UNCOMPRESSED, PASSWORD_PROTECTED
from safe_commissioning.workbook.findings.places import column_letter
from safe_commissioning.workbook.findings.report import WorkbookUnreadable

MAX_TEXT = MAX_UNCOMPRESSED  # text calamine holds once repeated cells are written out: no more than a file can hold
_VALUES = frozenset(
    {"office:value", "office:string-value", "office:date-value", "office:time-value", "office:boolean-value"}
)
_SPANS = frozenset({"table:number-rows-spanned", "table:number-columns-spanned"})
_CELLS = frozenset({"table:table-cell", "table:covered-table-cell"})
_TABLE_PARTS = _CELLS | {"table:table", "table:table-row"}
_COUNT = re.compile(r"\+?[0-9]+")  # what Rust reads as a whole number
_START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")
_LIBREOFFICE_ERROR = re.compile(r"Err:\d{3}")
_FORMULA_NAMESPACE = re.compile(r"^[a-z]+:(?==)")
_SAVE_AGAIN = "open it in LibreOffice and save it again"

Edit = tuple[int, int, bytes]  # replace these bytes of content.xml with those


def prepare(archive: zipfile.ZipFile) -> tuple[bytes, SheetScan]:
    """The package calamine is to read, and what scanning its sheets found; refuse what cannot be read."""
    if b"encryption-data" in _member(archive, "META-INF/manifest.xml"):
        raise WorkbookUnreadable(PASSWORD_PROTECTED)
    content = _member(archive, "content.xml")
    if not content:
        raise WorkbookUnreadable(f"is damaged: it has no sheets (no content.xml); {_SAVE_AGAIN}")
    scan, edits, text = SheetScan(), [], 0
    for table in _Walk(content).tables():
        if scan.judge(table.name, table.reach):
            edits.extend(table.edits)
            text += table.text
            scan.special[table.name] = {
                (row, column): cell
                for first_row, rows, first_column, columns, cell in table.special
                for row in range(first_row, first_row + rows)
                for column in range(first_column, first_column + columns)
            }
            scan.merges[table.name] = table.merged()
        else:  # emptied: calamine sees a sheet with no rows
            edits.append((*table.body, b""))
    if text > MAX_TEXT:
        raise WorkbookUnreadable(
            f"has cells whose text comes to {text / (1 << 20):,.0f} MiB once repeated cells are written out, more "
            f"than the {MAX_TEXT >> 20:,} MiB the dashboard reads: it is not a usable commissioning workbook; "
            f"restore it from a backup, or {_SAVE_AGAIN}"
        )
    return _package(archive, _edited(content, edits)), scan


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        return b""


@dataclass
class Table:
    """One sheet of content.xml, measured as calamine will read it."""

    name: str
    start: int  # where its start tag is in content.xml
    body: tuple[int, int] = (0, 0)  # its content, between its start and end tags
    reach: reach.Reach = field(default_factory=reach.Reach)
    next_row: int = 0
    text: int = 0  # bytes of text calamine will hold for it (at most)
    edits: list[Edit] = field(default_factory=list)
    special: list[tuple[int, int, int, int, SpecialCell]] = field(default_factory=list)  # rows, columns, cell
    merges: list[tuple[int, int, int, int, int, int]] = field(default_factory=list)  # rows, columns, spans

    def merged(self) -> list[tuple[int, int, int, int]]:
        """Every merged range, one for each copy of a repeated merged cell, cut to the bounds."""
        ranges = []
        for first_row, rows, first_column, columns, row_span, column_span in self.merges:
            for row in range(first_row, first_row + rows):
                for column in range(first_column, first_column + columns):
                    merge = within_reach((row, column, row + row_span - 1, column + column_span - 1))
                    if merge:
                        ranges.append(merge)
        return ranges


@dataclass
class _Row:
    position: int  # zero-based, as calamine places it
    repeat: int
    start: int
    column: int = 0  # where the next cell goes
    first: int = -1  # the column of the first cell holding something
    last: int = 0  # calamine stores the row up to here: the end of the last cell holding something, within bounds
    holding: int = 0  # cells holding something, within the bounds or not
    text: int = 0
    edits: list[Edit] = field(default_factory=list)
    special: list[tuple[int, int, SpecialCell]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


class _Cell(NamedTuple):
    """A cell holding a value, a formula or a merge, kept until its end tag is read."""

    start: int
    column: int
    repeat: int
    valued: bool  # calamine reads a value from it (an empty text is a value)
    formula: str
    error: bool  # LibreOffice marks a formula's error result
    spans: tuple[int, int]  # rows, columns merged from it


_NOTHING = _Cell(0, 0, 0, False, "", False, (1, 1))  # an empty cell: only its columns count


class _Walk:
    """Expat's handlers, placing every cell of content.xml as calamine places it.

    Every element start and end costs a call into Python, so the path of an ordinary cell is kept short.
    """

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.found: list[Table] = []
        self.table: Table | None = None
        self.row: _Row | None = None
        self.cell: _Cell | None = None
        self.depth = 0  # elements open inside the cell
        self.annotation = 0  # of those, inside a comment (office:annotation), whose text calamine skips
        self.spaces = 0  # added to the cell's text by <text:s text:c="N"/>
        self.shown: list[str] = []  # the text a formula's cell shows
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.StartDoctypeDeclHandler = _unsafe
        self.parser.EntityDeclHandler = _unsafe

    def tables(self) -> list[Table]:
        """Every sheet calamine will read, in order."""
        try:
            self.parser.Parse(self.content, True)
        except expat.ExpatError as error:
            raise WorkbookUnreadable(
                f"is damaged: its content.xml is not well-formed XML ({expat.ErrorString(error.code)} at line "
                f"{error.lineno}); {_SAVE_AGAIN}"
            ) from None
        return self.found

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if self.cell is not None:
            if name in _TABLE_PARTS:
                raise WorkbookUnreadable(f"is damaged: a cell holds a table, which calamine cannot read; {_SAVE_AGAIN}")
            self.depth += 1
            if self.annotation or name == "office:annotation":
                self.annotation += 1
            elif name == "text:s":
                self.spaces += _count(attributes.get("text:c", "1"), least=0)
        elif self.row is not None:
            if name in _CELLS:  # calamine refuses anything else in a row
                self._cell(name, attributes)
        elif self.table is not None:
            # A row in a row group, among header rows or in a nested table: calamine reads them all.
            if name == "table:table-row":
                repeat = attributes.get("table:number-rows-repeated")
                self.row = _Row(self.table.next_row, _count(repeat) if repeat else 1, self.parser.CurrentByteIndex)
        elif name == "table:table" and "table:name" in attributes:  # calamine skips a table with no name
            self.table = Table(attributes["table:name"], self.parser.CurrentByteIndex)

    def end(self, name: str) -> None:
        if self.cell is not None:
            if self.depth:
                self.depth -= 1
                if self.annotation:
                    self.annotation -= 1
            else:
                self._cell_end()
        elif self.row is not None:
            if name == "table:table-row":
                self._row_end(self.row)
        elif self.table is not None and name == "table:table":  # the first end of a table ends it, as in calamine
            table, self.table = self.table, None
            table.body = (self._start_tag(table.start).end(), self.parser.CurrentByteIndex)
            self.found.append(table)

    def text(self, data: str) -> None:
        if not self.annotation:
            self.shown.append(data)

    def _cell(self, name: str, attributes: dict[str, str]) -> None:
        row = self.row
        assert row is not None
        get = attributes.get
        repeated = get("table:number-columns-repeated")
        repeat = _count(repeated) if repeated else 1
        valued = not _VALUES.isdisjoint(attributes) or get("office:value-type") == "string"
        formula = get("table:formula", "")
        error = get("calcext:value-type") == "error"
        spans = (1, 1)
        if name == "table:table-cell" and not _SPANS.isdisjoint(attributes):
            spans = (_count(get("table:number-rows-spanned", "1")), _count(get("table:number-columns-spanned", "1")))
        if valued or formula or error or spans != (1, 1):
            self.cell = _Cell(self.parser.CurrentByteIndex, row.column, repeat, valued, formula, error, spans)
            self.spaces = 0
            if formula or error:
                self.shown = []
                self.parser.CharacterDataHandler = self.text
        else:
            self.cell = _NOTHING
        row.column += repeat

    def _cell_end(self) -> None:
        cell, row = self.cell, self.row
        assert cell is not None
        assert row is not None
        self.cell = None
        if cell is _NOTHING:
            return
        shown = ""
        if cell.formula or cell.error:
            self.parser.CharacterDataHandler = None
            shown = "".join(self.shown).strip()
        column = cell.column
        if not (cell.valued or cell.formula or cell.error):  # an empty merged cell: a merge, not a value
            if row.position < reach.MAX_ROWS and column < reach.MAX_COLUMNS:
                row.merges.append((column, min(cell.repeat, reach.MAX_COLUMNS - column), *cell.spans))
            return
        row.holding += 1
        if row.first < 0:
            row.first = column
        if row.position >= reach.MAX_ROWS:
            return  # the whole row is far: it is cut out at its end
        if column >= reach.MAX_COLUMNS:
            self._far(column, row.position)
            row.edits.append((cell.start, self._element_end(cell.start), b""))
            return
        columns = cell.repeat
        if column + columns > reach.MAX_COLUMNS:
            columns = reach.MAX_COLUMNS - column
            self._far(reach.MAX_COLUMNS, row.position)
            row.edits.append(self._repeat_edit(cell.start, "table:number-columns-repeated", columns))
        row.last = column + columns
        row.text += (self.parser.CurrentByteIndex - cell.start + self.spaces) * columns
        special = _special(cell, shown)
        if special:
            row.special.append((column, columns, special))
        if cell.spans != (1, 1):
            row.merges.append((column, columns, *cell.spans))

    def _row_end(self, row: _Row) -> None:
        table = self.table
        assert table is not None
        self.row = None
        table.next_row += row.repeat
        if row.position >= reach.MAX_ROWS:
            if row.holding:
                self._far(row.first, row.position, row.holding)
                table.edits.append((row.start, self._element_end(row.start), b""))
            return
        copies = row.repeat
        if row.position + copies > reach.MAX_ROWS and row.holding:
            copies = reach.MAX_ROWS - row.position
            self._far(row.first, reach.MAX_ROWS)
            table.edits.append(self._repeat_edit(row.start, "table:number-rows-repeated", copies))
        table.edits.extend(row.edits)
        table.merges.extend((row.position, copies, *merge) for merge in row.merges)
        if not row.last:
            return
        extent = table.reach
        extent.elements += row.last
        if row.position + copies > extent.rows:
            extent.rows = row.position + copies
            extent.deepest = f"{column_letter(row.first)}{extent.rows}"
        if row.last > extent.columns:
            extent.columns = row.last
            extent.widest = f"{column_letter(row.last - 1)}{row.position + 1}"
        table.text += row.text * copies
        table.special.extend((row.position, copies, *special) for special in row.special)

    def _far(self, column: int, row: int, count: int = 1) -> None:
        """Note far cells: the first is named in the warning, the rest are counted."""
        assert self.table is not None
        extent = self.table.reach
        if not extent.far_cells:
            extent.far_cells.append(f"{column_letter(column)}{row + 1}")
        extent.far_count += count

    def _start_tag(self, start: int) -> re.Match[bytes]:
        """The start tag expat has read at `start` (found again in the bytes: expat keeps no end of it)."""
        tag = _START_TAG.match(self.content, start)
        if tag is None:  # well-formed, but not as LibreOffice writes it (UTF-16, say)
            raise WorkbookUnreadable(
                f"is damaged: its content.xml is not written as LibreOffice writes it; {_SAVE_AGAIN}"
            )
        return tag

    def _element_end(self, start: int) -> int:
        """Where the element starting at `start` ends; the parser is at its end tag, or just after it if empty."""
        at = self.parser.CurrentByteIndex
        if self._start_tag(start).end() == at and self.content[at - 2 : at] == b"/>":
            return at
        return self.content.index(b">", at) + 1

    def _repeat_edit(self, start: int, attribute: str, count: int) -> Edit:
        """The start tag at `start` with `attribute` (a repeat count) set to `count`."""
        tag = self._start_tag(start)
        value = rb"""(\s%s\s*=\s*)(?:"[^"]*"|'[^']*')""" % re.escape(attribute.encode())
        return start, tag.end(), re.sub(value, rb'\g<1>"%d"' % count, tag[0], count=1)


def _special(cell: _Cell, shown: str) -> SpecialCell | None:
    """The error a formula shows, or a formula with no saved value; None for an ordinary cell."""
    if cell.error or (cell.formula and (shown in EXCEL_ERRORS or _LIBREOFFICE_ERROR.fullmatch(shown))):
        return SpecialCell("error", shown or "#VALUE!")
    if cell.formula and not cell.valued:
        return SpecialCell("formula-no-value", _FORMULA_NAMESPACE.sub("", cell.formula))
    return None


def _count(value: str, *, least: int = 1) -> int:
    """A repeat or span count as calamine reads it; a count no spreadsheet program writes is damage."""
    if _COUNT.fullmatch(value) and int(value) >= least:
        return int(value)
    raise WorkbookUnreadable(f"is damaged: a count of repeated cells or rows is {value[:20]!r}; {_SAVE_AGAIN}")


def _unsafe(*_: object) -> None:
    raise WorkbookUnreadable(
        "contains an XML document type or entity declaration in content.xml, which LibreOffice never writes; "
        "refusing it for safety (save a fresh copy from LibreOffice)"
    )


def _edited(content: bytes, edits: list[Edit]) -> bytes:
    pieces, at = [], 0
    for start, end, replacement in sorted(edits):
        pieces += [content[at:start], replacement]
        at = end
    pieces.append(content[at:])
    return b"".join(pieces)


def _package(archive: zipfile.ZipFile, content: bytes) -> bytes:
    """A package holding only what calamine reads, stored uncompressed: no pictures, no other parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name in ("mimetype", "META-INF/manifest.xml"):
            if name in archive.NameToInfo:
                package.writestr(name, archive.read(name))
        package.writestr("content.xml", content)
    return out.getvalue()

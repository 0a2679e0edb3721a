"""One worksheet's XML edited as bytes: the changed cells and new rows spliced in, everything else as it was.

Rows and cells are found with regular expressions over the `<sheetData>` element (Excel and every
library that writes .xlsx give each `<row>` and `<c>` its `r` reference; a sheet without them is
refused). Nothing outside the rows touched is re-written, so namespace declarations, extensions
Excel adds (`x14ac:dyDescent`, `<extLst>`), data validations, conditional formats and merged ranges
stay byte for byte as they were.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from safe_commissioning.workbook.cells.values import EXCEL_EPOCH
from safe_commissioning.workbook.findings.places import column_index, column_letter

_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b[^>]*?(/>|>)")
_SHEET_DATA_END = re.compile(rb"</(\w+:)?sheetData>")
_ROW = re.compile(rb"<(?P<p>\w+:)?row\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)?row>)", re.S)
_CELL = re.compile(rb"<(?P<p>\w+:)?c\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)?c>)", re.S)
_ROW_REF = re.compile(rb'\br="(\d+)"')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_SPANS = re.compile(rb'\s+spans="[^"]*"')
_FORMULA = re.compile(rb"<(\w+:)?f\b")
_DIMENSION = re.compile(rb'(<(?:\w+:)?dimension\b[^>]*\bref=")([^"]*)(")')
_TABLE_REF = re.compile(rb'(<(?:\w+:)?(?:table|autoFilter)\b[^>]*?\bref=")([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)(")')
_TOTALS = re.compile(rb'\btotalsRowCount="[1-9]')
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Value = str | float | date | None


class Unkeepable(Exception):
    """The master holds something a merge cannot keep, or a cell it cannot write; the message says what."""


@dataclass
class SheetEdit:
    """The cells to write on one sheet: (row, column) → value, both 1-based; a new row is just a row past the end."""

    name: str
    cells: Mapping[tuple[int, int], Value]
    date_style: int | None = None  # a cell format that shows dates, for a new date cell that has none
    is_date: Callable[[int], bool] = field(default=lambda style: False)
    epoch: date = EXCEL_EPOCH


def edit_sheet(xml: bytes, edit: SheetEdit, tables: Mapping[str, bytes]) -> tuple[bytes, dict[str, bytes]]:
    """The sheet's XML with `edit` written in, and the Excel Table parts that grew to take new rows."""
    opening = _SHEET_DATA.search(xml)
    if opening is None:
        raise Unkeepable(f"the {edit.name} sheet has no cell data area")
    if opening[2] == b"/>":
        prefix = opening[1] or b""
        head, body, tail = xml[: opening.start()], b"", xml[opening.end() :]
        head += opening[0][:-2] + b">"
        tail = b"</" + prefix + b"sheetData>" + tail
    else:
        closing = _SHEET_DATA_END.search(xml, opening.end())
        if closing is None:
            raise Unkeepable(f"the {edit.name} sheet's cell data is not complete")
        head, body, tail = xml[: opening.end()], xml[opening.end() : closing.start()], xml[closing.start() :]
    prefix = (opening[1] or b"").decode()
    by_row: dict[int, dict[int, Value]] = {}
    for (row, column), value in edit.cells.items():
        by_row.setdefault(row, {})[column] = value
    pieces: list[bytes] = []
    position = 0
    last_styles: dict[int, int] = {}  # the styles of the last row seen, by column: new rows below borrow them
    pending = sorted(by_row)
    existing: set[int] = set()
    for match in _ROW.finditer(body):
        ref = _ROW_REF.search(match["attrs"])
        if ref is None:
            raise Unkeepable(f"the {edit.name} sheet has rows without a row number: open it in Excel and save it")
        number = int(ref[1])
        existing.add(number)
        while pending and pending[0] < number:  # a new row belongs before this one
            new = pending.pop(0)
            pieces += [body[position : match.start()], _new_row(new, by_row[new], prefix, last_styles, edit)]
            position = match.start()
        cells = list(_cells(match, edit.name))
        if pending and pending[0] == number:
            pending.pop(0)
            pieces += [body[position : match.start()], _edited_row(match, cells, by_row[number], edit)]
            position = match.end()
        last_styles = {column: style for column, style, _ in cells if style is not None} or last_styles
    pieces.append(body[position:])
    for new in pending:
        pieces.append(_new_row(new, by_row[new], prefix, last_styles, edit))
    xml = head + b"".join(pieces) + tail
    added = sorted(set(by_row) - existing)
    return _widen_dimension(xml, edit), _grown_tables(tables, added)


def _cells(row: re.Match[bytes], sheet: str) -> Iterable[tuple[int, int | None, re.Match[bytes]]]:
    """Each cell of a row: its column (1-based), its style, and its match."""
    for match in _CELL.finditer(row["body"] or b""):
        ref = _CELL_REF.search(match["attrs"])
        if ref is None:
            raise Unkeepable(f"the {sheet} sheet has cells without a reference: open it in Excel and save it")
        style = _STYLE.search(match["attrs"])
        yield column_index(ref[1].decode()) + 1, int(style[1]) if style else None, match


def _edited_row(
    row: re.Match[bytes],
    cells: list[tuple[int, int | None, re.Match[bytes]]],
    edits: Mapping[int, Value],
    edit: SheetEdit,
) -> bytes:
    prefix = (row["p"] or b"").decode()
    number = int(_ROW_REF.search(row["attrs"])[1])  # type: ignore[index]  # checked by the caller
    out: list[bytes] = []
    todo = dict(edits)
    for column, style, match in cells:
        for new in sorted(c for c in todo if c < column):
            out.append(_cell_xml(prefix, new, number, todo.pop(new), None, edit))
        if column in todo:
            if _FORMULA.search(match["body"] or b""):
                raise Unkeepable(
                    f"{edit.name}!{column_letter(column - 1)}{number} holds a formula, which a return cannot "
                    "replace: type its value in, or change the cell by hand"
                )
            out.append(_cell_xml(prefix, column, number, todo.pop(column), style, edit))
        else:
            out.append(match[0])
    out += [_cell_xml(prefix, c, number, todo.pop(c), None, edit) for c in sorted(todo)]
    attrs = _SPANS.sub(b"", row["attrs"]).rstrip(b"/").rstrip()
    return b"<" + prefix.encode() + b"row" + attrs + b">" + b"".join(out) + b"</" + prefix.encode() + b"row>"


def _new_row(number: int, edits: Mapping[int, Value], prefix: str, styles: Mapping[int, int], edit: SheetEdit) -> bytes:
    cells = b"".join(_cell_xml(prefix, c, number, edits[c], styles.get(c), edit) for c in sorted(edits))
    return f'<{prefix}row r="{number}">'.encode() + cells + f"</{prefix}row>".encode()


def _cell_xml(prefix: str, column: int, row: int, value: Value, style: int | None, edit: SheetEdit) -> bytes:
    """One `<c>` element: text as an inline string, numbers and dates as numbers."""
    ref = f"{column_letter(column - 1)}{row}"
    if isinstance(value, date):
        if style is None or not edit.is_date(style):
            style = edit.date_style
        if style is None:  # the workbook has no date format to borrow: ISO text reads back as the same date
            value = value.isoformat()
        else:
            value = float((value - edit.epoch).days)
    s = f' s="{style}"' if style is not None else ""
    if value is None:
        return f'<{prefix}c r="{ref}"{s}/>'.encode() if s else b""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise Unkeepable(f"{edit.name}!{ref}: {value} is not a number Excel can hold")
        number = str(int(value)) if float(value).is_integer() else repr(float(value))
        return f'<{prefix}c r="{ref}"{s}><{prefix}v>{number}</{prefix}v></{prefix}c>'.encode()
    text = escape(_NOT_XML.sub("", str(value)))
    return (
        f'<{prefix}c r="{ref}"{s} t="inlineStr"><{prefix}is><{prefix}t xml:space="preserve">{text}'
        f"</{prefix}t></{prefix}is></{prefix}c>"
    ).encode()


def _widen_dimension(xml: bytes, edit: SheetEdit) -> bytes:
    match = _DIMENSION.search(xml)
    if match is None or not edit.cells:
        return xml
    first, _, last = match[2].decode().partition(":")
    last = last or first
    corner = re.fullmatch(r"([A-Z]{1,3})(\d+)", last)
    if corner is None:
        return xml
    rows = max(int(corner[2]), *(row for row, _ in edit.cells))
    columns = max(column_index(corner[1]) + 1, *(column for _, column in edit.cells))
    ref = f"{first}:{column_letter(columns - 1)}{rows}"
    return xml[: match.start(2)] + ref.encode() + xml[match.end(2) :]


def _grown_tables(tables: Mapping[str, bytes], added: list[int]) -> dict[str, bytes]:
    """Tables whose last row is just above the first new row, grown over the run of new rows after it."""
    grown: dict[str, bytes] = {}
    for member, xml in tables.items():
        match = _TABLE_REF.search(xml)
        if match is None or _TOTALS.search(xml[: match.end()]):
            continue
        last = int(match[5])
        run = last
        while run + 1 in added:
            run += 1
        if run == last:
            continue

        def grow(found: re.Match[bytes], end: int = run, old: int = last) -> bytes:
            if int(found[5]) != old:
                return found[0]
            return found[1] + found[2] + found[3] + b":" + found[4] + str(end).encode() + found[6]

        grown[member] = _TABLE_REF.sub(grow, xml)
    return grown


def new_sheet_xml(
    rows: Iterable[Iterable[object]],
    widths: list[int],
    date_style: int | None,
    *,
    main_namespace: str | None,
    relationships: str,
) -> bytes:
    """A whole new worksheet: `rows` from row 1, the first frozen as the header, columns `widths` wide."""
    edit = SheetEdit("new", {}, date_style, lambda style: style == date_style)
    body: list[bytes] = []
    for number, values in enumerate(rows, start=1):
        cells = b"".join(
            _cell_xml("", column, number, _value(value), None, edit) for column, value in enumerate(values, start=1)
        )
        body.append(f'<row r="{number}">'.encode() + cells + b"</row>")
    cols = "".join(
        f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>' for n, width in enumerate(widths, start=1)
    )
    main = main_namespace or "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return (
        (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{main}" '
            f'xmlns:r="{relationships}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            f'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
        ).encode()
        + b"".join(body)
        + b"</sheetData></worksheet>"
    )


def _value(value: object) -> Value:
    if value is None or isinstance(value, str | float | date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return str(value)

"""Write cells into the master's own .xlsx package, leaving every other part byte for byte as it was.

Why not openpyxl: it reads a workbook into its own model and writes the whole package again, and
what its model lacks is dropped without a word. Tried on a master built in code (see
tests/test_returns_merge.py): its data validations, comments, column widths, defined names,
conditional formatting, Excel Table, merged cells, hidden sheet, frozen panes and number formats
came back, because openpyxl wrote them; but an Excel-style list validation drawn from another sheet
(the x14 extension Excel writes) was removed with only a Python warning, a text box on a drawing
disappeared, a custom XML part was dropped, and every part it touched was rewritten (styles renumbered,
document properties re-dated). An officer's real workbook, saved by Excel, holds many such parts.

So a merge edits the package instead. Each changed cell's `<c>` element is replaced in its sheet's
XML, spliced as bytes (never parsed and re-serialised, which would drop namespace declarations Excel
relies on); text goes in as an inline string, so sharedStrings.xml is untouched; a new row is a new
`<row>` in its place; the `<dimension>` is widened to match and an Excel Table directly above new
rows grows to take them. A new sheet (Returns, when the master has none) is a new part with its
relationship and content type added. Every other part of the zip is copied unchanged.

Where that cannot be done safely it refuses, before anything is written (`Unkeepable`): a cell to
change that holds a formula, a sheet whose rows or cells carry no reference. And reference §6 refuses a
master holding charts, pictures, pivot tables or macros (`unkeepable_parts`): their caches and code
describe the workbook as it was, and no merge can vouch for them afterwards.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape

from defusedxml import ElementTree

from safe_commissioning.returns.sheetxml import SheetEdit, Unkeepable, Value, edit_sheet, new_sheet_xml
from safe_commissioning.workbook.cells.values import EXCEL_EPOCH, EXCEL_EPOCH_1904
from safe_commissioning.workbook.files.xlsx import normalise_member, sheet_key, sheet_parts

_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_UNKEEPABLE = (
    (re.compile(r"^xl/charts/chart[^/]*\.xml$|^xl/chartsheets/"), "a chart"),
    (re.compile(r"^xl/media/"), "a picture"),
    (re.compile(r"^xl/pivotTables/|^xl/pivotCache/"), "a pivot table"),
    (re.compile(r"vbaProject\.bin$|^xl/macrosheets/"), "macros"),
)
_DATE_FORMAT_CODE = re.compile(r"[dmy]", re.I)
_BUILT_IN_DATES = frozenset(range(14, 23)) | frozenset(range(45, 48))


__all__ = ["Unkeepable", "Value", "unkeepable_parts", "write_cells"]


def unkeepable_parts(data: bytes) -> list[str]:
    """What the package holds that a merge must not rewrite: `a chart (xl/charts/chart1.xml)`, …"""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    found: list[str] = []
    for pattern, what in _UNKEEPABLE:
        parts = [name for name in names if pattern.search(name)]
        if parts:
            found.append(f"{what} ({parts[0]}{f' and {len(parts) - 1} more' if len(parts) > 1 else ''})")
    return found


def write_cells(
    data: bytes,
    cells: Mapping[str, Mapping[tuple[int, int], Value]],
    new_sheets: Mapping[str, Iterable[Iterable[object]]] = {},
    widths: Mapping[str, Iterable[int]] = {},
) -> bytes:
    """The package `data` with `cells` (sheet name → (row, column) → value, 1-based) written in, and
    `new_sheets` (name → rows from row 1) added after the last sheet. Raises `Unkeepable`."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
        infos = archive.infolist()
    sheets, date1904 = sheet_parts(parts.__getitem__)  # as the reader finds them, Strict files too
    members = {sheet_key(name): member for name, (member, _) in sheets.items()}
    styles = _Styles(parts.get("xl/styles.xml", b""))
    epoch = EXCEL_EPOCH_1904 if date1904 else EXCEL_EPOCH
    changed: dict[str, bytes] = {}
    for name, edits in cells.items():
        member = members.get(sheet_key(name))
        if member is None:
            raise Unkeepable(f"the master has no sheet '{name}' to write to")
        edit = SheetEdit(name, dict(edits), styles.date_style, styles.is_date, epoch)
        changed[member], tables = edit_sheet(parts[member], edit, _tables(parts, member))
        changed.update(tables)
    for name, rows in new_sheets.items():
        changed.update(_add_sheet(parts, changed, name, rows, list(widths.get(name, ())), styles.date_style))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for info in infos:
            copy.writestr(info, changed.pop(info.filename, parts[info.filename]))
        for member, xml in changed.items():  # parts that are new
            copy.writestr(member, xml, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _tables(parts: Mapping[str, bytes], member: str) -> dict[str, bytes]:
    """The Excel Table parts of the sheet at `member`, by their zip member."""
    folder, _, file_name = member.rpartition("/")
    rels = parts.get(f"{folder}/_rels/{file_name}.rels")
    if not rels:
        return {}
    found: dict[str, bytes] = {}
    for rel in ElementTree.fromstring(rels).iter(f"{_PKG_REL}Relationship"):
        if rel.get("Type", "").endswith("/table") and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            path = normalise_member(target.lstrip("/") if target.startswith("/") else f"{folder}/{target}")
            if path in parts:
                found[path] = parts[path]
    return found


class _Styles:
    """Which cell formats (xf indexes) show dates, and one to use for a new date cell."""

    def __init__(self, xml: bytes) -> None:
        self.dates: set[int] = set()
        if not xml:
            self.date_style: int | None = None
            return
        root = ElementTree.fromstring(xml)
        custom = {
            int(fmt.get("numFmtId", "-1")): fmt.get("formatCode", "")
            for fmt in root.iter()
            if fmt.tag.endswith("}numFmt")
        }
        xfs = next((e for e in root if e.tag.endswith("}cellXfs")), None)
        for index, xf in enumerate(xfs if xfs is not None else ()):
            number = int(xf.get("numFmtId", "0"))
            code = re.sub(r'"[^"]*"|\[[^\]]*\]', "", custom.get(number, ""))
            if number in _BUILT_IN_DATES or (number in custom and _DATE_FORMAT_CODE.search(code)):
                self.dates.add(index)
        self.date_style = min(self.dates) if self.dates else None

    def is_date(self, style: int) -> bool:
        return style in self.dates


def _add_sheet(
    parts: Mapping[str, bytes],
    changed: Mapping[str, bytes],
    name: str,
    rows: Iterable[Iterable[object]],
    widths: list[int],
    date_style: int | None,
) -> dict[str, bytes]:
    """The parts to add or change for a new sheet `name` at the end of the workbook."""
    book = changed.get("xl/workbook.xml", parts["xl/workbook.xml"]).decode("utf-8")
    rels = changed.get("xl/_rels/workbook.xml.rels", parts["xl/_rels/workbook.xml.rels"]).decode("utf-8")
    types = changed.get("[Content_Types].xml", parts["[Content_Types].xml"]).decode("utf-8")
    number = 1
    while f"xl/worksheets/sheet{number}.xml" in parts or f"xl/worksheets/sheet{number}.xml" in changed:
        number += 1
    member = f"xl/worksheets/sheet{number}.xml"
    used = {int(n) for n in re.findall(r'\bId="rId(\d+)"', rels)}
    rid = f"rId{max(used, default=0) + 1}"
    sheet_ids = [int(n) for n in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bsheetId="(\d+)"', book)]
    sheets_close = re.search(r"</(\w+:)?sheets>", book)
    relation = re.search(
        r'"(http://schemas\.openxmlformats\.org/officeDocument/2006/relationships|'
        r'http://purl\.oclc\.org/ooxml/officeDocument/relationships)"',
        book,
    )
    worksheet_type = re.search(r'Type="([^"]*/worksheet)"', rels)
    if not (sheets_close and relation and worksheet_type):
        raise Unkeepable("its list of sheets is not laid out as Excel writes it, so no sheet can be added")
    prefix = sheets_close[1] or ""
    element = (
        f'<{prefix}sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{max(sheet_ids, default=0) + 1}" '
        f'xmlns:r="{relation[1]}" r:id="{rid}"/>'
    )
    book = book[: sheets_close.start()] + element + book[sheets_close.start() :]
    relationship = f'<Relationship Id="{rid}" Type="{worksheet_type[1]}" Target="worksheets/sheet{number}.xml"/>'
    rels = rels.replace("</Relationships>", relationship + "</Relationships>")
    types = types.replace("</Types>", f'<Override PartName="/{member}" ContentType="{_WORKSHEET_CONTENT}"/></Types>')
    main = "http://purl.oclc.org/ooxml/spreadsheetml/main" if "purl.oclc.org" in book else None
    return {
        "xl/workbook.xml": book.encode("utf-8"),
        "xl/_rels/workbook.xml.rels": rels.encode("utf-8"),
        "[Content_Types].xml": types.encode("utf-8"),
        member: new_sheet_xml(rows, widths, date_style, main_namespace=main, relationships=relation[1]),
    }

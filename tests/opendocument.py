"""OpenDocument spreadsheets (.ods) written by hand for the tests, as LibreOffice lays them out.

`write_ods(path, {"Contracts": [[headers...], [row...]]})` writes the least a valid .ods needs:
the `mimetype` member first and stored uncompressed, `META-INF/manifest.xml`, `styles.xml` and
`content.xml`. Values are typed as LibreOffice types them (text, float, date, boolean); a `Cell`
puts its own XML in place of a value (an error, a merged cell, a run repeated along the row), and a
`RawRows` puts its XML among the rows (a run of rows repeated down the sheet).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import openpyxl

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


class Cell(str):
    """A cell's own XML, written as it is (an error, a merged or a repeated cell)."""


class RawRows(str):
    """Rows' own XML, written among the rows as it is (a run of rows repeated down the sheet)."""


def error_cell(text: str, formula: str = "of:=1/0") -> Cell:
    """A formula whose result is an error, as LibreOffice saves it: an empty text and the error shown."""
    return Cell(
        f'<table:table-cell table:formula={quoteattr(formula)} office:value-type="string" '
        f'office:string-value="" calcext:value-type="error"><text:p>{escape(text)}</text:p></table:table-cell>'
    )


def merged_cell(value: object, *, rows: int = 1, columns: int = 1) -> Cell:
    """A cell merged over `rows` x `columns`; the cells it covers must follow as `covered` cells."""
    cell = cell_xml(value)
    spans = f' table:number-columns-spanned="{columns}" table:number-rows-spanned="{rows}"'
    return Cell(cell.replace("<table:table-cell", "<table:table-cell" + spans, 1))


def covered(columns: int = 1) -> Cell:
    """Cells hidden under a merged cell, as LibreOffice writes them."""
    repeated = f' table:number-columns-repeated="{columns}"' if columns > 1 else ""
    return Cell(f"<table:covered-table-cell{repeated}/>")


def cell_xml(value: object) -> str:
    """One cell typed as LibreOffice types it."""
    if isinstance(value, Cell):
        return str(value)
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        flag = "true" if value else "false"
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{flag}"/>'
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value!r}"/>'
    if isinstance(value, datetime):
        return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"/>'
    if isinstance(value, date):
        return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"/>'
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string" calcext:value-type="string">{paragraphs}</table:table-cell>'


def rows_xml(rows: Iterable[Sequence[object]]) -> str:
    """The rows of one table, each cell typed, with no white space between elements (calamine needs none)."""
    return "".join(
        str(row)
        if isinstance(row, RawRows)
        else "<table:table-row>" + "".join(map(cell_xml, row)) + "</table:table-row>"
        for row in rows
    )


def content_xml(tables: Mapping[str, str]) -> bytes:
    """The content.xml of a spreadsheet holding these tables (name → rows XML)."""
    body = "".join(f"<table:table table:name={quoteattr(name)}>{rows}</table:table>" for name, rows in tables.items())
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NAMESPACES} office:version="1.3">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    ).encode()


def write_package(path: Path, content: bytes, *, manifest: str = MANIFEST) -> Path:
    """Write an .ods package around `content`: mimetype first and stored, as the format requires."""
    styles = f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NAMESPACES} office:version="1.3"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("styles.xml", styles)
        archive.writestr("content.xml", content)
    return path


def write_ods(path: Path, sheets: Mapping[str, Iterable[Sequence[object]]]) -> Path:
    """Write exactly these sheets (first row is the header row) to `path` as an .ods."""
    return write_package(path, content_xml({name: rows_xml(rows) for name, rows in sheets.items()}))


def ods_of_xlsx(source: Path, path: Path) -> Path:
    """The same sheets and values as the .xlsx at `source`, written as an .ods (no LibreOffice needed)."""
    book = openpyxl.load_workbook(source)
    sheets = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
    return write_ods(path, sheets)

"""Open an .xlsx or .ods file safely and fast, or say in one line why it cannot be used.

Cell values come from calamine (Rust; 10-20x faster than openpyxl here). Calamine shows an
Excel error value or a formula with no saved value as an empty cell, so the sheet XML is also
scanned for those few cells: a substring test first, a regular expression only when needed; its
merged cells are read from there too. Before any parser sees the file it is checked for the usual
traps: not a zip, an old .xls, password protection, a zip bomb, too many shared strings, XML
entity declarations, and sheets reaching so far that calamine's grid would not fit in memory (see
`reach`). An OpenDocument spreadsheet (.ods) passes the same checks, made on its content.xml by
`ods`. The file is read once: its hash and everything parsed come from the same bytes, even if
Excel or OneDrive replaces the file while the build runs.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import python_calamine
from defusedxml import ElementTree

from safe_commissioning.workbook.files import ods, reach
from safe_commissioning.workbook.files.scan import Merge, SheetScan, within_reach
from safe_commissioning.workbook.files.scan import SpecialCell as SpecialCell  # where `sheets` and `reading` find it
from safe_commissioning.workbook.files.traps import (
    PASSWORD_PROTECTED,
    refuse_hostile_archive,
    refuse_non_zip,
    refuse_too_many_strings,
    zip_format,
)
from safe_commissioning.workbook.findings.places import column_index
from safe_commissioning.workbook.findings.report import Finding, WorkbookUnreadable

Cell = object
Rows = list[list[Cell]]

_SPECIAL_CELL = re.compile(
    rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)",
    re.S,
)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_ERROR_TYPE = re.compile(rb'\bt="e"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]+)</(?:\w+:)?v>")
_HAS_VALUE = re.compile(rb"<(?:\w+:)?v\b")
_STRING_TYPE = re.compile(rb'\bt="str"')
# Excel writes one of two dialects: Transitional (what "Excel Workbook" saves) and Strict ("Strict Open XML
# Spreadsheet"). They differ in these namespaces only as far as this module reads; every check runs on both.
_MAIN_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MERGE_REF = re.compile(
    rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="\$?([A-Z]{1,3})\$?(\d{1,9})(?::\$?([A-Z]{1,3})\$?(\d{1,9}))?"'
)
_SAVE_AGAIN = {"xlsx": "open it in Excel and save it again", "ods": "open it in LibreOffice and save it again"}
_TABLE_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)")


@dataclass(frozen=True)
class SheetLayout:
    """How a sheet is laid out beyond its cell values: merged ranges and an Excel Table's totals rows."""

    merges: tuple[Merge, ...] = ()
    totals_rows: frozenset[int] = frozenset()  # zero-based indexes of Excel Table Total Rows


@dataclass
class RawWorkbook:
    """Sheet names and raw cell rows, straight from the file."""

    path: Path
    content_hash: str
    sheet_names: list[str]
    _book: python_calamine.CalamineWorkbook
    _special: dict[str, dict[tuple[int, int], SpecialCell]] = field(default_factory=dict)
    _merges: dict[str, list[Merge]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # sheet name → "worksheet", "chartsheet", …
    findings: list[Finding] = field(default_factory=list)  # sheets cut down or refused before reading
    refused: frozenset[str] = frozenset()  # sheets too large to read at all
    date1904: bool = False  # day numbers count from 1904 (Mac Excel's date system; an .ods stores ISO dates)
    _totals: dict[str, frozenset[int]] = field(default_factory=dict)  # sheet → its Excel Tables' totals rows

    def rows(self, sheet_name: str) -> Rows:
        """Every row of a sheet from A1, as lists of raw values ('' for an empty cell)."""
        if sheet_name in self.refused:
            return []
        try:
            sheet = self._book.get_sheet_by_name(sheet_name)
            return sheet.to_python(skip_empty_area=False)  # type: ignore[return-value]
        except Exception:  # calamine raises several unrelated types for damaged parts
            raise WorkbookUnreadable(
                f"has a damaged sheet '{sheet_name}' that cannot be read: open the workbook in Excel and save it again"
            ) from None

    def special_cells(self, sheet_name: str) -> dict[tuple[int, int], SpecialCell]:
        """Excel errors and unsaved formulas, keyed by zero-based (row, column)."""
        return self._special.get(sheet_name, {})

    def merged_ranges(self, sheet_name: str) -> list[Merge]:
        """Merged cells as (first row, first column, last row, last column), zero-based and inclusive.

        Ranges are cut to the rows and columns the dashboard reads; a sheet refused has none.
        """
        return list(self._merges.get(sheet_name, []))

    def layout(self, sheet_name: str) -> SheetLayout:
        """The sheet's merged ranges and Excel Table totals rows."""
        return SheetLayout(tuple(self.merged_ranges(sheet_name)), self._totals.get(sheet_name, frozenset()))


def open_workbook(path: Path) -> RawWorkbook:
    """Open `path` as an .xlsx or .ods workbook or raise `WorkbookUnreadable` saying why not."""
    data = _read_bytes(path)
    content_hash = hashlib.sha256(data).hexdigest()  # of the very bytes parsed below
    refuse_non_zip(data)
    kinds: dict[str, str] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            spreadsheet = zip_format(archive)
            refuse_hostile_archive(archive)
            if spreadsheet == "ods":
                data, sheets = ods.prepare(archive)  # an .ods has worksheets only
            else:
                refuse_too_many_strings(archive)
                data, sheets, kinds = _scan_xlsx(archive, data)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError):
        raise WorkbookUnreadable(
            "is damaged (not a complete .xlsx or .ods file): restore it from a backup or save it again"
        ) from None
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise WorkbookUnreadable(PASSWORD_PROTECTED) from None
    except Exception as error:  # calamine raises several unrelated types for damaged parts
        raise WorkbookUnreadable(f"is damaged and cannot be read ({error}); {_SAVE_AGAIN[spreadsheet]}") from None
    return RawWorkbook(
        path,
        content_hash,
        list(book.sheet_names),
        book,
        {k: v for k, v in sheets.special.items() if v},
        {k: v for k, v in sheets.merges.items() if v},
        kinds=kinds or dict.fromkeys(book.sheet_names, "worksheet"),
        findings=sheets.findings,
        refused=frozenset(sheets.refused),
        date1904=sheets.date1904,
        _totals={name: rows for name, rows in sheets.totals.items() if rows},
    )


def _scan_xlsx(archive: zipfile.ZipFile, data: bytes) -> tuple[bytes, SheetScan, dict[str, str]]:
    """The package for calamine (far cells cut out), what scanning each worksheet found, and each sheet's kind."""
    parts, date1904 = sheet_parts(archive.read)
    sheets = SheetScan(date1904=date1904)
    rewritten: dict[str, bytes] = {}  # member → XML with the far cells cut out
    for name, (member, kind) in parts.items():
        if kind == "worksheet":
            _scan_worksheet(archive, name, member, sheets, rewritten)
    if rewritten:
        data = _with_members(archive, rewritten)
    return data, sheets, {name: kind for name, (_, kind) in parts.items()}


def _scan_worksheet(
    archive: zipfile.ZipFile, name: str, member: str, sheets: SheetScan, rewritten: dict[str, bytes]
) -> None:
    """Measure one sheet's reach, cut out far cells, refuse it if still too large, find special and merged cells."""
    try:
        xml = archive.read(member)
    except KeyError:
        return
    extent = reach.measure(xml)
    if extent.far_cells:
        xml = reach.without_far_cells(xml, extent)
        rewritten[member] = xml
    if sheets.judge(name, extent):
        sheets.special[name] = _scan_special_cells(xml)
        sheets.merges[name] = _merged_cells(xml)
        if b"tablePart" in xml:
            sheets.totals[name] = _table_totals_rows(archive, member)


def _table_totals_rows(archive: zipfile.ZipFile, member: str) -> frozenset[int]:
    """Zero-based indexes of the Total Rows of the Excel Tables on the sheet at `member`."""
    folder, _, file_name = member.rpartition("/")
    try:
        rels = ElementTree.fromstring(archive.read(f"{folder}/_rels/{file_name}.rels"))
    except Exception:  # no relationships, or unreadable ones: then no tables are known
        return frozenset()
    rows: set[int] = set()
    for rel in rels.iter(f"{_PKG_REL_NS}Relationship"):
        target = rel.get("Target", "")
        if not rel.get("Type", "").endswith("/table") or rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
        try:
            table = ElementTree.fromstring(archive.read(normalise_member(path)))
            count = int(table.get("totalsRowCount", "0") or 0)
        except Exception:  # a damaged table part hides no rows; calamine still reads the cells
            continue
        ref = _TABLE_REF.fullmatch(table.get("ref", ""))
        if ref and count > 0:
            last = int(ref[4])
            rows.update(range(max(int(ref[2]), last - count + 1) - 1, last))
    return frozenset(rows)


def _merged_cells(xml: bytes) -> list[Merge]:
    """The sheet's merged ranges (`<mergeCell ref="A1:C2"/>`), zero-based, cut to the bounds."""
    at = xml.find(b"mergeCell")
    if at < 0:
        return []
    ranges = []
    for first, first_row, last, last_row in _MERGE_REF.findall(xml, max(at - 64, 0)):
        top, left = int(first_row) - 1, column_index(first.decode())
        bottom, right = (int(last_row) - 1, column_index(last.decode())) if last else (top, left)
        merge = within_reach((min(top, bottom), min(left, right), max(top, bottom), max(left, right)))
        if merge:
            ranges.append(merge)
    return ranges


def _with_members(archive: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    """The package again, with some members replaced, stored uncompressed for calamine."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for info in archive.infolist():
            copy.writestr(info.filename, replaced.get(info.filename) or archive.read(info))
    return out.getvalue()


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise WorkbookUnreadable("does not exist: check the path, or give another with --workbook PATH")
    if path.is_dir():
        raise WorkbookUnreadable("is a folder, not a workbook: give the path of the .xlsx or .ods file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise WorkbookUnreadable(f"cannot be read ({error.strerror or error})") from None
    if not data:
        raise WorkbookUnreadable("is empty (0 bytes): it may still be saving; try again, or restore it from a backup")
    return data


def sheet_parts(read: Callable[[str], bytes]) -> tuple[dict[str, tuple[str, str]], bool]:
    """Sheet name → the zip member holding its XML and its kind (worksheet, chartsheet, …); and the date system.

    `read` gives a member's bytes by name (a zip file's `read`, or a dict of parts' lookup) and raises
    KeyError for a member that is not there. The date system is True for Mac Excel's 1904 system
    (`<workbookPr date1904="1"/>`, or "true").
    """
    try:
        book = ElementTree.fromstring(read("xl/workbook.xml"))
        rels = ElementTree.fromstring(read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        raise WorkbookUnreadable(
            "is damaged: its list of sheets is missing; open it in Excel and save it again"
        ) from None
    except Exception as error:  # defusedxml raises its own types for forbidden constructs
        raise WorkbookUnreadable(f"is damaged or unsafe ({type(error).__name__}); save it again from Excel") from None
    targets = {
        rel.get("Id"): (rel.get("Target", ""), rel.get("Type", "").rsplit("/", 1)[-1])
        for rel in rels.iter(f"{_PKG_REL_NS}Relationship")
    }
    parts: dict[str, tuple[str, str]] = {}
    date1904 = False
    for main, rel in zip(_MAIN_NAMESPACES, _REL_NAMESPACES, strict=True):
        for sheet in book.iter(f"{{{main}}}sheet"):
            target, kind = targets.get(sheet.get(f"{{{rel}}}id"), ("", ""))
            if not target:
                continue
            member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            parts[sheet.get("name", "")] = (normalise_member(member), kind.removeprefix("xl").lower())
        for properties in book.iter(f"{{{main}}}workbookPr"):
            date1904 = properties.get("date1904", "").strip().casefold() in ("1", "true")
    return parts, date1904


def normalise_member(member: str) -> str:
    """A zip member's path with `.` and `..` resolved, as a relationship's target names it."""
    parts: list[str] = []
    for part in member.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _scan_special_cells(xml: bytes) -> dict[tuple[int, int], SpecialCell]:
    has_error = b't="e"' in xml
    # "<f" and ":f" also catch <f> and <f ...> with or without a prefix in two scans, not four;
    # anything else they match (a <firstHeader> outside the data) only costs the regex below.
    has_formula = b"<f" in xml or b":f" in xml
    if not (has_error or has_formula):
        return {}
    special: dict[tuple[int, int], SpecialCell] = {}
    for match in _SPECIAL_CELL.finditer(xml):
        attributes, content = match[1], match[2] or b""
        is_error = bool(_ERROR_TYPE.search(attributes))
        formula = _FORMULA.search(content)
        if not (is_error or formula):
            continue
        ref = _CELL_REF.search(attributes)
        if not ref:
            continue
        position = (int(ref[2]) - 1, column_index(ref[1].decode()))
        value = _VALUE.search(content)
        if is_error:
            special[position] = SpecialCell("error", value[1].decode("utf-8", "replace") if value else "#VALUE!")
        elif not value and not (_STRING_TYPE.search(attributes) and _HAS_VALUE.search(content)):
            # No saved value at all, or an empty one where only a text result (t="str") can be empty:
            # Excel saves =IF(…,"",…) as t="str" with an empty <v/>; openpyxl writes <v></v> for any formula.
            special[position] = SpecialCell("formula-no-value", _formula_text(content))
    return special


def _formula_text(content: bytes) -> str:
    match = re.search(rb"<(?:\w+:)?f\b[^>]*>(.*?)</(?:\w+:)?f>", content, re.S)
    return "=" + match[1].decode("utf-8", "replace") if match else "(shared formula)"


def sheet_key(name: str) -> str:
    """A sheet name as matched: case and spaces ignored."""
    return " ".join(name.split()).casefold()


def sheet_lookup(names: Sequence[str]) -> dict[str, list[str]]:
    """Sheet names as matched → every name written in the file that matches it, in workbook order."""
    found: dict[str, list[str]] = {}
    for name in names:
        found.setdefault(sheet_key(name), []).append(name)
    return found

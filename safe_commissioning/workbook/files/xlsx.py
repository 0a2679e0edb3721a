"""Open an .xlsx file safely and fast, or say in one line why it cannot be used.

Cell values come from calamine (Rust; 10-20x faster than openpyxl here). Calamine shows an
Excel error value or a formula with no saved value as an empty cell, so the sheet XML is also
scanned for those few cells: a substring test first, a regular expression only when needed.
Before any parser sees the file it is checked for the usual traps: not a zip, an old .xls,
password protection, a zip bomb, too many shared strings, XML entity declarations, and sheets
reaching so far that calamine's grid would not fit in memory (see `reach`). The file is read
once: its hash and everything parsed come from the same bytes, even if Excel or OneDrive
replaces the file while the build runs.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import python_calamine
from defusedxml import ElementTree

from safe_commissioning.workbook.files import reach
from safe_commissioning.workbook.files.traps import (
    refuse_hostile_archive,
    refuse_non_zip,
    refuse_other_zip_formats,
    refuse_too_many_strings,
)
from safe_commissioning.workbook.findings.messages import Severity
from safe_commissioning.workbook.findings.places import NOWHERE, Place, column_index, column_letter, place_of
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


@dataclass(frozen=True)
class SpecialCell:
    """A cell whose real content calamine cannot show: an Excel error or an unsaved formula."""

    kind: str  # "error" or "formula-no-value"
    text: str  # the error value (#REF!) or the formula


@dataclass(frozen=True)
class SheetLayout:
    """How a sheet is laid out beyond its cell values: merged ranges and an Excel Table's totals rows."""

    merges: tuple[tuple[int, int, int, int], ...] = ()  # (first row, first column, last row, last column), zero-based
    totals_rows: frozenset[int] = frozenset()  # zero-based indexes of Excel Table Total Rows


@dataclass
class RawWorkbook:
    """Sheet names and raw cell rows, straight from the file."""

    path: Path
    content_hash: str
    sheet_names: list[str]
    _book: python_calamine.CalamineWorkbook
    _special: dict[str, dict[tuple[int, int], SpecialCell]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # sheet name → "worksheet", "chartsheet", …
    findings: list[Finding] = field(default_factory=list)  # sheets cut down or refused before reading
    refused: frozenset[str] = frozenset()  # sheets too large to read at all
    _totals: dict[str, frozenset[int]] = field(default_factory=dict)  # sheet → its Excel Tables' totals rows
    date1904: bool = False  # the workbook counts day numbers from 1904 (Mac Excel's date system), not 1900

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

    def merged_ranges(self, sheet_name: str) -> list[tuple[int, int, int, int]]:
        """The sheet's merged cells: (first row, first column, last row, last column), zero-based, inclusive."""
        if sheet_name in self.refused:
            return []
        try:
            ranges = self._book.get_sheet_by_name(sheet_name).merged_cell_ranges or []
        except Exception:  # calamine raises several unrelated types for damaged parts
            return []
        return [(top, left, bottom, right) for (top, left), (bottom, right) in ranges]

    def layout(self, sheet_name: str) -> SheetLayout:
        """The sheet's merged ranges and Excel Table totals rows."""
        return SheetLayout(tuple(self.merged_ranges(sheet_name)), self._totals.get(sheet_name, frozenset()))

    def special_cells(self, sheet_name: str) -> dict[tuple[int, int], SpecialCell]:
        """Excel errors and unsaved formulas, keyed by zero-based (row, column)."""
        return self._special.get(sheet_name, {})


def open_workbook(path: Path) -> RawWorkbook:
    """Open `path` as an .xlsx workbook or raise `WorkbookUnreadable` saying why not."""
    data = _read_bytes(path)
    content_hash = hashlib.sha256(data).hexdigest()  # of the very bytes parsed below
    refuse_non_zip(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            refuse_other_zip_formats(archive)
            refuse_hostile_archive(archive)
            refuse_too_many_strings(archive)
            parts, date1904 = _sheet_parts(archive)
            sheets = _SheetScan()
            for name, (member, kind) in parts.items():
                if kind == "worksheet":
                    sheets.scan(archive, name, member)
            if sheets.rewritten:
                data = _with_members(archive, sheets.rewritten)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError):
        raise WorkbookUnreadable(
            "is damaged (not a complete .xlsx file): restore it from a backup or save it again from Excel"
        ) from None
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise WorkbookUnreadable("is password-protected: save a copy without a password and build from that") from None
    except Exception as error:  # calamine raises several unrelated types for damaged parts
        raise WorkbookUnreadable(
            f"is damaged and cannot be read ({error}); open it in Excel and save it again"
        ) from None
    return RawWorkbook(
        path,
        content_hash,
        list(book.sheet_names),
        book,
        {k: v for k, v in sheets.special.items() if v},
        kinds={name: kind for name, (_, kind) in parts.items()},
        findings=sheets.findings,
        refused=frozenset(sheets.refused),
        _totals={name: rows for name, rows in sheets.totals.items() if rows},
        date1904=date1904,
    )


@dataclass
class _SheetScan:
    """What scanning each worksheet's XML found: special cells, far cells, sheets refused."""

    special: dict[str, dict[tuple[int, int], SpecialCell]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    rewritten: dict[str, bytes] = field(default_factory=dict)  # member → XML with the far cells cut out
    totals: dict[str, frozenset[int]] = field(default_factory=dict)  # sheet → its Excel Tables' totals rows

    def scan(self, archive: zipfile.ZipFile, name: str, member: str) -> None:
        """Measure one sheet's reach, cut out far cells, refuse it if still too large, find special cells."""
        try:
            xml = archive.read(member)
        except KeyError:
            return
        extent = reach.measure(xml)
        if extent.far_cells:
            xml = reach.without_far_cells(xml, extent)
            self.rewritten[member] = xml
            self.findings.append(_far_cells_finding(name, extent))
        if extent.elements > reach.MAX_CELLS:
            self._refuse(
                name,
                NOWHERE,
                f"The sheet holds more than {reach.MAX_CELLS:,} cells, the most the dashboard reads from one "
                "sheet: keep only the data the dashboard needs, or split it",
            )
            return
        if extent.cells > reach.MAX_CELLS:
            self._refuse(
                name,
                place_of(extent.corner),
                f"The sheet's cells reach {extent.corner}, a grid of {extent.rows:,} rows by {extent.columns:,} "
                f"columns ({extent.cells:,} cells, more than the {reach.MAX_CELLS:,} the dashboard reads): "
                "delete stray cells far from your data, or clear everything below and to the right of it",
            )
            return
        self.special[name] = _scan_special_cells(xml)
        if b"tablePart" in xml:
            self.totals[name] = _table_totals_rows(archive, member)

    def _refuse(self, name: str, place: Place, message: str) -> None:
        """Refuse the sheet `name` as too large to read, saying why."""
        self.refused.add(name)
        self.findings.append(_sheet_error("sheet-too-large", name, place, message))


_TABLE_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)")


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
            table = ElementTree.fromstring(archive.read(_normalise_member(path)))
            count = int(table.get("totalsRowCount", "0") or 0)
        except Exception:  # a damaged table part hides no rows; calamine still reads the cells
            continue
        ref = _TABLE_REF.fullmatch(table.get("ref", ""))
        if ref and count > 0:
            last = int(ref[4])
            rows.update(range(max(int(ref[2]), last - count + 1) - 1, last))
    return frozenset(rows)


def _far_cells_finding(sheet: str, extent: reach.Reach) -> Finding:
    first, more = extent.far_cells[0], len(extent.far_cells) - 1
    others = f" ({more:,} more such cell{'s' if more != 1 else ''} too)" if more else ""
    return Finding.at(
        Severity.WARNING,
        "far-cell",
        sheet,
        place_of(first),
        f"A cell far outside the data holds a value{others}, beyond row {reach.MAX_ROWS:,} or column "
        f"{column_letter(reach.MAX_COLUMNS - 1)}, the furthest the dashboard reads; it is ignored: delete it, "
        "or clear everything below and to the right of your data",
    )


def _sheet_error(code: str, sheet: str, place: Place, message: str) -> Finding:
    return Finding.at(Severity.ERROR, code, sheet, place, message)


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
        raise WorkbookUnreadable("is a folder, not a workbook: give the path of the .xlsx file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise WorkbookUnreadable(f"cannot be read ({error.strerror or error})") from None
    if not data:
        raise WorkbookUnreadable("is empty (0 bytes): it may still be saving; try again, or restore it from a backup")
    return data


def _sheet_parts(archive: zipfile.ZipFile) -> tuple[dict[str, tuple[str, str]], bool]:
    """Sheet name → the zip member holding its XML and its kind (worksheet, chartsheet, …); and the date system.

    The date system is True for Mac Excel's 1904 system (`<workbookPr date1904="1"/>`, or "true").
    """
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
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
            parts[sheet.get("name", "")] = (_normalise_member(member), kind.removeprefix("xl").lower())
        for properties in book.iter(f"{{{main}}}workbookPr"):
            date1904 = properties.get("date1904", "").strip().casefold() in ("1", "true")
    return parts, date1904


def _normalise_member(member: str) -> str:
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

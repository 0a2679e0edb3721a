"""The usual traps of a file that claims to be a workbook, refused before any parser sees it.

Not a zip (an old .xls, a flat .fods, an Excel 2003 XML or HTML file, CSV or text), password or
label protection, another zip format (.xlsb, a document that is not a spreadsheet), a zip bomb,
too many shared strings, and XML with a document type or entity declaration. Each refusal is a
`WorkbookUnreadable` saying in one line what the file is and what to do. An .xlsx and an .ods
pass; `zip_format` says which it is.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

from safe_commissioning.workbook.findings.report import WorkbookUnreadable

MAX_UNCOMPRESSED = 256 << 20  # 256 MiB: the generated 10,000-contract workbook expands to 43 MiB
MAX_SHARED_STRINGS = 1_000_000  # different texts; the 10,000-contract workbook has about 120,000
PASSWORD_PROTECTED = "is password-protected: save a copy without a password and build from that"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")  # the stream a password's key is kept in
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the workbook, encrypted
_RIGHTS_MANAGED = "DRMEncrypted".encode("utf-16-le")  # DRMEncryptedDataSpace / Transform: rights management
# The root element of a spreadsheet written as one XML or HTML file: its local name and its attributes
_ROOT = re.compile(
    rb"\s*(?:<\?(?:(?!\?>).)*\?>\s*|<!--(?:(?!-->).)*-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:[\w.-]+:)?([\w.-]+)((?:\s[^>]*)?)>",
    re.S | re.I,
)
_FLAT_ODS = re.compile(rb"""mimetype\s*=\s*["']application/vnd\.oasis\.opendocument\.spreadsheet\b""")
_SPREADSHEETML = re.compile(rb"""=\s*["']urn:schemas-microsoft-com:office:spreadsheet["']""")


def refuse_non_zip(data: bytes) -> None:
    """Refuse a file that is not a zip package, saying what it is when that is known."""
    if data.startswith(_CFB_MAGIC):
        if _RIGHTS_MANAGED in data or (_ENCRYPTED_PACKAGE in data and _ENCRYPTION_INFO not in data):
            raise WorkbookUnreadable(
                "is protected by a sensitivity label or Information Rights Management, so it cannot be read: "
                "ask for (or save) a copy without protection and build from that"
            )
        if _ENCRYPTION_INFO in data:
            raise WorkbookUnreadable(PASSWORD_PROTECTED)
        raise WorkbookUnreadable(
            "is an Excel 97-2003 (.xls) or other old Office file: open it in Excel and save it as .xlsx"
        )
    if data.startswith(b"PK"):
        return
    root = _ROOT.match(_head(data))
    name, attributes = (root[1], root[2]) if root else (b"", b"")
    if name == b"document" and _FLAT_ODS.search(attributes):
        raise WorkbookUnreadable("is a flat OpenDocument spreadsheet (.fods): save it as .ods or .xlsx")
    if name == b"Workbook" and _SPREADSHEETML.search(attributes):
        raise WorkbookUnreadable(
            "is an Excel 2003 XML spreadsheet (SpreadsheetML): open it in Excel and save it as .xlsx"
        )
    if name.lower() in (b"html", b"table"):
        raise WorkbookUnreadable("is a web page (HTML), not a workbook: open it in Excel and save it as .xlsx")
    if _looks_like_text(data):
        raise WorkbookUnreadable(
            "is a text or CSV file, not an .xlsx or .ods workbook: open it in Excel and save it as .xlsx"
        )
    raise WorkbookUnreadable(
        "is not a spreadsheet workbook (.xlsx or .ods): give the master workbook, saved from Excel as .xlsx"
    )


def zip_format(archive: zipfile.ZipFile) -> str:
    """The format of a zip package the dashboard reads, "xlsx" or "ods"; refuse any other."""
    names = set(archive.namelist())
    mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    if mimetype.startswith(ODS_MIMETYPE):
        return "ods"
    if b"opendocument" in mimetype:
        raise WorkbookUnreadable(
            "is an OpenDocument file but not a spreadsheet (a text document or presentation): give the workbook, "
            "as .xlsx or .ods"
        )
    if "xl/workbook.bin" in names:
        raise WorkbookUnreadable("is a binary Excel workbook (.xlsb): save it as .xlsx")
    if "xl/workbook.xml" not in names:
        raise WorkbookUnreadable("is a zip file but not a spreadsheet workbook: give the .xlsx or .ods file")
    return "xlsx"


def _head(data: bytes) -> bytes:
    """The start of a file, as UTF-8 if it is written in UTF-16 (the root of a flat file can be long)."""
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace").encode("utf-8")
    return head.removeprefix(b"\xef\xbb\xbf")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in sample


def refuse_hostile_archive(archive: zipfile.ZipFile) -> None:
    """Refuse zip bombs and XML with entity declarations before any XML parser runs."""
    infos = archive.infolist()
    expanded = sum(info.file_size for info in infos)
    if expanded > MAX_UNCOMPRESSED:
        raise WorkbookUnreadable(
            f"expands to {_mib(expanded)} MiB, more than the {_mib(MAX_UNCOMPRESSED)} MiB the dashboard reads: "
            "it is not a usable workbook (possibly a zip bomb); delete unneeded sheets and images, or save it again"
        )
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as member:
            prolog = _prolog(member)
        folded = prolog.replace(b"\x00", b"").upper()
        if b"<!DOCTYPE" in folded or b"<!ENTITY" in folded:
            raise WorkbookUnreadable(
                f"contains an XML document type or entity declaration in {info.filename}, which Excel and "
                "LibreOffice never write; refusing it for safety (save a fresh copy)"
            )


def _mib(size: int) -> str:
    return f"{size / (1 << 20):,.0f}"


_SHARED_STRINGS_MEMBER = "xl/sharedStrings.xml"
_UNIQUE_COUNT = re.compile(rb'\buniqueCount\s*=\s*"\s*(\d+)')


def refuse_too_many_strings(archive: zipfile.ZipFile) -> None:
    """Refuse more shared strings than any workbook needs, before calamine reserves room for them."""
    try:
        info = archive.getinfo(_SHARED_STRINGS_MEMBER)
    except KeyError:
        return
    xml = archive.read(info)
    declared = _UNIQUE_COUNT.search(xml, 0, 4096)
    # bytes.count is C-fast and holds nothing; "<si" also starts nothing else in this part
    written = sum(xml.count(tag) for tag in (b"<si>", b"<si ", b":si>", b":si "))
    count = max(int(declared[1]) if declared else 0, written)
    if count > MAX_SHARED_STRINGS:
        raise WorkbookUnreadable(
            f"has {count:,} different texts (shared strings), more than the {MAX_SHARED_STRINGS:,} the dashboard "
            "reads: it is not a usable commissioning workbook; restore it from a backup or save it again from Excel"
        )


_ROOT_ELEMENT = re.compile(rb"<\x00?[A-Za-z_]")
_PROLOG_LIMIT = 1 << 20  # a prolog longer than this is not something Excel writes


def _prolog(member: IO[bytes]) -> bytes:
    """Everything before an XML part's root element, where a DOCTYPE or ENTITY would have to be."""
    data = b""
    while len(data) < _PROLOG_LIMIT:
        chunk = member.read(65536)
        if not chunk:
            return data
        data += chunk
        root = _ROOT_ELEMENT.search(_strip_comments(data))
        if root:
            return data
    return data  # a megabyte without an element: scanned whole, DOCTYPE or not


def _strip_comments(data: bytes) -> bytes:
    return re.sub(rb"<!--.*?-->", b"", data, flags=re.S)

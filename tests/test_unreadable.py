"""A file that is not a readable .xlsx or .ods (SPEC §2 Validation, §5 exit codes): one clear error naming the file, exit 1, no traceback."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-untyped]

from safe_commissioning.workbook.reading import read_workbook

from .conftest import REPORT_DATE, minimal_sheets, write_xlsx
from .opendocument import MANIFEST, content_xml, write_ods, write_package

PROJECT = Path(__file__).resolve().parent.parent
NAME = "commissioning.xlsx"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENTITY_BOMB = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)

Maker = Callable[[Path], Path]


def valid_workbook(folder: Path) -> Path:
    return write_xlsx(folder / "valid.xlsx", minimal_sheets())


def rewritten(folder: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of a valid workbook with some members changed (None drops the member)."""
    source = valid_workbook(folder)
    target = folder / NAME
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            data = change(info.filename, original.read(info.filename))
            if data is not None:
                copy.writestr(info.filename, data)
    return target


def with_doctype(data: bytes, padding: bytes = b"") -> bytes:
    declaration = re.match(rb"<\?xml[^>]*\?>", data)
    at = declaration.end() if declaration else 0
    return data[:at] + padding + ENTITY_BOMB + data[at:]


def contracts_member(name: str, data: bytes) -> bool:
    return name.startswith("xl/worksheets/") and b"<t>Contract ID</t>" in data


def zip_of(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


# How each unreadable file is made --------------------------------------------------------------


def missing(folder: Path) -> Path:
    return folder / NAME


def a_folder(folder: Path) -> Path:
    (folder / NAME).mkdir()
    return folder / NAME


def empty(folder: Path) -> Path:
    (folder / NAME).write_bytes(b"")
    return folder / NAME


def csv_renamed(folder: Path) -> Path:
    (folder / NAME).write_text("Contract ID,Title,Supplier\nC-1,Family support,Acme Care Ltd\n", encoding="utf-8")
    return folder / NAME


def an_image(folder: Path) -> Path:
    (folder / NAME).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return folder / NAME


def truncated(folder: Path) -> Path:
    data = valid_workbook(folder).read_bytes()
    (folder / NAME).write_bytes(data[: len(data) // 2])
    return folder / NAME


def corrupt_member(folder: Path) -> Path:
    """A complete zip whose Contracts sheet's compressed bytes were damaged (a bad disk, a broken download)."""
    source = valid_workbook(folder)
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = next(i for i in archive.infolist() if contracts_member(i.filename, archive.read(i.filename)))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 10, start + 60):
        data[offset] ^= 0xFF
    (folder / NAME).write_bytes(bytes(data))
    return folder / NAME


def old_xls(folder: Path) -> Path:
    # An OLE compound file, as Excel 97-2003 writes: the signature, then sectors naming a Workbook stream.
    header = OLE_MAGIC + bytes(16) + struct.pack("<HH", 0x3E, 3) + b"\xfe\xff" + bytes(470)
    (folder / NAME).write_bytes(header + "Workbook".encode("utf-16-le") + bytes(1024))
    return folder / NAME


def password_protected(folder: Path) -> Path:
    """A real encrypted workbook, as Excel writes one when a password is set (agile encryption)."""
    source = valid_workbook(folder)
    with source.open("rb") as plain, (folder / NAME).open("wb") as encrypted:
        OOXMLFile(plain).encrypt("secret", encrypted)
    return folder / NAME


def password_protected_crafted(folder: Path) -> Path:
    header = OLE_MAGIC + bytes(504)
    (folder / NAME).write_bytes(header + "EncryptionInfo".encode("utf-16-le") + bytes(1024))
    return folder / NAME


def entity_bomb_in_workbook_xml(folder: Path) -> Path:
    return rewritten(folder, lambda name, data: with_doctype(data) if name == "xl/workbook.xml" else data)


def entity_bomb_in_a_sheet(folder: Path) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if not contracts_member(name, data):
            return data
        return with_doctype(data).replace(b"<t>C-1</t>", b"<t>&lol3;</t>")

    return rewritten(folder, change)


def entity_bomb_after_a_long_comment(folder: Path) -> Path:
    comment = b"<!--" + b" padding " * 1000 + b"-->"

    def change(name: str, data: bytes) -> bytes:
        if not contracts_member(name, data):
            return data
        return with_doctype(data, comment).replace(b"<t>C-1</t>", b"<t>&lol3;</t>")

    return rewritten(folder, change)


def entity_bomb_in_workbook_xml_after_a_long_comment(folder: Path) -> Path:
    comment = b"<!--" + b" padding " * 1000 + b"-->"
    return rewritten(folder, lambda name, data: with_doctype(data, comment) if name == "xl/workbook.xml" else data)


def zip_bomb(folder: Path) -> Path:
    """A workbook whose zip directory says a member expands to 2 GiB."""
    data = bytearray(valid_workbook(folder).read_bytes())
    entry = data.index(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = struct.pack("<I", 0x7FFFFFFF)
    (folder / NAME).write_bytes(bytes(data))
    return folder / NAME


def a_zip_of_other_files(folder: Path) -> Path:
    return zip_of(folder / NAME, {"minutes.txt": b"Contract monitoring minutes"})


def a_word_document(folder: Path) -> Path:
    return zip_of(folder / NAME, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def an_odt(folder: Path) -> Path:
    return zip_of(
        folder / NAME,
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content/>",
            "META-INF/manifest.xml": b"<manifest:manifest/>",
        },
    )


def flat_ods(folder: Path) -> Path:
    """A flat OpenDocument spreadsheet, its root as long as LibreOffice writes it (some 4 KB of namespaces)."""
    namespaces = "".join(f' xmlns:ns{n}="urn:example:namespace:{n}"' for n in range(80))
    (folder / NAME).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"{namespaces} '
        'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
        "<office:body><office:spreadsheet/></office:body></office:document>",
        encoding="utf-8",
    )
    return folder / NAME


def spreadsheetml_2003(folder: Path) -> Path:
    (folder / NAME).write_text(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Contracts"><Table><Row><Cell>'
        '<Data ss:Type="String">Contract ID</Data></Cell></Row></Table></Worksheet></Workbook>',
        encoding="utf-8",
    )
    return folder / NAME


def html_saved_as_xls(folder: Path) -> Path:
    """A web page named .xls, as finance and HR systems export one (here in Windows-1252: not UTF-8)."""
    (folder / NAME).write_bytes(
        b'<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="windows-1252"></head>'
        b"<body><table><tr><td>Contract ID</td><td>Value</td></tr><tr><td>C-1</td><td>\xa312,500</td></tr>"
        b"</table></body></html>"
    )
    return folder / NAME


def label_protected(folder: Path) -> Path:
    """Protected by a sensitivity label: the encrypted package and its data spaces, but no password key."""
    streams = ("\x06DataSpaces", "DataSpaceMap", "EncryptedPackage")
    (folder / NAME).write_bytes(OLE_MAGIC + bytes(504) + b"".join(s.encode("utf-16-le") + bytes(16) for s in streams))
    return folder / NAME


def rights_managed_xls(folder: Path) -> Path:
    """An old binary workbook under Information Rights Management: its data space says DRM."""
    streams = ("Workbook", "\x06DataSpaces", "DRMEncryptedDataSpace", "\tDRMContent")
    (folder / NAME).write_bytes(OLE_MAGIC + bytes(504) + b"".join(s.encode("utf-16-le") + bytes(16) for s in streams))
    return folder / NAME


def ods_package(folder: Path, content: bytes, manifest: str = MANIFEST) -> Path:
    return write_package(folder / NAME, content, manifest=manifest)


def valid_ods(folder: Path) -> Path:
    return write_ods(folder / NAME, minimal_sheets())


def ods_changed(folder: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of a valid .ods with some members changed (None drops the member)."""
    source = write_ods(folder / "valid.ods", minimal_sheets())
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(folder / NAME, "w") as copy:
        for info in original.infolist():
            data = change(info.filename, original.read(info.filename))
            if data is not None:
                copy.writestr(info, data)
    return folder / NAME


def password_protected_ods(folder: Path) -> Path:
    manifest = MANIFEST.replace(
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/>'
        "</manifest:encryption-data></manifest:file-entry>",
    )
    return ods_package(folder, content_xml({"Contracts": ""}), manifest)


def ods_entity_bomb(member: str) -> Maker:
    def make(folder: Path) -> Path:
        return ods_changed(folder, lambda name, data: with_doctype(data) if name == member else data)

    return make


def ods_zip_bomb(folder: Path) -> Path:
    data = bytearray(valid_ods(folder).read_bytes())
    entry = data.index(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = struct.pack("<I", 0x7FFFFFFF)
    (folder / NAME).write_bytes(bytes(data))
    return folder / NAME


def ods_not_well_formed(folder: Path) -> Path:
    content = content_xml({"Contracts": "<table:table-row><table:table-cell></table:table-row>"})
    return ods_package(folder, content)


def ods_repeated_no_times(folder: Path) -> Path:
    row = '<table:table-row table:number-rows-repeated="0"><table:table-cell office:value="1"/></table:table-row>'
    return ods_package(folder, content_xml({"Contracts": row}))


def ods_without_content(folder: Path) -> Path:
    return ods_changed(folder, lambda name, data: None if name == "content.xml" else data)


def ods_of_many_texts_repeated(folder: Path) -> Path:
    """Tiny on disk: one long text, repeated over 200 columns and 15,000 rows, would fill 3 GB in calamine."""
    cell = '<table:table-cell office:value-type="string" table:number-columns-repeated="200">'
    rows = f'<table:table-row table:number-rows-repeated="15000">{cell}<text:p>{"x" * 1000}</text:p></table:table-cell></table:table-row>'
    return ods_package(folder, content_xml({"Contracts": rows}))


def an_xlsb(folder: Path) -> Path:
    return zip_of(folder / NAME, {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01\x00"})


def damaged_sheet_xml(folder: Path) -> Path:
    return rewritten(folder, lambda name, data: data[: len(data) // 2] if contracts_member(name, data) else data)


def without_workbook_relationships(folder: Path) -> Path:
    return rewritten(folder, lambda name, data: None if name == "xl/_rels/workbook.xml.rels" else data)


PROTECTED = (
    "is protected by a sensitivity label or Information Rights Management, so it cannot be read: ask for (or save) "
    "a copy without protection and build from that"
)
NOT_A_WORKBOOK = "is a zip file but not a spreadsheet workbook: give the .xlsx or .ods file"
# (make the file, what the officer is told after the file name; None where only "one clear error" is fixed)
CASES = [
    pytest.param(missing, "does not exist: check the path, or give another with --workbook PATH", id="does not exist"),
    pytest.param(a_folder, "is a folder, not a workbook: give the path of the .xlsx or .ods file", id="a folder"),
    pytest.param(
        empty, "is empty (0 bytes): it may still be saving; try again, or restore it from a backup", id="empty file"
    ),
    pytest.param(
        csv_renamed,
        "is a text or CSV file, not an .xlsx or .ods workbook: open it in Excel and save it as .xlsx",
        id="CSV renamed .xlsx",
    ),
    pytest.param(an_image, None, id="an image renamed .xlsx"),
    pytest.param(
        truncated,
        "is damaged (not a complete .xlsx or .ods file): restore it from a backup or save it again",
        id="truncated zip",
    ),
    pytest.param(corrupt_member, None, id="corrupt zip member"),
    pytest.param(
        old_xls,
        "is an Excel 97-2003 (.xls) or other old Office file: open it in Excel and save it as .xlsx",
        id="old .xls",
    ),
    pytest.param(
        password_protected,
        "is password-protected: save a copy without a password and build from that",
        id="password-protected",
    ),
    pytest.param(
        password_protected_crafted,
        "is password-protected: save a copy without a password and build from that",
        id="password-protected OLE with EncryptionInfo",
    ),
    pytest.param(
        entity_bomb_in_workbook_xml,
        "contains an XML document type or entity declaration in xl/workbook.xml, which Excel and LibreOffice "
        "never write; refusing it for safety (save a fresh copy)",
        id="entity bomb in xl/workbook.xml",
    ),
    pytest.param(entity_bomb_in_a_sheet, None, id="entity bomb in a sheet"),
    pytest.param(entity_bomb_after_a_long_comment, None, id="entity bomb in a sheet after a long comment"),
    pytest.param(
        entity_bomb_in_workbook_xml_after_a_long_comment, None, id="entity bomb in xl/workbook.xml after a long comment"
    ),
    pytest.param(
        zip_bomb,
        "expands to 2,048 MiB, more than the 256 MiB the dashboard reads: it is not a usable workbook "
        "(possibly a zip bomb); delete unneeded sheets and images, or save it again",
        id="zip bomb",
    ),
    pytest.param(a_zip_of_other_files, NOT_A_WORKBOOK, id="a zip of other files"),
    pytest.param(a_word_document, NOT_A_WORKBOOK, id="a Word document"),
    pytest.param(
        an_odt,
        "is an OpenDocument file but not a spreadsheet (a text document or presentation): give the workbook, "
        "as .xlsx or .ods",
        id="an OpenDocument text document",
    ),
    pytest.param(an_xlsb, "is a binary Excel workbook (.xlsb): save it as .xlsx", id="an .xlsb"),
    pytest.param(
        flat_ods, "is a flat OpenDocument spreadsheet (.fods): save it as .ods or .xlsx", id="a flat OpenDocument file"
    ),
    pytest.param(
        spreadsheetml_2003,
        "is an Excel 2003 XML spreadsheet (SpreadsheetML): open it in Excel and save it as .xlsx",
        id="an Excel 2003 XML file",
    ),
    pytest.param(
        html_saved_as_xls,
        "is a web page (HTML), not a workbook: open it in Excel and save it as .xlsx",
        id="an HTML table saved as .xls",
    ),
    pytest.param(label_protected, PROTECTED, id="protected by a sensitivity label"),
    pytest.param(rights_managed_xls, PROTECTED, id="an .xls under rights management"),
    pytest.param(
        password_protected_ods,
        "is password-protected: save a copy without a password and build from that",
        id="a password-protected .ods",
    ),
    pytest.param(
        ods_entity_bomb("content.xml"),
        "contains an XML document type or entity declaration in content.xml, which Excel and LibreOffice never "
        "write; refusing it for safety (save a fresh copy)",
        id="entity bomb in an .ods's content.xml",
    ),
    pytest.param(
        ods_entity_bomb("styles.xml"),
        "contains an XML document type or entity declaration in styles.xml, which Excel and LibreOffice never "
        "write; refusing it for safety (save a fresh copy)",
        id="entity bomb in an .ods's styles.xml",
    ),
    pytest.param(
        ods_zip_bomb,
        "expands to 2,048 MiB, more than the 256 MiB the dashboard reads: it is not a usable workbook "
        "(possibly a zip bomb); delete unneeded sheets and images, or save it again",
        id="an .ods zip bomb",
    ),
    pytest.param(
        ods_not_well_formed,
        "is damaged: its content.xml is not well-formed XML (mismatched tag at line 1); open it in LibreOffice and "
        "save it again",
        id="an .ods whose XML is not well formed",
    ),
    pytest.param(
        ods_repeated_no_times,
        "is damaged: a count of repeated cells or rows is '0'; open it in LibreOffice and save it again",
        id="an .ods row repeated 0 times",
    ),
    pytest.param(
        ods_without_content,
        "is damaged: it has no sheets (no content.xml); open it in LibreOffice and save it again",
        id="an .ods without content.xml",
    ),
    pytest.param(
        ods_of_many_texts_repeated,
        "has cells whose text comes to 3,141 MiB once repeated cells are written out, more than the 256 MiB the "
        "dashboard reads: it is not a usable commissioning workbook; restore it from a backup, or open it in "
        "LibreOffice and save it again",
        id="an .ods whose repeated text would fill gigabytes",
    ),
    pytest.param(damaged_sheet_xml, None, id="damaged sheet XML"),
    pytest.param(without_workbook_relationships, None, id="workbook relationships missing"),
]


@pytest.mark.parametrize(("make", "told"), CASES)
def test_one_clear_error_naming_the_file(tmp_path: Path, make: Maker, told: str | None) -> None:
    path = make(tmp_path)
    workbook, report = read_workbook(path, as_of=None, today=REPORT_DATE)
    assert workbook is None
    assert [(f.severity.value, f.code, f.sheet, f.cell) for f in report] == [("error", "unreadable-file", "", "")]
    message = report.errors[0].message
    assert message.startswith(f"{NAME} "), message
    if told is not None:
        assert message == f"{NAME} {told}"


@pytest.mark.parametrize(("make", "told"), CASES)
def test_check_exits_1_without_a_traceback(tmp_path: Path, make: Maker, told: str | None) -> None:
    path = make(tmp_path)
    finished = subprocess.run(
        [sys.executable, "build.py", "check", "--workbook", str(path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = finished.stdout + finished.stderr
    assert finished.returncode == 1, output
    assert "Traceback" not in output
    assert f"error: {NAME}" in output
    assert told is None or told in output
    assert "1 error, 0 warnings" in output

"""Hostile and damaged workbooks: a clear finding naming its place, never a traceback, an abort or runaway memory."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart

from safe_commissioning.workbook.files import reach, xlsx
from safe_commissioning.workbook.reading import parse_workbook, read_workbook

from .conftest import REPORT_DATE, contract, headers, minimal_sheets, write_xlsx
from .conftest import summary as short

PROJECT = Path(__file__).resolve().parent.parent


def sheet_member(path: Path, first_header: bytes) -> str:
    """The zip member of the sheet whose header row holds `first_header` (openpyxl writes inline strings)."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and b"<t>%s</t>" % first_header in archive.read(name):
                return name
    raise AssertionError(f"no sheet holds {first_header!r}")


def rewritten(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one zip member in place (openpyxl cannot write cells at XFD1048576 or huge string tables)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[member] = change(parts.get(member, b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def with_stray_cells(path: Path, sheet_first_header: bytes, rows_xml: bytes) -> Path:
    member = sheet_member(path, sheet_first_header)
    return rewritten(path, member, lambda xml: xml.replace(b"</sheetData>", rows_xml + b"</sheetData>"))


def check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "build.py", "check", "--workbook", str(path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# 1. One read: the hash names the bytes that were parsed -------------------------------------------


def test_the_hash_is_of_the_bytes_parsed_even_if_the_file_is_replaced_mid_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "master.xlsx", minimal_sheets())
    original = path.read_bytes()
    newer = write_xlsx(tmp_path / "newer.xlsx", minimal_sheets(Contracts=[headers("Contracts"), contract(title="New")]))
    read_bytes = xlsx._read_bytes

    def read_then_replace(where: Path) -> bytes:
        data = read_bytes(where)
        newer.replace(where)  # Excel or OneDrive saving: write a new file, rename it over the old
        return data

    monkeypatch.setattr(xlsx, "_read_bytes", read_then_replace)
    workbook, report = read_workbook(path, as_of=None, today=REPORT_DATE)
    assert report.ok
    assert workbook is not None
    assert workbook.content_hash == hashlib.sha256(original).hexdigest()
    assert [c.title for c in workbook.contracts] == ["Family support"]  # the data of those same bytes


# 2. A sheet reaching far beyond its data -----------------------------------------------------------

FAR_CELLS = [
    pytest.param(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "XFD1048576", id="XFD1048576"),
    pytest.param(b'<row r="200001"><c r="A200001"><v>1</v></c></row>', "A200001", id="one row too far"),
    pytest.param(b'<row r="3"><c r="IW3"><v>1</v></c></row>', "IW3", id="one column too far"),
    pytest.param(b'<row r="1048576"><c><v>1</v></c></row>', "A1048576", id="a cell without r in a far row"),
    pytest.param(b'<x:c r="XFD1048576"><x:v>1</x:v></x:c>', "XFD1048576", id="a cell with a namespace prefix"),
]


@pytest.mark.parametrize(("stray", "where"), FAR_CELLS)
def test_a_far_stray_cell_is_ignored_with_a_warning_naming_it(tmp_path: Path, stray: bytes, where: str) -> None:
    path = with_stray_cells(write_xlsx(tmp_path / "w.xlsx", minimal_sheets()), b"Contract ID", stray)
    workbook, report = read_workbook(path, as_of=None, today=REPORT_DATE)
    far = [f for f in report if f.code == "far-cell"]
    assert [(f.severity.value, f.sheet, f.cell) for f in far] == [("warning", "Contracts", where)]
    assert far[0].format() == (
        f"Contracts!{where}: A cell far outside the data holds a value, beyond row 200,000 or column IV, the "
        "furthest the dashboard reads; it is ignored: delete it, or clear everything below and to the right of your data"
    )
    assert workbook is not None
    assert [c.contract_id for c in workbook.contracts] == ["C-1"]


def test_a_styled_empty_cell_far_away_is_no_problem(tmp_path: Path) -> None:
    path = with_stray_cells(
        write_xlsx(tmp_path / "w.xlsx", minimal_sheets()),
        b"Contract ID",
        b'<row r="1048576"><c r="XFD1048576" s="0"/></row>',
    )
    _, report = read_workbook(path, as_of=None, today=REPORT_DATE)
    assert "far-cell" not in {f.code for f in report}


def test_a_far_cell_costs_no_memory_and_no_abort_in_a_real_check(tmp_path: Path) -> None:
    path = with_stray_cells(
        write_xlsx(tmp_path / "w.xlsx", minimal_sheets()),
        b"Contract ID",
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    )
    finished = check(path)
    output = finished.stdout + finished.stderr
    assert finished.returncode == 0, output  # a warning: the build goes on without the stray cell
    assert "Traceback" not in output
    assert "Contracts!XFD1048576: A cell far outside the data holds a value" in output


def test_a_sheet_whose_cells_span_too_large_a_grid_is_refused(tmp_path: Path) -> None:
    # Within the row and column bounds, but IV150000 makes a grid of 38 million cells from A1.
    path = with_stray_cells(
        write_xlsx(tmp_path / "w.xlsx", minimal_sheets()),
        b"Contract ID",
        b'<row r="150000"><c r="IV150000"><v>1</v></c></row>',
    )
    finished = check(path)
    output = finished.stdout + finished.stderr
    assert finished.returncode == 1, output
    assert "Traceback" not in output
    assert (
        "Contracts!IV150000: The sheet's cells reach IV150000, a grid of 150,000 rows by 256 columns "
        "(38,400,000 cells, more than the 4,000,000 the dashboard reads): delete stray cells far from your data, "
        "or clear everything below and to the right of it"
    ) in output
    assert "Missing required sheet" not in output  # the sheet is there: only its size is wrong


def test_a_sheet_that_reaches_beyond_its_dimension_is_measured_exactly() -> None:
    xml = (
        b'<worksheet><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="2"><c r="B2"><v>1</v></c><c r="Z90000"><v>1</v></c></row></sheetData></worksheet>'
    )
    measured = reach.measure(xml)
    assert (measured.rows, measured.columns, measured.far_cells) == (90000, 26, [])


def test_cells_without_r_are_placed_as_calamine_places_them() -> None:
    xml = b'<sheetData><row r="5"><c><v>1</v></c><c r="D5"><v>1</v></c><c><v>1</v></c></row><row><c><v>1</v></c></row></sheetData>'
    measured = reach.measure(xml)
    assert (measured.rows, measured.columns) == (6, 5)  # E5 follows D5; the row after 5 is 6


def test_the_generated_large_workbook_is_measured_the_quick_way_and_well_inside_the_bounds(tmp_path: Path) -> None:
    sys.path.insert(0, str(PROJECT / "scripts"))
    from generate_workbook import generate

    path = tmp_path / "large.xlsx"
    generate(300, path)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name)
                quick = reach._quick_reach(xml)
                assert quick is not None, name
                exact = reach.exact_reach(xml)
                assert (quick.rows, quick.columns) == (exact.rows, exact.columns)
                assert quick.cells * 10 < reach.MAX_CELLS


# 3. Limits refused before memory grows ---------------------------------------------------------------


SHARED_STRINGS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    b"<si><t>Unused</t></si></sst>"
)


def shared_strings(path: Path, change: Callable[[bytes], bytes]) -> Path:
    return rewritten(path, "xl/sharedStrings.xml", lambda _: change(SHARED_STRINGS))


@pytest.mark.parametrize(
    ("change", "count"),
    [
        pytest.param(
            lambda xml: re.sub(rb'uniqueCount="\d+"', b'uniqueCount="4000000000"', xml), "4,000,000,000", id="declared"
        ),
        pytest.param(lambda xml: xml.replace(b"</sst>", b"<si><t/></si>" * 1_000_001 + b"</sst>"), None, id="written"),
    ],
)
def test_too_many_shared_strings_are_refused(
    tmp_path: Path, change: Callable[[bytes], bytes], count: str | None
) -> None:
    path = shared_strings(write_xlsx(tmp_path / "w.xlsx", minimal_sheets()), change)
    assert path.stat().st_size < 200_000  # small on disk, huge in memory
    workbook, report = read_workbook(path, as_of=None, today=REPORT_DATE)
    assert workbook is None
    assert short(report) == [("", "", "unreadable-file")]
    message = report.errors[0].message
    assert re.fullmatch(
        r"w\.xlsx has ([\d,]+) different texts \(shared strings\), more than the 1,000,000 the dashboard reads: "
        r"it is not a usable commissioning workbook; restore it from a backup or save it again from Excel",
        message,
    ), message
    if count:
        assert f"has {count} different" in message


def test_a_text_longer_than_excel_allows_is_an_error_at_its_cell(tmp_path: Path) -> None:
    # openpyxl cuts text at Excel's limit, so the extra character goes into the XML directly
    path = write_xlsx(
        tmp_path / "w.xlsx", minimal_sheets(Contracts=[headers("Contracts"), contract(notes="x" * 32_767)])
    )
    rewritten(path, sheet_member(path, b"Contract ID"), lambda xml: xml.replace(b"x" * 32_767, b"x" * 32_768))
    _, report = read_workbook(path, as_of=None, today=REPORT_DATE)
    found = [f for f in report if f.code == "text-too-long"]
    assert [f.format() for f in found] == [
        "Contracts!S2: Notes holds 32,768 characters, more than Excel's limit of 32,767 for one cell "
        "(Excel could not have saved it): shorten it"
    ]


def test_a_setting_longer_than_excel_allows_is_an_error_at_its_cell(tmp_path: Path) -> None:
    # A setting reaches cells of the register workbook (Department) that Excel could not open.
    sheets = minimal_sheets()
    sheets["Settings"] = [*sheets["Settings"], ["Department", "d" * 32_767]]
    path = write_xlsx(tmp_path / "w.xlsx", sheets)
    rewritten(path, sheet_member(path, b"Setting"), lambda xml: xml.replace(b"d" * 32_767, b"d" * 40_000))
    _, report = read_workbook(path, as_of=None, today=REPORT_DATE)
    assert [f.format() for f in report if f.code == "text-too-long"] == [
        "Settings!B6: Department holds 40,000 characters, more than Excel's limit of 32,767 for one cell "
        "(Excel could not have saved it): shorten it"
    ]
    assert not report.ok


def test_a_text_of_exactly_excels_limit_is_accepted(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "w.xlsx", minimal_sheets(Contracts=[headers("Contracts"), contract(notes="x" * 32_767)])
    )
    _, report = read_workbook(path, as_of=None, today=REPORT_DATE)
    assert "text-too-long" not in {f.code for f in report}


# 4. Two sheets that match one name -------------------------------------------------------------------


def test_two_sheets_differing_only_in_case_or_spaces_are_an_error_naming_both(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    sheets["Contracts "] = [headers("Contracts"), contract(contract_id="C-OLD")]
    path = write_xlsx(tmp_path / "w.xlsx", sheets)
    parsed = parse_workbook(path, as_of=None, today=REPORT_DATE)
    duplicates = [f for f in parsed.report if f.code == "duplicate-sheet"]
    assert [f.format() for f in duplicates] == [
        "Contracts: Sheets 'Contracts' and 'Contracts ' both read as the Contracts sheet (names match whatever "
        "their case or spaces), so it is not clear which holds the data: delete or rename the stale copy "
        "(the findings below are for 'Contracts')"
    ]
    assert duplicates[0].severity.value == "error"
    assert [row.values["contract_id"] for row in parsed.sheets["Contracts"].rows] == ["C-1"]


# 5. A chart sheet where a worksheet is needed --------------------------------------------------------


def test_a_required_sheet_that_is_a_chart_sheet_says_so(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", {k: v for k, v in minimal_sheets().items() if k != "Contracts"})
    book = openpyxl.load_workbook(path)
    book.create_chartsheet("Contracts").add_chart(BarChart())
    book.save(path)
    finished = check(path)
    output = finished.stdout + finished.stderr
    assert finished.returncode == 1, output
    assert "Traceback" not in output
    assert (
        "Contracts: 'Contracts' is a chart sheet, not a worksheet, so it holds no rows: keep the Contracts data on "
        "an ordinary worksheet named 'Contracts' (rename the chart sheet)"
    ) in output
    assert "Missing required sheet 'Contracts'" not in output


# 6. Headers below row 1 ------------------------------------------------------------------------------


def test_a_header_row_below_a_title_is_one_clear_error(tmp_path: Path) -> None:
    contracts: list[list[object]] = [["Contracts register 2024"], [], list(headers("Contracts")), contract()]
    path = write_xlsx(tmp_path / "w.xlsx", minimal_sheets(Contracts=contracts))
    workbook, report = read_workbook(path, as_of=None, today=REPORT_DATE)
    assert workbook is None
    contracts_findings = [f for f in report if f.sheet == "Contracts"]
    assert [f.format() for f in contracts_findings] == [
        "Contracts!A3: The header row is row 3, not row 1: delete the rows above it "
        "(the rows below it are checked as if it were row 1)"
    ]
    assert "unknown-reference" not in {f.code for f in report}  # Safeguarding still finds contract C-1


def test_a_header_row_in_row_1_is_not_looked_for_elsewhere(tmp_path: Path) -> None:
    contracts: list[list[object]] = [list(headers("Contracts")), contract(), list(headers("Contracts"))]
    path = write_xlsx(tmp_path / "w.xlsx", minimal_sheets(Contracts=contracts))
    _, report = read_workbook(path, as_of=None, today=REPORT_DATE)
    assert "header-row-not-first" not in {f.code for f in report}

"""OpenDocument spreadsheets (.ods): read with the checks an .xlsx gets, into the same records and findings."""

from __future__ import annotations

import dataclasses
import json
import random
import resource
import shutil
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from safe_commissioning.workbook.files import ods
from safe_commissioning.workbook.files.xlsx import open_workbook
from safe_commissioning.workbook.reading import read_workbook

from .conftest import (
    REPORT_DATE,
    Rows,
    complete_sheets,
    contract,
    headers,
    minimal_sheets,
    provider,
    safeguarding,
    write_xlsx,
)
from .opendocument import Cell, RawRows, content_xml, covered, error_cell, merged_cell, write_ods, write_package

PROJECT = Path(__file__).resolve().parent.parent
VALUE = '<table:table-cell office:value-type="float" office:value="1"/>'
GIB = 1 << 30


def messy_sheets() -> dict[str, Rows]:
    """A workbook as officers keep one: text dates and money, a slip or two, an unknown supplier."""
    return complete_sheets(
        Contracts=[
            headers("Contracts"),
            contract(annual_value=12500, total_value="£10m", publish="Y"),
            contract(contract_id="C-2", supplier="Nobody Ltd", start_date="01/04/2024", end_date="31/02/2025"),
            contract(contract_id="C-3", risk="Very high", works_with_children="No", annual_value=-5),
        ],
        Providers=[headers("Providers"), provider(company_number="1234567", sme="Yes")],
        Safeguarding=[headers("Safeguarding"), safeguarding(staff_in_contact=12.5, self_assessment_date="2024-13-01")],
    )


def check(path: Path, *options: str, memory: int | None = None) -> subprocess.CompletedProcess[str]:
    """`build.py check` on `path`, its address space limited to `memory` bytes if given."""

    def limit() -> None:
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "build.py", "check", "--workbook", str(path), *options],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=limit,
    )


def with_contract_rows(rows_xml: str) -> dict[str, Rows]:
    """The minimal workbook with these rows' XML after its one contract."""
    sheets = minimal_sheets()
    sheets["Contracts"] = [headers("Contracts"), contract(), RawRows(rows_xml)]
    return sheets


# 1. The same workbook as the .xlsx ---------------------------------------------------------------


@pytest.mark.parametrize("sheets", [complete_sheets(), messy_sheets()], ids=["clean", "messy"])
def test_an_ods_reads_as_the_xlsx_of_the_same_sheets(tmp_path: Path, sheets: dict[str, Rows]) -> None:
    from_xlsx, xlsx_report = read_workbook(write_xlsx(tmp_path / "w.xlsx", sheets), as_of=None, today=REPORT_DATE)
    from_ods, ods_report = read_workbook(write_ods(tmp_path / "w.ods", sheets), as_of=None, today=REPORT_DATE)
    assert [f.format() for f in ods_report] == [f.format() for f in xlsx_report]
    assert (from_ods is None) == (from_xlsx is None)
    if from_ods is not None and from_xlsx is not None:
        assert dataclasses.replace(from_ods, file_name="w.xlsx", content_hash=from_xlsx.content_hash) == from_xlsx


def test_an_ods_counts_days_from_1900_like_any_iso_date(tmp_path: Path) -> None:
    raw = open_workbook(write_ods(tmp_path / "w.ods", minimal_sheets()))
    assert raw.date1904 is False
    assert set(raw.kinds.values()) == {"worksheet"}


def test_sheet_names_come_from_calamine_unescaped(tmp_path: Path) -> None:
    raw = open_workbook(write_ods(tmp_path / "w.ods", {"Q&A <2024>": [["x"]], "Contracts": [["y"]]}))
    assert raw.sheet_names == ["Q&A <2024>", "Contracts"]
    assert raw.rows("Q&A <2024>") == [["x"]]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_workbook_saved_by_libreoffice_gives_the_findings_of_the_xlsx(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "officers.xlsx", messy_sheets())
    book = openpyxl.load_workbook(source)
    book["Contracts"]["S2"] = "=1/0"  # Notes; LibreOffice calculates it as it saves: #DIV/0!, stored as an empty text
    book["Contracts"].merge_cells("S3:T4")
    book.save(source)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "ods", "--outdir", str(tmp_path / "ods"), str(source)],
        capture_output=True,
        timeout=300,
        check=True,
    )
    converted = tmp_path / "ods" / "officers.ods"

    def findings(path: Path) -> dict[str, list[tuple[str, str, str]]]:
        found = json.loads(check(path, "--format", "json").stdout)["findings"]
        return {
            "S2": [(f["severity"], f["code"], f["message"]) for f in found if f["location"] == "Contracts!S2"],
            "others": [(f["severity"], f["location"], f["message"]) for f in found if f["location"] != "Contracts!S2"],
        }

    from_ods, from_xlsx = findings(converted), findings(source)
    assert from_ods["others"] == from_xlsx["others"]
    assert len(from_ods["others"]) > 5
    assert from_ods["S2"] == [
        ("error", "excel-error", "Notes holds the Excel error #DIV/0!: correct the formula or type the value in")
    ]
    assert from_xlsx["S2"][0][1] == "formula-no-value"  # openpyxl saves no value for a formula
    assert open_workbook(converted).merged_ranges("Contracts") == open_workbook(source).merged_ranges("Contracts")
    assert open_workbook(converted).merged_ranges("Contracts") == [(2, 18, 3, 19)]


@pytest.mark.slow
def test_both_sites_build_from_an_ods(tmp_path: Path) -> None:
    workbook = write_ods(tmp_path / "commissioning.ods", complete_sheets())
    out = tmp_path / "out"
    finished = subprocess.run(
        [sys.executable, "build.py", "--workbook", str(workbook), "--out", str(out), "--quiet"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    built = json.loads((out / "internal" / "data" / "build.json").read_text(encoding="utf-8"))
    assert built["workbook"] == "commissioning.ods"
    assert (out / "public" / "index.html").is_file()


# 2. Sheets reaching too far --------------------------------------------------------------------------

FAR = [
    pytest.param(
        '<table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="16384"/>'
        f'</table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/>{VALUE}'
        "</table:table-row>",
        "XFD1048576",
        id="XFD1048576, reached by repeated empty rows and cells",
    ),
    pytest.param(
        f'<table:table-row table:number-rows-repeated="199998"><table:table-cell/></table:table-row><table:table-row>{VALUE}</table:table-row>',
        "A200001",
        id="one row too far",
    ),
    pytest.param(
        f'<table:table-row><table:table-cell table:number-columns-repeated="256"/>{VALUE}</table:table-row>',
        "IW3",
        id="one column too far",
    ),
    pytest.param(
        '<table:table-row><table:table-cell table:number-columns-repeated="250"/><table:table-cell '
        'office:value-type="float" office:value="1" table:number-columns-repeated="100"/></table:table-row>',
        "IW3",
        id="a value repeated past column IV",
    ),
]


@pytest.mark.parametrize(("rows", "where"), FAR)
def test_a_far_cell_in_an_ods_is_cut_out_with_a_warning_naming_it(tmp_path: Path, rows: str, where: str) -> None:
    path = write_ods(tmp_path / "w.ods", with_contract_rows(rows))
    workbook, report = read_workbook(path, as_of=None, today=REPORT_DATE)
    far = [f for f in report if f.code == "far-cell"]
    assert [(f.severity.value, f.sheet, f.cell) for f in far] == [("warning", "Contracts", where)]
    assert far[0].message.startswith("A cell far outside the data holds a value, beyond row 200,000 or column IV")
    assert workbook is not None
    assert [c.contract_id for c in workbook.contracts] == ["C-1"]


def test_a_value_repeated_down_to_row_200000_is_kept_and_no_further(tmp_path: Path) -> None:
    rows = '<table:table-row table:number-rows-repeated="199990"><table:table-cell/></table:table-row>'
    rows += '<table:table-row table:number-rows-repeated="20"><table:table-cell office:value-type="string">'
    rows += "<text:p>x</text:p></table:table-cell></table:table-row>"
    raw = open_workbook(write_package(tmp_path / "w.ods", content_xml({"Notes": rows})))
    assert [f.cell for f in raw.findings] == ["A200001"]
    kept = raw.rows("Notes")
    assert (len(kept), kept[-1], kept[-10]) == (200_000, ["x"], ["x"])


def test_an_ods_sheet_whose_cells_span_too_large_a_grid_is_refused(tmp_path: Path) -> None:
    rows = '<table:table-row table:number-rows-repeated="149997"><table:table-cell/></table:table-row>'
    rows += f'<table:table-row><table:table-cell table:number-columns-repeated="255"/>{VALUE}</table:table-row>'
    workbook, report = read_workbook(
        write_ods(tmp_path / "w.ods", with_contract_rows(rows)), as_of=None, today=REPORT_DATE
    )
    assert workbook is None
    assert [f.format() for f in report if f.code == "sheet-too-large"] == [
        "Contracts!IV150000: The sheet's cells reach IV150000, a grid of 150,000 rows by 256 columns "
        "(38,400,000 cells, more than the 4,000,000 the dashboard reads): delete stray cells far from your data, "
        "or clear everything below and to the right of it"
    ]


def test_a_value_repeated_over_a_huge_block_is_refused_before_calamine_fills_it(tmp_path: Path) -> None:
    rows = '<table:table-row table:number-rows-repeated="100000"><table:table-cell office:value-type="float" '
    rows += 'office:value="1" table:number-columns-repeated="200"/></table:table-row>'
    raw = open_workbook(write_package(tmp_path / "w.ods", content_xml({"Block": rows})))
    assert [(f.code, f.cell) for f in raw.findings] == [("sheet-too-large", "GR1")]
    assert raw.refused == {"Block"}
    assert raw.rows("Block") == []


def test_rows_holding_one_value_at_column_xfd_cost_no_memory_in_a_real_check(tmp_path: Path) -> None:
    # Calamine stores 16,384 cells for each such row while it parses: 20,000 of them would ask for 17 GB.
    row = f'<table:table-row><table:table-cell table:number-columns-repeated="16383"/>{VALUE}</table:table-row>'
    path = write_ods(tmp_path / "w.ods", with_contract_rows(row * 20_000))
    assert path.stat().st_size < 100_000
    finished = check(path, memory=3 * GIB)
    output = finished.stdout + finished.stderr
    assert finished.returncode == 0, output
    assert "Traceback" not in output
    assert "Contracts!XFD3: A cell far outside the data holds a value (19,999 more such cells too)" in output


# 3. Errors, formulas and merged cells calamine does not show ------------------------------------------


def test_libreoffice_errors_are_excel_errors_at_their_cells(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    broken = contract(contract_id="C-2")
    broken[1] = error_cell("#NAME?", "of:=FOO()")  # Title
    broken[6] = error_cell("#DIV/0!")  # Start date
    broken[10] = error_cell("Err:502", "of:=SQRT(-1)")  # Annual value
    sheets["Contracts"] = [headers("Contracts"), contract(), broken]
    settings = list(sheets["Settings"])
    settings[1] = ["Organisation", error_cell("#N/A", "of:=NA()")]
    sheets["Settings"] = settings
    _, report = read_workbook(write_ods(tmp_path / "w.ods", sheets), as_of=None, today=REPORT_DATE)
    assert sorted(f.format() for f in report if f.code == "excel-error") == [
        "Contracts!B3: Title holds the Excel error #NAME?: correct the formula or type the value in",
        "Contracts!G3: Start date holds the Excel error #DIV/0!: correct the formula or type the value in",
        "Contracts!K3: Annual value holds the Excel error Err:502: correct the formula or type the value in",
        "Settings!B2: The cell holds the Excel error #N/A: correct it or type the value",
    ]


def test_an_error_saved_with_a_value_of_0_is_still_an_error(tmp_path: Path) -> None:
    cell = (
        '<table:table-cell table:formula="of:=SQRT(-1)" office:value-type="float" office:value="0">'
        "<text:p>Err:502</text:p></table:table-cell>"
    )
    rows = f"<table:table-row>{cell}</table:table-row>"
    raw = open_workbook(write_package(tmp_path / "w.ods", content_xml({"S": rows})))
    assert raw.rows("S") == [[0.0]]  # what calamine alone would have read
    assert [(place, cell.kind, cell.text) for place, cell in raw.special_cells("S").items()] == [
        ((0, 0), "error", "Err:502")
    ]


def test_a_formula_with_no_saved_value_is_a_warning(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    unsaved = '<table:table-cell table:formula="of:=[.A2]&amp;&quot;x&quot;"/>'
    sheets["Contracts"] = [headers("Contracts"), [*contract()[:18], Cell(unsaved)]]
    _, report = read_workbook(write_ods(tmp_path / "w.ods", sheets), as_of=None, today=REPORT_DATE)
    assert [f.format() for f in report if f.code == "formula-no-value"] == [
        'Contracts!S2: Notes: the formula =[.A2]&"x" has no saved value and is read as blank: open the workbook in '
        "Excel and save it"
    ]


def test_merged_ranges_of_an_ods(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [
        ["Heading", None, None, "x"],
        [merged_cell("Across", columns=3), covered(2), "y"],
        [merged_cell("Down", rows=2), "z"],
        [covered(), "w"],
        RawRows(
            '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-spanned="2" '
            'table:number-columns-repeated="2" office:value-type="float" office:value="1"/></table:table-row>'
        ),
        RawRows(
            '<table:table-row><table:table-cell table:number-columns-repeated="255"/><table:table-cell '
            'table:number-columns-spanned="9" office:value-type="string"><text:p>edge</text:p></table:table-cell>'
            "</table:table-row>"
        ),
    ]
    raw = open_workbook(write_ods(tmp_path / "w.ods", {"Sheet": rows}))
    assert raw.merged_ranges("Sheet") == [
        (1, 0, 1, 2),
        (2, 0, 3, 0),
        (4, 0, 4, 1),  # a merged cell repeated along the row: each copy starts a column further on
        (4, 1, 4, 2),
        (5, 0, 5, 1),
        (5, 1, 5, 2),
        (6, 255, 6, 255),  # cut at column IV, the furthest the dashboard reads
    ]
    assert raw.rows("Sheet")[1][:4] == ["Across", "", "", "y"]
    assert raw.merged_ranges("Nowhere") == []


def test_merged_ranges_of_an_xlsx_are_those_calamine_reads(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", {"Sheet": [["a", "b", "c", "d"]] * 6})
    book = openpyxl.load_workbook(path)
    for cells in ("A2:C2", "A3:A4", "B5:D6", "D1"):
        book["Sheet"].merge_cells(cells)
    book.save(path)
    from_calamine = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Sheet").merged_cell_ranges
    assert from_calamine is not None
    expected = sorted((top, left, bottom, right) for (top, left), (bottom, right) in from_calamine)
    raw = open_workbook(path)
    assert sorted(raw.merged_ranges("Sheet")) == expected == [(0, 3, 0, 3), (1, 0, 1, 2), (2, 0, 3, 0), (4, 1, 5, 3)]
    assert raw.date1904 is False


# 4. The walk places every cell where calamine does ----------------------------------------------------


def random_rows(rng: random.Random) -> str:
    def cell() -> str:
        repeat = rng.choice([1, 1, 1, 2, 3, 7])
        repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
        return rng.choice(
            [
                f"<table:table-cell{repeated}/>",
                f'<table:table-cell{repeated} office:value-type="float" office:value="{rng.choice([0, 1, 2])}"/>',
                f'<table:table-cell{repeated} office:value-type="string"><text:p>t</text:p></table:table-cell>',
                f'<table:table-cell{repeated} office:value-type="string"/>',
                f"<table:covered-table-cell{repeated}/>",
                f'<table:covered-table-cell{repeated} office:value-type="float" office:value="5"/>',
                f'<table:table-cell{repeated} table:number-columns-spanned="2" table:number-rows-spanned="2" '
                'office:value-type="float" office:value="3"/>',
                f'<table:table-cell{repeated} office:value-type="date" office:date-value="2024-01-0{rng.randint(1, 9)}"/>',
            ]
        )

    def row() -> str:
        repeat = rng.choice([1, 1, 1, 2, 4])
        repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
        return f"<table:table-row{repeated}>" + "".join(cell() for _ in range(rng.randint(0, 6))) + "</table:table-row>"

    rows = "".join(row() for _ in range(rng.randint(0, 8)))
    return f"<table:table-header-rows>{row()}</table:table-header-rows>{rows}" if rng.random() < 0.3 else rows


def test_the_walk_places_every_cell_where_calamine_does(tmp_path: Path) -> None:
    rng = random.Random(20240930)
    for trial in range(150):
        rows = random_rows(rng)
        content = content_xml({"S": rows})
        [table] = ods._Walk(content).tables()
        sheet = python_calamine.CalamineWorkbook.from_path(
            str(write_package(tmp_path / f"{trial}.ods", content))
        ).get_sheet_by_name("S")
        end = sheet.end
        assert (table.reach.rows, table.reach.columns) == ((end[0] + 1, end[1] + 1) if end else (0, 0)), rows
        values = sheet.to_python(skip_empty_area=False)
        merged_values = sorted((r, c) for r, cells in enumerate(values) for c, v in enumerate(cells) if v == 3.0)
        assert sorted(merge[:2] for merge in table.merged()) == merged_values, rows


def test_the_sample_workbook_as_an_ods_reads_as_the_xlsx(tmp_path: Path, sample_workbook: Path) -> None:
    book = openpyxl.load_workbook(sample_workbook)
    sheets = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
    from_ods, ods_report = read_workbook(
        write_ods(tmp_path / "s.ods", sheets), as_of=date(2024, 9, 30), today=REPORT_DATE
    )
    from_xlsx, xlsx_report = read_workbook(sample_workbook, as_of=date(2024, 9, 30), today=REPORT_DATE)
    assert [f.format() for f in ods_report] == [f.format() for f in xlsx_report]
    assert from_ods is not None
    assert from_xlsx is not None
    assert from_ods.contracts == from_xlsx.contracts

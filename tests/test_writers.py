"""The same workbook, whichever program wrote it and in either format, gives byte-identical data files.

Officers' workbooks come from Excel (Transitional or Strict Open XML, the 1900 or Mac's 1904 date
system), from LibreOffice, and from scripts (openpyxl, xlsxwriter). Each writes the same data in
its own way: shared or inline strings, dates as styled day numbers, tables, defaults left out.
The sample workbook is rewritten by each, built, and every data file of both sites compared.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from safe_commissioning.cli import main

from .conftest import REPORT_DATE, SAMPLE
from .test_real_workbooks import to_strict

pytestmark = pytest.mark.slow
COMPARED = ("internal/data", "public/data")
NOT_COMPARED = {"internal/data/build.json"}  # names the workbook file and the hash of its bytes


def by_openpyxl(out: Path) -> Path:
    openpyxl.load_workbook(SAMPLE).save(out)
    return out


def by_openpyxl_1904(out: Path) -> Path:
    """Mac Excel's 1904 date system, with the Contracts sheet's dates having lost their date format."""
    book = openpyxl.load_workbook(SAMPLE)
    book.epoch = CALENDAR_MAC_1904  # every date is saved as a day number counted from 1904
    for row in book["Contracts"].iter_rows():
        for cell in row:
            if isinstance(cell.value, datetime | date):
                cell.number_format = "General"  # the cell shows 44103, and only the date system says which day
    book.save(out)
    return out


def by_xlsxwriter(out: Path) -> Path:
    """Every value of the sample, written cell by cell as xlsxwriter writes them (inline types, its own styles)."""
    source = openpyxl.load_workbook(SAMPLE)
    book = xlsxwriter.Workbook(str(out))
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for sheet in source.worksheets:
        target = book.add_worksheet(sheet.title)
        for row in sheet.iter_rows():
            for cell in row:
                value, at = cell.value, (cell.row - 1, cell.column - 1)
                if isinstance(value, datetime | date):
                    target.write_datetime(*at, value, dates)
                elif isinstance(value, bool):
                    target.write_boolean(*at, value)
                elif isinstance(value, int | float):
                    target.write_number(*at, value)
                elif value is not None:
                    target.write_string(*at, str(value))
    book.close()
    return out


def by_strict(out: Path) -> Path:
    return to_strict(by_openpyxl(out.with_name("for-strict.xlsx")), out)


def by_libreoffice(out: Path) -> Path:
    """The sample opened and saved as .xlsx by LibreOffice Calc."""
    return _converted(out, "xlsx:Calc MS Excel 2007 XML")


def by_libreoffice_ods(out: Path) -> Path:
    """The sample saved by LibreOffice Calc in its own format, an OpenDocument spreadsheet."""
    return _converted(out.with_suffix(".ods"), "ods")


def _converted(out: Path, target: str) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/run installs libreoffice-calc-nogui")
    folder = out.parent / "libreoffice"
    folder.mkdir()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{out.parent / 'profile'}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(folder),
            str(SAMPLE),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (folder / out.name).rename(out)


WRITERS: dict[str, Callable[[Path], Path]] = {
    "openpyxl": by_openpyxl,
    "openpyxl, 1904 date system": by_openpyxl_1904,
    "xlsxwriter": by_xlsxwriter,
    "Strict Open XML": by_strict,
    "LibreOffice": by_libreoffice,
    "LibreOffice, .ods": by_libreoffice_ods,
}


def data_files(site: Path) -> dict[str, bytes]:
    files = {
        str(path.relative_to(site)): path.read_bytes()
        for folder in COMPARED
        for path in sorted((site / folder).rglob("*"))
        if path.is_file()
    }
    return {name: data for name, data in files.items() if name not in NOT_COMPARED}


def build(workbook: Path, out: Path) -> dict[str, bytes]:
    """Build both sites from `workbook` (no history beside it) and return their data files."""
    assert main(["build", "--workbook", str(workbook), "--out", str(out), "--quiet"], today=REPORT_DATE) == 0
    return data_files(out)


@pytest.fixture(scope="module")
def as_the_sample_reads(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("original")
    return build(Path(shutil.copy(SAMPLE, folder / SAMPLE.name)), folder / "build")


@pytest.mark.parametrize("writer", WRITERS)
def test_every_writer_gives_byte_identical_data_files(
    writer: str, as_the_sample_reads: dict[str, bytes], tmp_path: Path
) -> None:
    workbook = WRITERS[writer](tmp_path / SAMPLE.name)
    with zipfile.ZipFile(workbook) as written:
        assert {"xl/workbook.xml", "content.xml"} & set(written.namelist())
    got = build(workbook, tmp_path / "build")
    assert sorted(got) == sorted(as_the_sample_reads)
    differing = [name for name in got if got[name] != as_the_sample_reads[name]]
    assert not differing, f"{writer} gives different {', '.join(differing)}"


def by_merging_runs(out: Path) -> tuple[Path, list[str]]:
    """The sample with every run of one repeated value down the Contracts sheet's choice columns merged,
    as an officer tidies a sheet; the ranges merged, to be named by the build's warnings."""
    book = openpyxl.load_workbook(SAMPLE)
    sheet = book["Contracts"]
    header = [cell.value for cell in sheet[1]]
    merged: list[str] = []
    for name in ("Service area", "Procurement route", "Works with children", "Risk", "Publish"):
        column = header.index(name) + 1
        values = [sheet.cell(row, column).value for row in range(2, sheet.max_row + 1)]
        start = 0
        for end in range(1, len(values) + 1):
            if end == len(values) or values[end] != values[start]:
                if end - start > 1 and values[start] is not None:
                    letter = get_column_letter(column)
                    merged.append(f"{letter}{start + 2}:{letter}{end + 1}")
                    sheet.merge_cells(merged[-1])
                start = end
    book.save(out)
    return out, merged


def test_merged_cells_give_the_same_data_files_and_a_warning_naming_each_range(
    as_the_sample_reads: dict[str, bytes], tmp_path: Path
) -> None:
    workbook, merged = by_merging_runs(tmp_path / SAMPLE.name)
    assert len(merged) >= 5, merged  # the sample repeats its service areas, routes, risks and Publish down the sheet
    got = build(workbook, tmp_path / "build")
    validation = "internal/data/validation.json"
    assert [name for name in got if got[name] != as_the_sample_reads[name]] == [validation]
    before = json.loads(as_the_sample_reads[validation])["findings"]
    after = json.loads(got[validation])["findings"]
    added = [finding for finding in after if finding not in before]
    assert [finding for finding in before if finding not in after] == []
    assert sorted(f["message"].split(" ")[1] for f in added if f["code"] == "merged-cells") == sorted(merged)
    assert {f["code"] for f in added} == {"merged-cells"}

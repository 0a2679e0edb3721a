"""The same workbook, whichever program wrote it and in either format, gives byte-identical data files.

Officers' workbooks come from Excel (Transitional or Strict Open XML, the 1900 or Mac's 1904 date
system), from LibreOffice, and from scripts (openpyxl, xlsxwriter). Each writes the same data in
its own way: shared or inline strings, dates as styled day numbers, tables, defaults left out.
The sample workbook is rewritten by each, built, and every data file of both sites compared.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
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

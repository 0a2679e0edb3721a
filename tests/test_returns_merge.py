"""Merging provider returns (SPEC §6): exactly the returned cells change, everything else is kept, refusals stop all."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from safe_commissioning.cli import main
from safe_commissioning.rules.assessment import assess
from safe_commissioning.rules.provider_returns import last_returns, returns_due
from safe_commissioning.rules.rag import Rag
from safe_commissioning.workbook.reading import read_workbook

from .conftest import POLICY_HEADERS, REPORT_DATE, headers
from .opendocument import write_ods
from .returns_master import (
    ACME,
    BETA,
    CUSTOM_XML,
    NEW_NUMBER,
    X14_VALIDATION,
    fill_in,
    master_rows,
    write_master,
)
from .sites import build_sites

REQUESTED, MERGED = date(2024, 10, 1), date(2024, 10, 20)
# What Acme sends back: every gap of contract C-1 filled, one member of staff gone, one new.
ACME_EDITS: dict[str, dict[tuple[str, str], object]] = {
    "Safeguarding": {("C-1", "Self-assessment date"): date(2024, 9, 1), ("C-1", "Staff in contact with children"): 3},
    "DBS": {
        ("C-1 / A-002", "DBS certificate number"): NEW_NUMBER,
        ("C-1 / A-002", "DBS issue date"): date(2024, 8, 1),
        ("C-1 / A-002", "DBS recheck date"): date(2027, 8, 1),
        ("C-1 / A-003", "Still on this contract"): "No",
    },
    "Providers": {
        (ACME, "Employer's liability"): 10_000_000,
        (ACME, "Public liability"): 10_000_000,
        (ACME, "Professional indemnity"): 2_000_000,
        (ACME, "Insurance expiry date"): date(2025, 9, 1),
    },
    "Policies": {(ACME, header): date(2024, 7, 1) for header in POLICY_HEADERS},
}
ACME_NEW_STAFF = {
    "DBS": [
        {
            "Contract ID": "C-1",
            "Staff reference": "A-004",
            "Contact level": "Direct",
            "DBS certificate number": "999988887777",
            "DBS issue date": date(2024, 6, 1),
            "DBS recheck date": date(2027, 6, 1),
        }
    ]
}
# The master's cells the return changes: sheet → cells (the Returns row is checked apart).
EXPECTED = {
    "Providers": {"M2", "N2", "O2", "P2"},
    "Safeguarding": {"B2", "P2"},
    "DBS": {"E3", "F3", "G3", "A4", "B4", "C4", "D4", "E4", "F4", "G4", "A6", "B6", "D6", "E6", "F6", "G6"},
    "Policies": {f"{letter}3" for letter in "ABCDEFGHI"},
    "Returns": {f"{letter}2" for letter in "ABCDEFG"},
}


def make_request(tmp_path: Path, master: Path) -> Path:
    out = tmp_path / "requests"
    assert main(["requests", "--workbook", str(master), "--out", str(out), "--quiet"], today=REQUESTED) == 0
    return out / "acme-care-ltd.xlsx"


@pytest.fixture
def master(tmp_path: Path) -> Path:
    return write_master(tmp_path / "master.xlsx")


@pytest.fixture
def acme_return(tmp_path: Path, master: Path) -> Path:
    return fill_in(make_request(tmp_path, master), tmp_path / "acme-return.xlsx", ACME_EDITS, ACME_NEW_STAFF)


def cells(path: Path) -> dict[str, dict[str, tuple[object, str]]]:
    """Every cell of every sheet: value and number format, by sheet and address."""
    with pytest.warns(UserWarning, match="Data Validation extension"):  # openpyxl drops x14: reading only
        book = openpyxl.load_workbook(path)
    return {
        sheet.title: {
            cell.coordinate: (cell.value, cell.number_format)
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None or cell.has_style
        }
        for sheet in book.worksheets
    }


def differences(before: Path, after: Path) -> dict[str, set[str]]:
    old, new = cells(before), cells(after)
    assert list(old) == list(new)  # every sheet, in order
    found: dict[str, set[str]] = {}
    for sheet in old:
        for address in set(old[sheet]) | set(new[sheet]):
            was, now = old[sheet].get(address, (None, "General")), new[sheet].get(address, (None, "General"))
            if was[0] != now[0]:
                found.setdefault(sheet, set()).add(address)
            elif was[1] != now[1] and was[0] is not None:
                found.setdefault(f"{sheet} (format)", set()).add(address)
    return found


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_merged_workbook_differs_in_exactly_the_returned_cells(
    tmp_path: Path, master: Path, acme_return: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = master.read_bytes()
    assert main(["merge", str(acme_return), "--workbook", str(master)], today=MERGED) == 0
    merged = tmp_path / "master-merged.xlsx"
    assert master.read_bytes() == original
    assert differences(master, merged) == EXPECTED
    printed = capsys.readouterr().out
    assert f"DBS!E3: (blank) → {NEW_NUMBER}" in printed
    assert "Safeguarding!B2: (blank) → 2024-09-01" in printed
    assert "DBS row 6 added: C-1 / A-004" in printed
    assert "DBS row 4 removed (its cells emptied): C-1 / A-003" in printed
    assert "Policies row 3 added: Acme Care Ltd" in printed
    assert "12 changes" in printed  # 9 cells, 2 rows added, 1 removed
    with pytest.warns(UserWarning, match="Data Validation extension"):  # openpyxl drops x14: reading only
        book = openpyxl.load_workbook(merged)
    assert [c.value for c in book["Returns"][2]] == [
        ACME,
        datetime(2024, 10, 1),
        datetime(2024, 10, 29),
        datetime(*MERGED.timetuple()[:3]),
        datetime(*MERGED.timetuple()[:3]),
        12,
        "acme-return.xlsx",
    ]
    assert book["DBS"]["E3"].value == NEW_NUMBER
    assert book["DBS"]["E3"].data_type == "s"
    assert book["DBS"]["F3"].number_format == "dd/mm/yyyy"  # dates as dates, in the column's format
    assert book["DBS"]["F6"].number_format == "dd/mm/yyyy"


def test_every_other_part_of_the_master_is_kept_byte_for_byte(tmp_path: Path, master: Path, acme_return: Path) -> None:
    assert main(["merge", str(acme_return), "--workbook", str(master)], today=MERGED) == 0
    before, after = parts(master), parts(tmp_path / "master-merged.xlsx")
    changed = {name for name in before if before[name] != after.get(name)}
    # Providers, Safeguarding, Policies, DBS and Returns: sheets 4, 5, 6, 7 and 15 of the template's order (Actions is 14)
    assert changed == {f"xl/worksheets/sheet{n}.xml" for n in (4, 5, 6, 7, 15)}
    assert set(after) == set(before)
    assert X14_VALIDATION in after["xl/worksheets/sheet4.xml"]  # the list validation openpyxl would drop
    assert after["customXml/item1.xml"] == CUSTOM_XML
    with pytest.warns(UserWarning, match="Data Validation extension"):  # openpyxl reads, drops x14: reading only
        books = [openpyxl.load_workbook(path) for path in (master, tmp_path / "master-merged.xlsx")]
    for sheet in ("DBS", "Safeguarding", "Contracts", "Providers"):
        old, new = ([(str(v.sqref), v.formula1) for v in book[sheet].data_validations.dataValidation] for book in books)
        assert new == old
        assert new


def test_the_rebuilt_dashboard_shows_the_fixed_contract_green(tmp_path: Path, master: Path, acme_return: Path) -> None:
    before, _ = read_workbook(master, as_of=None, today=MERGED)
    assert before is not None
    assert assess(before).by_contract["C-1"].rag is Rag.RED  # A-002 works directly with children, no DBS number
    assert main(["merge", str(acme_return), "--workbook", str(master)], today=MERGED) == 0
    after, report = read_workbook(tmp_path / "master-merged.xlsx", as_of=None, today=MERGED)
    assert after is not None
    assert report.ok
    assert assess(after).by_contract["C-1"].rag is Rag.GREEN
    assert [(r.provider, r.changes, r.file) for r in after.returns] == [(ACME, 12, "acme-return.xlsx")]


def test_in_place_keeps_a_dated_copy_and_dry_run_writes_nothing(
    tmp_path: Path, master: Path, acme_return: Path
) -> None:
    original = master.read_bytes()
    assert main(["merge", str(acme_return), "--workbook", str(master), "--dry-run"], today=MERGED) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme-return.xlsx", "master.xlsx", "requests"]
    assert main(["merge", str(acme_return), "--workbook", str(master), "--in-place"], today=MERGED) == 0
    assert (tmp_path / "master.before-merge-2024-10-20.xlsx").read_bytes() == original
    assert master.read_bytes() != original
    assert main(["merge", str(acme_return), "--workbook", str(master), "--in-place"], today=MERGED) == 2


def test_a_master_without_a_returns_sheet_gets_one(tmp_path: Path) -> None:
    master = write_master(tmp_path / "master.xlsx", excel_parts=False)
    book = openpyxl.load_workbook(master)
    del book["Returns"]
    book.save(master)
    returned = fill_in(
        make_request(tmp_path, master), tmp_path / "r.xlsx", {"Safeguarding": ACME_EDITS["Safeguarding"]}
    )
    assert (
        main(["merge", str(returned), "--workbook", str(master), "--out", str(tmp_path / "m.xlsx")], today=MERGED) == 0
    )
    merged = openpyxl.load_workbook(tmp_path / "m.xlsx")
    assert merged.sheetnames[-1] == "Returns"
    assert [c.value for c in merged["Returns"][1]] == [
        "Provider",
        "Requested on",
        "Due by",
        "Received on",
        "Merged on",
        "Changes",
        "File",
    ]
    assert merged["Returns"]["A2"].value == ACME
    assert merged["Returns"]["F2"].value == 2
    workbook, _report = read_workbook(tmp_path / "m.xlsx", as_of=None, today=MERGED)
    assert workbook is not None
    assert [r.provider for r in workbook.returns] == [ACME]


# Refusals: exit 1, a message, the master untouched, nothing written.


def refused(tmp_path: Path, master: Path, *arguments: str) -> None:
    original = master.read_bytes()
    assert main(["merge", *arguments, "--workbook", str(master)], today=MERGED) == 1
    assert master.read_bytes() == original
    assert not (tmp_path / "master-merged.xlsx").exists()


def test_a_return_touching_another_providers_contract_is_refused(
    tmp_path: Path, master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tampered = fill_in(
        make_request(tmp_path, master),
        tmp_path / "acme-return.xlsx",
        {},
        {"DBS": [{"Contract ID": "C-2", "Staff reference": "X-1", "Contact level": "Direct"}]},
    )
    refused(tmp_path, master, str(tampered))
    err = capsys.readouterr().err
    assert (
        "error: acme-return.xlsx: DBS!A5: Contract 'C-2' is not one of Acme Care Ltd's contracts: a return may only "
        "answer for its own provider's contracts"
    ) in err
    assert "Refused: 1 problem in the returns: nothing was written." in err


def test_a_return_renaming_its_provider_is_refused(
    tmp_path: Path, master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = openpyxl.load_workbook(make_request(tmp_path, master))
    book["Providers"]["A2"] = "Acme Care Group"
    book.save(tmp_path / "renamed.xlsx")
    refused(tmp_path, master, str(tmp_path / "renamed.xlsx"))
    assert "renamed.xlsx: Providers!A2: The provider's name is changed to 'Acme Care Group'" in capsys.readouterr().err


def test_a_return_claiming_another_provider_is_refused(
    tmp_path: Path, master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = openpyxl.load_workbook(make_request(tmp_path, master))
    book["Return"]["B2"] = "Beta Homes"  # the Return sheet changed to pass as Beta's
    book.save(tmp_path / "posing.xlsx")
    refused(tmp_path, master, str(tmp_path / "posing.xlsx"))
    err = capsys.readouterr().err
    assert "posing.xlsx: Providers!A2: This row is about 'Acme Care Ltd', another provider" in err


def test_a_master_row_changed_since_the_request_is_a_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    master = write_master(tmp_path / "master.xlsx", excel_parts=False)
    returned = fill_in(make_request(tmp_path, master), tmp_path / "acme-return.xlsx", ACME_EDITS)
    book = openpyxl.load_workbook(master)
    book["DBS"]["C3"] = "Team leader"  # the officer updates A-002's role after the request went out
    book.save(master)
    refused(tmp_path, master, str(returned))
    err = capsys.readouterr().err
    assert "acme-return.xlsx: DBS: The master's DBS row for 'C-1 / A-002' (row 3) has changed since the request" in err
    assert main(["merge", str(returned), "--workbook", str(master), "--force"], today=MERGED) == 0
    merged = openpyxl.load_workbook(tmp_path / "master-merged.xlsx")
    assert merged["DBS"]["C3"].value == "Worker"  # --force takes the return's values


def test_a_master_with_a_chart_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    master = write_master(tmp_path / "master.xlsx", excel_parts=False)
    returned = fill_in(make_request(tmp_path, master), tmp_path / "acme-return.xlsx", ACME_EDITS)
    book = openpyxl.load_workbook(master)
    chart = BarChart()
    chart.add_data(Reference(book["Safeguarding"], min_col=16, min_row=1, max_row=3))
    book["Safeguarding"].add_chart(chart, "R2")
    book.save(master)
    refused(tmp_path, master, str(returned))
    err = capsys.readouterr().err
    assert "Refused: master.xlsx holds a chart (xl/charts/chart1.xml), which a merge cannot vouch for" in err


def test_an_ods_master_is_refused_saying_to_keep_it_as_xlsx(
    tmp_path: Path, master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    returned = fill_in(make_request(tmp_path, master), tmp_path / "acme-return.xlsx", ACME_EDITS)
    settings: list[list[object]] = [
        ["Setting", "Value"],
        ["Organisation", "Test Council"],
        ["Report date", REPORT_DATE],
    ]
    sheets: dict[str, list[list[object]]] = {"Settings": settings}
    sheets.update({name: [list(headers(name)), *rows] for name, rows in master_rows().items()})
    ods = write_ods(tmp_path / "master.ods", sheets)
    original = ods.read_bytes()
    assert main(["merge", str(returned), "--workbook", str(ods)], today=MERGED) == 1
    assert ods.read_bytes() == original
    assert not list(tmp_path.glob("master-merged.*"))
    assert "master.ods is an OpenDocument spreadsheet (.ods), and merge writes a return into an .xlsx" in (
        capsys.readouterr().err
    )


# A hostile return: refused or cleaned with a warning, never a traceback, never a cell outside its rows.


def rezip(path: Path, extra: dict[str, bytes], replace: dict[str, tuple[bytes, bytes]] | None = None) -> Path:
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    for name, (old, new) in (replace or {}).items():
        members[name] = members[name].replace(old, new)
    members.update(extra)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_hostile_return_is_cleaned_with_a_warning(
    tmp_path: Path, master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = openpyxl.load_workbook(make_request(tmp_path, master))
    book["Safeguarding"]["C2"] = "=1+1"  # a formula (openpyxl saves no value: read as blank)
    book["Safeguarding"]["B2"] = date(2024, 9, 1)
    hidden = book.create_sheet("Secret")
    hidden.append(["Provider", "Contract ID", "DBS certificate number"])
    hidden.append(["Beta Homes", "C-2", "555566667777"])
    hidden.sheet_state = "hidden"
    book.save(tmp_path / "hostile.xlsx")
    macro = rezip(
        tmp_path / "hostile.xlsx",
        {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really VBA", "xl/externalLinks/externalLink1.xml": b"<x/>"},
        {"[Content_Types].xml": (b"sheet.main+xml", b"sheet.main+xml")},
    )
    assert main(["merge", str(macro), "--workbook", str(master)], today=MERGED) == 0
    captured = capsys.readouterr()
    assert "hostile.xlsx holds formulas and links to other files and macros" in captured.err
    assert "hostile.xlsx: Secret: Sheet 'Secret' is not one the dashboard reads; it is ignored" in captured.err
    assert "Traceback" not in captured.err
    diff = differences(master, tmp_path / "master-merged.xlsx")
    assert diff == {"Safeguarding": {"B2"}, "Returns": {f"{letter}2" for letter in "ABCDEFG"}}
    after = parts(tmp_path / "master-merged.xlsx")
    assert not any(name.endswith("vbaProject.bin") or "externalLink" in name for name in after)
    assert not any(b"555566667777" in data for data in after.values())


def test_a_return_with_a_20000_character_cell_is_refused(
    tmp_path: Path, master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    returned = fill_in(
        make_request(tmp_path, master), tmp_path / "long.xlsx", {"DBS": {("C-1 / A-001", "Role"): "x" * 20_000}}
    )
    refused(tmp_path, master, str(returned))
    err = capsys.readouterr().err
    assert "long.xlsx: DBS!C2: Role holds 20,000 characters, more than the 500 any answer" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"not a workbook at all", "is a text or CSV file, not an .xlsx or .ods workbook"),
        (b"PK\x03\x04 a broken zip", "is damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Excel 97-2003"),
    ],
)
def test_a_return_that_is_not_a_workbook_is_refused(
    tmp_path: Path, master: Path, capsys: pytest.CaptureFixture[str], content: bytes, why: str
) -> None:
    (tmp_path / "odd.xlsx").write_bytes(content)
    refused(tmp_path, master, str(tmp_path / "odd.xlsx"))
    err = capsys.readouterr().err
    assert why in err
    assert "Traceback" not in err


def test_a_workbook_that_is_no_request_is_refused(
    tmp_path: Path, master: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refused(tmp_path, master, str(master))
    assert "master.xlsx has no readable Return sheet naming its provider" in capsys.readouterr().err


def test_merge_usage_errors_exit_2(tmp_path: Path, master: Path) -> None:
    assert main(["merge", str(tmp_path / "missing.xlsx"), "--workbook", str(master)]) == 2
    assert main(["merge", "--workbook", str(master)]) == 2
    assert main(["merge", str(master), "--workbook", str(master), "--out", "x.csv"]) == 2


# The dashboard reads the Returns sheet.


def test_coming_up_lists_a_provider_whose_last_return_is_over_a_year_old(tmp_path: Path) -> None:
    master = write_master(tmp_path / "master.xlsx", excel_parts=False)
    book = openpyxl.load_workbook(master)
    book["Returns"].append([ACME, None, None, date(2023, 6, 1), date(2023, 6, 2), 4, "acme.xlsx"])
    book["Returns"].append([BETA, None, None, date(2024, 8, 1), date(2024, 8, 2), 1, "beta.xlsx"])
    book.save(master)
    workbook, _ = read_workbook(master, as_of=None, today=MERGED)
    assert workbook is not None
    assessment = assess(workbook)
    assert {name: r.returned_on for name, r in last_returns(workbook).items()} == {
        ACME: date(2023, 6, 1),
        BETA: date(2024, 8, 1),
    }
    due = returns_due(assessment, 60)
    assert [(u.due, u.subject, u.provider) for u in due] == [(REPORT_DATE, ACME, ACME)]
    assert due[0].what == (
        "Last return 1 Jun 2023, more than a year ago: send a new request (python build.py requests --provider "
        '"Acme Care Ltd").'
    )


@pytest.mark.slow
def test_the_rebuilt_site_shows_the_fixed_contract_green_and_the_last_return(
    tmp_path: Path, master: Path, acme_return: Path
) -> None:
    assert main(["merge", str(acme_return), "--workbook", str(master)], today=MERGED) == 0
    build_sites(tmp_path / "master-merged.xlsx", tmp_path / "build", as_of=MERGED)
    with (tmp_path / "build" / "internal" / "data" / "contracts.csv").open(encoding="utf-8-sig", newline="") as rows:
        assert {row["contract_id"]: row["rag"] for row in csv.DictReader(rows)} == {"C-1": "green", "C-2": "green"}
    page = (tmp_path / "build" / "internal" / "providers" / "acme-care-ltd.html").read_text(encoding="utf-8")
    assert "Last return" in page
    assert "20 Oct 2024" in page or "20 October 2024" in page

"""Provider requests (SPEC §6): one workbook per provider, its own rows only, what is needed, and which request it is."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from safe_commissioning.cli import main

from .returns_master import ACME, ACME_NUMBER, BETA, BETA_NUMBER, write_master

TODAY = date(2024, 10, 1)


@pytest.fixture(scope="module")
def requested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The master and the folder of its requests."""
    folder = tmp_path_factory.mktemp("requests")
    master = write_master(folder / "master.xlsx")
    assert main(["requests", "--workbook", str(master), "--out", str(folder / "out"), "--quiet"], today=TODAY) == 0
    return master, folder / "out"


def every_value(path: Path) -> set[str]:
    """Every cell value of every sheet, as text, and every comment."""
    book = openpyxl.load_workbook(path)
    found: set[str] = set()
    for sheet in book.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                if cell.value is not None:
                    found.add(str(cell.value))
                if cell.comment is not None:
                    found.add(cell.comment.text)
    return found


def test_one_request_per_provider_with_a_contract_for_children(requested: tuple[Path, Path]) -> None:
    _, out = requested
    assert sorted(p.name for p in out.iterdir()) == ["acme-care-ltd.xlsx", "beta-homes.xlsx"]
    book = openpyxl.load_workbook(out / "acme-care-ltd.xlsx")
    assert book.sheetnames == [
        "Instructions",
        "What we need",
        "Providers",
        "Policies",
        "Safeguarding",
        "DBS",
        "Contracts",
        "Return",
    ]


def test_two_providers_requests_share_no_name_contract_staff_or_number(requested: tuple[Path, Path]) -> None:
    _, out = requested
    acme, beta = every_value(out / "acme-care-ltd.xlsx"), every_value(out / "beta-homes.xlsx")
    assert {ACME, "C-1", "A-001", "A-002", "A-003"} <= acme
    assert {BETA, "C-2", "B-001"} <= beta
    assert not {BETA, "C-2", "B-001", "Residential care", BETA_NUMBER, "1123456"} & acme
    assert not {ACME, "C-1", "A-001", "Family support", ACME_NUMBER, "01234567"} & beta
    assert not any(ACME in value for value in beta)
    assert not any(BETA in value for value in acme)


@pytest.mark.parametrize(
    "private",
    [
        "CHILD-REF-9",  # a child reference
        "P-1",  # a placement
        "QA-1",  # an alert
        "Internal: worried about staffing",  # a monitoring note
        "Internal: renegotiate",  # an internal note
        "Ann Officer",  # a contract manager
        "Bob Officer",
        ACME_NUMBER,  # DBS numbers already held are never written out
        "222233334444",
        BETA_NUMBER,
    ],
)
def test_a_request_holds_nothing_private(requested: tuple[Path, Path], private: str) -> None:
    _, out = requested
    for request in out.iterdir():
        assert not any(private in value for value in every_value(request)), request.name
        with zipfile.ZipFile(request) as archive:
            assert not any(private.encode() in archive.read(name) for name in archive.namelist())


def test_a_held_dbs_number_is_blank_and_marked_held(requested: tuple[Path, Path]) -> None:
    _, out = requested
    dbs = openpyxl.load_workbook(out / "acme-care-ltd.xlsx")["DBS"]
    header = [cell.value for cell in dbs[1]]
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in dbs.iter_rows(min_row=2, values_only=True)}
    assert rows["A-001"]["DBS certificate number"] is None
    assert rows["A-001"]["We hold its number"] == "Yes"
    assert rows["A-002"]["We hold its number"] is None  # not held: asked for
    assert all(r["Still on this contract"] == "Yes" for r in rows.values())
    assert dbs["E2"].comment is not None
    assert "hold this certificate number" in dbs["E2"].comment.text


def test_a_request_has_the_templates_drop_downs_and_date_formats(requested: tuple[Path, Path]) -> None:
    _, out = requested
    book = openpyxl.load_workbook(out / "acme-care-ltd.xlsx")
    dbs = book["DBS"]
    lists = {str(v.sqref).split(":")[0][0]: v.formula1 for v in dbs.data_validations.dataValidation}
    assert lists["D"] == '"Direct,Regular,Occasional,None"'  # Contact level
    assert lists["I"] == '"Yes,No"'  # Still on this contract
    assert dbs.column_dimensions["F"].number_format == "dd/mm/yyyy"  # DBS issue date
    assert book["Safeguarding"].column_dimensions["B"].number_format == "dd/mm/yyyy"
    assert book["Safeguarding"]["B1"].comment is not None  # the column notes


def test_what_we_need_lists_what_the_provider_can_answer_and_the_row_to_fill(requested: tuple[Path, Path]) -> None:
    _, out = requested
    needs = openpyxl.load_workbook(out / "acme-care-ltd.xlsx")["What we need"]
    rows = list(needs.iter_rows(min_row=2, values_only=True))
    asked = {(r[2].split(" ", 1)[0], r[4]) for r in rows}
    assert ("MS1", "Safeguarding row 2") in asked  # no self-assessment date
    assert ("MS4", "DBS rows 2 to 4, and a new row for each member of staff not listed (Contract ID C-1)") in asked
    assert any(rule == "POL" and where == "Policies row 2" for rule, where in asked)
    assert any(rule == "INS" and where == "Providers row 2" for rule, where in asked)
    assert not any("Beta" in str(value) for r in rows for value in r)


def test_the_return_sheet_identifies_the_request(requested: tuple[Path, Path]) -> None:
    _, out = requested
    sheet = openpyxl.load_workbook(out / "acme-care-ltd.xlsx")["Return"]
    identity = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, max_row=6, values_only=True)}
    assert identity["Provider"] == ACME
    assert identity["Report date"] == "2024-09-30"
    assert identity["Requested on"] == TODAY.isoformat()
    assert identity["Due by"] == (TODAY + timedelta(days=28)).isoformat()  # the Return window's default
    fingerprints = [r for r in sheet.iter_rows(min_row=9, values_only=True) if r[0]]
    assert [(r[0], r[1], r[2]) for r in fingerprints] == [
        ("Providers", ACME, 2),
        ("Policies", ACME, None),  # the master has no Policies row for Acme: the request offers one
        ("Safeguarding", "C-1", 2),
        ("DBS", "C-1 / A-001", 2),
        ("DBS", "C-1 / A-002", 3),
        ("DBS", "C-1 / A-003", 4),
    ]
    assert all(len(r[3]) == 16 for r in fingerprints if r[2])
    assert sheet.protection.sheet


def test_the_return_window_setting_sets_the_due_date(tmp_path: Path) -> None:
    master = write_master(tmp_path / "master.xlsx", excel_parts=False)
    book = openpyxl.load_workbook(master)
    settings = book["Settings"]
    target = next(r for r in range(2, settings.max_row + 1) if settings.cell(r, 1).value == "Return window (days)")
    settings.cell(target, 2, 14)
    book.save(master)
    assert (
        main(["requests", "--workbook", str(master), "--out", str(tmp_path), "--provider", "beta homes"], today=TODAY)
        == 0
    )
    assert [p.name for p in tmp_path.glob("beta*")] == ["beta-homes.xlsx"]
    sheet = openpyxl.load_workbook(tmp_path / "beta-homes.xlsx")["Return"]
    assert sheet["B6"].value == (TODAY + timedelta(days=14)).isoformat()


def test_an_unknown_provider_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    master = write_master(tmp_path / "master.xlsx")
    assert main(["requests", "--workbook", str(master), "--out", str(tmp_path / "o"), "--provider", "Nobody"]) == 2
    assert "no provider named 'Nobody'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_master_with_errors_writes_no_requests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    master = write_master(tmp_path / "master.xlsx", excel_parts=False)
    book = openpyxl.load_workbook(master)
    book["Contracts"]["H2"] = "not a date"
    book.save(master)
    assert main(["requests", "--workbook", str(master), "--out", str(tmp_path / "o")], today=TODAY) == 1
    assert "Contracts!H2" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_requested_dates_are_real_dates_in_the_data_sheets(requested: tuple[Path, Path]) -> None:
    _, out = requested
    dbs = openpyxl.load_workbook(out / "acme-care-ltd.xlsx")["DBS"]
    assert dbs["F2"].value == datetime(2023, 1, 5)
    assert dbs["F2"].number_format == "dd/mm/yyyy"

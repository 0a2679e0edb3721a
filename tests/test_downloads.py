"""The register as contracts.xlsx and the CSVs' datapackage.json: cell types, stable bytes, a valid package."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import frictionless
import openpyxl
import pytest

from safe_commissioning.opendata.datafiles import Column
from safe_commissioning.opendata.datapackage import data_package, write_data_package
from safe_commissioning.opendata.register import (
    REGISTER_COLUMNS,
    REGISTER_FIELDS,
    SOURCING_COLUMNS,
    SOURCING_FIELDS,
    RegisterEntry,
    plan_rows,
    published_plan,
    register,
    register_rows,
    write_plan_csv,
    write_register_csv,
    write_register_json,
)
from safe_commissioning.opendata.spreadsheet import register_workbook
from safe_commissioning.workbook.reading import read_workbook

from .conftest import (
    REPORT_DATE,
    MakeWorkbook,
    Rows,
    Text,
    contract,
    headers,
    minimal_sheets,
    provider,
    row,
    safeguarding,
)
from .sites import build_sites

PROVIDERS: Rows = [
    headers("Providers"),
    provider(company_number="00061625", sme="Yes"),
    provider(provider="Helping Hands", organisation_type="Charity", charity_number="1012345", vcse="Yes"),
]
CONTRACTS: Rows = [
    headers("Contracts"),
    contract(contract_id=Text("00042"), description=Text('=HYPERLINK("http://x")'), total_value="£120,000.50"),
    contract(contract_id="C-2", supplier="Helping Hands", annual_value=6000, review_date=date(2025, 1, 1)),
]
SAFEGUARDING: Rows = [headers("Safeguarding"), safeguarding(contract_id="00042"), safeguarding(contract_id="C-2")]
PLAN: Rows = [headers("Sourcing plan"), row("Sourcing plan", project="Re-tender", estimated_total_value=50_000)]


@pytest.fixture
def sheets() -> dict[str, Rows]:
    return minimal_sheets(Contracts=CONTRACTS, Providers=PROVIDERS, Safeguarding=SAFEGUARDING, Sourcing_plan=PLAN)


@pytest.fixture
def entries(make_workbook: MakeWorkbook, sheets: dict[str, Rows]) -> list[RegisterEntry]:
    workbook, report = read_workbook(make_workbook(sheets), as_of=None, today=REPORT_DATE)
    assert workbook is not None, [f.format() for f in report.errors]
    return register(workbook)


def read_back(data: bytes) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [tuple(r) for r in book["Contracts register"].iter_rows(values_only=True)]


def test_the_workbook_keeps_each_value_in_its_own_type(entries: list[RegisterEntry]) -> None:
    rows = read_back(register_workbook(entries, REPORT_DATE))
    assert rows[0] == REGISTER_COLUMNS
    first = dict(zip(REGISTER_COLUMNS, rows[1], strict=True))
    assert first["reference"] == "00042"
    assert first["supplier_company_number"] == "00061625"
    assert first["start_date"] == datetime(2023, 4, 1)
    assert first["end_date"] == datetime(2026, 3, 31)
    assert first["review_date"] is None
    assert first["total_value"] == 120000.5
    assert isinstance(first["total_value"], float)
    assert first["sme"] == "yes"
    assert first["description"] == '=HYPERLINK("http://x")'  # as text, not a formula
    second = dict(zip(REGISTER_COLUMNS, rows[2], strict=True))
    assert second["supplier_charity_number"] == "1012345"
    assert isinstance(second["supplier_charity_number"], str)
    assert second["annual_value"] == 6000
    assert second["review_date"] == datetime(2025, 1, 1)


def test_text_cells_are_never_formulas_and_are_formatted_as_text(entries: list[RegisterEntry]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(register_workbook(entries, REPORT_DATE)))
    sheet = book["Contracts register"]
    cells = {c.column_letter: c for c in sheet[2]}
    reference, description = cells["A"], cells["E"]
    assert (reference.data_type, reference.number_format) == ("s", "@")
    assert description.data_type == "s"
    assert cells["M"].is_date
    assert cells["M"].number_format == "yyyy-mm-dd"
    assert cells["R"].data_type == "n"


def test_the_workbook_is_byte_identical_and_carries_no_clock(entries: list[RegisterEntry]) -> None:
    first = register_workbook(entries, REPORT_DATE)
    assert register_workbook(entries, REPORT_DATE) == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(2024, 9, 30, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
    assert core.count("2024-09-30T00:00:00Z") == 2
    assert register_workbook(entries, date(2024, 10, 1)) != first


def test_two_builds_publish_the_same_downloads(
    make_workbook: MakeWorkbook, sheets: dict[str, Rows], tmp_path: Path
) -> None:
    workbook = make_workbook(sheets)
    build_sites(workbook, tmp_path / "one")
    build_sites(workbook, tmp_path / "two")
    for name in ("contracts.xlsx", "datapackage.json", "ocds.json", "contracts.csv"):
        one = (tmp_path / "one" / "public" / "data" / name).read_bytes()
        assert one == (tmp_path / "two" / "public" / "data" / name).read_bytes(), name
    page = (tmp_path / "one" / "public" / "open-data.html").read_text(encoding="utf-8")
    for name in ("contracts.xlsx", "datapackage.json"):
        assert f'href="data/{name}"' in page
    assert "Open Government Licence v3.0" in page
    assert "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" in page


def write_files(
    entries: list[RegisterEntry], make_workbook: MakeWorkbook, sheets: dict[str, Rows], folder: Path
) -> Path:
    workbook, _ = read_workbook(make_workbook(sheets), as_of=None, today=REPORT_DATE)
    assert workbook is not None
    rows = register_rows(entries)
    write_register_csv(rows, folder / "contracts.csv")
    write_register_json(rows, folder / "contracts.json")
    write_plan_csv(plan_rows(published_plan(workbook), workbook.settings), folder / "sourcing_plan.csv")
    return write_data_package(workbook.settings, workbook.report_date, folder / "datapackage.json")


def test_the_data_package_validates_with_frictionless(
    entries: list[RegisterEntry], make_workbook: MakeWorkbook, sheets: dict[str, Rows], tmp_path: Path
) -> None:
    path = write_files(entries, make_workbook, sheets, tmp_path)
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["type", "note"])
    assert report.stats["tasks"] == 2


def test_the_resources_match_the_csv_headers(
    entries: list[RegisterEntry], make_workbook: MakeWorkbook, sheets: dict[str, Rows], tmp_path: Path
) -> None:
    path = write_files(entries, make_workbook, sheets, tmp_path)
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    assert [r["path"] for r in descriptor["resources"]] == ["contracts.csv", "sourcing_plan.csv"]
    for resource, columns in zip(descriptor["resources"], (REGISTER_COLUMNS, SOURCING_COLUMNS), strict=True):
        with (tmp_path / resource["path"]).open(encoding="utf-8-sig", newline="") as file:
            header = next(csv.reader(file))
        assert header == [f["name"] for f in resource["schema"]["fields"]] == list(columns)
    fields = {f["name"]: f for f in descriptor["resources"][0]["schema"]["fields"]}
    assert (fields["reference"]["type"], fields["start_date"]["type"], fields["total_value"]["type"]) == (
        "string",
        "date",
        "number",
    )
    assert fields["sme"] == {**fields["sme"], "type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]}
    assert descriptor["licenses"] == [
        {
            "name": "OGL-UK-3.0",
            "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            "title": "Open Government Licence v3.0",
        }
    ]


def test_the_public_csv_keeps_the_specs_columns_first(
    entries: list[RegisterEntry], make_workbook: MakeWorkbook, sheets: dict[str, Rows], tmp_path: Path
) -> None:
    write_files(entries, make_workbook, sheets, tmp_path)
    header = (tmp_path / "contracts.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == (
        "reference,title,department,service_area,description,supplier_name,supplier_company_number,"
        "supplier_charity_number,sme,vcse,procurement_route,tendered,start_date,end_date,review_date,"
        "extension_end_date,annual_value,total_value,irrecoverable_vat"
    )


def test_a_wrong_type_fails_frictionless_validation(
    entries: list[RegisterEntry], make_workbook: MakeWorkbook, sheets: dict[str, Rows], tmp_path: Path
) -> None:
    path = write_files(entries, make_workbook, sheets, tmp_path)
    csv_path = tmp_path / "contracts.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("2026-03-31", "31/03/2026"), encoding="utf-8")
    report = frictionless.validate(str(path))
    assert not report.valid
    assert "type-error" in {error[0] for error in report.flatten(["type"])}


def test_the_department_column_overrides_the_setting(make_workbook: MakeWorkbook) -> None:
    sheets = minimal_sheets(
        Settings=[["Setting", "Value"], ["Organisation", "Test Council"], ["Department", "Children's Services"]],
        Contracts=[
            headers("Contracts"),
            contract(department="Education"),
            contract(contract_id="C-2", works_with_children="No"),
        ],
    )
    workbook, _ = read_workbook(make_workbook(sheets), as_of=REPORT_DATE, today=REPORT_DATE)
    assert workbook is not None
    assert [e.department for e in register(workbook)] == ["Education", "Children's Services"]


def test_the_data_package_is_named_from_the_organisation() -> None:
    from safe_commissioning.workbook.records import Settings

    package = data_package(Settings(organisation="City of London Corporation"), REPORT_DATE)
    assert package["name"] == "city-of-london-corporation-contracts-register"
    assert package["created"] == "2024-09-30T00:00:00Z"


@pytest.mark.parametrize("columns", [REGISTER_FIELDS, SOURCING_FIELDS], ids=["register", "sourcing plan"])
def test_every_public_column_says_what_it_holds(columns: tuple[Column[Any], ...]) -> None:
    """The Open data page and datapackage.json describe each column from its one definition."""
    assert len({column.name for column in columns}) == len(columns)
    assert all(column.meaning.endswith(".") for column in columns)


def test_each_register_value_sits_under_its_own_header(entries: list[RegisterEntry]) -> None:
    """A row is read column by column, so the header and the value come from the same definition."""
    record = dict(zip(REGISTER_COLUMNS, entries[0].row(), strict=True))
    entry = entries[0]
    assert record["reference"] == entry.contract.contract_id
    assert record["supplier_name"] == entry.supplier.provider
    assert record["tendered"] == entry.tendered
    assert record["irrecoverable_vat"] == entry.contract.irrecoverable_vat

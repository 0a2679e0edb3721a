"""Reading the master workbook (SPEC §2): sheets and headers as officers write them, cells into typed values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from safe_commissioning.workbook.findings.report import Report
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.records import Workbook

from .conftest import (
    OPTIONAL_SHEETS,
    REPORT_DATE,
    MakeWorkbook,
    Rows,
    complete_sheets,
    contract,
    headers,
    minimal_sheets,
    provider,
    row,
    safeguarding,
)
from .conftest import summary as short

# SPEC §2: the columns marked * on each sheet.
REQUIRED_COLUMNS = [
    ("Contracts", "Contract ID"),
    ("Contracts", "Title"),
    ("Contracts", "Supplier"),
    ("Contracts", "Service area"),
    ("Contracts", "Procurement route"),
    ("Contracts", "Start date"),
    ("Contracts", "End date"),
    ("Contracts", "Works with children"),
    ("Contracts", "Risk"),
    ("Providers", "Provider"),
    ("Safeguarding", "Contract ID"),
    ("Policies", "Provider"),
    ("DBS", "Contract ID"),
    ("DBS", "Staff reference"),
    ("DBS", "Contact level"),
    ("Monitoring", "Contract ID"),
    ("Monitoring", "Meeting date"),
    ("Monitoring", "Safeguarding discussed"),
    ("Placements", "Placement ID"),
    ("Placements", "Placement type"),
    ("Placements", "Provider"),
    ("Placements", "Source"),
    ("Placements", "Start date"),
    ("Quality alerts", "Alert ID"),
    ("Quality alerts", "Date raised"),
    ("Quality alerts", "Provider"),
    ("Quality alerts", "Category"),
    ("Quality alerts", "Status"),
    ("Caseload", "Date"),
    ("Sourcing plan", "Project"),
    ("Development plan", "Area"),
]


def read(path: Path, *, as_of: date | None = None, today: date = REPORT_DATE) -> tuple[Workbook | None, Report]:
    return read_workbook(path, as_of=as_of, today=today)


def test_the_complete_minimal_workbook_reads_with_no_findings(make_workbook: MakeWorkbook) -> None:
    workbook, report = read(make_workbook(complete_sheets()))
    assert short(report) == []
    assert workbook is not None
    assert [c.contract_id for c in workbook.contracts] == ["C-1"]


# Headers ---------------------------------------------------------------------------------------

HEADER_SPELLINGS: dict[str, Callable[[str], str]] = {
    "upper case": str.upper,
    "lower case": str.lower,
    "surrounding spaces": lambda header: f"  {header}   ",
    "non-breaking spaces": lambda header: f"\u00a0{header}\u00a0",
    "non-breaking space inside": lambda header: header.replace(" ", "\u00a0"),
}


@pytest.mark.parametrize("spelling", HEADER_SPELLINGS.values(), ids=HEADER_SPELLINGS.keys())
def test_headers_match_ignoring_case_and_spaces(make_workbook: MakeWorkbook, spelling: Callable[[str], str]) -> None:
    sheets = complete_sheets(
        Contracts=[[spelling(h) for h in headers("Contracts")], contract()],
        Providers=[[spelling(h) for h in headers("Providers")], provider(company_number="SC123456")],
        Safeguarding=[[spelling(h) for h in headers("Safeguarding")], safeguarding(clause_safer_recruitment="Yes")],
    )
    workbook, report = read(make_workbook(sheets))
    assert short(report) == []
    assert workbook is not None
    assert workbook.contracts[0].risk == "High"
    assert workbook.providers[0].public_company_number == "SC123456"
    assert workbook.safeguarding[0].clause_safer_recruitment is True


def test_sheet_names_match_ignoring_case(make_workbook: MakeWorkbook) -> None:
    sheets = minimal_sheets()
    renamed = {name.upper() if name != "Providers" else "providers": rows for name, rows in sheets.items()}
    workbook, report = read(make_workbook(renamed))
    assert report.errors == []
    assert workbook is not None
    assert len(workbook.contracts) == 1


def test_columns_may_come_in_any_order(make_workbook: MakeWorkbook) -> None:
    order = list(reversed(range(len(headers("Contracts")))))
    sheets = complete_sheets(
        Contracts=[[headers("Contracts")[i] for i in order], [contract(title="Reversed")[i] for i in order]]
    )
    workbook, report = read(make_workbook(sheets))
    assert short(report) == []
    assert workbook is not None
    assert workbook.contracts[0].title == "Reversed"


def test_an_extra_column_is_a_warning(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(Contracts=[[*headers("Contracts"), "Budget code"], [*contract(), "BC-7"]])
    workbook, report = read(make_workbook(sheets))
    assert short(report) == [("Contracts", "W1", "extra-column")]
    assert report.warnings[0].format() == (
        "Contracts!W1: Column 'Budget code' is not one the dashboard reads; it is kept in the workbook but ignored"
    )
    assert workbook is not None
    assert workbook.contracts[0].contract_id == "C-1"


def test_a_duplicate_column_is_an_error(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(Contracts=[[*headers("Contracts"), "TITLE "], [*contract(), "Another title"]])
    workbook, report = read(make_workbook(sheets))
    assert short(report.errors) == [("Contracts", "W1", "duplicate-column")]
    assert report.errors[0].message == "Column 'Title' appears twice (also in column B): delete or rename one"
    assert workbook is None


@pytest.mark.parametrize(("sheet", "header"), REQUIRED_COLUMNS)
def test_a_missing_required_column_is_an_error(make_workbook: MakeWorkbook, sheet: str, header: str) -> None:
    sheets = complete_sheets(Contracts=[headers("Contracts")], Safeguarding=[headers("Safeguarding")])
    sheets[sheet] = [[h for h in headers(sheet) if h != header]]
    workbook, report = read(make_workbook(sheets))
    assert short(report.errors) == [(sheet, "", "missing-column")]
    assert report.errors[0].message == f"Missing required column '{header}': add it to row 1 of the {sheet} sheet"
    assert workbook is None


def test_optional_columns_may_be_left_out(make_workbook: MakeWorkbook) -> None:
    required = {header for sheet, header in REQUIRED_COLUMNS if sheet == "Contracts"}
    keep = [i for i, h in enumerate(headers("Contracts")) if h in required]
    sheets = complete_sheets(Contracts=[[headers("Contracts")[i] for i in keep], [contract()[i] for i in keep]])
    workbook, report = read(make_workbook(sheets))
    assert report.errors == []
    assert workbook is not None
    assert workbook.contracts[0].publish is True


@pytest.mark.parametrize("missing", ["Setting", "Value"])
def test_settings_without_its_two_columns_is_an_error(make_workbook: MakeWorkbook, missing: str) -> None:
    kept = "Value" if missing == "Setting" else "Setting"
    sheets = complete_sheets(Settings=[[kept], ["Organisation"]])
    _, report = read(make_workbook(sheets))
    assert [(f.sheet, f.code) for f in report.errors] == [("Settings", "missing-column")]
    assert f"'{missing}'" in report.errors[0].message


# Sheets ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("sheet", ["Contracts", "Providers", "Safeguarding"])
def test_a_missing_required_sheet_is_an_error(make_workbook: MakeWorkbook, sheet: str) -> None:
    sheets = complete_sheets()
    del sheets[sheet]
    workbook, report = read(make_workbook(sheets))
    assert (sheet, "", "missing-sheet") in short(report.errors)
    missing = next(f for f in report.errors if f.code == "missing-sheet")
    assert missing.format() == (
        f"{sheet}: Missing required sheet '{sheet}': add it (the template has every sheet: "
        "python build.py template new.xlsx)"
    )
    assert workbook is None


# Returns and Actions are not warned about: a workbook that has merged no return, or logged no action, is complete
@pytest.mark.parametrize("sheet", [name for name in OPTIONAL_SHEETS if name not in ("Returns", "Actions")])
def test_a_missing_optional_sheet_is_a_warning(make_workbook: MakeWorkbook, sheet: str) -> None:
    sheets = complete_sheets()
    del sheets[sheet]
    workbook, report = read(make_workbook(sheets))
    assert short(report) == [(sheet, "", "missing-sheet")]
    assert report.warnings[0].message == f"No '{sheet}' sheet: its pages say no data is recorded"
    assert workbook is not None
    assert sheet not in workbook.sheets_present


def test_a_missing_returns_sheet_is_no_gap_in_the_data(make_workbook: MakeWorkbook) -> None:
    # merge creates the Returns sheet with the first return: until then there is nothing to log
    sheets = complete_sheets()
    del sheets["Returns"]
    workbook, report = read(make_workbook(sheets))
    assert short(report) == []
    assert workbook is not None
    assert workbook.returns == ()


def test_a_returns_row_must_name_a_known_provider(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(Returns=[headers("Returns"), row("Returns", provider="Nobody Ltd", changes=3)])
    workbook, report = read(make_workbook(sheets))
    assert short(report) == [("Returns", "A2", "unknown-reference")]
    assert workbook is None


def test_a_missing_settings_sheet_is_a_warning(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets()
    del sheets["Settings"]
    workbook, report = read(make_workbook(sheets), today=date(2025, 1, 15))
    assert short(report) == [("Settings", "", "missing-sheet")]
    assert workbook is not None
    assert workbook.report_date == date(2025, 1, 15)


def test_an_extra_sheet_is_a_warning(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(Scratch=[["anything"], [1]])
    workbook, report = read(make_workbook(sheets))
    assert short(report) == [("Scratch", "", "extra-sheet")]
    assert report.warnings[0].message == "Sheet 'Scratch' is not one the dashboard reads; it is ignored"
    assert workbook is not None


def test_the_instructions_sheet_is_expected(make_workbook: MakeWorkbook) -> None:
    sheets = {"Instructions": [["How to use this workbook"]], **complete_sheets()}
    _, report = read(make_workbook(sheets))
    assert short(report) == []


def test_an_empty_required_sheet_lacks_every_required_column(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(Providers=[], Contracts=[headers("Contracts")], Safeguarding=[headers("Safeguarding")])
    _, report = read(make_workbook(sheets))
    assert short(report.errors) == [("Providers", "", "missing-column")]


# Rows ------------------------------------------------------------------------------------------


def test_blank_rows_are_skipped_and_row_numbers_kept(make_workbook: MakeWorkbook) -> None:
    width = len(headers("Contracts"))
    sheets = complete_sheets(
        Contracts=[headers("Contracts"), [None] * width, [" "] * width, contract(), ["\u00a0"] * width]
    )
    workbook, report = read(make_workbook(sheets))
    assert short(report) == []
    assert workbook is not None
    assert [c.row for c in workbook.contracts] == [4]
    assert workbook.cell("Contracts", "end_date", 4) == "Contracts!H4"


def test_a_row_with_data_only_in_extra_columns_is_ignored(make_workbook: MakeWorkbook) -> None:
    blank = [None] * len(headers("Contracts"))
    sheets = complete_sheets(
        Contracts=[[*headers("Contracts"), "Working notes"], [*contract(), None], [*blank, "to follow up"]]
    )
    workbook, report = read(make_workbook(sheets))
    assert short(report) == [("Contracts", "W1", "extra-column")]
    assert workbook is not None
    assert len(workbook.contracts) == 1


# Values ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        pytest.param("start_date", date(2023, 4, 1), date(2023, 4, 1), id="real Excel date"),
        pytest.param("start_date", datetime(2023, 4, 1, 9, 15), date(2023, 4, 1), id="Excel date and time"),
        pytest.param("start_date", 45017, date(2023, 4, 1), id="Excel day number"),
        pytest.param("start_date", "2023-04-01", date(2023, 4, 1), id="ISO text"),
        pytest.param("start_date", "01/04/2023", date(2023, 4, 1), id="UK text, day first"),
        pytest.param("end_date", "03/02/2026", date(2026, 2, 3), id="UK text: 3 February, not 2 March"),
        pytest.param("annual_value", 12500, 12500.0, id="money as a number"),
        pytest.param("annual_value", "£12,500", 12500.0, id="money as text"),
        pytest.param("total_value", "£10m", 10_000_000.0, id="money in millions"),
        pytest.param("risk", "medium", "Medium", id="choice in lower case"),
        pytest.param("procurement_route", "FRAMEWORK CALL-OFF", "Framework call-off", id="choice in upper case"),
        pytest.param("monitoring_frequency", None, "Quarterly", id="monitoring frequency defaults to Quarterly"),
        pytest.param("monitoring_frequency", "six-monthly", "Six-monthly", id="monitoring frequency"),
        pytest.param("publish", None, True, id="publish defaults to Yes"),
        pytest.param("publish", "n", False, id="publish N"),
        pytest.param("publish", False, False, id="publish as a real FALSE"),
        pytest.param("works_with_children", "TRUE", True, id="works with children as text TRUE"),
        pytest.param("works_with_children", True, True, id="works with children as a real TRUE"),
    ],
)
def test_contract_cells_are_typed(make_workbook: MakeWorkbook, field: str, raw: object, expected: object) -> None:
    # described, with an identified supplier: a value over £5,000 brings the Transparency Code's checks
    sheets = complete_sheets(
        Contracts=[headers("Contracts"), contract(description="Family support", **{field: raw})],
        Providers=[headers("Providers"), provider(company_number="01234567")],
    )
    workbook, report = read(make_workbook(sheets))
    assert short(report) == []
    assert workbook is not None
    assert getattr(workbook.contracts[0], field) == expected


def test_a_numeric_contract_id_is_text_and_matches_everywhere(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(
        Contracts=[headers("Contracts"), contract(contract_id=1001)],
        Safeguarding=[headers("Safeguarding"), safeguarding(contract_id="1001")],
    )
    workbook, report = read(make_workbook(sheets))
    assert short(report) == []
    assert workbook is not None
    assert (workbook.contracts[0].contract_id, workbook.safeguarding[0].contract_id) == ("1001", "1001")


def test_places_are_right_when_column_a_is_empty(make_workbook: MakeWorkbook) -> None:
    ends_early = contract(start_date=date(2024, 4, 1), end_date=date(2023, 1, 31))
    sheets = complete_sheets(Contracts=[[None, *headers("Contracts")], [None, *ends_early]])
    _, report = read(make_workbook(sheets))
    assert short(report) == [("Contracts", "I2", "date-order")]


def test_blank_yes_no_means_not_recorded_never_no(make_workbook: MakeWorkbook) -> None:
    evidence = safeguarding(
        clause_safeguarding_reference="Yes",
        clause_legislation_reference="No",
        clause_safer_recruitment=" ",
        partnership_updates=None,
        safeguarding_metrics="N",
    )
    sheets = complete_sheets(Safeguarding=[headers("Safeguarding"), evidence])
    workbook, report = read(make_workbook(sheets))
    assert short(report) == []
    assert workbook is not None
    record = workbook.safeguarding[0]
    assert record.clause_safeguarding_reference is True
    assert record.clause_legislation_reference is False
    assert record.clause_safer_recruitment is None
    assert record.partnership_updates is None
    assert record.safeguarding_metrics is False


def test_provider_names_match_ignoring_case_and_repeated_spaces(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(
        Contracts=[headers("Contracts"), contract(supplier="ACME  care   LTD")],
        Placements=[
            headers("Placements"),
            row(
                "Placements",
                placement_id="P-1",
                placement_type="Residential",
                provider=" acme care ltd ",
                source="Spot purchase",
                start_date=date(2024, 1, 8),
            ),
        ],
    )
    workbook, report = read(make_workbook(sheets))
    assert short(report) == []
    assert workbook is not None
    assert workbook.contracts[0].supplier == "Acme Care Ltd"
    assert workbook.placements[0].provider == "Acme Care Ltd"


def test_a_short_company_number_is_padded_with_a_warning(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(Providers=[headers("Providers"), provider(company_number=1234567)])
    workbook, report = read(make_workbook(sheets))
    assert short(report) == [("Providers", "C2", "company-number-padded")]
    assert report.warnings[0].message == (
        "Company number '1234567' has fewer than 8 digits (Excel drops leading zeros); read as 01234567: "
        "format the column as Text and enter all 8 digits"
    )
    assert workbook is not None
    assert workbook.providers[0].public_company_number == "01234567"


def test_provider_identifiers_are_read_as_typed(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(
        Providers=[
            headers("Providers"),
            provider(company_number="sc123456", charity_number="1123456-1", employers_liability="£10m", sme="y"),
        ]
    )
    workbook, report = read(make_workbook(sheets))
    assert short(report) == []
    assert workbook is not None
    record = workbook.providers[0]
    assert (record.public_company_number, record.public_charity_number) == ("SC123456", "1123456-1")
    assert (record.employers_liability, record.sme, record.vcse) == (10_000_000.0, True, None)


def test_a_dbs_number_keeps_its_leading_zeros(make_workbook: MakeWorkbook) -> None:
    staff = row(
        "DBS",
        contract_id="C-1",
        staff_reference="S-1",
        contact_level="direct",
        certificate_number="0012 3456 7890",
        issue_date=date(2023, 5, 1),
    )
    workbook, report = read(make_workbook(complete_sheets(DBS=[headers("DBS"), staff])))
    assert short(report) == []
    assert workbook is not None
    assert (workbook.dbs[0].certificate_number, workbook.dbs[0].contact_level) == ("001234567890", "Direct")


# Settings and the report date ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings_date", "as_of", "expected"),
    [
        pytest.param(date(2024, 9, 30), None, date(2024, 9, 30), id="the workbook's Report date"),
        pytest.param("31/03/2024", None, date(2024, 3, 31), id="Report date as UK text"),
        pytest.param(date(2024, 9, 30), date(2025, 1, 1), date(2025, 1, 1), id="--as-of overrides it"),
        pytest.param(None, None, date(2026, 6, 1), id="blank: today"),
    ],
)
def test_the_report_date(
    make_workbook: MakeWorkbook, settings_date: object, as_of: date | None, expected: date
) -> None:
    settings: Rows = [["Setting", "Value"], ["Organisation", "Test Council"], ["Report date", settings_date]]
    sheets = complete_sheets(Settings=settings)
    workbook, _ = read(make_workbook(sheets), as_of=as_of, today=date(2026, 6, 1))
    assert workbook is not None
    assert workbook.report_date == expected


def test_settings_default_to_spec(make_workbook: MakeWorkbook) -> None:
    workbook, _ = read(
        make_workbook(complete_sheets(Settings=[["Setting", "Value"], ["Organisation", "Test Council"]]))
    )
    assert workbook is not None
    settings = workbook.settings
    assert settings.partnership == "Safeguarding Children Partnership"
    assert settings.self_assessment_months == 24
    assert dict(settings.thematic_months) == {"High": 6, "Medium": 12, "Low": 24}
    assert settings.policy_months == 12
    assert settings.dbs_recheck_years == 3
    assert dict(settings.lead_time_months) == {
        "Strategic purchasing": 9,
        "Operational purchasing": 4,
        "Request for quotation": 3,
        "Framework call-off": 3,
        "Service level agreement": 3,
        "Delegated to another authority": 6,
        "Spot purchase": 1,
    }


def test_settings_named_as_spec_names_them(make_workbook: MakeWorkbook) -> None:
    settings: Rows = [
        ["Setting", "Value"],
        ["Organisation", "Test Council"],
        ["Department", "Children's Services"],
        ["Safeguarding partnership", "Testshire Safeguarding Partnership"],
        ["Report date", "2024-09-30"],
        ["Self-assessment interval (months)", 12],
        ["Thematic check interval High / Medium / Low (months)", "3 / 6 / 12"],
        ["Policy review interval (months)", "18"],
        ["DBS recheck interval (years)", 2],
        ["Lead time Strategic purchasing (months)", 12],
        ["OCDS prefix", "ocds-abc123"],
        ["Contact", "commissioning@test.gov.uk"],
    ]
    workbook, report = read(make_workbook(complete_sheets(Settings=settings)))
    assert short(report) == []
    assert workbook is not None
    read_back = workbook.settings
    assert (read_back.organisation, read_back.department) == ("Test Council", "Children's Services")
    assert read_back.partnership == "Testshire Safeguarding Partnership"
    assert read_back.report_date == date(2024, 9, 30)
    assert (read_back.self_assessment_months, read_back.policy_months, read_back.dbs_recheck_years) == (12, 18, 2)
    assert dict(read_back.thematic_months) == {"High": 3, "Medium": 6, "Low": 12}
    assert read_back.lead_time_months["Strategic purchasing"] == 12
    assert read_back.lead_time_months["Spot purchase"] == 1

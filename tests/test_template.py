"""The `template` verb (SPEC §5): every sheet and header of SPEC §2, drop-down lists, date formats, instructions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from safe_commissioning.cli import main
from safe_commissioning.workbook.reading import read_workbook

from .conftest import POLICY_HEADERS, REPORT_DATE

YES_NO = ("Yes", "No")
SERVICE_AREAS = (
    "Children's Social Care",
    "Safeguarding and Quality Assurance",
    "Participation",
    "Youth",
    "SEND",
    "Early Help",
    "Other",
)
PROCUREMENT_ROUTES = (
    "Spot purchase",
    "Request for quotation",
    "Operational purchasing",
    "Strategic purchasing",
    "Framework call-off",
    "Service level agreement",
    "Delegated to another authority",
)
CLAUSES = (
    "Clause: safeguarding reference",
    "Clause: legislation reference",
    "Clause: safer recruitment",
    "Clause: safeguarding policy",
    "Clause: whistleblowing policy",
    "Clause: induction and training",
    "Clause: cascade of partnership messages",
    "Clause: signs of abuse and extra-familial harm",
    "Clause: reporting and co-operation",
    "Clause: allegations and LADO",
)

# SPEC §2, copied by hand: the template is checked against the contract, not against schema.py.
SPEC_HEADERS: dict[str, tuple[str, ...]] = {
    "Settings": ("Setting", "Value"),
    "Contracts": (
        "Contract ID",
        "Title",
        "Supplier",
        "Description",
        "Service area",
        "Procurement route",
        "Start date",
        "End date",
        "Extension end date",
        "Review date",
        "Annual value",
        "Total value",
        "Irrecoverable VAT",
        "Works with children",
        "Risk",
        "Monitoring frequency",
        "Contract manager",
        "Publish",
        "Notes",
        # after SPEC's own: the register's per-contract department and OCDS main procurement category
        "Department",
        "Main category",
        "Find a Tender notice",
    ),
    "Providers": (
        "Provider",
        "Organisation type",
        "Company number",
        "Charity number",
        "Mutuals number",  # SPEC §2 (revised): the optional FCA Mutuals Public Register number
        "Postcode",
        "SME",
        "VCSE",
        "Ofsted URN",
        "Ofsted rating",
        "Ofsted inspection date",
        "Safeguarding lead",
        "Employer's liability",
        "Public liability",
        "Professional indemnity",
        "Insurance expiry date",
        "PPON",
        "Publish name",
    ),
    "Safeguarding": (
        "Contract ID",
        "Self-assessment date",
        *CLAUSES,
        "Partnership updates and training",
        "Safeguarding metrics in contract",
        "Last thematic check",
        "Staff in contact with children",
    ),
    "Policies": ("Provider", *POLICY_HEADERS),
    "DBS": (
        "Contract ID",
        "Staff reference",
        "Role",
        "Contact level",
        "DBS certificate number",
        "DBS issue date",
        "DBS recheck date",
    ),
    "Monitoring": (
        "Contract ID",
        "Meeting date",
        "Safeguarding discussed",
        "KPIs reviewed",
        "Concerns raised",
        "Notes",
    ),
    "Placements": (
        "Placement ID",
        "Child reference",
        "Cohort",
        "Placement type",
        "Age band",
        "Provider",
        "Source",
        "Start date",
        "End date",
        "Weekly cost",
    ),
    "Quality alerts": (
        "Alert ID",
        "Date raised",
        "Provider",
        "Contract ID",
        "Placement ID",
        "Category",
        "Status",
        "Date closed",
    ),
    "Caseload": ("Date", "Children in care", "Of which UASC", "Children in need", "Care leavers"),
    "Sourcing plan": (
        "Project",
        "Service area",
        "Related contract ID",
        "Estimated total value",
        "Procurement route",
        "Procurement start",
        "Contract start",
        "Status",
        "Publish",
        "Description",
        "Estimated contract end",
        "Lots",
        "Contact",
        "Notice URL",
        "Main category",
        "Suitable for SME/VCSE",
        "Reference",
    ),
    "Development plan": ("Area", "Explanation", "Owner", "Target date", "RAG"),
    "Actions": ("About", "Date", "Action taken", "By", "Next review"),
    "Returns": ("Provider", "Requested on", "Due by", "Received on", "Merged on", "Changes", "File"),
}
DATA_SHEETS = [name for name in SPEC_HEADERS if name != "Settings"]

# Every choice and Yes/No column of SPEC §2 with its list. SME, VCSE and KPIs reviewed are yes/no questions.
SPEC_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("Contracts", "Service area"): SERVICE_AREAS,
    ("Contracts", "Procurement route"): PROCUREMENT_ROUTES,
    ("Contracts", "Works with children"): YES_NO,
    ("Contracts", "Risk"): ("High", "Medium", "Low"),
    ("Contracts", "Monitoring frequency"): ("Monthly", "Quarterly", "Six-monthly", "Annual"),
    ("Contracts", "Publish"): YES_NO,
    ("Contracts", "Main category"): ("Goods", "Services", "Works"),
    ("Providers", "Organisation type"): (
        "Company",
        "Charity",
        "Community interest company",
        "Local authority",
        "NHS body",
        "Sole trader",
        "Other",
    ),
    ("Providers", "SME"): YES_NO,
    ("Providers", "VCSE"): YES_NO,
    ("Providers", "Publish name"): YES_NO,
    ("Providers", "Ofsted rating"): (
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
        "Not yet inspected",
        "Not applicable",
    ),
    **{("Safeguarding", clause): YES_NO for clause in CLAUSES},
    ("Safeguarding", "Partnership updates and training"): YES_NO,
    ("Safeguarding", "Safeguarding metrics in contract"): YES_NO,
    ("DBS", "Contact level"): ("Direct", "Regular", "Occasional", "None"),
    ("Monitoring", "Safeguarding discussed"): YES_NO,
    ("Monitoring", "KPIs reviewed"): YES_NO,
    ("Placements", "Cohort"): ("Child in care", "Unaccompanied asylum-seeking child", "Care leaver", "Child in need"),
    ("Placements", "Placement type"): ("Residential", "IFA", "Semi-independent", "Other"),
    ("Placements", "Age band"): ("Under 16", "16-17", "18+"),
    ("Placements", "Source"): (
        "Commissioning Alliance framework",
        "NEL residential provision",
        "Spot purchase",
        "Other off-framework",
    ),
    ("Quality alerts", "Category"): ("Quality alert", "Issue", "Complaint", "Safeguarding concern"),
    ("Quality alerts", "Status"): ("Open", "Closed"),
    ("Sourcing plan", "Service area"): SERVICE_AREAS,
    ("Sourcing plan", "Procurement route"): PROCUREMENT_ROUTES,
    ("Sourcing plan", "Status"): ("Planned", "In progress", "Awarded", "Cancelled"),
    ("Sourcing plan", "Publish"): YES_NO,
    ("Sourcing plan", "Main category"): ("Goods", "Services", "Works"),
    ("Sourcing plan", "Suitable for SME/VCSE"): YES_NO,
    ("Development plan", "RAG"): ("Red", "Amber", "Green"),
}

SPEC_DATES: dict[str, tuple[str, ...]] = {
    "Contracts": ("Start date", "End date", "Extension end date", "Review date"),
    "Providers": ("Ofsted inspection date", "Insurance expiry date"),
    "Safeguarding": ("Self-assessment date", "Last thematic check"),
    "Policies": POLICY_HEADERS,
    "DBS": ("DBS issue date", "DBS recheck date"),
    "Monitoring": ("Meeting date",),
    "Placements": ("Start date", "End date"),
    "Quality alerts": ("Date raised", "Date closed"),
    "Caseload": ("Date",),
    "Sourcing plan": ("Procurement start", "Contract start", "Estimated contract end"),
    "Development plan": ("Target date",),
    "Actions": ("Date", "Next review"),
    "Returns": ("Requested on", "Due by", "Received on", "Merged on"),
}

SPEC_SETTINGS = (
    "Organisation",
    "Department",
    "Safeguarding partnership",
    "Report date",
    "Self-assessment interval (months)",
    "Policy review interval (months)",
    "DBS recheck interval (years)",
    *(f"Lead time {route} (months)" for route in PROCUREMENT_ROUTES),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "new.xlsx"
    assert main(["template", str(path)], today=REPORT_DATE) == 0
    return path


@pytest.fixture(scope="module")
def book(template: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(template)


def header_row(sheet: Worksheet) -> tuple[str, ...]:
    return tuple(cell.value for cell in sheet[1] if cell.value is not None)


def list_validations(sheet: Worksheet) -> dict[str, tuple[str, ...]]:
    """Column letter → the choices of the list validation that covers its row 2 and row 1000."""
    found: dict[str, tuple[str, ...]] = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list":
            continue
        choices = tuple(validation.formula1.strip('"').split(","))
        for cell_range in validation.sqref.ranges:
            low_col, low_row, high_col, high_row = range_boundaries(cell_range.coord)
            if low_row <= 2 and high_row >= 1000:
                for column in range(low_col, high_col + 1):
                    found[get_column_letter(column)] = choices
    return found


def letter_of(sheet: str, header: str) -> str:
    return str(get_column_letter(SPEC_HEADERS[sheet].index(header) + 1))


def test_the_template_verb_says_what_to_do_next(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "folder" / "new.xlsx"
    assert main(["template", str(path)], today=REPORT_DATE) == 0
    assert path.is_file()
    assert capsys.readouterr().out == (
        f"Wrote the template to {path}: fill it in, then run python build.py check --workbook {path}\n"
    )


def test_the_template_must_be_an_xlsx(tmp_path: Path) -> None:
    assert main(["template", str(tmp_path / "new.xls")], today=REPORT_DATE) == 2
    assert not (tmp_path / "new.xls").exists()


def test_every_spec_sheet_and_an_instructions_sheet(book: openpyxl.Workbook) -> None:
    assert set(book.sheetnames) == {*SPEC_HEADERS, "Instructions"}


@pytest.mark.parametrize("sheet", SPEC_HEADERS)
def test_exact_headers(book: openpyxl.Workbook, sheet: str) -> None:
    assert header_row(book[sheet]) == SPEC_HEADERS[sheet]


@pytest.mark.parametrize("sheet", SPEC_HEADERS)
def test_the_header_row_is_frozen(book: openpyxl.Workbook, sheet: str) -> None:
    assert book[sheet].freeze_panes == "A2"


@pytest.mark.parametrize("sheet", DATA_SHEETS)
def test_drop_down_lists_on_every_choice_and_yes_no_column(book: openpyxl.Workbook, sheet: str) -> None:
    expected = {letter_of(s, header): choices for (s, header), choices in SPEC_CHOICES.items() if s == sheet}
    assert list_validations(book[sheet]) == expected


@pytest.mark.parametrize("sheet", DATA_SHEETS)
def test_date_formats_on_date_columns(book: openpyxl.Workbook, sheet: str) -> None:
    worksheet = book[sheet]
    dated = {
        header
        for index, header in enumerate(SPEC_HEADERS[sheet], start=1)
        if is_date_format(worksheet.column_dimensions[get_column_letter(index)].number_format)
    }
    assert dated == set(SPEC_DATES.get(sheet, ()))


@pytest.mark.parametrize(
    ("sheet", "header"),
    [("Providers", "Company number"), ("Providers", "Charity number"), ("DBS", "DBS certificate number")],
)
def test_numbers_with_leading_zeros_are_formatted_as_text(book: openpyxl.Workbook, sheet: str, header: str) -> None:
    assert book[sheet].column_dimensions[letter_of(sheet, header)].number_format == "@"


def test_drop_down_lists_fit_excels_limits(book: openpyxl.Workbook) -> None:
    too_long = [
        (sheet.title, validation.errorTitle)
        for sheet in book.worksheets
        for validation in sheet.data_validations.dataValidation
        if len(validation.formula1 or "") > 255
        or len(validation.errorTitle or "") > 32
        or len(validation.error or "") > 225
        or len(validation.promptTitle or "") > 32
        or len(validation.prompt or "") > 255
    ]
    assert too_long == []


def test_the_instructions_name_every_sheet_and_how_to_write_dates(book: openpyxl.Workbook) -> None:
    text = "\n".join(
        str(cell.value) for line in book["Instructions"].iter_rows() for cell in line if cell.value is not None
    )
    for sheet in SPEC_HEADERS:
        assert sheet in text
    assert "DD/MM/YYYY" in text
    assert "Yes, No, Y, N, True or False" in text


def test_the_settings_sheet_lists_the_spec_settings(book: openpyxl.Workbook) -> None:
    names = {row[0] for row in book["Settings"].iter_rows(min_row=2, values_only=True)}
    assert set(SPEC_SETTINGS) <= names
    combined = "Thematic check interval High / Medium / Low (months)"
    separate = {f"Thematic check interval {risk} (months)" for risk in ("High", "Medium", "Low")}
    assert combined in names or separate <= names


def test_the_empty_template_passes_check_with_warnings_only(template: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--workbook", str(template)], today=REPORT_DATE) == 0
    workbook, report = read_workbook(template, as_of=None, today=REPORT_DATE)
    assert report.errors == []
    assert ("Settings", "B2", "blank-organisation") in [(f.sheet, f.cell, f.code) for f in report.warnings]
    assert workbook is not None
    assert workbook.contracts == ()


def test_a_filled_template_reads_back(template: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(template)
    settings = book["Settings"]
    for name_cell, value_cell in settings.iter_rows(min_row=2, max_col=2):
        if name_cell.value == "Organisation":
            value_cell.value = "Testshire County Council"
        if name_cell.value == "Report date":
            value_cell.value = date(2024, 9, 30)
    book["Contracts"].append(
        [
            "CSC-001",
            "Family support",
            "Acme Care Ltd",
            "Support for families",
            "Early Help",
            "Framework call-off",
            date(2023, 4, 1),
            "31/03/2026",
            date(2027, 3, 31),
            None,
            125000,
            "£375,000",
            None,
            "Yes",
            "Medium",
            "Monthly",
            "A. Officer",
            "No",
            "Internal note",
        ]
    )
    book["Providers"].append(["Acme Care Ltd", "Charity", "01234567", "1123456", "31192R", "AB1 2CD", "Yes", "No"])
    book["Safeguarding"].append(["CSC-001", date(2024, 1, 15), *(["Yes"] * 9), "No", "Yes", None, date(2024, 6, 1), 4])
    filled = tmp_path / "filled.xlsx"
    book.save(filled)

    workbook, report = read_workbook(filled, as_of=None, today=date(2030, 1, 1))
    assert report.errors == [], report.errors
    assert workbook is not None
    assert workbook.settings.organisation == "Testshire County Council"
    assert workbook.report_date == date(2024, 9, 30)
    (read_contract,) = workbook.contracts
    assert (read_contract.contract_id, read_contract.title, read_contract.supplier) == (
        "CSC-001",
        "Family support",
        "Acme Care Ltd",
    )
    assert (read_contract.service_area, read_contract.procurement_route) == ("Early Help", "Framework call-off")
    assert (read_contract.start_date, read_contract.end_date, read_contract.extension_end_date) == (
        date(2023, 4, 1),
        date(2026, 3, 31),
        date(2027, 3, 31),
    )
    assert (read_contract.annual_value, read_contract.total_value, read_contract.irrecoverable_vat) == (
        125000.0,
        375000.0,
        None,
    )
    assert (read_contract.works_with_children, read_contract.risk, read_contract.monitoring_frequency) == (
        True,
        "Medium",
        "Monthly",
    )
    assert (read_contract.contract_manager, read_contract.publish, read_contract.notes) == (
        "A. Officer",
        False,
        "Internal note",
    )
    (read_provider,) = workbook.providers
    assert (
        read_provider.organisation_type,
        read_provider.public_company_number,
        read_provider.public_charity_number,
        read_provider.public_mutuals_number,
    ) == ("Charity", "01234567", "1123456", "31192R")
    assert (read_provider.sme, read_provider.vcse, read_provider.ofsted_rating) == (True, False, None)
    (evidence,) = workbook.safeguarding
    assert evidence.self_assessment_date == date(2024, 1, 15)
    assert evidence.clause_safeguarding_reference is True
    assert evidence.clause_allegations_and_lado is False
    assert (evidence.partnership_updates, evidence.safeguarding_metrics) == (True, None)
    assert (evidence.last_thematic_check, evidence.staff_in_contact) == (date(2024, 6, 1), 4)

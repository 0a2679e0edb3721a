"""Validation (SPEC §2 "Validation"): every error stops the build, every warning does not, all in one run, each at its cell."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from safe_commissioning.workbook.findings.report import Report
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.records import Workbook

from .conftest import (
    REPORT_DATE,
    MakeWorkbook,
    Rows,
    Text,
    complete_sheets,
    contract,
    headers,
    placement,
    provider,
    row,
    safeguarding,
)
from .conftest import summary as short


def read(path: Path) -> tuple[Workbook | None, Report]:
    return read_workbook(path, as_of=None, today=REPORT_DATE)


def dbs(**values: object) -> list[object]:
    base: dict[str, object] = {
        "contract_id": "C-1",
        "staff_reference": "S-1",
        "contact_level": "Direct",
        "certificate_number": "001234567890",
        "issue_date": date(2023, 5, 1),
    }
    return row("DBS", **(base | values))


def meeting(**values: object) -> list[object]:
    base: dict[str, object] = {"contract_id": "C-1", "meeting_date": date(2024, 7, 1), "safeguarding_discussed": "Yes"}
    return row("Monitoring", **(base | values))


def alert(**values: object) -> list[object]:
    base: dict[str, object] = {
        "alert_id": "QA-1",
        "date_raised": date(2024, 6, 3),
        "provider": "Acme Care Ltd",
        "category": "Quality alert",
        "status": "Open",
    }
    return row("Quality alerts", **(base | values))


def plan(**values: object) -> list[object]:
    return row("Sourcing plan", **({"project": "Family support re-procurement"} | values))


def sheet(name: str, *rows: list[object]) -> dict[str, Rows]:
    return {name: [headers(name), *rows]}


# Errors ----------------------------------------------------------------------------------------

ERRORS = [
    # duplicate IDs
    pytest.param(
        sheet("Contracts", contract(), contract(title="Second")),
        [("Contracts", "A3", "duplicate-id")],
        id="duplicate contract ID",
    ),
    pytest.param(
        sheet("Contracts", contract(), contract(contract_id=" c-1 ")),
        [("Contracts", "A3", "duplicate-id")],
        id="duplicate contract ID in another case",
    ),
    pytest.param(
        sheet("Providers", provider(), provider(provider="ACME  care ltd", organisation_type="Charity")),
        [("Providers", "A3", "duplicate-id")],
        id="duplicate provider ignoring case and spaces, with different details",
    ),
    pytest.param(
        sheet("Safeguarding", safeguarding(), safeguarding()),
        [("Safeguarding", "A3", "duplicate-id")],
        id="two safeguarding rows for one contract",
    ),
    pytest.param(
        sheet("Policies", row("Policies", provider="Acme Care Ltd"), row("Policies", provider="Acme Care Ltd")),
        [("Policies", "A3", "duplicate-id")],
        id="two policy rows for one provider",
    ),
    pytest.param(
        sheet("DBS", dbs(), dbs(certificate_number="009876543210")),
        [("DBS", "B3", "duplicate-id")],
        id="one member of staff twice on a contract",
    ),
    pytest.param(
        sheet("Placements", placement(), placement()),
        [("Placements", "A3", "duplicate-id")],
        id="duplicate placement ID",
    ),
    pytest.param(
        sheet("Quality alerts", alert(), alert()),
        [("Quality alerts", "A3", "duplicate-id")],
        id="duplicate alert ID",
    ),
    pytest.param(
        sheet("Caseload", row("Caseload", date=date(2024, 3, 31)), row("Caseload", date="31/03/2024")),
        [("Caseload", "A3", "duplicate-id")],
        id="duplicate caseload date",
    ),
    # unknown references
    pytest.param(
        sheet("Contracts", contract(supplier="Nobody Ltd")),
        [("Contracts", "C2", "unknown-reference")],
        id="unknown supplier",
    ),
    pytest.param(
        sheet("Safeguarding", safeguarding(contract_id="C-9")),
        [("Safeguarding", "A2", "unknown-reference")],
        id="unknown contract on Safeguarding",
    ),
    pytest.param(
        sheet("DBS", dbs(contract_id="C-9")), [("DBS", "A2", "unknown-reference")], id="unknown contract on DBS"
    ),
    pytest.param(
        sheet("Monitoring", meeting(contract_id="C-9")),
        [("Monitoring", "A2", "unknown-reference")],
        id="unknown contract on Monitoring",
    ),
    pytest.param(
        sheet("Quality alerts", alert(contract_id="C-9")),
        [("Quality alerts", "D2", "unknown-reference")],
        id="unknown contract on Quality alerts",
    ),
    pytest.param(
        sheet("Sourcing plan", plan(related_contract_id="C-9")),
        [("Sourcing plan", "C2", "unknown-reference")],
        id="unknown contract on Sourcing plan",
    ),
    pytest.param(
        sheet("Policies", row("Policies", provider="Nobody Ltd")),
        [("Policies", "A2", "unknown-reference")],
        id="unknown provider on Policies",
    ),
    pytest.param(
        sheet("Placements", placement(provider="Nobody Ltd")),
        [("Placements", "F2", "unknown-reference")],
        id="unknown provider on Placements",
    ),
    pytest.param(
        sheet("Quality alerts", alert(provider="Nobody Ltd")),
        [("Quality alerts", "C2", "unknown-reference")],
        id="unknown provider on Quality alerts",
    ),
    pytest.param(
        sheet("Quality alerts", alert(placement_id="P-9")),
        [("Quality alerts", "E2", "unknown-reference")],
        id="unknown placement on Quality alerts",
    ),
    # required cells left blank
    pytest.param(sheet("Contracts", contract(title=None)), [("Contracts", "B2", "required-blank")], id="blank title"),
    pytest.param(
        sheet("Contracts", contract(title="   ")), [("Contracts", "B2", "required-blank")], id="title of spaces"
    ),
    pytest.param(
        sheet("Contracts", contract(supplier=None)),
        [("Contracts", "C2", "required-blank")],
        id="blank supplier, not also an unknown one",
    ),
    pytest.param(
        sheet("Contracts", contract(start_date=None)), [("Contracts", "G2", "required-blank")], id="blank start date"
    ),
    pytest.param(
        sheet("Contracts", contract(works_with_children=None)),
        [("Contracts", "N2", "required-blank")],
        id="blank Works with children is not No",
    ),
    pytest.param(
        sheet("DBS", dbs(contact_level=None)), [("DBS", "D2", "required-blank")], id="blank DBS contact level"
    ),
    pytest.param(
        sheet("Monitoring", meeting(safeguarding_discussed=None)),
        [("Monitoring", "C2", "required-blank")],
        id="blank Safeguarding discussed",
    ),
    # cells that do not parse
    pytest.param(
        sheet("Contracts", contract(start_date="31/02/2024")),
        [("Contracts", "G2", "invalid-date")],
        id="impossible date, no date-order error as well",
    ),
    pytest.param(
        sheet("Contracts", contract(end_date="31/03/26")), [("Contracts", "H2", "invalid-date")], id="two-digit year"
    ),
    pytest.param(
        sheet("Providers", provider(insurance_expiry_date="soon")),
        [("Providers", "P2", "invalid-date")],
        id="words in a date column",
    ),
    pytest.param(
        sheet("Safeguarding", safeguarding(staff_in_contact="lots")),
        [("Safeguarding", "P2", "invalid-number")],
        id="words in a count",
    ),
    pytest.param(
        sheet("Caseload", row("Caseload", date=date(2024, 3, 31), children_in_care=12.5)),
        [("Caseload", "B2", "invalid-number")],
        id="a fraction in a count",
    ),
    pytest.param(
        sheet("Contracts", contract(risk="Very high")), [("Contracts", "O2", "invalid-choice")], id="invalid risk"
    ),
    pytest.param(
        sheet("Contracts", contract(service_area="Adult Social Care")),
        [("Contracts", "E2", "invalid-choice")],
        id="invalid service area",
    ),
    pytest.param(
        sheet("DBS", dbs(contact_level="Sometimes")), [("DBS", "D2", "invalid-choice")], id="invalid contact level"
    ),
    pytest.param(
        sheet("Placements", placement(placement_type="Hotel")),
        [("Placements", "D2", "invalid-choice")],
        id="invalid placement type",
    ),
    pytest.param(
        sheet("Contracts", contract(works_with_children="Sometimes")),
        [("Contracts", "N2", "invalid-yes-no")],
        id="invalid Works with children",
    ),
    pytest.param(
        sheet("Safeguarding", safeguarding(clause_safeguarding_reference="Partly")),
        [("Safeguarding", "C2", "invalid-yes-no")],
        id="invalid clause element",
    ),
    pytest.param(
        sheet("Contracts", contract(annual_value="about £5k")),
        [("Contracts", "K2", "invalid-money")],
        id="words as money",
    ),
    pytest.param(
        sheet("Contracts", contract(annual_value=-100)), [("Contracts", "K2", "invalid-money")], id="negative money"
    ),
    pytest.param(
        sheet("Providers", provider(public_liability="£-5m")),
        [("Providers", "N2", "invalid-money")],
        id="negative money as text",
    ),
    # a company or charity number that fits no register is a warning: tests/test_identifiers.py
    pytest.param(
        sheet("DBS", dbs(certificate_number="12345678901")),
        [("DBS", "E2", "invalid-dbs-number")],
        id="DBS number of 11 digits",
    ),
    # dates out of order
    pytest.param(
        sheet("Contracts", contract(start_date=date(2024, 4, 1), end_date=date(2023, 1, 31))),
        [("Contracts", "H2", "date-order")],
        id="contract ends before it starts",
    ),
    pytest.param(
        sheet("Contracts", contract(start_date="01/04/2024", end_date="31/01/2023")),
        [("Contracts", "H2", "date-order")],
        id="contract ends before it starts, UK text",
    ),
    pytest.param(
        sheet("Contracts", contract(extension_end_date=date(2025, 1, 1))),
        [("Contracts", "I2", "date-order")],
        id="extension ends before the end date",
    ),
    pytest.param(
        sheet("Placements", placement(end_date=date(2023, 12, 25))),
        [("Placements", "I2", "date-order")],
        id="placement ends before it starts",
    ),
    pytest.param(
        sheet("Quality alerts", alert(status="Closed", date_closed=date(2024, 6, 2))),
        [("Quality alerts", "H2", "date-order")],
        id="alert closed before it was raised",
    ),
    pytest.param(
        sheet("DBS", dbs(recheck_date=date(2023, 4, 30))),
        [("DBS", "G2", "date-order")],
        id="DBS recheck before issue",
    ),
    pytest.param(
        sheet("Sourcing plan", plan(procurement_start=date(2025, 1, 1), contract_start=date(2024, 12, 1))),
        [("Sourcing plan", "G2", "date-order")],
        id="new contract starts before its procurement",
    ),
    # Excel error values: openpyxl stores these strings as real error cells (t="e")
    pytest.param(sheet("Contracts", contract(title="#REF!")), [("Contracts", "B2", "excel-error")], id="#REF!"),
    pytest.param(sheet("Contracts", contract(annual_value="#N/A")), [("Contracts", "K2", "excel-error")], id="#N/A"),
    pytest.param(
        sheet("Contracts", contract(start_date="#VALUE!")),
        [("Contracts", "G2", "excel-error")],
        id="#VALUE! in a date, no date-order error as well",
    ),
    pytest.param(
        sheet("Contracts", contract(supplier="#NAME?")),
        [("Contracts", "C2", "excel-error")],
        id="#NAME? in a reference, no unknown-reference as well",
    ),
    pytest.param(
        sheet("Safeguarding", safeguarding(staff_in_contact="#DIV/0!")),
        [("Safeguarding", "P2", "excel-error")],
        id="#DIV/0!",
    ),
    pytest.param(
        sheet("Contracts", contract(title=Text("#REF!"))),
        [("Contracts", "B2", "excel-error")],
        id="#REF! pasted as text",
    ),
    pytest.param(
        {
            "Settings": [
                ["Setting", "Value"],
                ["Organisation", "#REF!"],
                ["OCDS prefix", "ocds-abc123"],
                ["Contact", "commissioning@test.gov.uk"],
            ]
        },
        [("Settings", "B2", "excel-error")],
        id="#REF! in Settings",
    ),
    # a formula with no saved value is read as blank: in a required cell that is an error too
    pytest.param(
        sheet("Contracts", contract(title="=UPPER(D2)")),
        [("Contracts", "B2", "unsaved-formula")],
        id="unsaved formula in a required cell",
    ),
    # Settings
    pytest.param(
        {"Settings": [["Setting", "Value"], ["Organisation", "Test Council"], ["Report date", "sometime"]]},
        [("Settings", "B3", "invalid-date")],
        id="invalid Report date",
    ),
    pytest.param(
        {
            "Settings": [
                ["Setting", "Value"],
                ["Organisation", "Test Council"],
                ["Policy review interval (months)", "a year"],
            ]
        },
        [("Settings", "B3", "invalid-number")],
        id="invalid interval",
    ),
]


@pytest.mark.parametrize(("sheets", "expected"), ERRORS)
def test_errors_stop_the_build(
    make_workbook: MakeWorkbook, sheets: dict[str, Rows], expected: list[tuple[str, str, str]]
) -> None:
    workbook, report = read(make_workbook(complete_sheets(sheets)))
    assert short(report.errors) == expected
    assert workbook is None


# Messages officers read, word for word ---------------------------------------------------------

MESSAGES = [
    pytest.param(
        sheet("Contracts", contract(start_date=date(2024, 4, 1), end_date=date(2023, 1, 31))),
        "Contracts!H2: End date 2023-01-31 is before Start date 2024-04-01",
        id="date-order, as SPEC writes it",
    ),
    pytest.param(
        sheet("Contracts", contract(supplier="Nobody Ltd")),
        "Contracts!C2: Unknown supplier 'Nobody Ltd': add it to the Providers sheet or correct the spelling",
        id="unknown supplier",
    ),
    pytest.param(
        sheet("DBS", dbs(contract_id="C-9")),
        "DBS!A2: Unknown contract 'C-9': add it to the Contracts sheet or correct the ID",
        id="unknown contract",
    ),
    pytest.param(
        sheet("Quality alerts", alert(placement_id="P-9")),
        "Quality alerts!E2: Unknown placement 'P-9': add it to the Placements sheet or correct the ID",
        id="unknown placement",
    ),
    pytest.param(
        sheet("Contracts", contract(), contract(title="Second")),
        "Contracts!A3: Duplicate Contract ID 'C-1' (first at Contracts!A2): each contract has its own row and ID; "
        "give this row its own Contract ID or delete it",
        id="duplicate contract ID",
    ),
    pytest.param(
        sheet("Contracts", contract(title=None)),
        "Contracts!B2: Title is required but blank: fill it in, or delete the row if it is not needed",
        id="required blank",
    ),
    pytest.param(
        sheet("Contracts", contract(start_date="31/02/2024")),
        "Contracts!G2: Start date: '31/02/2024' is not a real calendar date",
        id="impossible date",
    ),
    pytest.param(
        sheet("Contracts", contract(risk="Very high")),
        "Contracts!O2: Risk: 'Very high' is not one of: High, Medium, Low",
        id="invalid choice",
    ),
    pytest.param(
        sheet("Contracts", contract(works_with_children="Sometimes")),
        "Contracts!N2: Works with children: 'Sometimes' is not Yes or No: enter Yes or No, or leave blank if not known",
        id="invalid Yes/No",
    ),
    pytest.param(
        sheet("Contracts", contract(title="#REF!")),
        "Contracts!B2: Title holds the Excel error #REF!: correct the formula or type the value in",
        id="Excel error",
    ),
    pytest.param(
        sheet("Contracts", contract(annual_value="=1000*12")),
        "Contracts!K2: Annual value: the formula =1000*12 has no saved value and is read as blank: "
        "open the workbook in Excel and save it",
        id="formula with no saved value",
    ),
    pytest.param(
        sheet("Safeguarding"),
        "Contracts!A2: Contract 'C-1' works with children but has no row on the Safeguarding sheet: "
        "its minimum expectations show as not evidenced until one is added",
        id="no Safeguarding row",
    ),
    pytest.param(
        {
            "Settings": [
                ["Setting", "Value"],
                ["Organisation", None],
                ["OCDS prefix", "ocds-abc123"],
                ["Contact", "commissioning@test.gov.uk"],
            ]
        },
        "Settings!B2: Organisation is blank: the sites will have no title",
        id="blank Organisation",
    ),
    pytest.param(
        sheet("Contracts", contract(review_date=date(1990, 1, 1))),
        "Contracts!J2: Review date 1990-01-01 is more than 30 years from the report date: check the year",
        id="date far in the past",
    ),
]


@pytest.mark.parametrize(("sheets", "message"), MESSAGES)
def test_messages_name_the_place(make_workbook: MakeWorkbook, sheets: dict[str, Rows], message: str) -> None:
    _, report = read(make_workbook(complete_sheets(sheets)))
    assert [finding.format() for finding in report] == [message]


# Warnings --------------------------------------------------------------------------------------

WARNINGS = [
    pytest.param(
        sheet("Contracts", contract(annual_value="=1000*12")),
        [("Contracts", "K2", "formula-no-value")],
        id="formula with no saved value",
    ),
    pytest.param(
        {
            "Settings": [
                ["Setting", "Value"],
                ["Organisation", None],
                ["OCDS prefix", "ocds-abc123"],
                ["Contact", "commissioning@test.gov.uk"],
            ]
        },
        [("Settings", "B2", "blank-organisation")],
        id="blank Organisation",
    ),
    pytest.param(
        {
            "Settings": [
                ["Setting", "Value"],
                ["Organisation", "\u00a0 "],
                ["OCDS prefix", "ocds-abc123"],
                ["Contact", "commissioning@test.gov.uk"],
            ]
        },
        [("Settings", "B2", "blank-organisation")],
        id="Organisation of spaces",
    ),
    pytest.param(
        {"Settings": [["Setting", "Value"], ["OCDS prefix", "ocds-abc123"], ["Contact", "commissioning@test.gov.uk"]]},
        [("Settings", "", "blank-organisation")],
        id="no Organisation setting",
    ),
    pytest.param(
        sheet("Safeguarding"),
        [("Contracts", "A2", "missing-safeguarding")],
        id="works with children, no Safeguarding row",
    ),
    pytest.param(
        sheet("Contracts", contract(review_date=date(1990, 1, 1))),
        [("Contracts", "J2", "date-out-of-range")],
        id="date far in the past",
    ),
    pytest.param(
        sheet("Contracts", contract(extension_end_date=date(2099, 3, 31))),
        [("Contracts", "I2", "date-out-of-range")],
        id="date far in the future",
    ),
    pytest.param(
        sheet("Contracts", contract(review_date=3)),
        [("Contracts", "J2", "date-out-of-range")],
        id="a small number read as an Excel day number in 1900",
    ),
    pytest.param(
        sheet("Quality alerts", alert(status="Closed")),
        [("Quality alerts", "H2", "closed-without-date")],
        id="closed alert without a date",
    ),
]


@pytest.mark.parametrize(("sheets", "expected"), WARNINGS)
def test_warnings_do_not_stop_the_build(
    make_workbook: MakeWorkbook, sheets: dict[str, Rows], expected: list[tuple[str, str, str]]
) -> None:
    workbook, report = read(make_workbook(complete_sheets(sheets)))
    assert short(report) == expected
    assert report.errors == []
    assert workbook is not None


def test_a_cell_with_an_unsaved_formula_is_read_as_blank(make_workbook: MakeWorkbook) -> None:
    workbook, _ = read(make_workbook(complete_sheets(sheet("Contracts", contract(annual_value="=1000*12")))))
    assert workbook is not None
    assert workbook.contracts[0].annual_value is None


def saved_by_excel(written: Path, saved: Path, cell: str, xml: bytes) -> Path:
    """A copy of `written` with one cell's XML replaced by what Excel writes after calculating."""
    pattern = re.compile(rb'<c r="' + cell.encode() + rb'"[^>]*>.*?</c>')
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if b"<t>Works with children</t>" in data:
                data, count = pattern.subn(xml, data)
                assert count == 1
            target.writestr(info, data)
    return saved


@pytest.mark.parametrize(
    ("field", "cell", "xml", "expected"),
    [
        pytest.param("annual_value", "K2", b'<c r="K2"><f>1000*12</f><v>12000</v></c>', 12000.0, id="a number"),
        pytest.param(
            "description",
            "D2",
            b'<c r="D2" t="str"><f>UPPER(B2)</f><v>FAMILY SUPPORT</v></c>',
            "FAMILY SUPPORT",
            id="text",
        ),
        pytest.param(
            "description",
            "D2",
            b'<c r="D2" t="str"><f>IF(B2="","x","")</f><v/></c>',
            "",
            id="an empty text result",
        ),
    ],
)
def test_a_formula_with_a_saved_value_is_read_without_a_warning(
    make_workbook: MakeWorkbook, tmp_path: Path, field: str, cell: str, xml: bytes, expected: object
) -> None:
    written = make_workbook(complete_sheets(sheet("Contracts", contract(annual_value="=0", description="=0"))))
    workbook, report = read(saved_by_excel(written, tmp_path / "saved.xlsx", cell, xml))
    assert [f for f in short(report) if f[1] == cell] == []
    assert workbook is not None
    assert getattr(workbook.contracts[0], field) == expected


# Passing cases ---------------------------------------------------------------------------------

VALID = [
    pytest.param(
        sheet("Contracts", contract(), contract(contract_id="C-2", works_with_children="No")),
        id="a contract that does not work with children needs no Safeguarding row",
    ),
    pytest.param(sheet("Contracts", contract(end_date=date(2023, 4, 1))), id="a contract that ends the day it starts"),
    pytest.param(
        sheet("Contracts", contract(supplier="acme   CARE ltd")), id="supplier in another case with repeated spaces"
    ),
    pytest.param(sheet("Safeguarding", safeguarding(contract_id="c-1")), id="contract ID in another case"),
    pytest.param(
        {
            **sheet("Contracts", contract(), contract(contract_id="C-2")),
            **sheet("Safeguarding", safeguarding(), safeguarding(contract_id="C-2")),
            **sheet("DBS", dbs(), dbs(contract_id="C-2")),
        },
        id="one member of staff on two contracts",
    ),
    pytest.param(sheet("Placements", placement(end_date=None)), id="an ongoing placement"),
    pytest.param(
        {**sheet("Placements", placement()), **sheet("Quality alerts", alert(contract_id="C-1", placement_id="p-1"))},
        id="an alert about a known contract and placement",
    ),
    pytest.param(sheet("Contracts", contract(annual_value=0)), id="a contract of no value"),
    pytest.param(sheet("Providers", provider(company_number="SC123456", charity_number="1123456-1")), id="numbers"),
    pytest.param(sheet("DBS", dbs(certificate_number=None)), id="DBS number not recorded"),
]


@pytest.mark.parametrize("sheets", VALID)
def test_valid_workbooks(make_workbook: MakeWorkbook, sheets: dict[str, Rows]) -> None:
    workbook, report = read(make_workbook(complete_sheets(sheets)))
    assert short(report) == []
    assert workbook is not None


# One run, every problem, every place -----------------------------------------------------------


def many_mistakes() -> dict[str, Rows]:
    sheets = complete_sheets(
        {
            **sheet(
                "Contracts",
                contract(),
                contract(
                    contract_id="C-2", supplier="Nobody Ltd", start_date=date(2024, 4, 1), end_date=date(2023, 1, 31)
                ),
                contract(title="#REF!"),
            ),
            **sheet("Providers", provider(), provider(provider="Beta Ltd", public_liability="lots")),
            **sheet("Safeguarding", safeguarding(), safeguarding(contract_id="C-2", clause_safer_recruitment="Partly")),
            **sheet("DBS", dbs(certificate_number="12345")),
            **sheet("Monitoring", meeting(meeting_date=None)),
        }
    )
    del sheets["Caseload"]
    return sheets


def test_every_problem_is_reported_in_one_run(make_workbook: MakeWorkbook) -> None:
    workbook, report = read(make_workbook(many_mistakes()))
    assert workbook is None
    assert sorted(short(report.errors)) == sorted(
        [
            ("Contracts", "A4", "duplicate-id"),
            ("Contracts", "B4", "excel-error"),
            ("Contracts", "C3", "unknown-reference"),
            ("Contracts", "H3", "date-order"),
            ("Providers", "N3", "invalid-money"),
            ("Safeguarding", "E3", "invalid-yes-no"),
            ("DBS", "E2", "invalid-dbs-number"),
            ("Monitoring", "B2", "required-blank"),
        ]
    )
    assert short(report.warnings) == [("Caseload", "", "missing-sheet")]


def test_a_missing_column_does_not_hide_the_other_problems_of_its_sheet(make_workbook: MakeWorkbook) -> None:
    keep = [header != "Risk" for header in headers("Contracts")]

    def without_risk(values: list[object]) -> list[object]:
        return [value for value, kept in zip(values, keep, strict=True) if kept]

    bad_row = contract(start_date="31/02/2024", supplier="Nobody Ltd")
    sheets = complete_sheets({"Contracts": [without_risk(list(headers("Contracts"))), without_risk(bad_row)]})
    _, report = read(make_workbook(sheets))
    assert sorted(short(report.errors)) == [
        ("Contracts", "", "missing-column"),
        ("Contracts", "C2", "unknown-reference"),
        ("Contracts", "G2", "invalid-date"),
    ]


def test_every_message_starts_with_its_place(make_workbook: MakeWorkbook) -> None:
    _, report = read(make_workbook(many_mistakes()))
    for finding in report:
        place = f"{finding.sheet}!{finding.cell}" if finding.cell else finding.sheet
        assert re.fullmatch(r"[A-Z]{1,3}[1-9]\d*|", finding.cell), finding
        assert finding.format() == f"{place}: {finding.message}"


# DBS certificate numbers are personal data -----------------------------------------------------

CERTIFICATE = "00123456789"  # 11 digits: invalid, so the validator has reason to talk about it


@pytest.mark.parametrize(
    "certificate",
    [
        pytest.param(CERTIFICATE, id="invalid number"),
        pytest.param(f'="{CERTIFICATE}"', id="formula with no saved value"),
        pytest.param(f"{CERTIFICATE}X", id="number with a letter"),
    ],
)
def test_no_message_repeats_a_dbs_number(make_workbook: MakeWorkbook, certificate: str) -> None:
    sheets = complete_sheets(sheet("DBS", dbs(certificate_number=certificate), dbs(certificate_number=certificate)))
    _, report = read(make_workbook(sheets))
    assert [f.cell for f in report if f.sheet == "DBS"][:1] == ["E2"]
    for finding in report:
        assert CERTIFICATE not in finding.format(), finding
        assert CERTIFICATE not in report.to_json()

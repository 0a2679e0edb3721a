"""Transparency Code completeness: published contracts over £5,000 with a field the Code asks for missing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safe_commissioning.workbook.checks.transparency import gaps, register_gaps
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.records import Contract, Provider, Workbook

from .conftest import (
    REPORT_DATE,
    MakeWorkbook,
    contract,
    headers,
    minimal_sheets,
    provider,
    safeguarding,
)
from .conftest import summary as short
from .sites import build_sites

COMPLETE: dict[str, object] = {"description": "Family support", "total_value": 120_000}
COMPANY: dict[str, object] = {"organisation_type": "Company", "company_number": "00061625"}


def read(make_workbook: MakeWorkbook, contract_fields: dict[str, object], provider_fields: dict[str, object]) -> list:
    sheets = minimal_sheets(
        Contracts=[headers("Contracts"), contract(**contract_fields)],
        Providers=[headers("Providers"), provider(**provider_fields)],
    )
    workbook, report = read_workbook(make_workbook(sheets), as_of=None, today=REPORT_DATE)
    assert workbook is not None, [f.format() for f in report.errors]
    return [f for f in report.warnings if f.code.startswith("register-gap")]


# Failing cases: each gap is one warning at the cell to fill in.
@pytest.mark.parametrize(
    ("contract_fields", "provider_fields", "expected"),
    [
        pytest.param(
            {**COMPLETE, "description": None},
            COMPANY,
            [("Contracts", "D2", "register-gap-description")],
            id="no description",
        ),
        pytest.param(
            {"total_value": None, "annual_value": 6000},
            COMPANY,
            [("Contracts", "D2", "register-gap-description")],
            id="over £5,000 by its annual value alone",
        ),
        pytest.param(
            COMPLETE,
            {"organisation_type": "Company"},
            [("Providers", "C2", "register-gap-supplier-id")],
            id="a company with no company number",
        ),
        pytest.param(
            COMPLETE,
            {"organisation_type": "Community interest company"},
            [("Providers", "C2", "register-gap-supplier-id")],
            id="a community interest company with no company number",
        ),
        pytest.param(
            COMPLETE,
            {"organisation_type": "Charity", "company_number": "00061625"},
            [("Providers", "D2", "register-gap-supplier-id")],
            id="a charity with no charity number",
        ),
        pytest.param(
            {"total_value": "£5,000.01"},
            {"organisation_type": "Charity"},
            [("Contracts", "D2", "register-gap-description"), ("Providers", "D2", "register-gap-supplier-id")],
            id="two gaps, just over the threshold",
        ),
    ],
)
def test_a_gap_is_a_warning_at_its_cell(
    make_workbook: MakeWorkbook,
    contract_fields: dict[str, object],
    provider_fields: dict[str, object],
    expected: list[tuple[str, str, str]],
) -> None:
    assert short(read(make_workbook, contract_fields, provider_fields)) == expected


# Passing cases: nothing to report.
@pytest.mark.parametrize(
    ("contract_fields", "provider_fields"),
    [
        pytest.param(COMPLETE, COMPANY, id="complete"),
        pytest.param({"total_value": 5000}, {"organisation_type": "Company"}, id="£5,000 exactly is not over"),
        pytest.param({"annual_value": 4999}, {"organisation_type": "Company"}, id="under the threshold"),
        pytest.param({}, {"organisation_type": "Company"}, id="no value: the Code's scope cannot be told"),
        pytest.param({"total_value": 90_000, "publish": "No"}, {"organisation_type": "Company"}, id="not published"),
        pytest.param(COMPLETE, {"organisation_type": "Sole trader"}, id="a sole trader has no register number"),
        pytest.param(COMPLETE, {"organisation_type": None}, id="organisation type not recorded"),
        pytest.param(
            COMPLETE, {"organisation_type": "Charity", "charity_number": "1012345"}, id="charity with its number"
        ),
    ],
)
def test_no_gap(
    make_workbook: MakeWorkbook, contract_fields: dict[str, object], provider_fields: dict[str, object]
) -> None:
    assert short(read(make_workbook, contract_fields, provider_fields)) == []


def test_the_message_names_the_contract_and_quotes_the_code(make_workbook: MakeWorkbook) -> None:
    [finding] = read(make_workbook, {**COMPLETE, "description": None}, COMPANY)
    assert finding.format() == (
        "Contracts!D2: Published contract C-1 is over £5,000 but has no description: the Local Government "
        "Transparency Code 2015 asks for a description of the goods and/or services being provided; "
        "fill in Description"
    )
    [finding] = read(make_workbook, COMPLETE, {"organisation_type": "Company"})
    assert finding.format() == (
        "Providers!C2: Published contract C-1 is over £5,000 but its supplier Acme Care Ltd is a company "
        "with no Company number: the Local Government Transparency Code 2015 asks for the supplier name and "
        "details, with the relevant registration number; fill in Company number"
    )


def test_a_missing_column_is_named_in_words(make_workbook: MakeWorkbook) -> None:
    columns = [h for h in headers("Contracts") if h != "Description"]
    row = [v for h, v in zip(headers("Contracts"), contract(total_value=90_000), strict=True) if h != "Description"]
    sheets = minimal_sheets(
        Contracts=[columns, row], Providers=[headers("Providers"), provider(company_number="01234567")]
    )
    workbook, report = read_workbook(make_workbook(sheets), as_of=None, today=REPORT_DATE)
    assert workbook is not None
    [finding] = [f for f in report.warnings if f.code == "register-gap-description"]
    assert (finding.sheet, finding.cell) == ("Contracts", "")
    assert finding.message.endswith("add a Description column to the Contracts sheet and fill in row 2")


def test_one_warning_per_contract_of_the_same_supplier(make_workbook: MakeWorkbook) -> None:
    sheets = minimal_sheets(
        Contracts=[
            headers("Contracts"),
            contract(**COMPLETE),
            contract(**{**COMPLETE, "contract_id": "C-2"}),
            contract(**{**COMPLETE, "contract_id": "C-3", "total_value": 100}),
        ],
        Safeguarding=[headers("Safeguarding"), *(safeguarding(contract_id=c) for c in ("C-1", "C-2", "C-3"))],
    )
    workbook, report = read_workbook(make_workbook(sheets), as_of=None, today=REPORT_DATE)
    assert workbook is not None
    gaps_found = [f for f in report.warnings if f.code == "register-gap-supplier-id"]
    assert [(f.location, f.message.split(" is over")[0]) for f in gaps_found] == [
        ("Providers!C2", "Published contract C-1"),
        ("Providers!C2", "Published contract C-2"),
    ]


def test_dates_and_value_are_checked_for_records_made_in_code() -> None:
    # From a workbook these cannot be blank in scope (a value brings it into scope; the dates are
    # required cells), but the rule still holds for a record built another way.
    made = Contract(
        row=5,
        contract_id="X",
        title="t",
        supplier="S",
        service_area="Other",
        procurement_route="Spot purchase",
        start_date=None,  # type: ignore[arg-type]
        end_date=date(2025, 1, 1),
        works_with_children=False,
        risk="Low",
        description="d",
        total_value=10_000,
    )
    assert [g.code for g in gaps(made, Provider(row=2, provider="S"))] == ["register-gap-dates"]
    workbook = Workbook("w.xlsx", "", settings=None, report_date=REPORT_DATE, contracts=(made,))  # type: ignore[arg-type]
    assert register_gaps(workbook) == []  # a supplier not on the Providers sheet is validation's to report


def test_the_data_quality_page_lists_register_gaps(tmp_path: Path, make_workbook: MakeWorkbook) -> None:
    out = tmp_path / "out"
    sheets = minimal_sheets(
        Contracts=[headers("Contracts"), contract(total_value=90_000)],
        Providers=[headers("Providers"), provider()],
    )
    build_sites(make_workbook(sheets), out)
    page = (out / "internal" / "data-quality.html").read_text(encoding="utf-8")
    section = page[page.index('id="register-gaps"') :]
    assert "2 gaps" in section
    assert "register-gap-description" in section
    assert "register-gap-supplier-id" in section
    assert "Providers&#33;C2" in section  # the page escapes "!"

"""A messy but valid workbook gives exactly what the same data written cleanly gives (SPEC §2).

SPEC §2 allows: headers in any case, with surrounding or non-breaking spaces; unknown extra columns
(a warning); dates as real Excel dates, ISO text or UK DD/MM/YYYY text; Yes/No as Yes/No/Y/N/True/False
in any case; money as numbers or text such as `£12,500`; provider names matched ignoring case and
repeated spaces. A formula with no saved value is a warning and reads as blank. None of that may
change a single status, RAG, expiry figure, decision date or year count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from itertools import cycle
from pathlib import Path

import pytest

from safe_commissioning.rules.assessment import Assessment, assess
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.schema.sheets import SHEETS_BY_NAME

from .conftest import Rows, headers, row, write_xlsx

REPORT = date(2025, 6, 30)
RULES = ("MS1", "MS2", "MS3", "MS4", "MS5", "MS6", "POL", "OFS", "INS")
MONEY = {
    "annual_value",
    "total_value",
    "irrecoverable_vat",
    "employers_liability",
    "public_liability",
    "professional_indemnity",
    "weekly_cost",
    "estimated_total_value",
}
Y, N = True, False
CURRENT, OLD = date(2025, 1, 15), date(2024, 1, 1)

Record = dict[str, object]

# The data, once: field → value (dates as dates, Yes/No as booleans, money as numbers).
DATA: dict[str, list[Record]] = {
    "Contracts": [
        {
            "contract_id": "C-1",
            "title": "Family support",
            "supplier": "Acme Care Ltd",
            "service_area": "Children's Social Care",
            "procurement_route": "Strategic purchasing",
            "start_date": date(2023, 4, 1),
            "end_date": date(2026, 3, 31),
            "annual_value": 12_500,
            "total_value": 37_500,
            "works_with_children": Y,
            "risk": "High",
            "monitoring_frequency": "Monthly",
            "publish": Y,
        },
        {
            "contract_id": "C-2",
            "title": "Residential short breaks",
            "supplier": "BRIGHT  futures",
            "service_area": "SEND",
            "procurement_route": "Spot purchase",
            "start_date": date(2024, 4, 1),
            "end_date": date(2025, 7, 15),
            "annual_value": 1_250_000.5,
            "works_with_children": Y,
            "risk": "Medium",
            "publish": N,
        },
        {
            "contract_id": "C-3",
            "title": "Youth hub",
            "supplier": "City Council",
            "service_area": "Youth",
            "procurement_route": "Service level agreement",
            "start_date": date(2025, 7, 1),
            "end_date": date(2027, 6, 30),
            "works_with_children": Y,
            "risk": "Low",
            "monitoring_frequency": "Annual",
        },
        {
            "contract_id": "C-4",
            "title": "Office cleaning",
            "supplier": "acme care ltd",
            "service_area": "Other",
            "procurement_route": "Request for quotation",
            "start_date": date(2022, 4, 1),
            "end_date": date(2025, 6, 29),
            "works_with_children": N,
            "risk": "Low",
        },
        {
            "contract_id": "C-5",
            "title": "Mentoring",
            "supplier": "Acme Care Ltd",
            "service_area": "Early Help",
            "procurement_route": "Operational purchasing",
            "start_date": date(2024, 1, 1),
            "end_date": date(2025, 9, 30),
            "works_with_children": Y,
            "risk": "Medium",
            "monitoring_frequency": "Six-monthly",
        },
    ],
    "Providers": [
        {
            "provider": "Acme Care Ltd",
            "organisation_type": "Company",
            "company_number": "01234567",
            "sme": Y,
            "ofsted_rating": "Good",
            "employers_liability": 10_000_000,
            "public_liability": 12_500_000,
            "professional_indemnity": 2_000_000,
            "insurance_expiry_date": date(2026, 3, 31),
        },
        {
            "provider": "Bright Futures",
            "organisation_type": "Charity",
            "charity_number": "1234567",
            "vcse": Y,
            "ofsted_rating": "Inadequate",
            "ofsted_inspection_date": date(2025, 2, 3),
            "employers_liability": 5_000_000,
            "public_liability": 10_000_000,
            "professional_indemnity": 2_000_000,
            "insurance_expiry_date": date(2025, 12, 31),
        },
        {"provider": "City Council", "organisation_type": "Local authority"},
    ],
    "Safeguarding": [
        {
            "contract_id": "C-1",
            "self_assessment_date": date(2024, 5, 1),
            **dict.fromkeys([c for c in headers("Safeguarding") if c.startswith("Clause:")], Y),
            "partnership_updates": Y,
            "safeguarding_metrics": Y,
            "last_thematic_check": date(2025, 3, 1),
            "staff_in_contact": 2,
        },
        {
            "contract_id": "C-2",
            "self_assessment_date": date(2022, 1, 1),
            **dict(zip([c for c in headers("Safeguarding") if c.startswith("Clause:")], [Y, N] * 5, strict=True)),
            "partnership_updates": N,
            "last_thematic_check": date(2024, 7, 1),
        },
        {"contract_id": "C-3", "safeguarding_metrics": N},
        {
            "contract_id": "C-5",
            "self_assessment_date": REPORT,
            **dict.fromkeys([c for c in headers("Safeguarding") if c.startswith("Clause:")], N),
            "partnership_updates": Y,
            "safeguarding_metrics": Y,
            "last_thematic_check": date(2024, 6, 29),
            "staff_in_contact": 1,
        },
    ],
    "Policies": [
        {"provider": "Acme Care Ltd", **dict.fromkeys([h for h in headers("Policies") if h != "Provider"], CURRENT)}
        | {"Data protection policy reviewed": OLD},
        {"provider": "bright futures", **dict.fromkeys([h for h in headers("Policies") if h != "Provider"], OLD)},
    ],
    "DBS": [
        {
            "contract_id": "C-1",
            "staff_reference": "S1",
            "contact_level": "Direct",
            "certificate_number": "123456789012",
            "issue_date": date(2023, 1, 1),
        },
        {
            "contract_id": "C-1",
            "staff_reference": "S2",
            "contact_level": "Regular",
            "certificate_number": "234567890123",
            "recheck_date": REPORT,
        },
        {"contract_id": "C-2", "staff_reference": "S3", "contact_level": "Direct", "issue_date": date(2024, 1, 1)},
        {
            "contract_id": "C-5",
            "staff_reference": "S4",
            "contact_level": "Occasional",
            "certificate_number": "345678901234",
            "issue_date": date(2024, 1, 1),
        },
    ],
    "Monitoring": [
        {"contract_id": "C-1", "meeting_date": date(2025, 5, 20), "safeguarding_discussed": Y, "kpis_reviewed": Y},
        {"contract_id": "C-1", "meeting_date": date(2024, 11, 1), "safeguarding_discussed": Y},
        {"contract_id": "C-2", "meeting_date": date(2025, 1, 10), "safeguarding_discussed": N, "concerns_raised": 2},
        {"contract_id": "C-5", "meeting_date": date(2025, 2, 1), "safeguarding_discussed": Y},
    ],
    "Placements": [
        {
            "placement_id": "P1",
            "placement_type": "Residential",
            "provider": "Acme Care Ltd",
            "source": "Commissioning Alliance framework",
            "start_date": date(2023, 4, 1),
            "end_date": date(2024, 3, 31),
            "weekly_cost": 4_500,
        },
        {
            "placement_id": "P2",
            "placement_type": "IFA",
            "provider": "bright  FUTURES",
            "source": "Spot purchase",
            "start_date": date(2024, 4, 1),
        },
        {
            "placement_id": "P3",
            "placement_type": "Semi-independent",
            "provider": "Acme Care Ltd",
            "source": "NEL residential provision",
            "start_date": date(2024, 10, 10),
            "end_date": date(2025, 4, 1),
        },
    ],
    "Sourcing plan": [
        {"project": "Re-tender short breaks", "related_contract_id": "C-2", "status": "Planned", "publish": Y}
    ],
}


def _row_fields(sheet: str) -> list[str]:
    """The record field of each column, in SPEC order."""
    return [column.field for column in SHEETS_BY_NAME[sheet].columns]


def _fields(sheet: str, record: Record) -> Record:
    """A record keyed by field name (the Safeguarding clause and Policies columns are given by header)."""
    names = dict(zip(headers(sheet), _row_fields(sheet), strict=True))
    return {names.get(key, key): value for key, value in record.items()}


def clean_value(value: object) -> object:
    """How a careful officer types it: real dates, Yes/No, numbers."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


def clean_sheets() -> dict[str, Rows]:
    """The data written cleanly: SPEC headers in SPEC order, real dates, Yes/No, numbers."""
    sheets: dict[str, Rows] = {
        "Settings": [["Setting", "Value"], ["Organisation", "Test Council"], ["Report date", REPORT]]
    }
    for sheet, records in DATA.items():
        rows: list[Sequence[object]] = [headers(sheet)]
        for record in records:
            fields = _fields(sheet, record)
            rows.append(row(sheet, **{k: clean_value(v) for k, v in fields.items()}))
        sheets[sheet] = rows
    return sheets


HEADER_STYLES: tuple[Callable[[str], str], ...] = (
    str.upper,
    lambda h: f"  {h.lower()}  ",
    lambda h: h.replace(" ", "\u00a0"),
    lambda h: f"\u00a0{h.title()}\u00a0",
    lambda h: f" {h.swapcase()}",
)


def _yes_no() -> Iterator[tuple[object, object]]:
    return cycle([("Y", "n"), ("TRUE", "FALSE"), ("yes", "NO"), (True, False), ("y", "false"), ("True", "N")])


def messy_sheets() -> dict[str, Rows]:
    """The same data as an untidy workbook: columns reordered, headers mangled, an extra column, text dates,
    assorted Yes/No spellings, money as text, and a formula with no saved value in the Notes column."""
    date_styles = cycle(["iso", "uk", "real"])
    yes_no = _yes_no()
    sheets: dict[str, Rows] = {
        "Settings": [["Setting", "Value"], ["Organisation", "Test Council"], ["Report date", "30/06/2025"]]
    }
    for sheet, records in DATA.items():
        order = list(reversed(range(len(headers(sheet)))))
        middle = len(order) // 2
        header: list[object] = [
            HEADER_STYLES[i % len(HEADER_STYLES)](headers(sheet)[col]) for i, col in enumerate(order)
        ]
        header.insert(middle, " Budget code ")
        rows: list[Sequence[object]] = [header]
        for number, record in enumerate(records):
            fields = _fields(sheet, record)
            clean = dict(zip(_row_fields(sheet), row(sheet, **fields), strict=True))
            values: list[object] = []
            for col in order:
                name = _row_fields(sheet)[col]
                value = clean[name]
                if isinstance(value, bool):
                    yes, no = next(yes_no)
                    value = yes if value else no
                elif isinstance(value, date):
                    style = next(date_styles)
                    value = (
                        value.isoformat() if style == "iso" else value.strftime("%d/%m/%Y") if style == "uk" else value
                    )
                elif name in MONEY and isinstance(value, int | float):
                    value = f"£{value:,.2f}" if value != int(value) else f"£{int(value):,}"
                elif sheet == "Contracts" and name == "notes" and number == 0:
                    value = "=1+1"  # saved by openpyxl as a formula with no cached value
                values.append(value)
            values.insert(middle, f"BC-{number}")
            rows.append(values)
        sheets[sheet] = rows
    return sheets


def outcome(assessment: Assessment) -> dict[str, object]:
    """Everything the rules computed, as plain values."""
    return {
        "contracts": {
            c.contract_id: {
                "rules": {rule: c.result(rule).status.value for rule in RULES},
                "rag": c.rag.value,
                "status": c.status.value,
                "days_to_expiry": c.days_to_expiry,
                "expiry_band": c.expiry_band,
                "decision_due": c.decision_due,
                "no_reprocurement_planned": c.no_reprocurement_planned,
                "values": (c.contract.annual_value, c.contract.total_value),
                "publish": c.contract.publish,
                "last_meeting": c.monitoring.last_meeting,
            }
            for c in assessment.contracts
        },
        "providers": {
            p.provider.provider: (
                p.provider.employers_liability,
                p.provider.public_liability,
                p.provider.professional_indemnity,
                p.provider.insurance_expiry_date,
            )
            for p in assessment.providers
        },
        "years": [
            (y.financial_year, y.placement_type, y.commissioned, y.decommissioned)
            for y in assessment.placements_by_year
        ],
        "active": [p.placement_id for p in assessment.active_placements],
        "alerts": [(a.provider.provider, a.contract_ids, a.placement_ids) for a in assessment.ofsted_alerts],
    }


def read(path: Path) -> tuple[Assessment, list[tuple[str, str, str]]]:
    workbook, report = read_workbook(path, as_of=None, today=date(2030, 1, 1))
    assert workbook is not None, report.summary()
    assert workbook.report_date == REPORT
    return assess(workbook), [(f.severity.value, f.sheet, f.code) for f in report]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assessment, list[tuple[str, str, str]]]:
    return read(write_xlsx(tmp_path_factory.mktemp("clean") / "clean.xlsx", clean_sheets()))


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assessment, list[tuple[str, str, str]]]:
    return read(write_xlsx(tmp_path_factory.mktemp("messy") / "messy.xlsx", messy_sheets()))


# What SPEC §3 gives for DATA on 2025-06-30, worked out by hand.
EXPECTED_RULES: Mapping[str, tuple[Mapping[str, str], str]] = {
    "C-1": (
        {
            "MS1": "met",
            "MS2": "met",
            "MS3": "met",
            "MS4": "met",
            "MS5": "met",
            "MS6": "met",
            "POL": "partly_met",
            "OFS": "met",
            "INS": "met",
        },
        "amber",
    ),
    "C-2": (
        {
            "MS1": "not_met",
            "MS2": "partly_met",
            "MS3": "not_met",
            "MS4": "not_met",
            "MS5": "not_met",
            "MS6": "met",
            "POL": "not_met",
            "OFS": "not_met",
            "INS": "not_met",
        },
        "red",
    ),
    "C-3": (
        {
            "MS1": "not_evidenced",
            "MS2": "not_evidenced",
            "MS3": "not_evidenced",
            "MS4": "not_evidenced",
            "MS5": "not_met",
            "MS6": "not_evidenced",
            "POL": "not_evidenced",
            "OFS": "not_evidenced",
            "INS": "not_applicable",
        },
        "red",
    ),
    "C-4": (dict.fromkeys(RULES, "not_applicable"), "not_applicable"),
    "C-5": (
        {
            "MS1": "met",
            "MS2": "not_met",
            "MS3": "met",
            "MS4": "not_evidenced",
            "MS5": "met",
            "MS6": "not_met",
            "POL": "partly_met",
            "OFS": "met",
            "INS": "met",
        },
        "red",
    ),
}
EXPECTED_EXPIRY = {
    # status, days_to_expiry, expiry_band, decision_due, no_reprocurement_planned
    "C-1": ("active", 274, "181-365", date(2025, 6, 30), False),
    "C-2": ("active", 15, "0-90", date(2025, 6, 15), False),
    "C-3": ("not_started", 730, "over-365", date(2027, 3, 30), False),
    "C-4": ("expired", -1, "expired", date(2025, 3, 29), False),
    "C-5": ("active", 92, "91-180", date(2025, 5, 30), True),
}


def test_the_clean_workbook_gives_what_spec_says(clean: tuple[Assessment, list[tuple[str, str, str]]]) -> None:
    assessment, _ = clean
    found = outcome(assessment)
    contracts = found["contracts"]
    assert isinstance(contracts, dict)
    assert {cid: (c["rules"], c["rag"]) for cid, c in contracts.items()} == EXPECTED_RULES
    assert {
        cid: (c["status"], c["days_to_expiry"], c["expiry_band"], c["decision_due"], c["no_reprocurement_planned"])
        for cid, c in contracts.items()
    } == EXPECTED_EXPIRY
    years = found["years"]
    assert isinstance(years, list)
    assert [y for y in years if y[2] or y[3]] == [
        ("2023-24", "Residential", 1, 1),
        ("2024-25", "IFA", 1, 0),
        ("2024-25", "Semi-independent", 1, 0),
        ("2025-26", "Semi-independent", 0, 1),
    ]
    assert found["active"] == ["P2"]
    assert found["alerts"] == [("Bright Futures", ("C-2",), ("P2",))]


def test_the_messy_workbook_gives_exactly_the_same_results(
    clean: tuple[Assessment, list[tuple[str, str, str]]], messy: tuple[Assessment, list[tuple[str, str, str]]]
) -> None:
    assert outcome(messy[0]) == outcome(clean[0])


@pytest.mark.parametrize("part", ["contracts", "providers", "years", "active", "alerts"])
def test_each_part_of_the_messy_results_matches(
    clean: tuple[Assessment, list[tuple[str, str, str]]],
    messy: tuple[Assessment, list[tuple[str, str, str]]],
    part: str,
) -> None:
    assert outcome(messy[0])[part] == outcome(clean[0])[part]


def test_money_text_is_read_as_pounds(messy: tuple[Assessment, list[tuple[str, str, str]]]) -> None:
    contract = messy[0].by_contract["C-1"].contract
    assert (contract.annual_value, contract.total_value) == (12_500, 37_500)
    assert messy[0].by_contract["C-2"].contract.annual_value == 1_250_000.5


def test_the_messy_workbook_warns_but_does_not_fail(messy: tuple[Assessment, list[tuple[str, str, str]]]) -> None:
    findings = messy[1]
    assert not [f for f in findings if f[0] == "error"]
    extra = {sheet for severity, sheet, code in findings if code == "extra-column"}
    assert extra == set(DATA)
    assert ("warning", "Contracts", "formula-no-value") in findings


def test_the_clean_workbook_has_no_column_or_formula_warnings(
    clean: tuple[Assessment, list[tuple[str, str, str]]],
) -> None:
    codes = {code for _, _, code in clean[1]}
    assert not codes & {"extra-column", "formula-no-value", "missing-column"}

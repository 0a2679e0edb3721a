"""Contract status, days to expiry, expiry band, decision due and "no re-procurement planned" (SPEC §3.3).

Report date 2025-06-30 unless a case says otherwise. Expected values are worked out from SPEC:
Expired means the end date is before today, bands are counted in days from today to the end date,
and the decision is due the route's lead time (whole calendar months) before the end date.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from safe_commissioning.rules.assessment import assess
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.records import DEFAULT_LEAD_TIMES, Settings, SourcingPlanItem

from .conftest import MakeWorkbook, minimal_sheets
from .test_rules import GOOD_CONTRACT, REPORT, assess_contract


def plan(related: str = "C-1", status: str | None = "Planned") -> SourcingPlanItem:
    """A Sourcing plan row."""
    return SourcingPlanItem(row=2, project="Re-tender family support", related_contract_id=related, status=status)


# --- Status ------------------------------------------------------------------------------------------------------

STATUS_CASES = [
    pytest.param(date(2025, 7, 1), date(2027, 3, 31), "not_started", id="starts the day after the report date"),
    pytest.param(date(2026, 1, 1), date(2027, 3, 31), "not_started", id="starts months ahead"),
    pytest.param(REPORT, date(2027, 3, 31), "active", id="starts on the report date"),
    pytest.param(date(2024, 4, 1), REPORT, "active", id="ends on the report date"),
    pytest.param(REPORT, REPORT, "active", id="a one-day contract on the report date"),
    pytest.param(date(2024, 4, 1), date(2025, 6, 29), "expired", id="ended the day before"),
    pytest.param(date(2020, 4, 1), date(2023, 3, 31), "expired", id="ended years ago"),
]


@pytest.mark.parametrize(("start", "end", "expected"), [c for c in STATUS_CASES if c.values[2] == "active"])
def test_active(start: date, end: date, expected: str) -> None:
    contract = replace(GOOD_CONTRACT, start_date=start, end_date=end)
    assert assess_contract(contract=contract).status.value == expected


@pytest.mark.parametrize(("start", "end", "expected"), [c for c in STATUS_CASES if c.values[2] != "active"])
def test_not_active(start: date, end: date, expected: str) -> None:
    contract = replace(GOOD_CONTRACT, start_date=start, end_date=end)
    assert assess_contract(contract=contract).status.value == expected


# --- Days to expiry and band ---------------------------------------------------------------------------------------

BANDS = [
    pytest.param(-400, "expired", id="-400 days"),
    pytest.param(-1, "expired", id="-1 day"),
    pytest.param(0, "0-90", id="0 days: ends on the report date"),
    pytest.param(1, "0-90", id="1 day"),
    pytest.param(90, "0-90", id="90 days"),
    pytest.param(91, "91-180", id="91 days"),
    pytest.param(180, "91-180", id="180 days"),
    pytest.param(181, "181-365", id="181 days"),
    pytest.param(365, "181-365", id="365 days"),
    pytest.param(366, "over-365", id="366 days"),
    pytest.param(2000, "over-365", id="2000 days"),
]


@pytest.mark.parametrize(("days", "band"), [c for c in BANDS if c.values[1] != "expired"])
def test_days_and_band_of_a_running_contract(days: int, band: str) -> None:
    end = REPORT + timedelta(days=days)
    found = assess_contract(contract=replace(GOOD_CONTRACT, start_date=date(2020, 4, 1), end_date=end))
    assert (found.days_to_expiry, found.expiry_band) == (days, band)


@pytest.mark.parametrize(("days", "band"), [c for c in BANDS if c.values[1] == "expired"])
def test_days_and_band_of_an_ended_contract(days: int, band: str) -> None:
    end = REPORT + timedelta(days=days)
    found = assess_contract(contract=replace(GOOD_CONTRACT, start_date=date(2020, 4, 1), end_date=end))
    assert (found.days_to_expiry, found.expiry_band, found.status.value) == (days, band, "expired")


def test_a_contract_ending_on_the_report_date() -> None:
    found = assess_contract(contract=replace(GOOD_CONTRACT, end_date=REPORT))
    assert (found.status.value, found.days_to_expiry, found.expiry_band) == ("active", 0, "0-90")


def test_days_count_across_a_leap_day() -> None:
    contract = replace(GOOD_CONTRACT, start_date=date(2023, 4, 1), end_date=date(2024, 3, 1))
    found = assess_contract(contract=contract, report_date=date(2024, 2, 1))
    assert found.days_to_expiry == 29


# --- Decision due: end date less the route's lead time -----------------------------------------------------------

DECISIONS = [
    pytest.param("Strategic purchasing", date(2026, 3, 31), date(2025, 6, 30), id="Strategic purchasing: 9 months"),
    pytest.param(
        "Operational purchasing", date(2026, 3, 31), date(2025, 11, 30), id="Operational purchasing: 4 months (30 Nov)"
    ),
    pytest.param("Request for quotation", date(2026, 3, 31), date(2025, 12, 31), id="Request for quotation: 3 months"),
    pytest.param("Framework call-off", date(2026, 3, 31), date(2025, 12, 31), id="Framework call-off: 3 months"),
    pytest.param(
        "Service level agreement", date(2026, 3, 31), date(2025, 12, 31), id="Service level agreement: 3 months"
    ),
    pytest.param(
        "Delegated to another authority",
        date(2026, 3, 31),
        date(2025, 9, 30),
        id="Delegated to another authority: 6 months",
    ),
    pytest.param("Spot purchase", date(2026, 3, 31), date(2026, 2, 28), id="Spot purchase: 1 month (28 Feb)"),
    pytest.param("Spot purchase", date(2024, 3, 31), date(2024, 2, 29), id="Spot purchase into a leap February"),
    pytest.param("Request for quotation", date(2028, 5, 31), date(2028, 2, 29), id="RFQ from 31 May to the leap day"),
    pytest.param("Delegated to another authority", date(2025, 8, 31), date(2025, 2, 28), id="31 Aug less 6 months"),
    pytest.param("Strategic purchasing", date(2026, 11, 15), date(2026, 2, 15), id="mid-month needs no clamping"),
]


@pytest.mark.parametrize(("route", "end", "due"), DECISIONS)
def test_decision_due(route: str, end: date, due: date) -> None:
    contract = replace(GOOD_CONTRACT, procurement_route=route, start_date=date(2020, 4, 1), end_date=end)
    assert assess_contract(contract=contract).decision_due == due


def test_every_route_has_the_spec_lead_time() -> None:
    assert dict(DEFAULT_LEAD_TIMES) == {
        "Strategic purchasing": 9,
        "Operational purchasing": 4,
        "Request for quotation": 3,
        "Framework call-off": 3,
        "Service level agreement": 3,
        "Delegated to another authority": 6,
        "Spot purchase": 1,
    }


def test_a_lead_time_from_settings_replaces_the_default() -> None:
    settings = Settings(report_date=REPORT, lead_time_months={**DEFAULT_LEAD_TIMES, "Spot purchase": 2})
    contract = replace(GOOD_CONTRACT, procurement_route="Spot purchase", end_date=date(2026, 3, 31))
    assert assess_contract(contract=contract, settings=settings).decision_due == date(2026, 1, 31)


def test_a_lead_time_on_the_settings_sheet_is_used(make_workbook: MakeWorkbook) -> None:
    settings: list[list[object]] = [
        ["Setting", "Value"],
        ["Organisation", "Test Council"],
        ["Report date", REPORT],
        ["Lead time Strategic purchasing (months)", 12],
    ]
    path: Path = make_workbook(minimal_sheets(Settings=settings))
    workbook, report = read_workbook(path, as_of=None, today=REPORT)
    assert workbook is not None, report.summary()
    found = assess(workbook).by_contract["C-1"]
    assert (found.contract.end_date, found.decision_due) == (date(2026, 3, 31), date(2025, 3, 31))


# --- No re-procurement planned --------------------------------------------------------------------------------------
# Strategic purchasing (9 months): an end date of 2025-12-31 makes the decision due 2025-03-31, already passed.

FLAGGED = [
    pytest.param(date(2025, 12, 31), [], id="decision passed, not ended, no sourcing plan row"),
    pytest.param(date(2026, 3, 29), [], id="decision due the day before the report date"),
    pytest.param(REPORT, [], id="ends on the report date: not yet ended"),
    pytest.param(date(2025, 12, 31), [plan("C-2")], id="the only plan row is for another contract"),
    pytest.param(date(2025, 12, 31), [plan("")], id="a plan row that references no contract"),
]
NOT_FLAGGED = [
    pytest.param(date(2025, 12, 31), [plan()], id="a Planned row references it"),
    pytest.param(date(2025, 12, 31), [plan(status="In progress")], id="an In progress row references it"),
    pytest.param(date(2025, 12, 31), [plan(status=None)], id="a row with no status references it"),
    pytest.param(date(2026, 3, 30), [], id="decision due on the report date has not passed"),
    pytest.param(date(2027, 3, 31), [], id="decision not yet due"),
    pytest.param(date(2025, 6, 29), [], id="ended the day before the report date"),
]


@pytest.mark.parametrize(("end", "rows"), FLAGGED)
def test_no_reprocurement_planned_is_flagged(end: date, rows: list[SourcingPlanItem]) -> None:
    contract = replace(GOOD_CONTRACT, start_date=date(2023, 4, 1), end_date=end)
    assert assess_contract(contract=contract, sourcing_plan=rows).no_reprocurement_planned is True


@pytest.mark.parametrize(("end", "rows"), NOT_FLAGGED)
def test_no_reprocurement_planned_is_not_flagged(end: date, rows: list[SourcingPlanItem]) -> None:
    contract = replace(GOOD_CONTRACT, start_date=date(2023, 4, 1), end_date=end)
    assert assess_contract(contract=contract, sourcing_plan=rows).no_reprocurement_planned is False


def test_the_flag_does_not_depend_on_working_with_children() -> None:
    contract = replace(GOOD_CONTRACT, works_with_children=False, end_date=date(2025, 12, 31))
    assert assess_contract(contract=contract).no_reprocurement_planned is True

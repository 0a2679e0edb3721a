"""Placements by financial year, active placements, off-framework share and Ofsted alerts (SPEC §3.4).

Report date 2025-06-30. A financial year runs 1 April to 31 March and is written `2023-24`;
commissioned in a year = start date in it, decommissioned = end date in it; active = started
and not ended by today (a placement's End date is its last day).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from safe_commissioning.rules.assessment import Assessment, assess
from safe_commissioning.rules.placements import off_framework_share
from safe_commissioning.workbook.records import Placement, Provider

from .test_rules import GOOD_CONTRACT, GOOD_EVIDENCE, GOOD_PROVIDER, REPORT, workbook_of

WORKBOOK_TYPES = ("Residential", "IFA", "Semi-independent", "Other")


def placement(
    placement_id: str,
    start: date,
    end: date | None = None,
    kind: str = "Residential",
    provider: str = "Acme Care Ltd",
    source: str = "Commissioning Alliance framework",
) -> Placement:
    """One row of the Placements sheet."""
    return Placement(
        row=2,
        placement_id=placement_id,
        placement_type=kind,
        provider=provider,
        source=source,
        start_date=start,
        end_date=end,
    )


def assessed(placements: list[Placement], providers: tuple[Provider, ...] = (GOOD_PROVIDER,)) -> Assessment:
    """The whole assessment of a workbook holding these placements."""
    return assess(workbook_of(placements=placements, providers=providers))


def by_year(assessment: Assessment) -> dict[tuple[str, str], tuple[int, int]]:
    """(financial year, type) → (commissioned, decommissioned), leaving out all-zero rows."""
    return {
        (y.financial_year, y.placement_type): (y.commissioned, y.decommissioned)
        for y in assessment.placements_by_year
        if y.commissioned or y.decommissioned
    }


# --- Financial-year counts ------------------------------------------------------------------------------------------

HISTORY = [
    placement("P1", date(2023, 4, 1), date(2024, 3, 31)),  # opens and closes 2023-24
    placement("P2", date(2024, 3, 31)),  # last day of 2023-24, ongoing
    placement("P3", date(2024, 4, 1), date(2025, 3, 31), kind="IFA"),  # first and last day of 2024-25
    placement("P4", date(2024, 6, 1), date(2025, 4, 1), kind="IFA"),  # ends on the first day of 2025-26
    placement("P5", date(2025, 4, 1), REPORT, kind="Semi-independent"),  # ends on the report date
    placement("P6", date(2022, 10, 10), date(2024, 4, 1), kind="Other"),
]
EXPECTED = {
    ("2022-23", "Other"): (1, 0),
    ("2023-24", "Residential"): (2, 1),
    ("2024-25", "IFA"): (2, 1),
    ("2024-25", "Other"): (0, 1),
    ("2025-26", "IFA"): (0, 1),
    ("2025-26", "Semi-independent"): (1, 1),
}


def test_commissioned_and_decommissioned_by_financial_year_and_type() -> None:
    assert by_year(assessed(HISTORY)) == EXPECTED


@pytest.mark.parametrize(
    ("start", "end", "commissioned_in", "decommissioned_in"),
    [
        pytest.param(date(2024, 3, 31), None, "2023-24", None, id="start 31 March: the year ending"),
        pytest.param(date(2024, 4, 1), None, "2024-25", None, id="start 1 April: the year beginning"),
        pytest.param(date(2023, 5, 1), date(2024, 3, 31), "2023-24", "2023-24", id="end 31 March"),
        pytest.param(date(2023, 5, 1), date(2024, 4, 1), "2023-24", "2024-25", id="end 1 April"),
        pytest.param(date(2024, 2, 29), date(2025, 2, 28), "2023-24", "2024-25", id="leap day start"),
    ],
)
def test_year_boundaries(start: date, end: date | None, commissioned_in: str, decommissioned_in: str | None) -> None:
    expected: dict[tuple[str, str], tuple[int, int]] = {}
    expected[commissioned_in, "Residential"] = (1, 0)
    if decommissioned_in is not None:
        c, d = expected.get((decommissioned_in, "Residential"), (0, 0))
        expected[decommissioned_in, "Residential"] = (c, d + 1)
    assert by_year(assessed([placement("P1", start, end)])) == expected


def test_year_labels_are_written_like_2023_24() -> None:
    years = {y.financial_year for y in assessed(HISTORY).placements_by_year}
    assert years >= {"2022-23", "2023-24", "2024-25", "2025-26"}
    assert all(len(label) == 7 and label[4] == "-" for label in years)


def test_placement_types_are_the_workbook_list() -> None:
    assert {y.placement_type for y in assessed(HISTORY).placements_by_year} <= set(WORKBOOK_TYPES)


def test_no_placements_give_no_year_rows() -> None:
    assert assessed([]).placements_by_year == ()


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [placement("P1", date(2025, 4, 1), date(2025, 9, 30))],
            {("2025-26", "Residential"): (1, 1)},
            id="a planned end date after the report date",
        ),
        pytest.param(
            [placement("P1", date(2025, 8, 1))],
            {("2025-26", "Residential"): (1, 0)},
            id="a start date after the report date",
        ),
    ],
)
def test_dates_after_the_report_date_still_fall_in_their_year(
    rows: list[Placement], expected: dict[tuple[str, str], tuple[int, int]]
) -> None:
    assert by_year(assessed(rows)) == expected


# --- Active placements ----------------------------------------------------------------------------------------------

ACTIVE = [
    pytest.param(date(2024, 1, 1), None, id="started, no end date"),
    pytest.param(REPORT, None, id="starts on the report date"),
    pytest.param(date(2024, 1, 1), REPORT, id="ends on the report date"),
    pytest.param(date(2024, 1, 1), date(2025, 7, 1), id="ends the day after"),
]
NOT_ACTIVE = [
    pytest.param(date(2025, 7, 1), None, id="starts the day after the report date"),
    pytest.param(date(2024, 1, 1), date(2025, 6, 29), id="ended the day before"),
    pytest.param(date(2020, 1, 1), date(2021, 1, 1), id="ended years ago"),
]


@pytest.mark.parametrize(("start", "end"), ACTIVE)
def test_active(start: date, end: date | None) -> None:
    assert [p.placement_id for p in assessed([placement("P1", start, end)]).active_placements] == ["P1"]


@pytest.mark.parametrize(("start", "end"), NOT_ACTIVE)
def test_not_active(start: date, end: date | None) -> None:
    assert assessed([placement("P1", start, end)]).active_placements == ()


# --- Off-framework share ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "off"),
    [
        pytest.param("Commissioning Alliance framework", 0, id="framework"),
        pytest.param(
            "NEL residential provision", 1, id="NEL residential provision is a secondary, off-framework source"
        ),
        pytest.param("Spot purchase", 1, id="spot purchase"),
        pytest.param("Other off-framework", 1, id="other off-framework"),
    ],
)
def test_off_framework_by_source(source: str, off: int) -> None:
    share = off_framework_share([placement("P1", date(2024, 1, 1), source=source)])
    assert (share.part, share.whole) == (off, 1)


def test_off_framework_share_of_a_mix() -> None:
    rows = [
        placement("P1", date(2024, 1, 1)),
        placement("P2", date(2024, 1, 1), source="NEL residential provision"),
        placement("P3", date(2024, 1, 1), source="Spot purchase"),
        placement("P4", date(2024, 1, 1), source="Other off-framework"),
    ]
    share = off_framework_share(rows)
    assert (share.part, share.whole, share.percent) == (3, 4, 75.0)


def test_off_framework_share_of_nothing_has_no_percentage() -> None:
    assert off_framework_share([]).percent is None


# --- Alerts: active placements and contracts with a provider rated Inadequate ----------------------------------------


def test_inadequate_provider_alert_lists_only_its_active_placements_and_contracts() -> None:
    bad = Provider(row=3, provider="Bad Homes Ltd", organisation_type="Company", ofsted_rating="Inadequate")
    contracts = (
        GOOD_CONTRACT,
        replace(GOOD_CONTRACT, row=3, contract_id="C-2", supplier="Bad Homes Ltd"),
        replace(GOOD_CONTRACT, row=4, contract_id="C-3", supplier="Bad Homes Ltd", end_date=date(2025, 3, 31)),
        replace(GOOD_CONTRACT, row=5, contract_id="C-4", supplier="Bad Homes Ltd", start_date=date(2025, 9, 1)),
    )
    placements = [
        placement("A1", date(2025, 1, 1), provider="Bad Homes Ltd"),
        placement("A2", date(2024, 1, 1), date(2025, 1, 1), provider="Bad Homes Ltd"),
        placement("A3", date(2025, 8, 1), provider="Bad Homes Ltd"),
        placement("A4", date(2024, 1, 1), REPORT, provider="Bad Homes Ltd"),
        placement("G1", date(2025, 1, 1)),
    ]
    workbook = workbook_of(
        contracts=contracts,
        providers=(GOOD_PROVIDER, bad),
        safeguarding=tuple(replace(GOOD_EVIDENCE, contract_id=c.contract_id) for c in contracts),
        placements=placements,
    )
    alerts = assess(workbook).ofsted_alerts
    assert [(a.provider.provider, sorted(a.contract_ids), sorted(a.placement_ids)) for a in alerts] == [
        ("Bad Homes Ltd", ["C-2"], ["A1", "A4"])
    ]


@pytest.mark.parametrize("rating", ["Outstanding", "Good", "Requires improvement", "Not yet inspected", None])
def test_no_alert_for_a_provider_not_rated_inadequate(rating: str | None) -> None:
    provider = replace(GOOD_PROVIDER, ofsted_rating=rating)
    assert assessed([placement("P1", date(2025, 1, 1))], (provider,)).ofsted_alerts == ()

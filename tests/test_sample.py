"""The sample workbook reproduces the seed report's real figures."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from safe_commissioning.rules.assessment import assess
from safe_commissioning.workbook.reading import read_workbook


def test_sample_workbook_is_valid_and_reproduces_table_5_8(sample_workbook: Path) -> None:
    workbook, report = read_workbook(sample_workbook, as_of=None, today=date(2026, 1, 1))
    assert workbook is not None, [f.format() for f in report.errors]
    assert workbook.report_date == date(2024, 9, 30)
    assessment = assess(workbook)
    year = {
        (y.placement_type, y.commissioned, y.decommissioned)
        for y in assessment.placements_by_year
        if y.financial_year == "2023-24"
    }
    assert {("Residential", 3, 2), ("IFA", 1, 1), ("Semi-independent", 11, 9)} <= year


def test_sample_workbook_has_the_report_contracts_and_caseload(sample_workbook: Path) -> None:
    workbook, _ = read_workbook(sample_workbook, as_of=None, today=date(2026, 1, 1))
    assert workbook is not None
    assert len(workbook.contracts) == 18
    titles = {c.title for c in workbook.contracts}
    assert {"Family Support Services", "Universal Youth and Play Service", "Youth Justice Service"} <= titles
    snapshot = next(s for s in workbook.caseload if s.date == date(2024, 3, 31))
    assert (snapshot.children_in_care, snapshot.of_which_uasc, snapshot.children_in_need, snapshot.care_leavers) == (
        7,
        4,
        3,
        55,
    )
    local_authorities = {p.provider for p in workbook.providers if p.organisation_type == "Local authority"}
    assert local_authorities == {"London Borough of Hackney", "London Borough of Tower Hamlets"}


def test_sample_workbook_gives_a_mix_of_ratings(sample_workbook: Path) -> None:
    workbook, _ = read_workbook(sample_workbook, as_of=None, today=date(2026, 1, 1))
    assert workbook is not None
    ratings = Counter(c.rag.value for c in assess(workbook).contracts)
    assert ratings["red"] > 0
    assert ratings["amber"] > 0
    assert ratings["green"] > 0

"""Calendar arithmetic, read from SPEC §3: whole calendar months, month-end clamping, financial years.

Every expected date here is worked out by hand from SPEC's words ("within 24 months" of
2025-06-30 means on or after 2023-06-30; 31 March minus one month is the end of February).
"""

from __future__ import annotations

from datetime import date

import pytest

from safe_commissioning.dates import (
    add_months,
    add_years,
    financial_year,
    financial_year_bounds,
    months_before,
    whole_months_between,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        pytest.param(date(2025, 6, 30), -24, date(2023, 6, 30), id="SPEC example: 24 months before 2025-06-30"),
        pytest.param(date(2024, 3, 31), -1, date(2024, 2, 29), id="31 Mar 2024 - 1 month is the leap day"),
        pytest.param(date(2023, 3, 31), -1, date(2023, 2, 28), id="31 Mar 2023 - 1 month is 28 Feb"),
        pytest.param(date(2024, 8, 31), -6, date(2024, 2, 29), id="31 Aug - 6 months clamps to 29 Feb"),
        pytest.param(date(2025, 6, 30), -4, date(2025, 2, 28), id="30 Jun - 4 months clamps to 28 Feb"),
        pytest.param(date(2026, 3, 31), -4, date(2025, 11, 30), id="31 Mar - 4 months clamps to 30 Nov"),
        pytest.param(date(2024, 1, 31), 1, date(2024, 2, 29), id="31 Jan + 1 month clamps to 29 Feb"),
        pytest.param(date(2024, 12, 15), 1, date(2025, 1, 15), id="forward across a year end"),
        pytest.param(date(2025, 1, 15), -1, date(2024, 12, 15), id="back across a year end"),
        pytest.param(date(2024, 2, 29), 12, date(2025, 2, 28), id="leap day + 12 months"),
        pytest.param(date(2024, 2, 29), 48, date(2028, 2, 29), id="leap day + 48 months is a leap day again"),
        pytest.param(date(2025, 5, 17), 0, date(2025, 5, 17), id="zero months"),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("report_date", "months", "earliest"),
    [
        pytest.param(date(2025, 6, 30), 24, date(2023, 6, 30), id="self-assessment 24"),
        pytest.param(date(2025, 6, 30), 6, date(2024, 12, 30), id="thematic High 6"),
        pytest.param(date(2025, 6, 30), 12, date(2024, 6, 30), id="policy 12"),
        pytest.param(date(2024, 3, 31), 1, date(2024, 2, 29), id="month-end clamp, leap year"),
        pytest.param(date(2025, 3, 31), 1, date(2025, 2, 28), id="month-end clamp, common year"),
    ],
)
def test_months_before_is_the_earliest_date_still_within(report_date: date, months: int, earliest: date) -> None:
    assert months_before(report_date, months) == earliest


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        pytest.param(date(2022, 6, 30), 3, date(2025, 6, 30), id="plain"),
        pytest.param(date(2020, 2, 29), 3, date(2023, 2, 28), id="leap day into a common year"),
        pytest.param(date(2020, 2, 29), 4, date(2024, 2, 29), id="leap day into a leap year"),
    ],
)
def test_add_years(day: date, years: int, expected: date) -> None:
    assert add_years(day, years) == expected


@pytest.mark.parametrize(
    ("day", "label"),
    [
        pytest.param(date(2024, 3, 31), "2023-24", id="31 March closes the year"),
        pytest.param(date(2024, 4, 1), "2024-25", id="1 April opens the next"),
        pytest.param(date(2023, 4, 1), "2023-24", id="first day of 2023-24"),
        pytest.param(date(2024, 1, 1), "2023-24", id="January belongs to the year that began in April"),
        pytest.param(date(2024, 12, 31), "2024-25", id="31 December"),
        pytest.param(date(2000, 1, 1), "1999-00", id="century wraps to two digits"),
        pytest.param(date(2009, 6, 1), "2009-10", id="two-digit end year keeps its zero"),
    ],
)
def test_financial_year_label(day: date, label: str) -> None:
    assert financial_year(day) == label


@pytest.mark.parametrize(
    ("label", "bounds"),
    [
        pytest.param("2023-24", (date(2023, 4, 1), date(2024, 3, 31)), id="2023-24"),
        pytest.param("1999-00", (date(1999, 4, 1), date(2000, 3, 31)), id="1999-00"),
    ],
)
def test_financial_year_bounds(label: str, bounds: tuple[date, date]) -> None:
    assert financial_year_bounds(label) == bounds
    first, last = bounds
    assert financial_year(first) == financial_year(last) == label


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        pytest.param(date(2023, 6, 30), date(2025, 6, 30), 24, id="exactly 24"),
        pytest.param(date(2023, 7, 1), date(2025, 6, 30), 23, id="one day short of 24"),
        pytest.param(date(2025, 6, 1), date(2025, 6, 30), 0, id="less than a month"),
        pytest.param(date(2024, 1, 31), date(2024, 2, 29), 1, id="month-end to month-end"),
    ],
)
def test_whole_months_between(earlier: date, later: date, months: int) -> None:
    assert whole_months_between(earlier, later) == months

"""Calendar arithmetic the rules share: whole calendar months and financial years."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, clamping to the month's end (31 March - 1 → 28/29 Feb).

    A move past the calendar's limits (years 1 and 9999) stops at its first or last day instead of
    failing: validation keeps dates and intervals far from them, and this keeps any rule safe anyway.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_before(day: date, months: int) -> date:
    """The earliest date still "within `months` months" of `day` (inclusive)."""
    return add_months(day, -months)


def add_years(day: date, years: int) -> date:
    """`day` moved by whole years; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def financial_year(day: date) -> str:
    """The UK public-sector financial year (1 April to 31 March) holding `day`, written `2023-24`."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def financial_year_bounds(label: str) -> tuple[date, date]:
    """First and last day of a financial year written `2023-24`."""
    start = int(label[:4])
    return date(start, 4, 1), date(start + 1, 3, 31)


def whole_months_between(earlier: date, later: date) -> int:
    """Completed calendar months from `earlier` to `later` (0 when less than a month)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if add_months(earlier, months) > later:
        months -= 1
    return months

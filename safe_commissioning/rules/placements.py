"""Placement activity by financial year, active placements and sourcing (reference §3.4)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from safe_commissioning.dates import financial_year
from safe_commissioning.workbook.records import CaseloadSnapshot, Placement
from safe_commissioning.workbook.schema.choices import PLACEMENT_TYPES

FRAMEWORK_SOURCE = "Commissioning Alliance framework"


@dataclass(frozen=True, slots=True)
class YearCount:
    """Placements commissioned and decommissioned in one financial year, for one type."""

    financial_year: str
    placement_type: str
    commissioned: int
    decommissioned: int


@dataclass(frozen=True, slots=True)
class Share:
    """A part of a whole, kept as counts so pages can show both."""

    part: int
    whole: int

    @property
    def percent(self) -> float | None:
        """The part as a percentage of the whole, or None when there is nothing to divide."""
        return round(100 * self.part / self.whole, 1) if self.whole else None


def is_active(placement: Placement, report_date: date) -> bool:
    """Started on or before the report date and not ended before it."""
    return placement.start_date <= report_date and (placement.end_date is None or placement.end_date >= report_date)


def placements_by_year(placements: Iterable[Placement]) -> list[YearCount]:
    """Commissioned (start date in the year) and decommissioned (end date in the year) per year and type.

    As reference §3.4 defines them, by the dates alone: a planned start or end recorded in the workbook
    counts in its year (the placements page says how many such planned dates it includes).
    Every type is listed for every year from the first to the last with activity, zeros included.
    """
    commissioned: Counter[tuple[str, str]] = Counter()
    decommissioned: Counter[tuple[str, str]] = Counter()
    for placement in placements:
        commissioned[financial_year(placement.start_date), placement.placement_type] += 1
        if placement.end_date is not None:
            decommissioned[financial_year(placement.end_date), placement.placement_type] += 1
    years = {year for year, _ in commissioned} | {year for year, _ in decommissioned}
    if not years:
        return []
    first, last = int(min(years)[:4]), int(max(years)[:4])
    return [
        YearCount(label, kind, commissioned[label, kind], decommissioned[label, kind])
        for start in range(first, last + 1)
        for label in [f"{start}-{(start + 1) % 100:02d}"]
        for kind in PLACEMENT_TYPES
    ]


def planned_dates(placements: Iterable[Placement], report_date: date) -> tuple[int, int]:
    """How many start dates and end dates lie after the report date (planned, not yet happened)."""
    starts = ends = 0
    for placement in placements:
        starts += placement.start_date > report_date
        ends += placement.end_date is not None and placement.end_date > report_date
    return starts, ends


def active_by(
    placements: Sequence[Placement], report_date: date, attribute: str, order: Sequence[str]
) -> dict[str, int]:
    """Active placements counted by `attribute` (placement_type or source), in the list's order."""
    counts = Counter(getattr(p, attribute) for p in placements if is_active(p, report_date))
    return {key: counts[key] for key in order}


def off_framework_share(placements: Iterable[Placement]) -> Share:
    """How many of the placements were sourced other than through the Commissioning Alliance framework."""
    sources = [p.source for p in placements]
    return Share(sum(source != FRAMEWORK_SOURCE for source in sources), len(sources))


def caseload_series(snapshots: Iterable[CaseloadSnapshot]) -> list[CaseloadSnapshot]:
    """Headcount snapshots in date order."""
    return sorted(snapshots, key=lambda snapshot: snapshot.date)

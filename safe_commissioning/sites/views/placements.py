"""The placement tables: counts by financial year and type, active placements, off-framework shares."""

from __future__ import annotations

from safe_commissioning.dates import financial_year
from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.placements import active_by, off_framework_share
from safe_commissioning.workbook.records import Placement
from safe_commissioning.workbook.schema.choices import PLACEMENT_SOURCES, PLACEMENT_TYPES


def placement_year_table(assessment: Assessment) -> list[dict[str, object]]:
    """One row per financial year: commissioned and decommissioned for each placement type, with totals."""
    rows: dict[str, dict[str, object]] = {}
    for count in assessment.placements_by_year:
        row = rows.setdefault(
            count.financial_year, {"year": count.financial_year, "commissioned": 0, "decommissioned": 0}
        )
        row[f"{count.placement_type}:c"] = count.commissioned
        row[f"{count.placement_type}:d"] = count.decommissioned
        row["commissioned"] = int(row["commissioned"]) + count.commissioned  # type: ignore[call-overload]
        row["decommissioned"] = int(row["decommissioned"]) + count.decommissioned  # type: ignore[call-overload]
    return list(rows.values())


def active_placement_counts(assessment: Assessment) -> tuple[dict[str, int], dict[str, int]]:
    """Active placements by type and by source."""
    placements = assessment.workbook.placements
    return (
        active_by(placements, assessment.report_date, "placement_type", PLACEMENT_TYPES),
        active_by(placements, assessment.report_date, "source", PLACEMENT_SOURCES),
    )


def off_framework(assessment: Assessment) -> dict[str, object]:
    """Off-framework shares: of active placements, and of placements commissioned in each financial year."""
    active = off_framework_share(assessment.active_placements)
    by_year: dict[str, list[Placement]] = {}
    for placement in assessment.workbook.placements:
        by_year.setdefault(financial_year(placement.start_date), []).append(placement)
    return {
        "active": active,
        "by_year": {year: off_framework_share(items) for year, items in sorted(by_year.items())},
    }

"""The placements side of the workbook: placements, the quality alerts log and caseload headcounts.

All three are RESTRICTED: they never reach the public site. Split from `sheets` by what they describe,
children's placements rather than contracts.
"""

from __future__ import annotations

from safe_commissioning.workbook.records import CaseloadSnapshot, Placement, QualityAlert
from safe_commissioning.workbook.schema import choices
from safe_commissioning.workbook.schema.columns import Sheet, choice, count, date, money, text

PLACEMENTS = Sheet(
    "Placements",
    (
        text("Placement ID", "placement_id", "Unique reference for the placement.", required=True, width=12),
        text(
            "Child reference", "child_reference", "Case reference (never shown on any page).", personal=True, width=14
        ),
        choice("Cohort", "cohort", choices.COHORTS, "The child's legal status."),
        choice("Placement type", "placement_type", choices.PLACEMENT_TYPES, "Type of provision.", required=True),
        choice("Age band", "age_band", choices.AGE_BANDS, "Age at the start of the placement."),
        text("Provider", "provider", "The provider, as on the Providers sheet.", required=True, width=30),
        choice("Source", "source", choices.PLACEMENT_SOURCES, "How the placement was sourced.", required=True),
        date("Start date", "start_date", "First night of the placement.", required=True),
        date("End date", "end_date", "Last day (blank: ongoing)."),
        money("Weekly cost", "weekly_cost", "Cost per week in pounds."),
    ),
    help="RESTRICTED: one row per placement.",
    restricted=True,
    record=Placement,
)

QUALITY_ALERTS = Sheet(
    "Quality alerts",
    (
        text("Alert ID", "alert_id", "Unique reference for the alert.", required=True, width=12),
        date("Date raised", "date_raised", "When it was logged.", required=True),
        text("Provider", "provider", "The provider, as on the Providers sheet.", required=True, width=30),
        text("Contract ID", "contract_id", "The contract concerned, if any.", width=12),
        text("Placement ID", "placement_id", "The placement concerned, if any.", width=12),
        choice("Category", "category", choices.ALERT_CATEGORIES, "What kind of alert.", required=True),
        choice("Status", "status", choices.ALERT_STATUSES, "Open or Closed.", required=True),
        date("Date closed", "date_closed", "When it was resolved."),
    ),
    help="The placements log: quality alerts, issues, complaints and safeguarding concerns.",
    restricted=True,
    record=QualityAlert,
)

CASELOAD = Sheet(
    "Caseload",
    (
        date("Date", "date", "The date of the headcount.", required=True),
        count("Children in care", "children_in_care"),
        count("Of which UASC", "of_which_uasc", "Children in care who are unaccompanied asylum-seeking children."),
        count("Children in need", "children_in_need"),
        count("Care leavers", "care_leavers"),
    ),
    help="Headcount snapshots, one row per date.",
    restricted=True,
    record=CaseloadSnapshot,
)

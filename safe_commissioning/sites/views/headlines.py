"""The dashboard's headline figures, each with the page that lists what it counts.

Each figure has a stable key (`red`, `contracts_in_scope`): `build.json`, the history snapshots, the
trends and What changed all use the key, and the label a reader sees is looked up from it here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from safe_commissioning.rules.assessment import Assessment, ContractAssessment
from safe_commissioning.sites.views.groups import (
    EXPIRING_SOON_MONTHS,
    RATED,
    ContractGroups,
    decisions_passed,
    expiring_soon,
    in_scope,
)
from safe_commissioning.sites.views.labels import RAG_ORDER
from safe_commissioning.words import NOT_RECORDED, percent, plural
from safe_commissioning.workbook.records import QualityAlert

# Every headline figure's key and its label, in the dashboard's order. A key never changes (it is stored in
# build.json and the snapshots); a label may be reworded freely.
HEADLINE_LABELS = {
    "contracts_in_scope": "Contracts in scope",
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "expiring_soon": f"Expiring within {EXPIRING_SOON_MONTHS} months",
    "decisions_overdue": "Decisions overdue",
    "staff_with_expired_dbs": "Staff with expired DBS",
    "monitoring_overdue": "Monitoring overdue",
    "active_placements": "Active placements",
    "open_quality_alerts": "Open quality alerts",
    "ofsted_alerts": "Ofsted alerts",
}


@dataclass(frozen=True)
class Headline:
    """One figure on the dashboard, with the page that lists what it counts."""

    key: str  # of HEADLINE_LABELS: what build.json and the snapshots store it under
    value: str
    note: str
    link: str
    attention: bool  # true when the figure asks for action

    @property
    def label(self) -> str:
        """The figure's name as the dashboard writes it."""
        return HEADLINE_LABELS[self.key]


def staff_in_contact(assessment: Assessment) -> int:
    """Direct/Regular staff recorded on the DBS sheet for active contracts that work with children."""
    return sum(c.dbs.in_scope for c in in_scope(assessment) if c.dbs is not None)


def staff_with_expired_dbs(assessment: Assessment) -> int:
    """Direct/Regular staff on active contracts whose DBS recheck date has passed (or was never recorded)."""
    return sum(len(c.dbs.recheck_passed) for c in in_scope(assessment) if c.dbs is not None)


def monitoring_overdue(assessment: Assessment) -> list[ContractAssessment]:
    """Active contracts that work with children whose last monitoring meeting is older than the schedule allows."""
    return [c for c in in_scope(assessment) if not c.monitoring.on_schedule]


def open_alerts(assessment: Assessment) -> list[QualityAlert]:
    """Quality alerts, issues, complaints and concerns still open, newest first."""
    return sorted(
        (a for a in assessment.workbook.quality_alerts if a.status == "Open"),
        key=lambda a: (a.date_raised, a.alert_id),
        reverse=True,
    )


def _from_sheet(
    assessment: Assessment, sheet: str, key: str, count: int, note: str, link: str, attention: bool
) -> Headline:
    """A figure counted from an optional sheet: "Not recorded", calmly, when the workbook has no such sheet."""
    if sheet not in assessment.workbook.sheets_present:
        return Headline(key, NOT_RECORDED, f"the workbook has no {sheet} sheet", link, False)
    return Headline(key, str(count), note, link, attention)


def headline_values(figures: Sequence[Headline]) -> dict[str, str]:
    """The figures' values by key, as build.json and the snapshots record them."""
    return {h.key: h.value for h in figures}


def headlines(assessment: Assessment, groups: ContractGroups) -> tuple[Headline, ...]:
    """The dashboard's figures, each linking to a list of exactly what it counts (`groups`: the contracts')."""
    scope = len(groups.in_scope)
    red, amber, green = (groups.count(rag) for rag in RAG_ORDER)
    passed = decisions_passed(assessment)
    unplanned = [c for c in passed if c.no_reprocurement_planned]
    alerts = open_alerts(assessment)
    dbs_expired = staff_with_expired_dbs(assessment)
    overdue = monitoring_overdue(assessment)
    soon = expiring_soon(assessment)
    return (
        Headline("contracts_in_scope", str(scope), RATED, "compliance.html?status=active#rated", False),
        Headline(
            "red",
            str(red),
            f"of {scope}: an expectation not met, or provider rated Inadequate",
            "compliance.html?rag=red&status=active#red",
            red > 0,
        ),
        Headline(
            "amber",
            str(amber),
            f"of {scope}: partly met or not evidenced",
            "compliance.html?rag=amber&status=active#amber",
            amber > 0,
        ),
        Headline(
            "green",
            str(green),
            f"of {scope} ({percent(green, scope)}): every expectation met",
            "compliance.html?rag=green&status=active#green",
            False,
        ),
        Headline(
            "expiring_soon",
            str(len(soon)),
            "active contracts",
            f"expiries.html#expiring-within-{EXPIRING_SOON_MONTHS}-months",
            len(soon) > 0,
        ),
        Headline(
            "decisions_overdue",
            str(len(passed)),
            f"decision date passed, contract running; {len(unplanned)} with no re-procurement planned",
            "expiries.html#decisions-passed",
            len(unplanned) > 0,
        ),
        _from_sheet(
            assessment,
            "DBS",
            "staff_with_expired_dbs",
            dbs_expired,
            f"of {plural(staff_in_contact(assessment), 'member', 'members')} of staff with direct or regular contact "
            "recorded: recheck date passed",
            "compliance.html#dbs",
            dbs_expired > 0,
        ),
        _from_sheet(
            assessment,
            "Monitoring",
            "monitoring_overdue",
            len(overdue),
            f"of {scope}: last meeting older than the schedule allows",
            "compliance.html#monitoring",
            len(overdue) > 0,
        ),
        _from_sheet(
            assessment,
            "Placements",
            "active_placements",
            len(assessment.active_placements),
            "on the report date",
            "placements.html#active-placements",
            False,
        ),
        _from_sheet(
            assessment,
            "Quality alerts",
            "open_quality_alerts",
            len(alerts),
            "quality alerts, issues, complaints, concerns",
            "alerts.html#open-alerts",
            len(alerts) > 0,
        ),
        Headline(
            "ofsted_alerts",
            str(len(assessment.ofsted_alerts)),
            "providers rated Inadequate",
            "alerts.html#ofsted-alerts",
            bool(assessment.ofsted_alerts),
        ),
    )

"""The dashboard's headline figures, each with the page that lists what it counts."""

from __future__ import annotations

from dataclasses import dataclass

from safe_commissioning.rules.assessment import Assessment, ContractAssessment
from safe_commissioning.sites.views.groups import (
    EXPIRING_SOON_MONTHS,
    RATED,
    contract_groups,
    decisions_passed,
    expiring_soon,
    in_scope,
)
from safe_commissioning.sites.views.labels import RAG_ORDER
from safe_commissioning.words import NOT_RECORDED, percent, plural
from safe_commissioning.workbook.records import QualityAlert


@dataclass(frozen=True)
class Headline:
    """One figure on the dashboard, with the page that lists what it counts."""

    label: str
    value: str
    note: str
    link: str
    attention: bool  # true when the figure asks for action


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
    assessment: Assessment, sheet: str, label: str, count: int, note: str, link: str, attention: bool
) -> Headline:
    """A figure counted from an optional sheet: "Not recorded", calmly, when the workbook has no such sheet."""
    if sheet not in assessment.workbook.sheets_present:
        return Headline(label, NOT_RECORDED, f"the workbook has no {sheet} sheet", link, False)
    return Headline(label, str(count), note, link, attention)


def headlines(assessment: Assessment) -> list[Headline]:
    """The dashboard's figures, each linking to a list of exactly what it counts."""
    groups = contract_groups(assessment)
    scope = len(groups.in_scope)
    red, amber, green = (groups.count(rag) for rag in RAG_ORDER)
    passed = decisions_passed(assessment)
    unplanned = [c for c in passed if c.no_reprocurement_planned]
    alerts = open_alerts(assessment)
    dbs_expired = staff_with_expired_dbs(assessment)
    overdue = monitoring_overdue(assessment)
    soon = expiring_soon(assessment)
    return [
        Headline("Contracts in scope", str(scope), RATED, "compliance.html?status=active#rated", False),
        Headline(
            "Red",
            str(red),
            f"of {scope}: an expectation not met, or provider rated Inadequate",
            "compliance.html?rag=red&status=active#red",
            red > 0,
        ),
        Headline(
            "Amber",
            str(amber),
            f"of {scope}: partly met or not evidenced",
            "compliance.html?rag=amber&status=active#amber",
            amber > 0,
        ),
        Headline(
            "Green",
            str(green),
            f"of {scope} ({percent(green, scope)}): every expectation met",
            "compliance.html?rag=green&status=active#green",
            False,
        ),
        Headline(
            f"Expiring within {EXPIRING_SOON_MONTHS} months",
            str(len(soon)),
            "active contracts",
            f"expiries.html#expiring-within-{EXPIRING_SOON_MONTHS}-months",
            len(soon) > 0,
        ),
        Headline(
            "Decisions overdue",
            str(len(passed)),
            f"decision date passed, contract running; {len(unplanned)} with no re-procurement planned",
            "expiries.html#decisions-passed",
            len(unplanned) > 0,
        ),
        _from_sheet(
            assessment,
            "DBS",
            "Staff with expired DBS",
            dbs_expired,
            f"of {plural(staff_in_contact(assessment), 'member', 'members')} of staff with direct or regular contact "
            "recorded: recheck date passed",
            "compliance.html#dbs",
            dbs_expired > 0,
        ),
        _from_sheet(
            assessment,
            "Monitoring",
            "Monitoring overdue",
            len(overdue),
            f"of {scope}: last meeting older than the schedule allows",
            "compliance.html#monitoring",
            len(overdue) > 0,
        ),
        _from_sheet(
            assessment,
            "Placements",
            "Active placements",
            len(assessment.active_placements),
            "on the report date",
            "placements.html#active-placements",
            False,
        ),
        _from_sheet(
            assessment,
            "Quality alerts",
            "Open quality alerts",
            len(alerts),
            "quality alerts, issues, complaints, concerns",
            "alerts.html#open-alerts",
            len(alerts) > 0,
        ),
        Headline(
            "Ofsted alerts",
            str(len(assessment.ofsted_alerts)),
            "providers rated Inadequate",
            "alerts.html#ofsted-alerts",
            bool(assessment.ofsted_alerts),
        ),
    ]

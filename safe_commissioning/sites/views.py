"""What the pages show, computed in Python so templates only lay it out.

Headline figures, counts per expectation, grouped lists and page addresses all come from the
`Assessment`; nothing here reads files or the clock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from safe_commissioning.rules.assessment import Assessment, ContractAssessment, Traced
from safe_commissioning.rules.compliance import (
    MINIMUM_EXPECTATIONS,
    RAG_LABELS,
    RULE_IDS,
    RULE_TITLES,
    Rag,
    Status,
    rag_effect,
)
from safe_commissioning.rules.expiry import EXPIRY_BANDS, ContractStatus
from safe_commissioning.rules.placements import active_by, off_framework_share
from safe_commissioning.words import NOT_RECORDED, days_text, long_date, percent, plural
from safe_commissioning.workbook.dates import add_months, financial_year
from safe_commissioning.workbook.records import Placement, QualityAlert
from safe_commissioning.workbook.schema import PLACEMENT_SOURCES, PLACEMENT_TYPES

STATUS_ICONS = {
    Status.MET: "✔",
    Status.PARTLY_MET: "◐",
    Status.NOT_MET: "✖",
    Status.NOT_EVIDENCED: "?",
    Status.NOT_APPLICABLE: "–",
}
RAG_ICONS = {Rag.RED: "✖", Rag.AMBER: "▲", Rag.GREEN: "✔", Rag.NOT_APPLICABLE: "–"}
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN)
EXPIRING_SOON_MONTHS = 6


@dataclass(frozen=True)
class Headline:
    """One figure on the dashboard, with the page that lists what it counts."""

    label: str
    value: str
    note: str
    link: str
    attention: bool  # true when the figure asks for action


# What the ratings count, in the words written beside every figure that counts it.
RATED = "active contracts working with children"


def rated_phrase(count: int) -> str:
    """`13 active contracts working with children`: what every RAG count is out of."""
    return f"{plural(count, 'active contract')} working with children"


def in_scope(assessment: Assessment) -> list[ContractAssessment]:
    """Active contracts that work with children: the contracts every RAG count and headline compliance figure counts."""
    return [c for c in assessment.contracts if c.in_scope and c.status is ContractStatus.ACTIVE]


@dataclass(frozen=True)
class ContractGroups:
    """Every contract on the Contracts sheet in exactly one group: the one definition of each contract count.

    The CLI summary, the dashboard, the compliance page, the contracts index and data quality all
    read these groups, so "3 red" means the same wherever it is written.
    """

    rated: dict[Rag, list[ContractAssessment]]  # active, working with children, by RAG (red, amber, green)
    not_started: list[ContractAssessment]  # work with children, not started: rated on their page, not counted
    expired: list[ContractAssessment]  # worked with children and ended before the report date: listed apart
    without_children: list[ContractAssessment]  # do not work with children (any status): no expectations apply

    @property
    def in_scope(self) -> list[ContractAssessment]:
        """The rated contracts, red first."""
        return [c for rag in RAG_ORDER for c in self.rated[rag]]

    @property
    def total(self) -> int:
        """Every row of the Contracts sheet."""
        return len(self.in_scope) + len(self.not_started) + len(self.expired) + len(self.without_children)

    def count(self, rag: Rag) -> int:
        """How many of the rated contracts have this RAG."""
        return len(self.rated[rag])

    def not_counted(self) -> list[str]:
        """Why the other contracts are not in the RAG counts: `2 expired`, `3 that do not work with children`."""
        parts = []
        if self.not_started:
            parts.append(f"{len(self.not_started)} not yet started")
        if self.expired:
            parts.append(f"{len(self.expired)} expired")
        if self.without_children:
            n = len(self.without_children)
            parts.append(f"{n} that {'does' if n == 1 else 'do'} not work with children")
        return parts


def contract_groups(assessment: Assessment) -> ContractGroups:
    """Split the contracts into the rated ones (by RAG) and the three groups the ratings leave out."""
    rated: dict[Rag, list[ContractAssessment]] = {rag: [] for rag in RAG_ORDER}
    for c in in_scope(assessment):
        rated[c.rag].append(c)
    with_children = [c for c in assessment.contracts if c.in_scope]
    return ContractGroups(
        rated=rated,
        not_started=[c for c in with_children if c.status is ContractStatus.NOT_STARTED],
        expired=[c for c in with_children if c.status is ContractStatus.EXPIRED],
        without_children=[c for c in assessment.contracts if not c.in_scope],
    )


def rating_summary(groups: ContractGroups) -> str:
    """`Of the 13 active contracts working with children: 3 red, 5 amber, 5 green.` and what is left out."""
    text = (
        f"Of the {rated_phrase(len(groups.in_scope))}: {groups.count(Rag.RED)} red, "
        f"{groups.count(Rag.AMBER)} amber, {groups.count(Rag.GREEN)} green."
    )
    left_out = groups.not_counted()
    if left_out:
        text += " Not counted: " + ", ".join(left_out) + "."
    return text


def by_status(assessment: Assessment) -> dict[ContractStatus, list[ContractAssessment]]:
    """Every contract by where it stands on the report date: active, not started, expired."""
    groups: dict[ContractStatus, list[ContractAssessment]] = {
        status: [] for status in (ContractStatus.ACTIVE, ContractStatus.NOT_STARTED, ContractStatus.EXPIRED)
    }
    for c in assessment.contracts:
        groups[c.status].append(c)
    return groups


def expiring_soon(assessment: Assessment) -> list[ContractAssessment]:
    """Active contracts ending within six calendar months of the report date."""
    horizon = add_months(assessment.report_date, EXPIRING_SOON_MONTHS)
    return [c for c in assessment.contracts if c.status is ContractStatus.ACTIVE and c.contract.end_date <= horizon]


def decisions_passed(assessment: Assessment) -> list[ContractAssessment]:
    """Contracts that have not ended whose re-procurement decision date has passed, by decision date."""
    return sorted((c for c in assessment.contracts if c.decision_passed), key=lambda c: (c.decision_due, c.contract_id))


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


@dataclass(frozen=True)
class Reason:
    """A rule that keeps a contract from green, or is short without affecting its rating."""

    result: Traced
    effect: Rag | None  # Red or Amber: what it does to the RAG; None: short, but the RAG ignores it


SHORT = (Status.NOT_MET, Status.PARTLY_MET, Status.NOT_EVIDENCED)


def rating_reasons(contract: ContractAssessment) -> list[Reason]:
    """The rules not met, partly met or not evidenced: those behind the RAG first (red, then amber), in rule order."""
    reasons = [Reason(t, rag_effect(t.rule_id, t.status)) for t in contract.results if t.status in SHORT]
    rank = {Rag.RED: 0, Rag.AMBER: 1, None: 2}
    return sorted(reasons, key=lambda r: rank[r.effect])


def contract_open_alerts(contract: ContractAssessment) -> list[QualityAlert]:
    """The quality alerts about this contract that are still open, newest first."""
    return sorted(
        (a for a in contract.alerts if a.status == "Open"), key=lambda a: (a.date_raised, a.alert_id), reverse=True
    )


def decision_due_text(contract: ContractAssessment) -> str:
    """`31 May 2024 — passed`, or the date and how far off it is."""
    due = contract.decision_due
    if due < contract.report_date:
        return f"{long_date(due)} — passed"
    return f"{long_date(due)} ({days_text((due - contract.report_date).days)})"


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
            "Expiring within 6 months",
            str(len(soon)),
            "active contracts",
            "expiries.html#expiring-within-6-months",
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


@dataclass(frozen=True)
class RuleCounts:
    """How the contracts in scope stand against one rule."""

    rule_id: str
    counts: dict[Status, int]
    total: int

    @property
    def met_percent(self) -> float:
        return round(100 * self.counts[Status.MET] / self.total, 1) if self.total else 0.0


def rule_counts(contracts: Sequence[ContractAssessment]) -> list[RuleCounts]:
    """Counts of each status per rule among `contracts` (not-applicable results excluded from the total)."""
    counts = []
    for rule in RULE_IDS:
        tally = Counter(c.result(rule).status for c in contracts)
        applicable = sum(n for status, n in tally.items() if status is not Status.NOT_APPLICABLE)
        counts.append(RuleCounts(rule, {status: tally[status] for status in Status}, applicable))
    return counts


def rag_by_service_area(contracts: Sequence[ContractAssessment]) -> list[dict[str, object]]:
    """Rows of (service area, RAG, count) for the chart and its table."""
    tally = Counter((c.contract.service_area, c.rag) for c in contracts)
    areas = sorted({c.contract.service_area for c in contracts})
    return [
        {"area": area, "rag": RAG_LABELS[rag], "contracts": tally[area, rag]} for area in areas for rag in RAG_ORDER
    ]


def expectation_shares(contracts: Sequence[ContractAssessment]) -> list[dict[str, object]]:
    """The share of contracts meeting each minimum expectation."""
    return [
        {
            "rule": f"{c.rule_id} {RULE_TITLES[c.rule_id]}",
            "met": c.met_percent,
            "count": c.counts[Status.MET],
            "of": c.total,
        }
        for c in rule_counts(contracts)
        if c.rule_id in MINIMUM_EXPECTATIONS
    ]


def by_band(assessment: Assessment) -> dict[str, list[ContractAssessment]]:
    """Contracts grouped by expiry band, soonest first within each band."""
    groups: dict[str, list[ContractAssessment]] = {band: [] for band in EXPIRY_BANDS}
    for contract in sorted(assessment.contracts, key=lambda c: (c.contract.end_date, c.contract_id)):
        groups[contract.expiry_band].append(contract)
    return groups


def decisions(assessment: Assessment) -> list[ContractAssessment]:
    """Contracts that have not ended, by decision date."""
    return sorted(
        (c for c in assessment.contracts if c.status is not ContractStatus.EXPIRED),
        key=lambda c: (c.decision_due, c.contract_id),
    )


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


def short_hash(content_hash: str) -> str:
    """The first 12 hex digits of the workbook's SHA-256: enough to tell versions apart."""
    return content_hash[:12]


def is_past(day: date | None, report_date: date) -> bool:
    """True for a date before the report date."""
    return day is not None and day < report_date

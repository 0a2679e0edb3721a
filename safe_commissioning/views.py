"""What the pages show, computed in Python so templates only lay it out.

Headline figures, counts per expectation, grouped lists and page addresses all come from the
`Assessment`; nothing here reads files or the clock.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .assessment import Assessment, ContractAssessment
from .compliance import MINIMUM_EXPECTATIONS, RULE_IDS, RULE_TITLES, STATUS_WORDS, Rag, Status
from .dates import add_months, financial_year
from .expiry import EXPIRY_BANDS, ContractStatus
from .placements import active_by, off_framework_share
from .records import Placement
from .schema import PLACEMENT_SOURCES, PLACEMENT_TYPES

STATUS_LABELS = STATUS_WORDS
STATUS_ICONS = {
    Status.MET: "✔",
    Status.PARTLY_MET: "◐",
    Status.NOT_MET: "✖",
    Status.NOT_EVIDENCED: "?",
    Status.NOT_APPLICABLE: "–",
}
RAG_LABELS = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green", Rag.NOT_APPLICABLE: "Not applicable"}
RAG_ICONS = {Rag.RED: "✖", Rag.AMBER: "▲", Rag.GREEN: "✔", Rag.NOT_APPLICABLE: "–"}
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN)
EXPIRING_SOON_MONTHS = 6


def slugify(text: str) -> str:
    """A file-name-safe, lower-case form of an ID or name: `CSC/001 A` → `csc-001-a`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "item"


def unique_slugs(names: Iterable[str]) -> dict[str, str]:
    """A distinct slug for each name, numbering any that would collide."""
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = slugify(name)
        slug, number = base, 2
        while slug in used:
            slug, number = f"{base}-{number}", number + 1
        used.add(slug)
        slugs[name] = slug
    return slugs


@dataclass(frozen=True)
class Headline:
    """One figure on the dashboard, with the page that lists what it counts."""

    label: str
    value: str
    note: str
    link: str
    attention: bool  # true when the figure asks for action


def in_scope(assessment: Assessment) -> list[ContractAssessment]:
    """Active contracts that work with children: the contracts the headline compliance figures count."""
    return [c for c in assessment.contracts if c.in_scope and c.status is ContractStatus.ACTIVE]


def expiring_soon(assessment: Assessment) -> list[ContractAssessment]:
    """Active contracts ending within six calendar months of the report date."""
    horizon = add_months(assessment.report_date, EXPIRING_SOON_MONTHS)
    return [c for c in assessment.contracts if c.status is ContractStatus.ACTIVE and c.contract.end_date <= horizon]


def staff_with_expired_dbs(assessment: Assessment) -> int:
    """Direct/Regular staff on active contracts whose DBS recheck date has passed (or was never recorded)."""
    return sum(len(c.dbs.recheck_passed) for c in in_scope(assessment) if c.dbs is not None)


def monitoring_overdue(assessment: Assessment) -> list[ContractAssessment]:
    """Active contracts that work with children whose last monitoring meeting is older than the schedule allows."""
    return [c for c in in_scope(assessment) if not c.monitoring.on_schedule]


def percent(part: int, whole: int) -> str:
    """`42%`, or an en dash when there is nothing to divide."""
    return f"{round(100 * part / whole)}%" if whole else "–"


def headlines(assessment: Assessment) -> list[Headline]:
    """The dashboard's figures, each linking to the page that lists its contracts, staff or placements."""
    scope = in_scope(assessment)
    rags = Counter(c.rag for c in scope)
    decisions = [c for c in assessment.contracts if c.decision_passed]
    unplanned = [c for c in decisions if c.no_reprocurement_planned]
    open_alerts = [a for a in assessment.workbook.quality_alerts if a.status == "Open"]
    dbs_expired = staff_with_expired_dbs(assessment)
    overdue = monitoring_overdue(assessment)
    soon = expiring_soon(assessment)
    return [
        Headline("Contracts in scope", str(len(scope)), "active, working with children", "compliance.html", False),
        Headline(
            "Green",
            percent(rags[Rag.GREEN], len(scope)),
            f"{rags[Rag.GREEN]} of {len(scope)} meet every expectation",
            "compliance.html#contracts",
            False,
        ),
        Headline(
            "Red",
            str(rags[Rag.RED]),
            "an expectation not met, or provider rated Inadequate",
            "compliance.html#contracts",
            rags[Rag.RED] > 0,
        ),
        Headline(
            "Amber",
            str(rags[Rag.AMBER]),
            "partly met or not evidenced",
            "compliance.html#contracts",
            rags[Rag.AMBER] > 0,
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
            str(len(decisions)),
            f"{len(unplanned)} with no re-procurement planned",
            "expiries.html#decisions-due",
            len(unplanned) > 0,
        ),
        Headline(
            "Staff with expired DBS",
            str(dbs_expired),
            "direct or regular contact, recheck date passed",
            "compliance.html#dbs",
            dbs_expired > 0,
        ),
        Headline(
            "Monitoring overdue",
            str(len(overdue)),
            "last meeting older than the schedule allows",
            "compliance.html#monitoring",
            len(overdue) > 0,
        ),
        Headline(
            "Active placements",
            str(len(assessment.active_placements)),
            "on the report date",
            "placements.html#active-placements",
            False,
        ),
        Headline(
            "Open quality alerts",
            str(len(open_alerts)),
            "quality alerts, issues, complaints, concerns",
            "alerts.html#open-alerts",
            len(open_alerts) > 0,
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


def days_text(days: int) -> str:
    """`in 59 days`, `today`, `183 days ago`."""
    if days == 0:
        return "today"
    if days > 0:
        return f"in {days} day{'s' if days != 1 else ''}"
    return f"{-days} day{'s' if days != -1 else ''} ago"


def short_hash(content_hash: str) -> str:
    """The first 12 hex digits of the workbook's SHA-256: enough to tell versions apart."""
    return content_hash[:12]


def is_past(day: date | None, report_date: date) -> bool:
    """True for a date before the report date."""
    return day is not None and day < report_date

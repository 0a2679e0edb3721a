"""The internal site's lists: compliance, contracts, providers, expiries, placements, alerts and the plans."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from safe_commissioning.opendata.register import register
from safe_commissioning.rules.placements import caseload_series, planned_dates
from safe_commissioning.rules.rag import RAG_LABELS, Rag
from safe_commissioning.sites.internal.reference import history_context
from safe_commissioning.sites.model import BuildView
from safe_commissioning.sites.pages import Page
from safe_commissioning.sites.parts import in_parts
from safe_commissioning.sites.views.groups import (
    by_band,
    by_status,
    decisions,
    decisions_passed,
    expiring_soon,
    rated_phrase,
)
from safe_commissioning.sites.views.headlines import monitoring_overdue, open_alerts
from safe_commissioning.sites.views.labels import RAG_ORDER
from safe_commissioning.sites.views.placements import off_framework, placement_year_table
from safe_commissioning.sites.views.tallies import rule_counts
from safe_commissioning.words import NOT_RECORDED
from safe_commissioning.workbook.checks.sourcing_plan import start_passed
from safe_commissioning.workbook.schema.choices import ALERT_CATEGORIES, PLACEMENT_TYPES
from safe_commissioning.workbook.schema.sheets import SHEETS

RAG_SECTION_NOTES = {
    Rag.RED: "At least one minimum expectation not met, or the provider is rated Inadequate by Ofsted.",
    Rag.AMBER: "An expectation partly met or not evidenced, or the provider's policies or insurance fall short.",
    Rag.GREEN: "Every minimum expectation met, and the provider's policies and insurance in order.",
}


def missing_note(sheet: str) -> str:
    """What a page says where the workbook has no such sheet."""
    return f"No data recorded: the workbook has no {sheet} sheet."


def compliance_pages(view: BuildView) -> list[Page]:
    """The compliance matrix, red to green then the contracts not rated, in parts."""
    groups, series = view.groups, view.trends
    present = view.assessment.workbook.sheets_present
    scope = groups.in_scope
    return in_parts(
        Page(
            "internal/compliance.md.j2",
            "compliance.md",
            {
                "groups": groups,
                "rated": rated_phrase(len(scope)),
                "rag_sections": [
                    (rag, RAG_LABELS[rag], RAG_SECTION_NOTES[rag], groups.rated[rag]) for rag in RAG_ORDER
                ],
                "counts": rule_counts(scope),
                "has_dbs": "DBS" in present,
                "has_monitoring": "Monitoring" in present,
                "missing": {sheet.name: missing_note(sheet.name) for sheet in SHEETS},
                "dbs_rows": [c for c in scope if c.dbs is not None and (c.dbs.missing_number or c.dbs.recheck_passed)],
                "overdue": monitoring_overdue(view.assessment),
                "rules_met": series.rules_met() if series is not None and series.earlier else [],
                **history_context(series),
            },
            wide=True,
        ),
        [
            *((rag.value, groups.rated[rag]) for rag in RAG_ORDER),
            ("not-started", groups.not_started),
            ("expired", groups.expired),
        ],
        "contract",
        "Compliance matrix",
    )


def register_pages(view: BuildView) -> list[Page]:
    """The contracts by status, and the providers, each list in parts."""
    assessment, groups = view.assessment, view.groups
    statuses = by_status(assessment)
    return [
        *in_parts(
            Page(
                "internal/contracts.md.j2",
                "contracts/index.md",
                {
                    "groups": groups,
                    "rated": rated_phrase(len(groups.in_scope)),
                    "by_status": statuses,
                    "published": len(register(assessment.workbook)),  # the public register's own definition
                },
                wide=True,
            ),
            [(status.value, contracts) for status, contracts in statuses.items()],
            "contract",
            "Contracts",
        ),
        *in_parts(
            Page(
                "internal/providers.md.j2",
                "providers/index.md",
                {"active_count": Counter(p.provider for p in assessment.active_placements)},
                wide=True,
            ),
            [("providers", assessment.providers)],
            "provider",
            "Providers",
        ),
    ]


def expiry_pages(view: BuildView) -> list[Page]:
    """Expiries and decisions: ending soon, by band, decisions due and passed, no plan."""
    assessment = view.assessment
    expiry: dict[str, Any] = {
        "soon": expiring_soon(assessment),
        "bands": by_band(assessment),
        "decisions": decisions(assessment),
        "passed": decisions_passed(assessment),
        "unplanned": [c for c in assessment.contracts if c.no_reprocurement_planned],
    }
    return in_parts(
        Page("internal/expiries.md.j2", "expiries.md", expiry, wide=True),
        [
            ("soon", expiry["soon"]),
            *((f"band-{band}", contracts) for band, contracts in expiry["bands"].items()),
            ("decisions", expiry["decisions"]),
            ("passed", expiry["passed"]),
            ("unplanned", expiry["unplanned"]),
        ],
        "row",
        "Expiries and decisions",
    )


def placement_pages(view: BuildView) -> list[Page]:
    """Placements: active ones, by year, planned ends, off framework, with providers rated Inadequate; caseload."""
    assessment, series = view.assessment, view.trends
    workbook = assessment.workbook
    present = workbook.sheets_present
    return in_parts(
        Page(
            "internal/placements.md.j2",
            "placements.md",
            {
                "has_placements": "Placements" in present,
                "missing_note": missing_note("Placements"),
                # Caseload over time is the Caseload sheet's own dated rows (its chart below).
                "placement_trend": [
                    {
                        "date": point.report_date,
                        "active": point.headlines.get("active_placements", NOT_RECORDED),
                        "ofsted": point.headlines.get("ofsted_alerts", NOT_RECORDED),
                    }
                    for point in series.points
                ]
                if series is not None and series.earlier
                else [],
                **history_context(series),
                "year_table": placement_year_table(assessment),
                "planned": planned_dates(workbook.placements, workbook.report_date),
                "placement_types": PLACEMENT_TYPES,
                "off": off_framework(assessment),
                "inadequate": {alert.provider.provider for alert in assessment.ofsted_alerts},
                "caseload": caseload_series(workbook.caseload),
                "caseload_note": missing_note("Caseload")
                if "Caseload" not in present
                else "The Caseload sheet has no rows.",
            },
            wide=True,
        ),
        [("active", assessment.active_placements)],
        "placement",
        "Placements",
    )


def alerts_and_plans_pages(view: BuildView) -> list[Page]:
    """Quality alerts, the sourcing plan and the development plan."""
    assessment = view.assessment
    workbook = assessment.workbook
    report_date = workbook.report_date
    present = workbook.sheets_present
    alerts = sorted(workbook.quality_alerts, key=lambda a: (a.date_raised, a.alert_id), reverse=True)
    category_counts = Counter((a.category, a.status) for a in alerts)
    return [
        Page(
            "internal/alerts.md.j2",
            "alerts.md",
            {
                "has_alerts": "Quality alerts" in present,
                "missing_note": missing_note("Quality alerts"),
                "open_alerts": open_alerts(assessment),
                "closed_alerts": [a for a in alerts if a.status == "Closed"],
                "days_open": {a.alert_id: ((a.date_closed or report_date) - a.date_raised).days for a in alerts},
                "by_category": {
                    cat: {"Open": category_counts[cat, "Open"], "Closed": category_counts[cat, "Closed"]}
                    for cat in ALERT_CATEGORIES
                },
            },
            wide=True,
        ),
        Page(
            "internal/sourcing-plan.md.j2",
            "sourcing-plan.md",
            {
                "has_plan": "Sourcing plan" in present,
                "missing_note": missing_note("Sourcing plan"),
                "plan": sorted(
                    workbook.sourcing_plan, key=lambda i: (i.procurement_start or date.max, i.project.casefold())
                ),
                "passed": {i.row for i in workbook.sourcing_plan if start_passed(i, report_date)},
            },
            wide=True,
        ),
        Page(
            "internal/development-plan.md.j2",
            "development-plan.md",
            {
                "has_plan": "Development plan" in present,
                "missing_note": missing_note("Development plan"),
                "actions": workbook.development_plan,
                "rags": {"Red": Rag.RED, "Amber": Rag.AMBER, "Green": Rag.GREEN},
            },
            wide=True,
        ),
    ]

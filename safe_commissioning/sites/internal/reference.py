"""The pages about the data: what changed since the last snapshot, data quality, methodology, downloads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from safe_commissioning.rules.attention import KINDS
from safe_commissioning.rules.methodology import expectations, rule_definitions
from safe_commissioning.rules.positions import MONITORING_PERIOD_MONTHS, SCHEDULE_GRACE_MONTHS
from safe_commissioning.rules.rag import Rag
from safe_commissioning.rules.results import RULE_STATUS_LABELS
from safe_commissioning.sites.internal.links import Links
from safe_commissioning.sites.model import BuildView, Written
from safe_commissioning.sites.pages import Page, inert
from safe_commissioning.sites.trends import Trends, skipped_names
from safe_commissioning.sites.views.groups import rated_phrase
from safe_commissioning.sites.views.movements import both_ways
from safe_commissioning.workbook.checks.transparency import CODE as TRANSPARENCY_CODE
from safe_commissioning.workbook.checks.transparency import GAP_CODES
from safe_commissioning.workbook.checks.transparency import THRESHOLD as GAP_THRESHOLD
from safe_commissioning.workbook.schema.choices import CLAUSE_ELEMENTS
from safe_commissioning.workbook.schema.sheets import SHEETS
from safe_commissioning.workbook.settings.definitions import settings_in_force

STATUS_TEXT = {status.value: label.lower() for status, label in RULE_STATUS_LABELS.items()}
FIELD_LABELS = {
    "title": "Title",
    "supplier": "Supplier",
    "start_date": "Start date",
    "end_date": "End date",
    "decision_due": "Decision due",
    "service_area": "Service area",
    "procurement_route": "Procurement route",
    "works_with_children": "Works with children",
    "risk": "Risk",
    "monitoring_frequency": "Monitoring frequency",
}


def history_context(series: Trends | None) -> dict[str, Any]:
    """What the pages that show trends say about the history they were drawn from."""
    if series is None:
        return {"trend_dates": (), "history_name": "history", "skipped": (), "skipped_names": ""}
    return {
        "trend_dates": series.dates if series.earlier else (),
        "history_name": series.history_name,
        "skipped": series.skipped,
        "skipped_names": skipped_names(series.skipped),
    }


def what_changed_page(view: BuildView) -> Page:
    """What changed since the last snapshot: ratings, rules, contract fields, alerts."""
    return Page(
        "internal/what-changed.md.j2",
        "what-changed.md",
        {
            "changes": view.changes,
            "moves": both_ways(view.changes) if view.changes is not None else None,
            "contract_link": _contract_link(view.links),
            "rag_of": lambda value: Rag(value) if value in {r.value for r in Rag} else Rag.NOT_APPLICABLE,
            "status_label": lambda value: STATUS_TEXT.get(value, value or "not assessed"),
            "field_labels": FIELD_LABELS,
            **history_context(view.trends),
        },
        wide=True,
    )


def data_quality_page(view: BuildView) -> Page:
    """Warnings, register gaps, the sheets present and how complete the evidence is."""
    report, groups = view.report, view.groups
    present = view.assessment.workbook.sheets_present
    scope = groups.in_scope
    return Page(
        "internal/data-quality.md.j2",
        "data-quality.md",
        {
            "warnings": [f for f in report.sorted() if f.severity == "warning"],
            "register_gaps": [f for f in report.sorted() if f.code in GAP_CODES],
            "transparency": {"code": TRANSPARENCY_CODE, "threshold": GAP_THRESHOLD},
            "sheets_present": [s.name for s in SHEETS if s.name in present or s.name == "Settings"],
            "sheets_missing": [
                s.name for s in SHEETS if s.name not in present and s.name != "Settings" and s.warn_if_missing
            ],
            "groups": groups,
            "rated": rated_phrase(len(scope)),
            "completeness": _completeness(scope),
            "baseline": view.changes.baseline if view.changes is not None else None,
            **history_context(view.trends),
        },
        wide=True,
    )


def reference_pages(view: BuildView, written: Written, committee: Mapping[str, Any] | None) -> list[Page]:
    """Methodology, downloads and (when there is one) the committee pack's page."""
    settings = view.assessment.workbook.settings
    return [
        Page(
            "internal/methodology.md.j2",
            "methodology.md",
            {
                "clause_elements": CLAUSE_ELEMENTS,
                "schedule": [(f, m + SCHEDULE_GRACE_MONTHS) for f, m in MONITORING_PERIOD_MONTHS.items()],
                "settings_in_force": settings_in_force(settings),
                "attention_kinds": KINDS,
                "expectations": expectations(),
                "rule_definitions": rule_definitions(settings),
            },
        ),
        Page("internal/downloads.md.j2", "downloads.md", {"files": written.downloads, "committee": committee}),
        *(
            [
                Page(
                    "internal/committee-pack.md.j2",
                    "committee-pack.md",
                    committee,
                    title="Committee pack",
                    wide=True,
                    print_pack=True,
                )
            ]
            if committee
            else []
        ),
    ]


def _contract_link(links: Links) -> Any:
    """A link to a contract's page when it still has one, else its ID as text."""

    def link(contract_id: str) -> Markup:
        path = links.contract.get(contract_id)
        if path is None:
            return inert(contract_id)
        return Markup(f'<a href="{path}">{inert(contract_id)}</a>')

    return link


def _completeness(contracts: list[Any]) -> list[tuple[str, int, int]]:
    total = len(contracts)
    return [
        ("A Safeguarding row", sum(c.safeguarding is not None for c in contracts), total),
        (
            "A self-assessment date",
            sum(bool(c.safeguarding and c.safeguarding.self_assessment_date) for c in contracts),
            total,
        ),
        ("DBS records for staff in contact", sum(bool(c.dbs and c.dbs.in_scope) for c in contracts), total),
        ("At least one monitoring meeting", sum(bool(c.meetings) for c in contracts), total),
        (
            "A thematic check date",
            sum(bool(c.safeguarding and c.safeguarding.last_thematic_check) for c in contracts),
            total,
        ),
    ]

"""The internal site as a whole: its name and navigation, what every page can use, and its pages in order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from safe_commissioning.history.changes import Changes
from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.expiry import CONTRACT_STATUS_LABELS, EXPIRY_BAND_LABELS
from safe_commissioning.rules.rag import Rag
from safe_commissioning.rules.results import PROVIDER_RULES, RULE_IDS, RULE_TITLES, Status
from safe_commissioning.sites.charts import Chart
from safe_commissioning.sites.committee.pack import Pack
from safe_commissioning.sites.engines import SiteSpec
from safe_commissioning.sites.internal.dashboard import AttentionLists, attention_lists, dashboard_pages
from safe_commissioning.sites.internal.links import Links, links_for
from safe_commissioning.sites.internal.lists import (
    alerts_and_plans_pages,
    compliance_pages,
    expiry_pages,
    placement_pages,
    register_pages,
)
from safe_commissioning.sites.internal.reference import (
    data_quality_page,
    history_context,
    reference_pages,
    what_changed_page,
)
from safe_commissioning.sites.listing import LISTING
from safe_commissioning.sites.pages import Page
from safe_commissioning.sites.parts import not_in_nav as parts_not_in_nav
from safe_commissioning.sites.trends import Trends
from safe_commissioning.sites.views.facts import page_facts
from safe_commissioning.sites.views.groups import contract_groups
from safe_commissioning.sites.views.headlines import Headline
from safe_commissioning.sites.views.records import short_hash
from safe_commissioning.words import long_date
from safe_commissioning.workbook.findings.report import Report

NAV = (
    {"Dashboard": "index.md"},
    {"Needs attention": "attention.md"},
    {"Committee pack": "committee-pack.md"},
    {"Compliance": "compliance.md"},
    {"Contracts": "contracts/index.md"},
    {"Providers": "providers/index.md"},
    {"Expiries": "expiries.md"},
    {"Placements": "placements.md"},
    {"Alerts": "alerts.md"},
    {"Sourcing plan": "sourcing-plan.md"},
    {"Development plan": "development-plan.md"},
    {"What changed": "what-changed.md"},
    {"Data quality": "data-quality.md"},
    {"Methodology": "methodology.md"},
    {"Messages": "messages.md"},
    {"Downloads": "downloads.md"},
)
LONG_LISTS = ("attention.md", "compliance.md", "expiries.md", "placements.md")  # their parts 2..k (see parts.py)
PACK_PAGE_ROWS = 100  # the pack's page shows this many rows of a table; the Word document has every row
STATUS_RANK = {
    status: rank
    for rank, status in enumerate(
        (Status.NOT_MET, Status.NOT_EVIDENCED, Status.PARTLY_MET, Status.MET, Status.NOT_APPLICABLE)
    )
}
RAG_RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.NOT_APPLICABLE: 3}


def site_spec(assessment: Assessment) -> SiteSpec:
    """Name, navigation and extras of the internal site."""
    workbook = assessment.workbook
    settings = workbook.settings
    organisation = settings.organisation or "Safe commissioning"
    footer = (
        f"Report date {long_date(workbook.report_date)} · workbook {workbook.file_name} · "
        f"SHA-256 {short_hash(workbook.content_hash)}"
    )
    return SiteSpec(
        kind="internal",
        site_name=f"{organisation}: safe commissioning dashboard",
        nav=NAV,
        not_in_nav="/contracts/*.md\n/providers/*.md\n/managers/*.md\n!/contracts/index.md\n!/providers/index.md\n"
        + parts_not_in_nav(LONG_LISTS),
        description="Internal dashboard: safe commissioning of services for children",
        footer=footer,
        extra={
            "robots": "noindex, nofollow",
            "classification": settings.classification,
            "banner": f"Report date {long_date(workbook.report_date)}",
            "notice": settings.notice,
        },
    )


def shared_context(assessment: Assessment, drawn: Mapping[str, Chart | None]) -> dict[str, Any]:
    """What every internal page's template can use."""
    workbook = assessment.workbook
    settings = workbook.settings
    return {
        "site": {
            "organisation": settings.organisation,
            "partnership": settings.partnership,
            "report_date": workbook.report_date,
            "classification": settings.classification,
        },
        # the workbook read, which changes with every edit: main pages only (see pipeline.render_internal)
        "source": {"file_name": workbook.file_name, "short_hash": short_hash(workbook.content_hash)},
        "a": assessment,
        "settings": settings,
        "links": links_for(assessment),
        "titles": RULE_TITLES,
        "rule_ids": RULE_IDS,
        "provider_rules": PROVIDER_RULES,
        "statuses": tuple(Status),
        "contract_status_labels": CONTRACT_STATUS_LABELS,
        "band_labels": EXPIRY_BAND_LABELS,
        "status_rank": STATUS_RANK,
        "rag_rank": RAG_RANK,
        "charts": drawn,
        "status_of": {status.value: status for status in Status},
        "rag_by_value": {rag.value: rag for rag in Rag},
        "listing": LISTING,
        "facts": page_facts(settings),
    }


def main_pages(
    assessment: Assessment,
    report: Report,
    downloads: list[Any],
    figures: Sequence[Headline],
    changes: Changes | None,
    links: Links,
    series: Trends | None = None,
    trend_words: Mapping[str, str] | None = None,
    pack: tuple[Pack, str] | None = None,
    lists: AttentionLists | None = None,
) -> list[Page]:
    """The internal site's pages in its navigation: dashboard, compliance, lists, methodology, …"""
    groups = contract_groups(assessment)
    history = history_context(series)
    committee = (
        None
        if pack is None
        else {"pack": pack[0], "size": pack[1], "link": f"reports/{pack[0].file_name}", "row_limit": PACK_PAGE_ROWS}
    )
    return [
        *dashboard_pages(
            assessment, lists or attention_lists(assessment, links), figures, trend_words or {}, history, committee
        ),
        what_changed_page(changes, links, series),
        *compliance_pages(assessment, groups, series, history),
        *register_pages(assessment, groups),
        *expiry_pages(assessment),
        *placement_pages(assessment, series, history),
        *alerts_and_plans_pages(assessment),
        data_quality_page(assessment, report, groups, series),
        *reference_pages(assessment, downloads, committee),
    ]

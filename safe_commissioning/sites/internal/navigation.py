"""The internal site as a whole: its name and navigation, what every page can use, and its pages in order."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypedDict

from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.catalogue import PROVIDER_RULES, RULE_IDS, RULE_TITLES
from safe_commissioning.rules.expiry import CONTRACT_STATUS_LABELS, EXPIRY_BAND_LABELS, ContractStatus
from safe_commissioning.rules.rag import Rag
from safe_commissioning.rules.results import Status
from safe_commissioning.sites.charts import Chart
from safe_commissioning.sites.engines import NavEntry, SiteSpec
from safe_commissioning.sites.internal.dashboard import dashboard_pages, manager_pages
from safe_commissioning.sites.internal.links import Links
from safe_commissioning.sites.internal.lists import (
    alerts_and_plans_pages,
    compliance_pages,
    expiry_pages,
    placement_pages,
    register_pages,
)
from safe_commissioning.sites.internal.reference import data_quality_page, reference_pages, what_changed_page
from safe_commissioning.sites.listing import LISTING, Listing
from safe_commissioning.sites.model import BuildView, Written
from safe_commissioning.sites.pages import Page, css_string
from safe_commissioning.sites.parts import not_in_nav as parts_not_in_nav
from safe_commissioning.sites.views.facts import Facts as PageFacts
from safe_commissioning.sites.views.facts import page_facts
from safe_commissioning.sites.views.records import short_hash
from safe_commissioning.words import long_date
from safe_commissioning.workbook.records import Settings

# The menu, grouped for its readers: what Members read, the action lists (each contract manager's page is
# added under them, see `site_spec`), and the reference pages.
MEMBERS = (
    {"Committee pack": "committee-pack.md"},
    {"What changed": "what-changed.md"},
    {"Compliance": "compliance.md"},
)
ACTIONS = (
    {"Needs attention": "attention.md"},
    {"Coming up": "coming-up.md"},
)
REFERENCE = (
    {"Contracts": "contracts/index.md"},
    {"Providers": "providers/index.md"},
    {"Expiries": "expiries.md"},
    {"Placements": "placements.md"},
    {"Alerts": "alerts.md"},
    {"Sourcing plan": "sourcing-plan.md"},
    {"Development plan": "development-plan.md"},
    {"Data quality": "data-quality.md"},
    {"Methodology": "methodology.md"},
    {"Messages": "messages.md"},
    {"Downloads": "downloads.md"},
)
NAV: tuple[NavEntry, ...] = (
    {"Dashboard": "index.md"},
    {"For Members": list(MEMBERS)},
    {"Actions": list(ACTIONS)},
    {"Reference": list(REFERENCE)},
)
LONG_LISTS = (
    "attention.md",
    "coming-up.md",
    "compliance.md",
    "expiries.md",
    "placements.md",
)  # their parts 2..k (see parts.py)
PACK_PAGE_ROWS = 100  # the pack's page shows this many rows of a table; the Word document has every row
STATUS_RANK = {
    status: rank
    for rank, status in enumerate(
        (Status.NOT_MET, Status.NOT_EVIDENCED, Status.PARTLY_MET, Status.MET, Status.NOT_APPLICABLE)
    )
}
RAG_RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.NOT_APPLICABLE: 3}


def site_spec(view: BuildView) -> SiteSpec:
    """Name, navigation and extras of the internal site: each contract manager's page under Actions."""
    workbook = view.assessment.workbook
    settings = workbook.settings
    organisation = settings.organisation or "Safe commissioning"
    footer = (
        f"Report date {long_date(workbook.report_date)} · workbook {workbook.file_name} · "
        f"SHA-256 {short_hash(workbook.content_hash)}"
    )
    return SiteSpec(
        kind="internal",
        site_name=f"{organisation}: safe commissioning dashboard",
        nav=(
            NAV[0],
            NAV[1],
            {"Actions": [*ACTIONS, *({name: path} for name, path in manager_pages(view))]},
            NAV[3],
        ),
        not_in_nav="/contracts/*.md\n/providers/*.md\n!/contracts/index.md\n!/providers/index.md\n"
        + parts_not_in_nav(LONG_LISTS),
        description="Internal dashboard: safe commissioning of services for children",
        footer=footer,
        extra={
            "robots": "noindex, nofollow",
            "classification": settings.classification,
            "banner": f"Report date {long_date(workbook.report_date)}",
            "notice": settings.notice,
            "print_style": pack_print_style(settings.classification, workbook.report_date),
        },
    )


def pack_print_style(classification: str, report_date: date) -> str:
    """The committee pack page's A4 page rule: the classification at the top and foot of every printed page,
    the pack's name and the page number beside it. The theme puts it in that page's head (overrides/main.html);
    every value is a CSS string of hex escapes, so it holds no markup."""
    marking = css_string(classification)
    name = css_string(f"Committee pack {report_date.isoformat()}")
    heading = "font: 700 9pt Arial, sans-serif; letter-spacing: 0.08em;"
    return (
        "@page { size: A4; margin: 18mm 15mm 18mm 15mm; "
        f"@top-center {{ content: {marking}; {heading} }} "
        f"@bottom-left {{ content: {name}; font: 8pt Arial, sans-serif; }} "
        f"@bottom-center {{ content: {marking}; {heading} }} "
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, sans-serif; } }'
    )


class SiteFacts(TypedDict):
    """Who the site is for, and its date."""

    organisation: str
    partnership: str
    report_date: date
    classification: str


class SourceFacts(TypedDict):
    """The workbook read: its name and the start of its SHA-256."""

    file_name: str
    short_hash: str


class InternalContext(TypedDict):
    """What every internal page's template can use, besides its page's own values (see `Page.context`).

    `a`, `charts` and `source` change with every edit of the workbook: only main pages get them
    (record pages are compared page by page between builds, see `memory`).
    """

    site: SiteFacts
    source: SourceFacts
    a: Assessment
    settings: Settings
    links: Links
    titles: Mapping[str, str]
    rule_ids: tuple[str, ...]
    provider_rules: tuple[str, ...]
    statuses: tuple[Status, ...]
    contract_status_labels: Mapping[ContractStatus, str]
    band_labels: Mapping[str, str]
    status_rank: Mapping[Status, int]
    rag_rank: Mapping[Rag, int]
    charts: Mapping[str, Chart | None]
    status_of: Mapping[str, Status]
    rag_by_value: Mapping[str, Rag]
    listing: Listing
    facts: PageFacts


WHOLE_SITE = ("a", "charts", "source")  # the keys of InternalContext that record pages never see


def shared_context(view: BuildView) -> InternalContext:
    """What every internal page's template can use."""
    workbook = view.assessment.workbook
    settings = workbook.settings
    return InternalContext(
        site=SiteFacts(
            organisation=settings.organisation,
            partnership=settings.partnership,
            report_date=workbook.report_date,
            classification=settings.classification,
        ),
        source=SourceFacts(file_name=workbook.file_name, short_hash=short_hash(workbook.content_hash)),
        a=view.assessment,
        settings=settings,
        links=view.links,
        titles=RULE_TITLES,
        rule_ids=RULE_IDS,
        provider_rules=PROVIDER_RULES,
        statuses=tuple(Status),
        contract_status_labels=CONTRACT_STATUS_LABELS,
        band_labels=EXPIRY_BAND_LABELS,
        status_rank=STATUS_RANK,
        rag_rank=RAG_RANK,
        charts=view.charts,
        status_of={status.value: status for status in Status},
        rag_by_value={rag.value: rag for rag in Rag},
        listing=LISTING,
        facts=page_facts(settings),
    )


def committee_context(view: BuildView, written: Written) -> dict[str, Any] | None:
    """What the dashboard, Downloads and the committee pack's page say about the pack (None without one)."""
    pack = view.pack
    if pack is None:
        return None
    return {"pack": pack, "size": written.pack_size, "link": f"reports/{pack.file_name}", "row_limit": PACK_PAGE_ROWS}


def main_pages(view: BuildView, written: Written) -> list[Page]:
    """The internal site's pages in its navigation: dashboard, compliance, lists, methodology, …"""
    committee = committee_context(view, written)
    return [
        *dashboard_pages(view, committee),
        what_changed_page(view),
        *compliance_pages(view),
        *register_pages(view),
        *expiry_pages(view),
        *placement_pages(view),
        *alerts_and_plans_pages(view),
        data_quality_page(view),
        *reference_pages(view, written, committee),
    ]

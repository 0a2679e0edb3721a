"""The public contracts register and sourcing plan: pages, navigation and open data.

Everything here is built from the published contract fields and published sourcing plan rows
only (see opendata.py); no restricted sheet or column is ever passed to a public template.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TypedDict

from safe_commissioning.dates import add_months
from safe_commissioning.opendata.feeds import ATOM_FILE
from safe_commissioning.opendata.ocds import DEFAULT_PREFIX, EXTENSIONS
from safe_commissioning.opendata.opportunities import (
    ENDING_SOON_MONTHS,
    PASSED_START_NOTE,
    STANDING,
    Opportunity,
    ending_soon,
    opportunities,
    replacements,
)
from safe_commissioning.opendata.opportunities import standing as contract_standing
from safe_commissioning.opendata.register import (
    LICENCE_NAME,
    LICENCE_URL,
    REGISTER_FIELDS,
    SOURCING_FIELDS,
    RegisterEntry,
    plan_rows,
)
from safe_commissioning.rules.expiry import ContractStatus, contract_status
from safe_commissioning.sites.engines import RecordEntry, SiteSpec
from safe_commissioning.sites.listing import LISTING, Listing
from safe_commissioning.sites.open_data import (
    DataFile,
    DownloadRows,
    dataset,
    download_columns,
    download_row,
    not_written,
)
from safe_commissioning.sites.pages import Page
from safe_commissioning.sites.parts import in_parts, split
from safe_commissioning.sites.parts import not_in_nav as parts_not_in_nav
from safe_commissioning.sites.views.facts import Facts as PageFacts
from safe_commissioning.sites.views.facts import page_facts
from safe_commissioning.words import govuk_date, unique_slugs
from safe_commissioning.workbook.cells.identifiers import REGISTERS, register_page
from safe_commissioning.workbook.checks.platform import platform_notice
from safe_commissioning.workbook.records import Settings, SourcingPlanItem, Workbook
from safe_commissioning.workbook.schema.choices import CLAUSE_ELEMENTS

NAV = (
    {"Home": "index.md"},
    {"Contracts register": "register.md"},
    {"Ending soon": "ending-soon.md"},
    {"Sourcing plan": "sourcing-plan.md"},
    {"Working with us": "working-with-us.md"},
    {"Open data": "open-data.md"},
    {"Accessibility": "accessibility.md"},
)
LONG_LISTS = ("ending-soon.md", "register.md", "sourcing-plan.md")  # their parts 2..k (see parts.py)
PLAN_PAGE = "sourcing-plan.md"
TENDERED_LABELS = {
    "invitation_to_quote": "Invitation to quote",
    "invitation_to_tender": "Published invitation to tender",
    "framework": "Call-off from a framework",
    "direct_award": "Direct award",
    "other": "Other arrangement",
}


def site_spec(workbook: Workbook) -> SiteSpec:
    """Name, navigation and extras of the public site."""
    settings = workbook.settings
    organisation = settings.organisation or "Contracts register"
    return SiteSpec(
        kind="public",
        site_name=f"{organisation}: contracts register",
        nav=NAV,
        not_in_nav=parts_not_in_nav(LONG_LISTS),
        description=f"Contracts register and sourcing plan of {organisation}",
        footer=(f"Published by {organisation} · data as of {govuk_date(workbook.report_date)} · {LICENCE_NAME}"),
        site_url=settings.public_url,
        # feed autodiscovery on every page (see overrides/main.html): the sourcing plan's Atom feed
        extra={"notice": settings.notice, "feed": f"data/{ATOM_FILE}"},
    )


def _by_supplier(entries: list[RegisterEntry]) -> list[tuple[str, list[RegisterEntry]]]:
    """Published contracts grouped by supplier, suppliers A to Z."""
    groups: dict[str, list[RegisterEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.supplier.provider, []).append(entry)
    return sorted(groups.items(), key=lambda item: item[0].casefold())


def register_pages(page: Page, entries: list[RegisterEntry]) -> list[Page]:
    """The register page, in parts when it is long; each supplier's contracts named by the parts that show them."""
    pages = in_parts(page, [("register", entries)], "contract", "Contracts register")
    part = pages[0].context["part"]
    where: dict[str, dict[int, str]] = {}
    for position, entry in enumerate(entries):
        number = position // part.size + 1
        where.setdefault(entry.supplier.provider, {})[number] = part.files[number - 1]
    supplier_parts = {supplier: sorted(parts.items()) for supplier, parts in where.items()}
    return [replace(p, context={**p.context, "supplier_parts": supplier_parts}) for p in pages]


def supplier_identifiers(entry: RegisterEntry) -> list[dict[str, str]]:
    """The supplier's publishable register numbers, each with its register's name and page ('' when none)."""
    s = entry.supplier
    return [
        {"register": REGISTERS[i.scheme], "number": i.published, "url": register_page(i)}
        for i in (s.company_number, s.charity_number, s.mutuals_number, s.ppon)
        if i is not None and i.published
    ]


def contract_pages(
    entries: list[RegisterEntry], plan: list[SourcingPlanItem], report_date: date, slugs: dict[str, str]
) -> list[Page]:
    """One page per published contract, so that a provider can link to it."""
    by_row = {o.item.row: o for o in opportunities(plan, report_date)}
    planned = replacements(plan)
    return [
        Page(
            "public/contract.html.j2",
            f"contracts/{slugs[e.contract.contract_id]}.md",
            {
                "e": e,
                "standing": STANDING[contract_standing(e, report_date)],
                "identifiers": supplier_identifiers(e),
                "plans": [by_row[item.row] for item in planned.get(e.contract.contract_id, ())],
                "notice": platform_notice(e.contract.find_a_tender_notice) if e.contract.find_a_tender_notice else None,
                "tendered_labels": TENDERED_LABELS,
            },
            title=f"{e.contract.contract_id}: {e.contract.title}",
            record=True,
        )
        for e in entries
    ]


def plan_pages(plan: Sequence[SourcingPlanItem], report_date: date) -> dict[int, str]:
    """The page (part of the sourcing plan) showing each published plan row, by row: what links to a row use."""
    rows = opportunities(plan, report_date)
    part = split(PLAN_PAGE, [("plan", rows)], "procurement")[0]
    return {o.item.row: part.file_of(position) for position, o in enumerate(rows)}


def supplier_sections(entries: list[RegisterEntry]) -> list[RecordEntry]:
    """A search entry for each supplier on the register, at the register's list of suppliers: the list is kept out
    of the page's Markdown like the register's table (so that renaming a contract does not run the engine again),
    and a provider searching for its name finds its line, with its contracts."""
    return [
        RecordEntry(
            "register.html#suppliers",
            supplier,
            "<p>" + html.escape("; ".join(f"{e.contract.contract_id} {e.contract.title}" for e in contracts)) + "</p>",
        )
        for supplier, contracts in _by_supplier(entries)
    ]


def plan_anchor(key: str) -> str:
    """The id of a sourcing-plan row's table row, from its key."""
    return f"plan-{key}"


def plan_sections(plan: Sequence[SourcingPlanItem], report_date: date, placed: Mapping[int, str]) -> list[RecordEntry]:
    """A search entry for each published sourcing-plan row, at its row of the plan's page: the plan's table is kept
    out of the page's Markdown (at a few thousand rows it is most of the engine's work), so the search box finds
    each procurement on its own, by its project, description, service area, category, route, lots or contact.
    `placed`: see `plan_pages`."""
    sections = []
    for o in opportunities(plan, report_date):
        item = o.item
        facts = [
            ("Service area", item.service_area),
            ("Main category", item.main_category),
            ("Procurement route", item.procurement_route),
            ("Procurement start", govuk_date(item.procurement_start) if item.procurement_start else None),
            ("Lots", item.lots),
            ("Status", item.status),
            ("Contact", item.contact),
        ]
        text = "; ".join(f"{label}: {value}" for label, value in facts if value)
        summary = "".join(f"<p>{html.escape(part)}</p>" for part in (item.description, text) if part)
        sections.append(RecordEntry(f"{placed[item.row]}#{plan_anchor(o.key)}", item.project, summary))
    return sections


def pages(
    workbook: Workbook,
    entries: list[RegisterEntry],
    plan: list[SourcingPlanItem],
    files: list[DataFile],
    plan_page: Mapping[int, str] | None = None,
) -> tuple[list[Page], PublicContext]:
    """Every page of the public site, and the context they share (`plan_page`: see `plan_pages`)."""
    settings = workbook.settings
    report_date = workbook.report_date
    slugs = unique_slugs(e.contract.contract_id for e in entries)
    opportunity_list = opportunities(plan, report_date)
    shared = _shared_context(workbook, entries, plan, slugs, opportunity_list, len(files), plan_page)
    ending = ending_soon(entries, plan, report_date)
    return [
        Page("public/index.md.j2", "index.md", {"standing": _standing_words(entries, report_date)}),
        *register_pages(
            Page(
                "public/register.md.j2",
                "register.md",
                {
                    "tendered_labels": TENDERED_LABELS,
                    "anchors": slugs,
                    "by_supplier": _by_supplier(entries),
                    "standings": {e.contract.contract_id: STANDING[contract_standing(e, report_date)] for e in entries},
                    "download": {
                        "name": "contracts-register",
                        "columns": download_columns(REGISTER_FIELDS),
                        "rows": DownloadRows(REGISTER_FIELDS, {e.contract.contract_id: e for e in entries}),
                    },
                },
                wide=True,
            ),
            entries,
        ),
        *in_parts(
            Page(
                "public/ending-soon.md.j2",
                "ending-soon.md",
                {
                    "ending": ending,
                    "anchors": slugs,
                    "months": ENDING_SOON_MONTHS,
                    "until": add_months(report_date, ENDING_SOON_MONTHS),
                },
            ),
            [("ending", ending)],
            "contract",
            "Contracts ending soon",
        ),
        *in_parts(
            Page(
                "public/sourcing-plan.md.j2",
                PLAN_PAGE,
                {
                    "opportunities": opportunity_list,
                    "download": {
                        "name": "sourcing-plan",
                        "columns": download_columns(SOURCING_FIELDS),
                        "rows": {r.item.row: download_row(SOURCING_FIELDS, r) for r in plan_rows(plan, settings)},
                    },
                },
                wide=True,
            ),
            [("plan", opportunity_list)],
            "procurement",
            "Sourcing plan",
        ),
        Page("public/working-with-us.md.j2", "working-with-us.md", {"clause_elements": CLAUSE_ELEMENTS}),
        Page(
            "public/open-data.md.j2",
            "open-data.md",
            {
                "files": files,
                "not_written": not_written(files),
                "dataset": dataset(files, settings, report_date),
                "register_columns": REGISTER_FIELDS,
                "sourcing_columns": SOURCING_FIELDS,
                "ocds_prefix": settings.ocds_prefix or DEFAULT_PREFIX,
                "ocds_extensions": EXTENSIONS,
                "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
            },
        ),
        Page("public/accessibility.md.j2", "accessibility.md", {}),
        *contract_pages(entries, plan, report_date, slugs),
    ], shared


class PublicSite(TypedDict):
    """Who publishes the site, and its date."""

    organisation: str
    department: str
    partnership: str
    report_date: date
    contact: str


class PublicLinks(TypedDict):
    """Where each published contract's page is: the internal site's `links` shape, so both share the link macros."""

    contract: Mapping[str, str]


# The keys of PublicContext that record pages never see: a contract's page does not change, nor is it made
# again by serve, when another contract's row or the whole register changes.
WHOLE_SITE = ("entries", "plan", "plan_page", "files_count")


class PublicContext(TypedDict):
    """What every public page's template can use, besides its page's own values."""

    site: PublicSite
    settings: Settings
    entries: list[RegisterEntry]
    plan: list[SourcingPlanItem]
    links: PublicLinks
    plan_anchor: Mapping[int, str]
    plan_page: Mapping[int, str]
    passed_note: str
    files_count: int
    listing: Listing
    facts: PageFacts


def _shared_context(
    workbook: Workbook,
    entries: list[RegisterEntry],
    plan: list[SourcingPlanItem],
    slugs: Mapping[str, str],
    opportunity_list: list[Opportunity],
    files_count: int,
    plan_page: Mapping[int, str] | None,
) -> PublicContext:
    """What every public page's template can use."""
    settings = workbook.settings
    keys = {o.item.row: o.key for o in opportunity_list}
    return PublicContext(
        site=PublicSite(
            organisation=settings.organisation,
            department=settings.department,
            partnership=settings.partnership,
            report_date=workbook.report_date,
            contact=settings.contact,
        ),
        settings=settings,
        entries=entries,
        plan=plan,
        links=PublicLinks(contract={cid: f"contracts/{slug}.html" for cid, slug in slugs.items()}),
        plan_anchor={row: plan_anchor(key) for row, key in keys.items()},
        plan_page=plan_page if plan_page is not None else plan_pages(plan, workbook.report_date),
        passed_note=PASSED_START_NOTE,
        files_count=files_count,
        listing=LISTING,
        facts=page_facts(settings),
    )


def _standing_words(entries: list[RegisterEntry], report_date: date) -> str:
    """`14 running, 2 not yet started, 2 ended`: the register's contracts by where they stand (running always said)."""
    standing = Counter(contract_status(e.contract.start_date, e.contract.end_date, report_date) for e in entries)
    return ", ".join(
        f"{standing[status]} {words}"
        for status, words in (
            (ContractStatus.ACTIVE, "running"),
            (ContractStatus.NOT_STARTED, "not yet started"),
            (ContractStatus.EXPIRED, "ended"),
        )
        if standing[status] or status is ContractStatus.ACTIVE
    )

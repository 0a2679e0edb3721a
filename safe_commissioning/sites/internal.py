"""The intranet dashboard: its pages, charts and navigation, for staff and Members."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

from safe_commissioning.history.changes import Changes
from safe_commissioning.opendata.register import register
from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.attention import KINDS, Action, Upcoming, by_manager, coming_up, needs_attention
from safe_commissioning.rules.compliance import (
    INSURANCE_MINIMUMS,
    MONITORING_PERIOD_MONTHS,
    PROVIDER_RULES,
    RAG_LABELS,
    RULE_IDS,
    RULE_STATUS_LABELS,
    RULE_TITLES,
    SCHEDULE_GRACE_MONTHS,
    Rag,
    Status,
)
from safe_commissioning.rules.expiry import CONTRACT_STATUS_LABELS, EXPIRY_BAND_LABELS, EXPIRY_BANDS, ContractStatus
from safe_commissioning.rules.methodology import EXPECTATIONS, rule_definitions
from safe_commissioning.rules.placements import caseload_series, planned_dates
from safe_commissioning.sites.charts import Chart, ChartRenderer
from safe_commissioning.sites.committee import Pack
from safe_commissioning.sites.engines import SiteSpec
from safe_commissioning.sites.figures import (
    RAG_COLOURS,
    SERIES_COLOURS,
    grouped_bars,
    line,
    percent_bars,
    stacked_bars,
    timeline,
)
from safe_commissioning.sites.listing import LISTING
from safe_commissioning.sites.pages import Page, inert
from safe_commissioning.sites.parts import in_parts
from safe_commissioning.sites.parts import not_in_nav as parts_not_in_nav
from safe_commissioning.sites.trends import Trends, skipped_names, trend_chart
from safe_commissioning.sites.views import (
    RAG_ORDER,
    Headline,
    active_placement_counts,
    by_band,
    by_status,
    contract_groups,
    contract_open_alerts,
    decision_due_text,
    decisions,
    decisions_passed,
    expectation_shares,
    expiring_soon,
    in_scope,
    monitoring_overdue,
    off_framework,
    open_alerts,
    placement_year_table,
    rag_by_service_area,
    rated_phrase,
    rating_reasons,
    rule_counts,
    short_hash,
)
from safe_commissioning.words import NOT_RECORDED, capitalised, long_date, unique_slugs, yes_no
from safe_commissioning.workbook.dates import add_months, months_before
from safe_commissioning.workbook.findings import Report
from safe_commissioning.workbook.schema import (
    ALERT_CATEGORIES,
    CLAUSE_ELEMENTS,
    PLACEMENT_SOURCES,
    PLACEMENT_TYPES,
    POLICIES,
    SHEETS,
)
from safe_commissioning.workbook.settings import settings_in_force
from safe_commissioning.workbook.sourcing_plan import start_passed
from safe_commissioning.workbook.transparency import CODE as TRANSPARENCY_CODE
from safe_commissioning.workbook.transparency import GAP_CODES
from safe_commissioning.workbook.transparency import THRESHOLD as GAP_THRESHOLD

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
    {"Downloads": "downloads.md"},
)
LONG_LISTS = ("attention.md", "compliance.md", "expiries.md", "placements.md")  # their parts 2..k (see parts.py)
PACK_PAGE_ROWS = 100  # the pack's page shows this many rows of a table; the Word document has every row
TIMELINE_MONTHS = 12  # the dashboard timeline shows contracts ending within this many months
TIMELINE_LIMIT = 40  # at most this many bars on one timeline, soonest first
STATUS_RANK = {
    status: rank
    for rank, status in enumerate(
        (Status.NOT_MET, Status.NOT_EVIDENCED, Status.PARTLY_MET, Status.MET, Status.NOT_APPLICABLE)
    )
}
RAG_RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.NOT_APPLICABLE: 3}
RAG_SECTION_NOTES = {
    Rag.RED: "At least one minimum expectation not met, or the provider is rated Inadequate by Ofsted.",
    Rag.AMBER: "An expectation partly met or not evidenced, or the provider's policies or insurance fall short.",
    Rag.GREEN: "Every minimum expectation met, and the provider's policies and insurance in order.",
}
BAND_COLOURS = ("#8f1d22", "#b4232a", "#b25e00", "#1f4e79", "#5b7fa6")


@dataclass(frozen=True)
class Links:
    """Where each contract's and provider's page lives, relative to the site root."""

    contract: Mapping[str, str]
    provider: Mapping[str, str]


def links_for(assessment: Assessment) -> Links:
    """Stable, unique page addresses for every contract and provider."""
    contracts = unique_slugs(c.contract_id for c in assessment.contracts)
    providers = unique_slugs(p.provider.provider for p in assessment.providers)
    return Links(
        contract={cid: f"contracts/{slug}.html" for cid, slug in contracts.items()},
        provider={name: f"providers/{slug}.html" for name, slug in providers.items()},
    )


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


def charts(assessment: Assessment, renderer: ChartRenderer, series: Trends | None = None) -> dict[str, Chart | None]:
    """Every chart of the internal site (None where there is nothing to draw)."""
    scope = in_scope(assessment)
    drawn: dict[str, Chart | None] = {"trends": trend_chart(series, renderer) if series is not None else None}
    area_rows = rag_by_service_area(scope)
    drawn["rag_by_area"] = (
        renderer.render(
            "rag-by-area",
            stacked_bars(
                area_rows,
                category="area",
                series="rag",
                value="contracts",
                series_order=list(RAG_COLOURS),
                colours=list(RAG_COLOURS.values()),
                value_title="Active contracts that work with children",
            ),
            "RAG rating by service area",
            "Stacked bars: for each service area, how many active contracts that work with children are rated red, amber and green. "
            + "; ".join(f"{r['area']} {r['rag']} {r['contracts']}" for r in area_rows if r["contracts"]),
            ("Service area", "Red", "Amber", "Green"),
            _pivot(area_rows, "area", "rag", "contracts", ("Red", "Amber", "Green")),
        )
        if scope
        else None
    )
    shares = expectation_shares(scope)
    drawn["expectations"] = (
        renderer.render(
            "expectations",
            percent_bars(shares, category="rule", value="met", title="Share of contracts meeting the expectation (%)"),
            "Share of contracts meeting each minimum expectation",
            "Bars: the percentage of active contracts that work with children meeting each of the six minimum expectations. "
            + "; ".join(f"{s['rule']} {s['met']:.0f}%" for s in shares),
            ("Minimum expectation", "Met", "Of", "Share met (%)"),
            [(s["rule"], s["count"], s["of"], f"{s['met']:.0f}") for s in shares],
        )
        if scope
        else None
    )
    horizon = add_months(assessment.report_date, TIMELINE_MONTHS)
    ending = [c for c in assessment.contracts if c.status is ContractStatus.ACTIVE and c.contract.end_date <= horizon]
    drawn["timeline"] = _timeline(
        renderer,
        "timeline",
        ending,
        assessment.report_date,
        f"Active contracts ending in the next {TIMELINE_MONTHS} months",
    )
    running = [c for c in assessment.contracts if c.status is not ContractStatus.EXPIRED]
    drawn["timeline_full"] = _timeline(
        renderer,
        "timeline-full",
        running,
        assessment.report_date,
        "Contract terms of running contracts, soonest ending first",
    )
    drawn.update(_placement_charts(assessment, renderer))
    return drawn


def _timeline(renderer: ChartRenderer, key: str, contracts: list[Any], report_date: date, title: str) -> Chart | None:
    if not contracts:
        return None
    shown = sorted(contracts, key=lambda c: (c.contract.end_date, c.contract_id))[:TIMELINE_LIMIT]
    rows = [
        {
            "label": f"{c.contract_id} {c.contract.title[:40]}",
            "start": max(c.contract.start_date, months_before(report_date, 12)).isoformat(),
            "end": c.contract.end_date.isoformat(),
            "band": EXPIRY_BAND_LABELS[c.expiry_band],
        }
        for c in shown
    ]
    more = f" Showing the {len(shown)} ending soonest of {len(contracts)}." if len(contracts) > len(shown) else ""
    return renderer.render(
        key,
        timeline(
            rows,
            today=report_date.isoformat(),
            band_order=[EXPIRY_BAND_LABELS[b] for b in EXPIRY_BANDS],
            colours=BAND_COLOURS,
        ),
        title,
        f"Timeline: one bar per contract from its start (or a year before the report date) to its end date, coloured "
        f"by time to expiry, with the report date marked.{more} "
        + "; ".join(f"{c.contract_id} ends {c.contract.end_date.isoformat()}" for c in shown),
        ("Contract", "Supplier", "End date", "Days to expiry", "Time to expiry"),
        [
            (
                f"{c.contract_id} {c.contract.title}",
                c.contract.supplier,
                long_date(c.contract.end_date),
                c.days_to_expiry,
                EXPIRY_BAND_LABELS[c.expiry_band],
            )
            for c in shown
        ],
    )


def _placement_charts(assessment: Assessment, renderer: ChartRenderer) -> dict[str, Chart | None]:
    drawn: dict[str, Chart | None] = {"placements_by_year": None, "active_by_type": None, "caseload": None}
    years = placement_year_table(assessment)
    if years:
        rows = [
            {"year": r["year"], "what": capitalised(what), "placements": r[what]}
            for r in years
            for what in ("commissioned", "decommissioned")
        ]
        drawn["placements_by_year"] = renderer.render(
            "placements-by-year",
            grouped_bars(
                rows,
                category="year",
                group="what",
                value="placements",
                group_order=["Commissioned", "Decommissioned"],
                value_title="Placements",
            ),
            "Placements commissioned and decommissioned by financial year",
            "Grouped bars: placements started and ended in each financial year. "
            + "; ".join(
                f"{r['year']}: {r['commissioned']} commissioned, {r['decommissioned']} decommissioned" for r in years
            ),
            ("Financial year", "Commissioned", "Decommissioned"),
            [(r["year"], r["commissioned"], r["decommissioned"]) for r in years],
        )
    by_type, by_source = active_placement_counts(assessment)
    if assessment.active_placements:
        pairs = Counter((p.placement_type, p.source) for p in assessment.active_placements)
        rows = [
            {"type": kind, "source": source, "placements": count} for (kind, source), count in sorted(pairs.items())
        ]
        present_sources = [s for s in PLACEMENT_SOURCES if by_source[s]]
        drawn["active_by_type"] = renderer.render(
            "active-by-type",
            stacked_bars(
                rows,
                category="type",
                series="source",
                value="placements",
                series_order=present_sources,
                colours=[SERIES_COLOURS[PLACEMENT_SOURCES.index(s)] for s in present_sources],
                value_title="Active placements",
            ),
            "Active placements by type and source",
            "Stacked bars: active placements on the report date for each placement type, split by how they were sourced. "
            + "; ".join(f"{r['type']} from {r['source']}: {r['placements']}" for r in rows),
            ("Placement type", *present_sources, "All sources"),
            [
                (
                    kind,
                    *[pairs[kind, source] for source in present_sources],
                    by_type[kind],
                )
                for kind in PLACEMENT_TYPES
                if by_type[kind]
            ],
        )
    series = caseload_series(assessment.workbook.caseload)
    if len(series) >= 2:
        measures = (
            ("children_in_care", "Children in care"),
            ("of_which_uasc", "Of which UASC"),
            ("children_in_need", "Children in need"),
            ("care_leavers", "Care leavers"),
        )
        rows = [
            {"date": s.date.isoformat(), "measure": label, "count": getattr(s, field)}
            for s in series
            for field, label in measures
            if getattr(s, field) is not None
        ]
        drawn["caseload"] = renderer.render(
            "caseload",
            line(rows, x="date", series="measure", value="count", series_order=[label for _, label in measures]),
            "Caseload over time",
            "Lines: children in care, of which unaccompanied asylum-seeking children, children in need and care leavers at each recorded date. "
            + "; ".join(f"{r['date']} {r['measure']} {r['count']}" for r in rows),
            ("Date", *[label for _, label in measures]),
            [
                (
                    long_date(s.date),
                    *[getattr(s, field) if getattr(s, field) is not None else "" for field, _ in measures],
                )
                for s in series
            ],
        )
    return drawn


def _pivot(
    rows: list[dict[str, object]], key: str, column: str, value: str, order: tuple[str, ...]
) -> list[tuple[object, ...]]:
    table: dict[object, dict[object, object]] = {}
    for row in rows:
        table.setdefault(row[key], {})[row[column]] = row[value]
    return [(name, *[values.get(col, 0) for col in order]) for name, values in table.items()]


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
    }


def main_pages(
    assessment: Assessment,
    report: Report,
    downloads: list[Any],
    figures: list[Headline],
    changes: Changes | None,
    links: Links,
    series: Trends | None = None,
    trend_words: Mapping[str, str] | None = None,
    pack: tuple[Pack, str] | None = None,
    lists: AttentionLists | None = None,
) -> list[Page]:
    """The internal site's pages in its navigation: dashboard, compliance, lists, methodology, …"""
    workbook = assessment.workbook
    settings = workbook.settings
    report_date = workbook.report_date
    present = workbook.sheets_present
    missing = {name: f"No data recorded: the workbook has no {name} sheet." for name in (s.name for s in SHEETS)}
    inadequate = {alert.provider.provider for alert in assessment.ofsted_alerts}
    groups = contract_groups(assessment)
    scope = groups.in_scope
    alerts = sorted(workbook.quality_alerts, key=lambda a: (a.date_raised, a.alert_id), reverse=True)
    category_counts = Counter((a.category, a.status) for a in alerts)
    actions, upcoming = lists or attention_lists(assessment, links)
    until = {"coming_up_until": report_date + timedelta(days=settings.coming_up_days)}
    managers = by_manager(actions, upcoming)
    manager_slugs = unique_slugs(name for name in managers if name)
    manager_links = [
        {"name": name, "link": f"managers/{manager_slugs[name]}.html", "actions": len(mine), "upcoming": len(theirs)}
        for name, (mine, theirs) in managers.items()
        if name
    ]
    history = _history_context(series)
    statuses = by_status(assessment)
    expiry: dict[str, Any] = {
        "soon": expiring_soon(assessment),
        "bands": by_band(assessment),
        "decisions": decisions(assessment),
        "passed": decisions_passed(assessment),
        "unplanned": [c for c in assessment.contracts if c.no_reprocurement_planned],
    }
    committee = (
        None
        if pack is None
        else {"pack": pack[0], "size": pack[1], "link": f"reports/{pack[0].file_name}", "row_limit": PACK_PAGE_ROWS}
    )
    return [
        Page(
            "internal/index.md.j2",
            "index.md",
            {
                "headlines": figures,
                "trend_words": trend_words or {},
                **history,
                "actions": actions[:DASHBOARD_ROWS],
                "actions_total": len(actions),
                "kind_counts": [(kind, n) for kind in KINDS if (n := sum(a.kind == kind.code for a in actions))],
                "upcoming": upcoming[:DASHBOARD_ROWS],
                "upcoming_total": len(upcoming),
                "managers": manager_links,
                "committee": committee,
                **until,
            },
            wide=True,
        ),
        *in_parts(
            Page(
                "internal/attention.md.j2",
                "attention.md",
                {"actions": actions, "upcoming": upcoming, "managers": manager_links, **until},
                wide=True,
            ),
            [("actions", actions), ("upcoming", upcoming)],
            "item",
            "Needs attention",
        ),
        *(
            Page(
                "internal/manager.md.j2",
                f"managers/{manager_slugs[name]}.md",
                {"name": name, "actions": mine, "upcoming": theirs, **until},
                title=f"{name}: what needs attention",
                flat_nav=True,
                wide=True,
            )
            for name, (mine, theirs) in managers.items()
            if name
        ),
        Page(
            "internal/what-changed.md.j2",
            "what-changed.md",
            {
                "changes": changes,
                "contract_link": _contract_link(links),
                "rag_of": lambda value: Rag(value) if value in {r.value for r in Rag} else Rag.NOT_APPLICABLE,
                "status_label": lambda value: STATUS_TEXT.get(value, value or "not assessed"),
                "field_labels": FIELD_LABELS,
                **history,
            },
            wide=True,
        ),
        *in_parts(
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
                    "missing": missing,
                    "dbs_rows": [
                        c for c in scope if c.dbs is not None and (c.dbs.missing_number or c.dbs.recheck_passed)
                    ],
                    "overdue": monitoring_overdue(assessment),
                    "rules_met": series.rules_met() if series is not None and series.earlier else [],
                    **history,
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
        ),
        *in_parts(
            Page(
                "internal/contracts.md.j2",
                "contracts/index.md",
                {
                    "groups": groups,
                    "rated": rated_phrase(len(scope)),
                    "by_status": statuses,
                    "published": len(register(workbook)),  # the public register's own definition
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
                {
                    "active_count": Counter(p.provider for p in assessment.active_placements),
                },
                wide=True,
            ),
            [("providers", assessment.providers)],
            "provider",
            "Providers",
        ),
        *in_parts(
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
        ),
        *in_parts(
            Page(
                "internal/placements.md.j2",
                "placements.md",
                {
                    "has_placements": "Placements" in present,
                    "missing_note": missing["Placements"],
                    # Caseload over time is the Caseload sheet's own dated rows (its chart below).
                    "placement_trend": [
                        {
                            "date": point.report_date,
                            "active": point.headlines.get("Active placements", NOT_RECORDED),
                            "ofsted": point.headlines.get("Ofsted alerts", NOT_RECORDED),
                        }
                        for point in series.points
                    ]
                    if series is not None and series.earlier
                    else [],
                    **_history_context(series),
                    "year_table": placement_year_table(assessment),
                    "planned": planned_dates(workbook.placements, report_date),
                    "placement_types": PLACEMENT_TYPES,
                    "off": off_framework(assessment),
                    "inadequate": inadequate,
                    "caseload": caseload_series(workbook.caseload),
                    "caseload_note": missing["Caseload"]
                    if "Caseload" not in present
                    else "The Caseload sheet has no rows.",
                },
                wide=True,
            ),
            [("active", assessment.active_placements)],
            "placement",
            "Placements",
        ),
        Page(
            "internal/alerts.md.j2",
            "alerts.md",
            {
                "has_alerts": "Quality alerts" in present,
                "missing_note": missing["Quality alerts"],
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
                "missing_note": missing["Sourcing plan"],
                "plan": sorted(
                    workbook.sourcing_plan, key=lambda i: (i.procurement_start or date.max, i.project.casefold())
                ),
                "passed": {i.row for i in workbook.sourcing_plan if start_passed(i, workbook.report_date)},
            },
            wide=True,
        ),
        Page(
            "internal/development-plan.md.j2",
            "development-plan.md",
            {
                "has_plan": "Development plan" in present,
                "missing_note": missing["Development plan"],
                "actions": workbook.development_plan,
                "rags": {"Red": Rag.RED, "Amber": Rag.AMBER, "Green": Rag.GREEN},
            },
            wide=True,
        ),
        Page(
            "internal/data-quality.md.j2",
            "data-quality.md",
            {
                "warnings": [f for f in report.sorted() if f.severity == "warning"],
                "register_gaps": [f for f in report.sorted() if f.code in GAP_CODES],
                "transparency": {"code": TRANSPARENCY_CODE, "threshold": GAP_THRESHOLD},
                "sheets_present": [s.name for s in SHEETS if s.name in present or s.name == "Settings"],
                "sheets_missing": [s.name for s in SHEETS if s.name not in present and s.name != "Settings"],
                "groups": groups,
                "rated": rated_phrase(len(scope)),
                "completeness": _completeness(assessment, scope),
                **history,
            },
            wide=True,
        ),
        Page(
            "internal/methodology.md.j2",
            "methodology.md",
            {
                "clause_elements": CLAUSE_ELEMENTS,
                "schedule": [(f, m + SCHEDULE_GRACE_MONTHS) for f, m in MONITORING_PERIOD_MONTHS.items()],
                "settings_in_force": settings_in_force(settings),
                "attention_kinds": KINDS,
                "expectations": EXPECTATIONS,
                "rule_definitions": rule_definitions(settings),
            },
        ),
        Page("internal/downloads.md.j2", "downloads.md", {"files": downloads, "committee": committee}),
        *(
            [Page("internal/committee-pack.md.j2", "committee-pack.md", committee, title="Committee pack", wide=True)]
            if committee
            else []
        ),
    ]


DASHBOARD_ROWS = 20  # the dashboard shows the most severe; the Needs attention page has them all
OTHER_CONTRACT_ACTIONS = ("ending-unplanned", "plan-start-passed")


AttentionLists = tuple[list[Action], list[Upcoming]]


def attention_lists(assessment: Assessment, links: Links) -> AttentionLists:
    """The dashboard's action list and coming-up list (the window is a setting): worked out once per build."""
    days = assessment.workbook.settings.coming_up_days
    return needs_attention(assessment, links), coming_up(assessment, links, days)


def _history_context(series: Trends | None) -> dict[str, Any]:
    """What the pages that show trends say about the history they were drawn from."""
    if series is None:
        return {"trend_dates": (), "history_name": "history", "skipped": (), "skipped_names": ""}
    return {
        "trend_dates": series.dates if series.earlier else (),
        "history_name": series.history_name,
        "skipped": series.skipped,
        "skipped_names": skipped_names(series.skipped),
    }


def record_pages(
    assessment: Assessment, links: Links, series: Trends | None = None, lists: AttentionLists | None = None
) -> list[Page]:
    """A page per contract and per provider: most of a large site, kept out of the navigation."""
    with_history = series is not None and series.earlier > 0
    settings = assessment.workbook.settings
    report_date = assessment.report_date
    active_ids = {p.placement_id for p in assessment.active_placements}
    inadequate = {alert.provider.provider for alert in assessment.ofsted_alerts}
    actions, _ = lists or attention_lists(assessment, links)
    for_contract: dict[str, list[Action]] = {}
    for_provider: dict[str, list[Action]] = {}
    for action in actions:
        if action.contract_id:
            for_contract.setdefault(action.contract_id, []).append(action)
        if action.provider:
            for_provider.setdefault(action.provider, []).append(action)
    placed = [a for a in actions if a.kind == "inadequate-placement"]
    result: list[Page] = []
    for c in assessment.contracts:
        result.append(
            Page(
                "internal/contract.html.j2",
                links.contract[c.contract_id].removesuffix(".html") + ".md",
                {
                    "c": c,
                    "ofsted_alert": c.contract.supplier in inadequate and c.status is ContractStatus.ACTIVE,
                    # The rating section gives the failing rules, open alerts and a missed decision; these
                    # are the rest, a child placed with this contract's provider rated Inadequate first.
                    "actions": [a for a in placed if a.provider == c.contract.supplier]
                    + [a for a in for_contract.get(c.contract_id, []) if a.kind in OTHER_CONTRACT_ACTIONS],
                    "reasons": rating_reasons(c),
                    "open_alerts": contract_open_alerts(c),
                    "decision_due": decision_due_text(c),
                    "rag_words": RAG_SECTION_NOTES.get(c.rag, ""),
                    # its rating at each snapshot and when each rule last changed: small, as there are thousands
                    "rag_history": series.contract_rags(c.contract_id) if with_history and series else [],
                    "rule_changes": series.rule_changes(c.contract_id) if with_history and series else [],
                },
                title=f"{c.contract_id}: {c.contract.title}",
                record=True,
            )
        )
    for p in assessment.providers:
        v = p.provider
        in_date = None if v.insurance_expiry_date is None else v.insurance_expiry_date >= report_date
        result.append(
            Page(
                "internal/provider.html.j2",
                links.provider[v.provider].removesuffix(".html") + ".md",
                {
                    "p": p,
                    "actions": for_provider.get(v.provider, []),
                    "contracts": [assessment.by_contract[cid] for cid in p.contract_ids],
                    "active_ids": active_ids,
                    "insurance": [
                        {
                            "label": capitalised(label),
                            "amount": getattr(v, field),
                            "minimum": minimum,
                            "verdict": yes_no(None if getattr(v, field) is None else getattr(v, field) >= minimum),
                        }
                        for field, label, minimum in INSURANCE_MINIMUMS
                    ],
                    "insurance_current": yes_no(in_date) + (": expired" if in_date is False else ""),
                    "policies": [
                        {
                            "label": header.removesuffix(" reviewed"),
                            "date": day,
                            "verdict": yes_no(
                                None
                                if day is None
                                else months_before(report_date, settings.policy_months) <= day <= report_date
                            ),
                        }
                        for (header, _), day in zip(
                            POLICIES, p.policies.reviewed if p.policies else [None] * len(POLICIES), strict=True
                        )
                    ],
                },
                title=v.provider,
                record=True,
            )
        )
    return result


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


def _contract_link(links: Links) -> Any:
    """A link to a contract's page when it still has one, else its ID as text."""

    def link(contract_id: str) -> Markup:
        path = links.contract.get(contract_id)
        if path is None:
            return inert(contract_id)
        return Markup(f'<a href="{path}">{inert(contract_id)}</a>')

    return link


def _completeness(assessment: Assessment, contracts: list[Any]) -> list[tuple[str, int, int]]:
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

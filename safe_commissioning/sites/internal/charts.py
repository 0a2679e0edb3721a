"""Every chart of the internal site: RAG by area, expectations met, contract timelines, placements, caseload."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from safe_commissioning.dates import add_months, months_before
from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.expiry import EXPIRY_BAND_LABELS, EXPIRY_BANDS, ContractStatus
from safe_commissioning.rules.placements import caseload_series
from safe_commissioning.sites.charts import Chart, ChartRenderer
from safe_commissioning.sites.figures import (
    RAG_COLOURS,
    SERIES_COLOURS,
    grouped_bars,
    line,
    percent_bars,
    stacked_bars,
    timeline,
)
from safe_commissioning.sites.trends import Trends, trend_chart
from safe_commissioning.sites.views.groups import in_scope
from safe_commissioning.sites.views.placements import active_placement_counts, placement_year_table
from safe_commissioning.sites.views.tallies import expectation_shares, rag_by_service_area
from safe_commissioning.words import capitalised, long_date
from safe_commissioning.workbook.schema.choices import PLACEMENT_SOURCES, PLACEMENT_TYPES

TIMELINE_MONTHS = 12  # the dashboard timeline shows contracts ending within this many months
TIMELINE_LIMIT = 40  # at most this many bars on one timeline, soonest first
BAND_COLOURS = ("#8f1d22", "#b4232a", "#b25e00", "#1f4e79", "#5b7fa6")


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
                colours=list(RAG_COLOURS.items()),
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
            "short": c.contract_id,  # on a phone (figures.Drawing.for_phone)
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
    return {
        "placements_by_year": _placements_by_year(assessment, renderer),
        "active_by_type": _active_by_type(assessment, renderer),
        "caseload": _caseload(assessment, renderer),
    }


def _placements_by_year(assessment: Assessment, renderer: ChartRenderer) -> Chart | None:
    years = placement_year_table(assessment)
    if years:
        rows = [
            {"year": r["year"], "what": capitalised(what), "placements": r[what]}
            for r in years
            for what in ("commissioned", "decommissioned")
        ]
        return renderer.render(
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
    return None


def _active_by_type(assessment: Assessment, renderer: ChartRenderer) -> Chart | None:
    by_type, by_source = active_placement_counts(assessment)
    if assessment.active_placements:
        pairs = Counter((p.placement_type, p.source) for p in assessment.active_placements)
        rows = [
            {"type": kind, "source": source, "placements": count} for (kind, source), count in sorted(pairs.items())
        ]
        present_sources = [s for s in PLACEMENT_SOURCES if by_source[s]]
        return renderer.render(
            "active-by-type",
            stacked_bars(
                rows,
                category="type",
                series="source",
                value="placements",
                colours=[(s, SERIES_COLOURS[PLACEMENT_SOURCES.index(s)]) for s in present_sources],
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
    return None


def _caseload(assessment: Assessment, renderer: ChartRenderer) -> Chart | None:
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
        return renderer.render(
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
    return None


def _pivot(
    rows: list[dict[str, object]], key: str, column: str, value: str, order: tuple[str, ...]
) -> list[tuple[object, ...]]:
    table: dict[object, dict[object, object]] = {}
    for row in rows:
        table.setdefault(row[key], {})[row[column]] = row[value]
    return [(name, *[values.get(col, 0) for col in order]) for name, values in table.items()]

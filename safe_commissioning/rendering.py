"""Render each site into the staging folder: its Markdown pages, assets, data files and downloads.

The internal site gets its data files, the committee pack and the dashboard's pages; the public
site its open data (CSV, JSON, OCDS, feeds, the register workbook, the data package) and its pages.
Record pages (one per contract or provider) are only gathered here: the site stage renders them.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial
from pathlib import Path

from safe_commissioning.history.plan_dates import last_changed
from safe_commissioning.history.snapshots import History
from safe_commissioning.opendata.datafiles import internal_data_writers, write_files
from safe_commissioning.opendata.datapackage import write_data_package
from safe_commissioning.opendata.feeds import write_feeds
from safe_commissioning.opendata.ocds import write_ocds
from safe_commissioning.opendata.planning import PLANNING_FILE, write_planning
from safe_commissioning.opendata.register import (
    PlanRow,
    RegisterEntry,
    plan_rows,
    published_plan,
    register,
    register_rows,
    write_plan_csv,
    write_register_csv,
    write_register_json,
)
from safe_commissioning.opendata.spreadsheet import PLAN_WORKBOOK, write_plan_workbook, write_register_workbook
from safe_commissioning.resources import TEMPLATES
from safe_commissioning.sites.charts import Chart, ChartRenderer
from safe_commissioning.sites.committee.report import PACK_CHARTS
from safe_commissioning.sites.committee.word import write_pack
from safe_commissioning.sites.engines import RecordEntry, SiteSpec
from safe_commissioning.sites.forks import FilesBeside
from safe_commissioning.sites.internal.charts import charts as internal_charts
from safe_commissioning.sites.internal.navigation import WHOLE_SITE, main_pages, shared_context
from safe_commissioning.sites.kept_rows import KeptRows
from safe_commissioning.sites.memory import KeptFiles
from safe_commissioning.sites.model import BuildView, Download, Written
from safe_commissioning.sites.open_data import file_sizes, human_size, sizes_held_back
from safe_commissioning.sites.pages import Page, PageRenderer
from safe_commissioning.sites.parts import write_list_data
from safe_commissioning.sites.public import WHOLE_SITE as PUBLIC_WHOLE_SITE
from safe_commissioning.sites.public import pages as public_pages
from safe_commissioning.sites.public import plan_pages, plan_sections, supplier_sections
from safe_commissioning.sites.stage import StagedSite, copy_static
from safe_commissioning.workbook.records import SourcingPlanItem, Workbook

PACK_FOLDER = "reports"  # internal/reports/committee-pack-<report date>.docx
INTERNAL_FILES = {
    "contracts.csv": "One row per contract: status, dates, days to expiry, expiry band, decision due, RAG.",
    "compliance.csv": "One row per contract and rule (MS1–MS6, POL, OFS, INS): status, detail and the workbook cells used.",
    "placements_by_year.csv": "Placements commissioned and decommissioned per financial year and placement type.",
    "alerts.csv": "Every quality alert and Ofsted alert: provider, contract, placement, category, status and dates.",
    "validation.json": "Every warning found in the workbook, with its sheet and cell.",
    "build.json": "The report date, the workbook's name and SHA-256, and the dashboard's headline figures.",
}


@dataclass
class Rendered:
    """One site's main pages written as Markdown (how many, and their HTML blocks kept out of Markdown),
    its record pages still to render, and the renderer that renders them."""

    pages: int
    fragments: dict[str, list[str]]
    renderer: PageRenderer
    records: Sequence[Page] = ()
    sections: Sequence[RecordEntry] = ()  # search entries for parts of main pages (`public.plan_sections`)
    # placeholders in the pages → what they stand for, or the placeholder of a size still being written
    slots: Mapping[str, str] = field(default_factory=dict)
    placed_later: Sequence[str] = ()  # see `StagedSite`

    def staged(
        self,
        spec: SiteSpec,
        docs: Path,
        report_date: date,
        held: Mapping[str, str],
        held_later: Callable[[], Mapping[str, str]] = dict,
    ) -> StagedSite:
        """The site as the site stage takes it (see `StagedSite`), its main pages rendered into `docs`."""
        slots = self.slots

        def later() -> dict[str, str]:
            sizes = held_later()
            return {**{slot: sizes.get(text, text) for slot, text in slots.items()}, **sizes}

        return StagedSite(
            spec,
            docs,
            report_date,
            self.fragments,
            self.records,
            self.renderer,
            held,
            later,
            self.sections,
            self.placed_later,
        )


def render_internal(
    view: BuildView, docs: Path, pack_size: str, rows: KeptRows | None = None, beside: FilesBeside | None = None
) -> Rendered:
    """Write the internal site's main pages, assets and data files into `docs`.

    The committee pack is written apart (`write_committee_pack`), once its charts are drawn: the pages say its
    size as `pack_size`, the text or a placeholder for it ("" when there is no pack). `rows` (serve): the rows
    of long lists the last build rendered (see `PageRenderer`). With `beside`, the data files are written by a
    helper meanwhile where that is safe, and put in the built site by it; the pages hold a placeholder for each
    one's size.
    """
    copy_static("internal", docs)
    writers = internal_files(view)
    if beside is None or not beside.start(writers):
        write_files(writers, docs / "data")
    sizes = beside.sizes if beside is not None else {}
    written = Written(
        tuple(
            Download(name, text, sizes.get(name) or human_size((docs / "data" / name).stat().st_size))
            for name, text in INTERNAL_FILES.items()
        ),
        pack_size if view.pack is not None else "",
    )
    renderer = PageRenderer(TEMPLATES, shared_context(view), whole_site=WHOLE_SITE, rows=rows, site="internal")
    pages = main_pages(view, written)
    count = renderer.render_all(pages, docs)
    write_list_data(pages, renderer.fragments, docs)
    return Rendered(count, renderer.fragments, renderer)


def write_committee_pack(view: BuildView, images: Mapping[str, bytes], site: Path) -> str:
    """Write the committee pack (Word) into the built internal `site`, `images` holding its charts as PNG by
    chart key; return its size in words ("" when there is no pack)."""
    if view.pack is None:
        return ""
    path = site / PACK_FOLDER / view.pack.file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    write_pack(view.pack, images, path)
    return human_size(path.stat().st_size)


def charts_and_pack(view: BuildView, renderer: ChartRenderer, site: Path) -> str:
    """Draw `view`'s charts with `renderer` and write the committee pack that shows them into `site` (as
    `write_committee_pack`): a build's chart helper's work, the drawings and the pack the same as the build's own."""
    drawn = view.with_charts(internal_charts(view.assessment, renderer, view.trends))
    return write_committee_pack(drawn, pack_images(drawn.charts, renderer), site)


def pack_images(drawn: Mapping[str, Chart | None], renderer: ChartRenderer) -> dict[str, bytes]:
    """The committee pack's charts as PNG images, by chart key."""
    return {chart.key: renderer.png(chart) for key in PACK_CHARTS if (chart := drawn.get(key)) is not None}


def render_public(
    workbook: Workbook,
    docs: Path,
    history: History | None = None,
    files: KeptFiles | None = None,
    beside: FilesBeside | None = None,
    rows: KeptRows | None = None,
) -> Rendered:
    """Write the public site's Markdown pages, assets and open data into `docs`.

    `history` dates each sourcing-plan row in the Atom feed from when it last changed; `files` and `beside`: see
    `write_public_files`; `rows`: see `render_internal`.
    """
    copy_static("public", docs)
    data = docs / "data"
    published = write_public_files(workbook, data, history or History(docs), files, beside)
    entries, plan, placed = published.entries, published.plan, published.placed
    sizes = beside.sizes if beside is not None else {}
    downloads, slots = sizes_held_back(file_sizes(data, sizes))
    later = tuple(f"data/{name}" for name in published.beside)
    pages, shared = public_pages(workbook, entries, plan, downloads, placed)
    renderer = PageRenderer(TEMPLATES, shared, whole_site=PUBLIC_WHOLE_SITE, rows=rows, site="public")
    main = [page for page in pages if not page.record]
    count = renderer.render_all(main, docs)
    write_list_data(main, renderer.fragments, docs)
    sections = [*plan_sections(plan, workbook.report_date, placed), *supplier_sections(entries)]
    return Rendered(count, renderer.fragments, renderer, [p for p in pages if p.record], sections, slots, later)


def internal_files(view: BuildView) -> dict[str, Callable[[Path], object]]:
    """The internal site's data files (INTERNAL_FILES), each with the function that writes it at a path."""
    return internal_data_writers(view.assessment, view.report, {"headlines": view.headline_values})


def write_internal_files(view: BuildView, data: Path) -> None:
    """Write the internal site's data files (INTERNAL_FILES) into `data`."""
    write_files(internal_files(view), data)


def public_inputs(workbook: Workbook, history: History) -> tuple[object, ...]:
    """Everything of the workbook and the history that `render_public` reads: serve takes the whole public site
    from the last build when these are unchanged (with the templates, the docs and the engine).

    The public site shows the published sheets, the settings and, in its feeds, each earlier snapshot's plan;
    a test checks that changing any other part of the workbook or the history leaves it as it was.
    """
    plans = [(snapshot.report_date, snapshot.plan) for snapshot in history.snapshots]
    return (
        workbook.settings,
        workbook.report_date,
        workbook.contracts,
        workbook.providers,
        workbook.sourcing_plan,
        plans,
    )


@dataclass(frozen=True)
class Published:
    """What the public site's open data holds, for its pages: the register, the plan, and where each plan row shows."""

    entries: list[RegisterEntry]
    plan: list[SourcingPlanItem]
    placed: dict[int, str]
    # the files written by a helper meanwhile, where one can be, or taken from the last build
    beside: tuple[str, ...] = ()


def write_public_files(
    workbook: Workbook,
    data: Path,
    history: History,
    files: KeptFiles | None = None,
    beside: FilesBeside | None = None,
) -> Published:
    """Write the public site's open data into `data`: CSV, JSON, OCDS, feeds, the workbooks, the data package.

    `history` dates each sourcing-plan row in the Atom feed from when it last changed; with `files` (serve) a
    workbook made from the same rows as last time is taken from the last build; with `beside`, the register's files
    and the workbooks (the slowest files) are written by a helper meanwhile where that is safe, and put in the built
    site by it.
    """
    entries = register(workbook)
    plan = published_plan(workbook)
    settings, day = workbook.settings, workbook.report_date
    rows = plan_rows(plan, settings)
    write_plan_csv(rows, data / "sourcing_plan.csv")
    write_planning(plan, settings, day, data / PLANNING_FILE)
    placed = plan_pages(plan, day)  # the part of a long plan showing each row: feeds, pages link there
    changed = plan_changed(rows, data, history, day)
    write_feeds(plan, settings, day, data, placed, changed)
    workbooks: dict[str, tuple[tuple[object, ...], Callable[[Path], object]]] = {
        "contracts.xlsx": ((entries, day), lambda path: write_register_workbook(entries, day, path)),
        PLAN_WORKBOOK: ((rows, day), lambda path: write_plan_workbook(rows, day, path)),
    }
    # serve: a workbook made from the same rows as last time is taken
    unchanged = {
        name for name, (inputs, _) in workbooks.items() if files is not None and files.take(data / name, inputs)
    }
    # the register's files (the largest) and the workbooks not taken are written meanwhile, if `beside` can
    rows_once = cache(partial(register_rows, entries))  # in whichever process writes them, once
    writers: dict[str, Callable[[Path], object]] = {
        "contracts.csv": lambda path: write_register_csv(rows_once(), path),
        "contracts.json": lambda path: write_register_json(rows_once(), path),
    }
    if entries:  # an OCDS release package must hold a release: with none, no ocds.json (see `write_ocds`)
        writers["ocds.json"] = lambda path: write_ocds(entries, settings, day, path)
    writers.update({name: writer for name, (_, writer) in workbooks.items() if name not in unchanged})
    if beside is None or not beside.start(writers):
        for name, writer in writers.items():
            writer(data / name)
    write_data_package(settings, day, data / "datapackage.json")
    return Published(entries, plan, placed, (*writers, *sorted(unchanged)))


def plan_changed(rows: Sequence[PlanRow], data: Path, history: History, report_date: date) -> dict[int, date]:
    """When each published plan row last changed (by row): its row of sourcing_plan.csv, as just written,
    against the history's snapshots of that file."""
    with (data / "sourcing_plan.csv").open(encoding="utf-8-sig", newline="") as file:
        written = {line["ocid"]: line for line in csv.DictReader(file)}
    dates = last_changed(written, history, report_date)
    return {row.item.row: dates[row.ocid] for row in rows}

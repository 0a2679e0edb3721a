"""The build, as a story: read → validate → compute → render → build the sites → publish.

First everything is gathered from the workbook; only when it is valid is anything written, and
then only into a staging folder beside the output. The finished sites replace the previous ones
in the last step, so a failed build leaves the last good `build/` exactly as it was.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from .assessment import Assessment, assess
from .changes import Baseline, as_rows, compare, read_baseline
from .charts import Chart, ChartRenderer
from .datafiles import (
    ALERTS_COLUMNS,
    CONTRACTS_COLUMNS,
    alert_rows,
    compliance_rows,
    contract_rows,
    write_internal_data,
)
from .findings import Report
from .internal_site import charts as internal_charts
from .internal_site import pages as internal_pages
from .internal_site import site_spec as internal_spec
from .ocds import write_ocds
from .opendata import published_plan, register, write_open_data
from .pages import PageRenderer
from .public_site import file_sizes, human_size
from .public_site import pages as public_pages
from .public_site import site_spec as public_spec
from .records import Workbook
from .site import PROJECT, build_site, copy_static, publish
from .views import headlines
from .workbook import parse_workbook, validate

TEMPLATES = PROJECT / "site_templates"
SITES = ("internal", "public")
INTERNAL_FILES = {
    "contracts.csv": "One row per contract: status, dates, days to expiry, expiry band, decision due, RAG.",
    "compliance.csv": "One row per contract and rule (MS1–MS6, POL, OFS, INS): status, detail and the workbook cells used.",
    "placements_by_year.csv": "Placements commissioned and decommissioned per financial year and placement type.",
    "alerts.csv": "Every quality alert and Ofsted alert: provider, contract, placement, category, status and dates.",
    "validation.json": "Every warning found in the workbook, with its sheet and cell.",
    "build.json": "The report date, the workbook's name and SHA-256, and the dashboard's headline figures.",
}


class BuildRefused(Exception):
    """The workbook has errors: nothing was written."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.errors)} errors in the workbook")
        self.report = report


@dataclass
class BuildOptions:
    """What to build, from what, as of when, and where."""

    workbook: Path
    out: Path
    as_of: date | None
    today: date
    since: Path | None = None  # an earlier build's internal/data folder to compare with


@dataclass
class Progress:
    """Reports each stage and its time; silent when quiet. Keeps the timings for benchmarks."""

    stream: TextIO | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage and say when it is done."""
        started = time.perf_counter()
        yield
        elapsed = time.perf_counter() - started
        self.timings[name] = self.timings.get(name, 0.0) + elapsed
        self.say(f"  {name:<16} {elapsed * 1000:7.0f} ms")

    def say(self, text: str) -> None:
        """Print a line unless quiet."""
        if self.stream is not None:
            print(text, file=self.stream, flush=True)


@dataclass
class BuildResult:
    """What a successful build made."""

    assessment: Assessment
    report: Report
    timings: dict[str, float]
    pages: dict[str, int]


def check(path: Path, *, as_of: date | None, today: date) -> tuple[Workbook | None, Report]:
    """Read and validate a workbook without writing anything."""
    parsed = parse_workbook(path, as_of=as_of, today=today)
    return validate(parsed), parsed.report


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Build both sites from the workbook and publish them into `options.out`, or refuse and write nothing."""
    progress = progress or Progress()
    baseline = read_baseline(options.since) if options.since else None
    with progress.stage("read"):
        parsed = parse_workbook(options.workbook, as_of=options.as_of, today=options.today)
    with progress.stage("validate"):
        workbook = validate(parsed)
    if workbook is None:
        raise BuildRefused(parsed.report)
    with progress.stage("compute"):
        assessment = assess(workbook)

    out = options.out
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-staging-", dir=out.parent))
    try:
        cache = out / ".cache" / "charts"
        renderer = ChartRenderer(reuse=cache, store=staging / "chart-cache")
        with progress.stage("charts"):
            drawn = internal_charts(assessment, renderer)
        with progress.stage("render"):
            rendered = render_sites(assessment, parsed.report, drawn, staging, baseline)
        with progress.stage("mkdocs internal"):
            build_site(
                internal_spec(assessment),
                staging / "docs-internal",
                staging / "internal",
                workbook.report_date,
                rendered.fragments["internal"],
            )
        with progress.stage("mkdocs public"):
            build_site(
                public_spec(workbook),
                staging / "docs-public",
                staging / "public",
                workbook.report_date,
                rendered.fragments["public"],
            )
        with progress.stage("publish"):
            publish(staging, out, SITES)
            renderer.keep(cache)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(assessment, parsed.report, dict(progress.timings), rendered.pages)


@dataclass
class Rendered:
    """What rendering produced for each site: how many pages, and the HTML blocks kept out of Markdown."""

    pages: dict[str, int]
    fragments: dict[str, dict[str, list[str]]]


def render_sites(
    assessment: Assessment,
    report: Report,
    drawn: Mapping[str, Chart | None],
    staging: Path,
    baseline: Baseline | None = None,
) -> Rendered:
    """Write both sites' Markdown pages, assets and data files into the staging folder."""
    workbook = assessment.workbook
    internal_docs = staging / "docs-internal"
    copy_static("internal", internal_docs)
    figures = headlines(assessment)
    values = {h.label: h.value for h in figures}
    write_internal_data(assessment, report, internal_docs / "data", {"headlines": values})
    changes = None
    if baseline is not None:
        changes = compare(
            baseline,
            as_rows(CONTRACTS_COLUMNS, contract_rows(assessment)),
            {(str(row[0]), str(row[1])): str(row[2]) for row in compliance_rows(assessment)},
            as_rows(ALERTS_COLUMNS, alert_rows(assessment)),
            values,
        )
    downloads = [
        {"name": name, "description": text, "size": human_size((internal_docs / "data" / name).stat().st_size)}
        for name, text in INTERNAL_FILES.items()
    ]
    pages, shared = internal_pages(assessment, report, drawn, downloads, figures, changes)
    internal = PageRenderer(TEMPLATES, shared)
    internal_count = internal.render_all(pages, internal_docs)

    public_docs = staging / "docs-public"
    copy_static("public", public_docs)
    entries = register(workbook)
    plan = published_plan(workbook)
    write_open_data(entries, plan, public_docs / "data")
    write_ocds(entries, workbook.settings, workbook.report_date, public_docs / "data" / "ocds.json")
    pages, shared = public_pages(workbook, entries, plan, file_sizes(public_docs / "data"))
    public = PageRenderer(TEMPLATES, shared)
    public_count = public.render_all(pages, public_docs)
    return Rendered(
        {"internal": internal_count, "public": public_count},
        {"internal": internal.fragments, "public": public.fragments},
    )


def summary(result: BuildResult, out: Path) -> list[str]:
    """The lines an officer reads after a build."""
    assessment = result.assessment
    rags = Counter(c.rag.value for c in assessment.contracts)
    warnings = len(result.report.warnings)
    return [
        f"Built {len(assessment.contracts)} contracts as of {assessment.report_date.isoformat()}: "
        f"{rags['red']} red, {rags['amber']} amber, {rags['green']} green, {rags['not_applicable']} not applicable.",
        f"{warnings} warning{'s' if warnings != 1 else ''}"
        + (" (see the Data quality page, or run: python build.py check)." if warnings else "."),
        f"Internal site: {out / 'internal' / 'index.html'} ({result.pages['internal']} pages)",
        f"Public site:   {out / 'public' / 'index.html'} ({result.pages['public']} pages)",
    ]


def default_progress(quiet: bool) -> Progress:
    """Progress on standard error, or none."""
    return Progress(None if quiet else sys.stderr)

"""The build, as a story: read → validate → compute → render → build the sites → publish.

First everything is gathered from the workbook; only when it is valid is anything written, and
then only into a staging folder beside the output. The finished sites replace the previous ones
in the last step, so a failed build leaves the last good `build/` exactly as it was.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.process
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection
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
from .site import PROJECT, SiteBuildFailed, build_site, copy_static, publish
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
    public = PublicBuild(workbook, staging)
    try:
        public.start()  # the public site is built alongside, on the other core, where the OS can fork
        cache = out / ".cache" / "charts"
        renderer = ChartRenderer(reuse=cache, store=staging / "chart-cache")
        with progress.stage("charts"):
            drawn = internal_charts(assessment, renderer)
        with progress.stage("render"):
            internal = render_internal(assessment, parsed.report, drawn, staging / "docs-internal", baseline)
        with progress.stage("mkdocs internal"):
            build_site(
                internal_spec(assessment),
                staging / "docs-internal",
                staging / "internal",
                workbook.report_date,
                internal.fragments,
            )
        with progress.stage("public site"):
            public_pages_built = public.finish()
        with progress.stage("publish"):
            publish(staging, out, SITES)
            renderer.keep(cache)
    finally:
        public.stop()
        shutil.rmtree(staging, ignore_errors=True)
    for name, seconds in public.timings.items():
        progress.timings[name] = seconds
    return BuildResult(
        assessment,
        parsed.report,
        dict(progress.timings),
        {"internal": internal.pages, "public": public_pages_built},
    )


@dataclass
class Rendered:
    """One site's rendered pages: how many, and the HTML blocks kept out of Markdown."""

    pages: int
    fragments: dict[str, list[str]]


def render_internal(
    assessment: Assessment,
    report: Report,
    drawn: Mapping[str, Chart | None],
    docs: Path,
    baseline: Baseline | None = None,
) -> Rendered:
    """Write the internal site's Markdown pages, assets and data files into `docs`."""
    copy_static("internal", docs)
    figures = headlines(assessment)
    values = {h.label: h.value for h in figures}
    write_internal_data(assessment, report, docs / "data", {"headlines": values})
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
        {"name": name, "description": text, "size": human_size((docs / "data" / name).stat().st_size)}
        for name, text in INTERNAL_FILES.items()
    ]
    pages, shared = internal_pages(assessment, report, drawn, downloads, figures, changes)
    renderer = PageRenderer(TEMPLATES, shared)
    return Rendered(renderer.render_all(pages, docs), renderer.fragments)


def render_public(workbook: Workbook, docs: Path) -> Rendered:
    """Write the public site's Markdown pages, assets and open data into `docs`."""
    copy_static("public", docs)
    entries = register(workbook)
    plan = published_plan(workbook)
    write_open_data(entries, plan, docs / "data")
    write_ocds(entries, workbook.settings, workbook.report_date, docs / "data" / "ocds.json")
    pages, shared = public_pages(workbook, entries, plan, file_sizes(docs / "data"))
    renderer = PageRenderer(TEMPLATES, shared)
    return Rendered(renderer.render_all(pages, docs), renderer.fragments)


def build_public(workbook: Workbook, staging: Path) -> tuple[int, dict[str, float]]:
    """Render and build the public site into `staging/public`; its page count and stage times."""
    started = time.perf_counter()
    rendered = render_public(workbook, staging / "docs-public")
    rendered_at = time.perf_counter()
    build_site(
        public_spec(workbook), staging / "docs-public", staging / "public", workbook.report_date, rendered.fragments
    )
    timings = {"render public": rendered_at - started, "mkdocs public": time.perf_counter() - rendered_at}
    return rendered.pages, timings


class PublicBuild:
    """The public site, built in a forked child process while this one builds the internal site.

    The child inherits the validated workbook (no pickling) and reports back its page count and
    stage times, or the message of the error that stopped it. Where fork is not available the
    public site is built here, in turn.
    """

    def __init__(self, workbook: Workbook, staging: Path) -> None:
        self.workbook = workbook
        self.staging = staging
        self.timings: dict[str, float] = {}
        self._process: multiprocessing.process.BaseProcess | None = None
        self._receiver: Connection | None = None

    def start(self) -> None:
        """Fork the child that builds the public site (before any threads start in this process)."""
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=self._child, args=(sender,), daemon=True)
        self._process.start()
        sender.close()
        self._receiver = receiver

    def _child(self, sender: Connection) -> None:
        try:
            pages, timings = build_public(self.workbook, self.staging)
        except SiteBuildFailed as error:
            sender.send(("failed", str(error)))
        except Exception as error:  # anything else still ends the build cleanly, never a half site
            sender.send(("failed", f"the public site could not be built: {type(error).__name__}: {error}"))
        else:
            sender.send(("built", (pages, timings)))
        finally:
            sender.close()

    def finish(self) -> int:
        """Wait for the public site (or build it now); its page count. Raises SiteBuildFailed."""
        if self._process is None or self._receiver is None:
            pages, self.timings = build_public(self.workbook, self.staging)
            return pages
        try:
            outcome, detail = self._receiver.recv()
        except EOFError:
            raise SiteBuildFailed("the public site could not be built: its build process stopped") from None
        finally:
            self._process.join()
        if outcome != "built":
            raise SiteBuildFailed(str(detail))
        pages, self.timings = detail
        return int(pages)

    def stop(self) -> None:
        """Make sure no child outlives the build, whatever happened."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()


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

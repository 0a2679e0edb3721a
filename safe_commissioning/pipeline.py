"""The build, as a story: read → validate → compute → view → render → build the sites → publish.

Before any work the output folder is checked and locked (see `output`). Then everything is
gathered from the workbook, and what the internal site shows is worked out once into one typed
view (`sites/model.py`) that every page, data file and the committee pack read. Only when the
workbook is valid is anything written, and then only into a
staging folder inside the output folder (each site's pages and data files: see `rendering`). The
finished sites replace the previous ones in the last step, all at once (see `publication`), so a
failed build leaves the last good `build/` exactly as it was. The public site, which shows no
charts, is made first: the internal site's charts are drawn, and the committee pack written, meanwhile
in a helper process where that is safe (see `sites/chart_helper.py`).

Every build also reads the history folder (see `history`): the snapshots recorded before its
report date give the trends and What changed's baseline. Only `record` writes there, once the
sites are published, and it refuses to replace a snapshot (unless forced) before any work.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import signal
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TextIO

from safe_commissioning.history.changes import read_baseline
from safe_commissioning.history.snapshots import (
    PLAN_FILE,
    SNAPSHOT_FILES,
    History,
    SnapshotNotSaved,
    read_history,
    refuse_overwrite,
    write_snapshot,
)
from safe_commissioning.output import MARKER, OutputFolder, Stopped
from safe_commissioning.rendering import (
    Rendered,
    charts_and_pack,
    pack_images,
    public_inputs,
    render_internal,
    render_public,
    write_committee_pack,
)
from safe_commissioning.resources import CHECKOUT, STATIC_DOCS, TEMPLATES, THEME
from safe_commissioning.rules.assessment import Assessment, assess
from safe_commissioning.sites.chart_helper import ChartHelper
from safe_commissioning.sites.charts import ChartRenderer, ChartSlots, filled
from safe_commissioning.sites.engines import DEFAULT_ENGINE, SiteSpec, engine_named
from safe_commissioning.sites.finish import PACK_SIZE, WORKBOOK_HASH
from safe_commissioning.sites.forks import FilesBeside
from safe_commissioning.sites.internal.charts import charts as internal_charts
from safe_commissioning.sites.internal.navigation import site_spec as internal_spec
from safe_commissioning.sites.internal.records import record_pages
from safe_commissioning.sites.memory import BuildMemory, KeptFiles
from safe_commissioning.sites.model import BuildView, build_view
from safe_commissioning.sites.public import site_spec as public_spec
from safe_commissioning.sites.stage import SPLIT_FROM, RecordsWay, Unfinished, build_site
from safe_commissioning.sites.views.groups import rating_summary
from safe_commissioning.sites.views.records import short_hash
from safe_commissioning.words import plural
from safe_commissioning.workbook.findings.report import Report
from safe_commissioning.workbook.reading import collector_paused, parse_workbook, validate

SITES = ("internal", "public")
# The project's own folders: a build's output folder may not be, hold or lie inside any of them.
PROTECTED_FOLDERS = (
    ".git",
    ".github",
    ".ci",
    "docs",
    "requirements",
    "safe_commissioning",
    "scripts",
    "site_templates",
    "source",
    "tests",
)


class BuildRefused(Exception):
    """The workbook has errors: nothing was written."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{plural(len(report.errors), 'error')} in the workbook")
        self.report = report


@dataclass
class BuildOptions:
    """What to build, from what, as of when, and where."""

    workbook: Path
    out: Path
    as_of: date | None
    today: date
    since: Path | None = None  # an earlier build's internal/data folder to compare with
    history: Path | None = None  # the snapshots; None: the `history` folder beside the workbook
    record: bool = False  # save this report date's snapshot into the history once published
    force: bool = False  # let `record` replace a snapshot of the same date
    engine: str = DEFAULT_ENGINE  # the static-site engine that builds the main pages (see `engines`)


def options_from(arguments: argparse.Namespace, today: date) -> BuildOptions:
    """What `build`, `serve` and `record` were asked to build, from the command line's arguments."""
    return BuildOptions(
        arguments.workbook,
        arguments.out,
        arguments.as_of,
        today,
        arguments.since,
        history=arguments.history,
        record=arguments.verb == "record",
        force=getattr(arguments, "force", False),
        engine=arguments.engine,
    )


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

    view: BuildView  # everything the internal site shows, as it was worked out
    report: Report
    timings: dict[str, float]
    pages: dict[str, int]
    history: History | None = None
    snapshot: Path | None = None  # the snapshot `record` saved

    @property
    def assessment(self) -> Assessment:
        """Every rule applied to the workbook."""
        return self.view.assessment


def build(options: BuildOptions, progress: Progress | None = None, memory: BuildMemory | None = None) -> BuildResult:
    """Build both sites from the workbook and publish them into `options.out`, or refuse and write nothing.

    `memory` (kept by `serve` between builds) lets this build reuse what has not changed since the last.
    """
    progress = progress or Progress()
    folder = output_folder(options)
    try:
        folder.open()  # before any work: refuse a folder that is not ours to replace, or one that is in use
        if folder.finished:
            progress.say(f"Finished publishing the sites that an interrupted build left in {options.out}.")
        if memory is None:  # a plain build remembers only the engine's last outputs, kept in OUT/.cache/engine
            memory = BuildMemory.load(options.out.absolute() / ".cache" / "engine")
        gc.freeze()  # what the process holds already (serve: the last builds' memory) is not this build's to walk
        try:
            return _build(options, progress, folder, memory)
        finally:
            gc.unfreeze()  # see _build
            memory.discard()  # what a failed build kept goes; a published one's is committed already
    except (KeyboardInterrupt, Stopped) as stop:
        stopped = stop if isinstance(stop, Stopped) else Stopped(signal.SIGINT)
        stopped.published = folder.published
        raise stopped from None
    finally:
        folder.close()


def output_folder(options: BuildOptions) -> OutputFolder:
    """The output folder of a build, guarded against replacing the project, the workbook or anyone's files."""
    return OutputFolder(options.out, SITES, workbook=options.workbook, project=CHECKOUT, protected=PROTECTED_FOLDERS)


def history_folder(options: BuildOptions) -> Path:
    """The history folder: as given, else `history` beside the workbook (`source/history`)."""
    return options.history if options.history is not None else options.workbook.parent / "history"


def _build(options: BuildOptions, progress: Progress, folder: OutputFolder, memory: BuildMemory) -> BuildResult:
    baseline = read_baseline(options.since) if options.since else None
    history_dir = history_folder(options)
    if options.record and options.as_of is not None:
        refuse_overwrite(history_dir, options.as_of, force=options.force)
    with progress.stage("read"):
        parsed = parse_workbook(options.workbook, as_of=options.as_of, today=options.today)
    if options.record:  # the report date may come from the workbook: refuse before any more work
        refuse_overwrite(history_dir, parsed.report_date, force=options.force)
    with progress.stage("validate"):
        workbook = validate(parsed)
    if workbook is None:
        raise BuildRefused(parsed.report)
    with progress.stage("compute"), collector_paused():
        assessment = assess(workbook, memory.assessments if memory.records else None)
    with progress.stage("history"):
        history = read_history(history_dir, workbook.report_date)
        if baseline is None and history.latest is not None:
            baseline = history.latest.baseline()
    with progress.stage("view"):
        view = build_view(assessment, parsed.report, history, baseline)
    # Everything gathered so far lives until the build ends: the cyclic collector need not walk it again and
    # again while the sites are written (most of its passes, a good part of a second at 2,000 contracts).
    # `build` unfreezes it, so that serve's next build can collect it.
    gc.freeze()

    staging = folder.make_staging()
    markers = {kind: options.out / kind / MARKER for kind in SITES}  # each published site's, see BuildMemory
    memory.start(markers)
    rows = memory.rows if memory.records else None  # serve: rows of long lists rendered at the last build
    engine = engine_named(options.engine)

    def build_one(
        spec: SiteSpec,
        rendered: Rendered,
        records_later: bool = False,
        held_later: Callable[[], Mapping[str, str]] = dict,
    ) -> Unfinished:
        """Build one site from its pages in staging, taking what is unchanged from the published one (see
        `build_site`: its record pages written meanwhile if `records_later`, and `StagedSite.held_later`)."""
        held = {WORKBOOK_HASH: short_hash(workbook.content_hash)}
        site = rendered.staged(spec, staging / f"docs-{spec.kind}", workbook.report_date, held, held_later)
        way: RecordsWay = "later" if records_later else "now"
        previous = options.out / spec.kind
        return build_site(
            site, staging / spec.kind, engine, progress.stage, records=way, memory=memory, previous=previous
        )

    cache, store = options.out.absolute() / ".cache" / "charts", staging / "chart-cache"
    helper = ChartHelper.start(partial(charts_and_pack, view), cache, staging / "chart-helper")  # if safe
    snapshot_files: dict[str, bytes] = {}
    unfinished: list[Unfinished] = []  # the sites built, each with what is left to finish it
    workbooks = FilesBeside(staging / "public-workbooks", "data")  # the public site's, written meanwhile if safe
    datafiles = FilesBeside(staging / "internal-data", "data")  # the internal site's data files, likewise
    renderer = ChartRenderer(reuse=cache, store=store)
    drawn: list[BuildView] = []

    def make_public() -> None:
        # serve: a public site made from the same inputs as the last (an edit to a sheet it does not show) is taken whole
        made_from = memory.site_inputs(
            *public_inputs(workbook, history), templates=TEMPLATES, static=STATIC_DOCS, theme=THEME, engine=engine.name
        )
        made_from = b"" if options.record else made_from  # record reads the plan file the public render writes
        if not memory.take_site("public", made_from, options.out / "public", staging / "public", leave=MARKER):
            with progress.stage("render public"):
                kept = KeptFiles(memory, "public", staging / "docs-public", options.out / "public")
                public = render_public(workbook, staging / "docs-public", history, kept, workbooks, rows)
            if options.record:  # the published plan too, so later feeds can say when each row last changed
                snapshot_files[PLAN_FILE] = (staging / "docs-public" / "data" / PLAN_FILE).read_bytes()
            # its record pages are written by a helper meanwhile, where that is safe: the rest works on the internal
            placed = lambda: workbooks.placed(staging / "public")  # noqa: E731
            unfinished.append(build_one(public_spec(workbook), public, records_later=True, held_later=placed))
            memory.new("public").inputs, memory.new("public").pages = made_from, (public.pages, len(public.records))

    def make_internal(records_later: bool) -> int:
        # The pages are made, and the engine run, with slots for the charts and the pack's size: so a cold build
        # makes them while its helper still draws, and waits for it only then.
        with progress.stage("render"):
            slotted = view.with_charts(internal_charts(assessment, ChartSlots(), view.trends))
            beside = None if options.record else datafiles  # record reads them back at once, for its snapshot
            internal = render_internal(slotted, staging / "docs-internal", PACK_SIZE, rows, beside)

        def draw() -> dict[str, str]:
            """The charts (drawn by the helper meanwhile, or now) and the committee pack written with them: the text
            held back from the internal site's engine, for the slots its pages left."""
            with progress.stage("charts"):
                size = helper.take(store, staging / "internal")  # the pack's size, if the helper wrote it
                drawn.append(slotted.with_charts(renderer.drawn(slotted.charts)))
                if size is None:
                    size = write_committee_pack(drawn[0], pack_images(drawn[0].charts, renderer), staging / "internal")
            return {PACK_SIZE: size, **filled(drawn[0].charts), **datafiles.placed(staging / "internal")}

        data = staging / "docs-internal" / "data"
        if options.record:
            snapshot_files.update({name: (data / name).read_bytes() for name in SNAPSHOT_FILES})
        records = record_pages(slotted)
        unfinished.append(build_one(internal_spec(view), replace(internal, records=records), records_later, draw))
        return internal.pages + len(records)

    try:
        # serve, many record pages: the internal site first, its record pages (each carries the workbook's stamp, so
        # an edit rewrites them all) written meanwhile. Else the public site first: it shows no charts, which the
        # chart helper draws meanwhile.
        if memory.records and len(workbook.contracts) + len(workbook.providers) >= SPLIT_FROM:
            internal_pages = make_internal(records_later=True)
            make_public()
        else:
            make_public()
            internal_pages = make_internal(records_later=False)
        for site in unfinished:
            site.finish()
    finally:
        helper.stop()
        for site in unfinished:
            site.stop()
        workbooks.stop()
        datafiles.stop()
    view, public_pages = drawn[0], sum(memory.new("public").pages)
    with progress.stage("publish"):
        folder.publish({name: staging / name for name in SITES})
        renderer.keep(cache)
        memory.commit(markers)
    snapshot = None
    if options.record:
        with progress.stage("record"):
            try:
                snapshot = write_snapshot(history_dir, workbook.report_date, snapshot_files, force=options.force)
            except OSError as error:
                raise SnapshotNotSaved(
                    f"the sites were published in {options.out}, but the snapshot could not be saved in "
                    f"{history_dir}: {error.strerror or error}. Fix that and run record again"
                ) from None
    return BuildResult(
        view,
        parsed.report,
        dict(progress.timings),
        {"internal": internal_pages, "public": public_pages},
        history,
        snapshot,
    )


def summary(result: BuildResult, out: Path, command: str = "python build.py") -> list[str]:
    """The lines an officer reads after a build: the same counts, in the same words, as the dashboard.

    `command` is how the officer ran the tool, for the hint to run its check.
    """
    assessment = result.assessment
    groups = result.view.groups
    warnings = len(result.report.warnings)
    lines = [
        f"Built {plural(groups.total, 'contract')} as of {assessment.report_date.isoformat()}. {rating_summary(groups)}",
        f"{plural(warnings, 'warning')}"
        + (f" (see the Data quality page, or run: {command} check)." if warnings else "."),
        f"Internal site: {out / 'internal' / 'index.html'} ({plural(result.pages['internal'], 'page')})",
        f"Public site:   {out / 'public' / 'index.html'} ({plural(result.pages['public'], 'page')})",
    ]
    history = result.history
    if history is not None and (history.snapshots or history.skipped):
        used = plural(len(history.snapshots), "earlier snapshot")
        left_out = f"; {len(history.skipped)} left out (see the Data quality page)" if history.skipped else ""
        lines.append(f"Trends and What changed: {used} in {history.folder}{left_out}.")
    elif history is not None:
        what_changed = (
            "What changed compares with the --since baseline"
            if result.view.changes is not None
            else f"nothing for What changed to compare with (at each quarter end run: {command} record)"
        )
        lines.append(f"No earlier snapshots in {history.folder}: no trends, and {what_changed}.")
    if result.snapshot is not None:
        lines.append(
            f"Recorded the snapshot of {assessment.report_date.isoformat()} in {result.snapshot}: "
            "commit it with the workbook."
        )
    return lines


def default_progress(quiet: bool) -> Progress:
    """Progress on standard error, or none."""
    return Progress(None if quiet else sys.stderr)

"""The build, as a story: read → validate → compute → render → build the sites → publish.

Before any work the output folder is checked and locked (see `output`). Then everything is
gathered from the workbook; only when it is valid is anything written, and then only into a
staging folder inside the output folder. The finished sites replace the previous ones in the last
step, all at once, so a failed build leaves the last good `build/` exactly as it was.

Every build also reads the history folder (see `history`): the snapshots recorded before its
report date give the trends and What changed's baseline. Only `record` writes there, once the
sites are published, and it refuses to replace a snapshot (unless forced) before any work.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import multiprocessing.process
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TextIO

from .assessment import Assessment, assess
from .changes import Baseline, as_rows, compare, read_baseline
from .charts import Chart, ChartRenderer
from .committee import PACK_CHARTS, committee_pack, previously
from .committee_docx import write_pack
from .datafiles import (
    ALERTS_COLUMNS,
    CONTRACTS_COLUMNS,
    alert_rows,
    compliance_rows,
    contract_rows,
    write_internal_data,
)
from .datapackage import write_data_package
from .findings import Report
from .history import SNAPSHOT_FILES, History, SnapshotNotSaved, read_history, refuse_overwrite, write_snapshot
from .internal_site import AttentionLists, attention_lists, links_for, main_pages, record_pages, shared_context
from .internal_site import charts as internal_charts
from .internal_site import site_spec as internal_spec
from .ocds import write_ocds
from .offline_search import write_offline_search
from .opendata import published_plan, register, write_open_data
from .output import OutputFolder, Stopped
from .pages import Page, PageRenderer
from .public_site import file_sizes, human_size
from .public_site import pages as public_pages
from .public_site import site_spec as public_spec
from .records import Workbook
from .site import PROJECT, SiteBuildFailed, build_site, copy_static
from .spreadsheet import write_register_workbook
from .trends import Trends, current_point, headline_words, trends
from .views import contract_groups, headlines, plural, rating_summary
from .workbook import collector_paused, parse_workbook, validate

TEMPLATES = PROJECT / "site_templates"
PACK_FOLDER = "reports"  # internal/reports/committee-pack-<report date>.docx
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
    history: Path | None = None  # the snapshots; None: the `history` folder beside the workbook
    record: bool = False  # save this report date's snapshot into the history once published
    force: bool = False  # let `record` replace a snapshot of the same date


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
    history: History | None = None
    snapshot: Path | None = None  # the snapshot `record` saved


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Build both sites from the workbook and publish them into `options.out`, or refuse and write nothing."""
    progress = progress or Progress()
    folder = output_folder(options)
    try:
        folder.open()  # before any work: refuse a folder that is not ours to replace, or one that is in use
        if folder.finished:
            progress.say(f"Finished publishing the sites that an interrupted build left in {options.out}.")
        return _build(options, progress, folder)
    except (KeyboardInterrupt, Stopped) as stop:
        stopped = stop if isinstance(stop, Stopped) else Stopped(signal.SIGINT)
        stopped.published = folder.published
        raise stopped from None
    finally:
        folder.close()


def output_folder(options: BuildOptions) -> OutputFolder:
    """The output folder of a build, guarded against replacing the project, the workbook or anyone's files."""
    return OutputFolder(options.out, SITES, workbook=options.workbook, project=PROJECT, protected=PROTECTED_FOLDERS)


def history_folder(options: BuildOptions) -> Path:
    """The history folder: as given, else `history` beside the workbook (`source/history`)."""
    return options.history if options.history is not None else options.workbook.parent / "history"


def _build(options: BuildOptions, progress: Progress, folder: OutputFolder) -> BuildResult:
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
        assessment = assess(workbook)
    with progress.stage("history"):
        history = read_history(history_dir, workbook.report_date)
        if baseline is None and history.latest is not None:
            baseline = history.latest.baseline()
        series = trends(history, current_point(assessment))

    staging = folder.make_staging()
    links = links_for(assessment)
    lists = attention_lists(assessment, links)  # the dashboard, the record pages and the committee pack share them
    records = record_pages(assessment, links, series, lists)
    helper = SecondProcess(assessment, staging, records[1::2])
    try:
        helper.start()  # public site and half the record pages, on the other core, where the OS can fork
        mine = records if not helper.forked else records[0::2]
        cache = options.out.absolute() / ".cache" / "charts"
        renderer = ChartRenderer(reuse=cache, store=staging / "chart-cache")
        with progress.stage("charts"):
            drawn = internal_charts(assessment, renderer, series)
            images = pack_images(drawn, renderer)
        with progress.stage("render"):
            internal = render_internal(
                assessment, parsed.report, drawn, staging / "docs-internal", mine, baseline, series, images, lists
            )
            helper.go()
            data = staging / "docs-internal" / "data"
            snapshot_files = {name: (data / name).read_bytes() for name in SNAPSHOT_FILES} if options.record else {}
        with progress.stage("mkdocs internal"):
            build_site(
                internal_spec(assessment),
                staging / "docs-internal",
                staging / "internal",
                workbook.report_date,
                internal.fragments,
            )
            others = helper.finish()
            merge_records(staging / "internal-2", staging / "internal", helper.pages)
            write_offline_search(staging / "internal")  # after the merge: the index is whole only now
        with progress.stage("publish"):
            folder.publish({name: staging / name for name in SITES})
            renderer.keep(cache)
    finally:
        helper.stop()
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
    progress.timings.update(helper.timings)
    return BuildResult(
        assessment,
        parsed.report,
        dict(progress.timings),
        {"internal": internal.pages + others.get("internal", 0), "public": others["public"]},
        history,
        snapshot,
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
    records: Sequence[Page],
    baseline: Baseline | None = None,
    series: Trends | None = None,
    images: Mapping[str, bytes] | None = None,
    lists: AttentionLists | None = None,
) -> Rendered:
    """Write the internal site's main pages, the given record pages, assets, data files and committee pack into `docs`.

    `images` holds the committee pack's charts as PNG, by chart key (without them the pack has no pictures).
    """
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
    shared = shared_context(assessment, drawn)
    words = headline_words(values, baseline.headlines, baseline.report_date) if baseline is not None else {}
    lists = lists or attention_lists(assessment, shared["links"])
    pack = committee_pack(assessment, figures, drawn, shared["links"], previously(changes), lists[0])
    write_pack(pack, images or {}, docs / PACK_FOLDER / pack.file_name)
    pack_size = human_size((docs / PACK_FOLDER / pack.file_name).stat().st_size)
    pages = [
        *main_pages(
            assessment, report, downloads, figures, changes, shared["links"], series, words, (pack, pack_size), lists
        ),
        *records,
    ]
    renderer = PageRenderer(TEMPLATES, shared)
    return Rendered(renderer.render_all(pages, docs), renderer.fragments)


def pack_images(drawn: Mapping[str, Chart | None], renderer: ChartRenderer) -> dict[str, bytes]:
    """The committee pack's charts as PNG images, by chart key."""
    return {chart.key: renderer.png(chart) for key in PACK_CHARTS if (chart := drawn.get(key)) is not None}


def render_public(workbook: Workbook, docs: Path) -> Rendered:
    """Write the public site's Markdown pages, assets and open data into `docs`."""
    copy_static("public", docs)
    entries = register(workbook)
    plan = published_plan(workbook)
    write_open_data(entries, plan, docs / "data")
    write_ocds(entries, workbook.settings, workbook.report_date, docs / "data" / "ocds.json")
    write_register_workbook(entries, workbook.report_date, docs / "data" / "contracts.xlsx")
    write_data_package(workbook.settings, workbook.report_date, docs / "data" / "datapackage.json")
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
    write_offline_search(staging / "public")
    return rendered.pages, {"render public": rendered_at - started, "mkdocs public": time.perf_counter() - rendered_at}


def merge_records(other: Path, site: Path, pages: Sequence[Page]) -> None:
    """Move record pages built in the second process into `site` and add their search entries."""
    if not pages:
        return
    built = {page.path.removesuffix(".md") + ".html" for page in pages}
    for relative in sorted(built):
        (other / relative).replace(site / relative)
    index_path = site / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    theirs = json.loads((other / "search" / "search_index.json").read_text(encoding="utf-8"))
    index["docs"] += [doc for doc in theirs["docs"] if doc["location"].split("#", 1)[0] in built]
    # as Material's search plugin writes it
    index_path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")


class SecondProcess:
    """A forked child that builds the public site, then every other record page of the internal site.

    The child inherits the assessed workbook (nothing is pickled). It renders its record pages while
    this process renders the rest; once told that the shared pages, assets and data are written
    (`go`), it links them beside its own pages and runs MkDocs on that half. It reports page counts
    and stage times, or the message of the error that stopped it. Where fork is unavailable,
    everything is built here, in turn, and `forked` is False.
    """

    def __init__(self, assessment: Assessment, staging: Path, pages: Sequence[Page]) -> None:
        self.assessment = assessment
        self.staging = staging
        self.pages: Sequence[Page] = ()
        self._their_pages = pages
        self.timings: dict[str, float] = {}
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None

    @property
    def forked(self) -> bool:
        return self._process is not None

    def start(self) -> None:
        """Fork the child (before any thread starts in this process)."""
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        mine, theirs = context.Pipe()
        self._process = context.Process(target=self._child, args=(theirs, mine), daemon=True)
        self._process.start()
        theirs.close()
        self._connection = mine
        self.pages = self._their_pages

    def go(self) -> None:
        """Tell the child that the shared files of the internal site are written."""
        if self._connection is not None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the child stopped: finish() says why
                self._connection.send("go")

    def _child(self, connection: Connection, parents_end: Connection) -> None:
        # Close this copy of the parent's end, so that a parent killed outright is an EOF here, not a wait forever.
        parents_end.close()
        # Stopping is the parent's to report: a signal ends the child quietly, with no traceback.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        outcome: tuple[str, object]
        try:
            outcome = ("built", self._child_build(connection))
        except EOFError:  # the parent is gone: nobody to tell
            connection.close()
            return
        except SiteBuildFailed as error:
            outcome = ("failed", str(error))
        except Exception as error:  # anything else still ends the build cleanly, never a half site
            outcome = ("failed", f"the sites could not be built: {type(error).__name__}: {error}")
        with contextlib.suppress(OSError):  # the parent may be gone
            connection.send(outcome)
        connection.close()

    def _child_build(self, connection: Connection) -> dict[str, object]:
        workbook = self.assessment.workbook
        public_pages_built, timings = build_public(workbook, self.staging)
        started = time.perf_counter()
        docs = self.staging / "docs-internal-2"
        renderer = PageRenderer(TEMPLATES, shared_context(self.assessment, {}))
        count = renderer.render_all(self._their_pages, docs)
        rendered_at = time.perf_counter()
        if connection.recv() != "go":
            raise SiteBuildFailed("the internal site could not be built: stopped")
        own = {page.path for page in self._their_pages}
        _link_tree(self.staging / "docs-internal", docs, skip=own | _record_paths(self.staging / "docs-internal"))
        build_site(
            internal_spec(self.assessment), docs, self.staging / "internal-2", workbook.report_date, renderer.fragments
        )
        timings["render (second process)"] = rendered_at - started
        timings["mkdocs internal (second process)"] = time.perf_counter() - rendered_at
        return {"public": public_pages_built, "internal": count, "timings": timings}

    def finish(self) -> dict[str, int]:
        """Wait for the child (or build the public site now); page counts. Raises SiteBuildFailed."""
        if self._process is None or self._connection is None:
            pages, self.timings = build_public(self.assessment.workbook, self.staging)
            return {"public": pages}
        try:
            outcome, detail = self._connection.recv()
        except EOFError:
            raise SiteBuildFailed("the sites could not be built: the second build process stopped") from None
        finally:
            self._process.join()
        if outcome != "built":
            raise SiteBuildFailed(str(detail))
        self.timings = dict(detail.pop("timings"))
        return {name: int(value) for name, value in detail.items()}

    def stop(self) -> None:
        """Make sure no child outlives the build, whatever happened."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()


def _record_paths(docs: Path) -> set[str]:
    """Record pages already in `docs` (the parent's half), which the child must not build again."""
    return {
        path.relative_to(docs).as_posix()
        for folder in ("contracts", "providers")
        for path in (docs / folder).glob("*.md")
        if path.name != "index.md"
    }


def _link_tree(source: Path, target: Path, skip: set[str]) -> None:
    """Hard-link (or copy) every file of `source` into `target`, except the relative paths in `skip`."""
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source).as_posix()
        if path.is_dir() or relative in skip:
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, destination)
        except OSError:
            shutil.copy2(path, destination)


def summary(result: BuildResult, out: Path) -> list[str]:
    """The lines an officer reads after a build: the same counts, in the same words, as the dashboard."""
    assessment = result.assessment
    groups = contract_groups(assessment)
    warnings = len(result.report.warnings)
    lines = [
        f"Built {plural(groups.total, 'contract')} as of {assessment.report_date.isoformat()}. {rating_summary(groups)}",
        f"{plural(warnings, 'warning')}"
        + (" (see the Data quality page, or run: python build.py check)." if warnings else "."),
        f"Internal site: {out / 'internal' / 'index.html'} ({result.pages['internal']} pages)",
        f"Public site:   {out / 'public' / 'index.html'} ({result.pages['public']} pages)",
    ]
    history = result.history
    if history is not None and (history.snapshots or history.skipped):
        used = plural(len(history.snapshots), "earlier snapshot")
        left_out = f"; {len(history.skipped)} left out (see the Data quality page)" if history.skipped else ""
        lines.append(f"Trends and What changed: {used} in {history.folder}{left_out}.")
    if result.snapshot is not None:
        lines.append(
            f"Recorded the snapshot of {assessment.report_date.isoformat()} in {result.snapshot}: "
            "commit it with the workbook."
        )
    return lines


def default_progress(quiet: bool) -> Progress:
    """Progress on standard error, or none."""
    return Progress(None if quiet else sys.stderr)

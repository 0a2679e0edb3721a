"""Benchmark the build at several workbook sizes against a bare MkDocs-material reference.

    python scripts/bench.py [--sizes 18,500,2000,10000] [--repeat K] [--work bench/work] [--results bench/results]

For each size N the workbook is the sample (N = 18: source/commissioning.xlsx) or a synthetic
one from scripts/generate_workbook.py (cached in the work folder by N, seed and the generator's
own hash, so reruns skip generation). The code measured is a snapshot of the build's sources
(package, templates, docs, mkdocs.yml) copied into the work folder when the run starts, so edits
to the working tree during a long run cannot mix versions; its commit and hash are recorded.
Then, each in a fresh Python process so that memory and imports are per build:

- the BUILD: safe_commissioning.pipeline.build into a fresh, empty --out folder, so the chart
  cache (OUT/.cache) is empty and every build is COLD. Per stage it records the wall time
  (Progress.timings), the CPU time (process_time, all threads) and the peak resident memory
  during the stage (VmHWM, reset at the start of each stage via /proc/self/clear_refs: no
  tracing, so timings are not distorted). The sample is also built warm (a second build reusing the
  first's chart cache), and on the sample and at 2,000 contracts serve's rebuild after a one-cell edit
  is timed (the rebuild alone: serve starts it as soon as the saved workbook is complete);
- the FLOOR of this design, in the same process right after each cold build: the same data files written by
  the package's writers and the same record pages rendered by plain Jinja (the same templates and context)
  into the same page shells and written, with no other work (see NOTE);
- the REFERENCE: a bare MkDocs-material build (the project's mkdocs.yml without its custom_dir,
  CSS and JavaScript; same theme, features, Markdown extensions, search plugin, strict mode) of
  trivial pages: one per contract and per provider kept out of the nav (`not_in_nav`, as the
  internal site does) plus the internal site's nav pages.

It prints each goal beside what was measured, one line per size for the record-page path against the
engine path, and a table per size (stages, total, floor, total/floor, reference, total/reference, read+validate cells per
second, peak memory, largest page) and writes it to RESULTS/latest.md and RESULTS/latest.json. "total" is the
wall time of pipeline.build() and "reference" the wall time of MkDocs' load_config + build, both
measured inside their processes (each includes importing MkDocs; neither includes starting
Python). Process wall and CPU times are recorded too. Timings on a shared machine are noisy:
the load average before each run is recorded beside it, and --repeat K keeps the fastest of K.
The work folder (default bench/work/) and the results (bench/results/) are git-ignored.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
# The code measured: a snapshot of the build's sources taken when the run starts (see `snapshot`), so
# edits made to the working tree during a long run cannot mix versions. Children inherit it.
SOURCE_ENV = "SAFE_COMMISSIONING_BENCH_SOURCE"
sys.path.insert(0, os.environ.get(SOURCE_ENV, str(PROJECT)))

GENERATOR = PROJECT / "scripts" / "generate_workbook.py"
SAMPLE = PROJECT / "source" / "commissioning.xlsx"
SAMPLE_SIZE = 18  # the sample workbook's contracts: N = 18 benchmarks the sample itself
DEFAULT_SIZES = (SAMPLE_SIZE, 500, 2000, 10000)
READ_VALIDATE = ("read", "validate")
COMPUTE = "compute"
SEED = 20240930
SERVE_SIZES = (SAMPLE_SIZE, 2000)  # sizes at which serve's rebuild after a one-cell edit is timed
SERVE_GOALS = ((24, 1.5), (2000, 3.0))  # (up to this many contracts, serve's rebuild in at most this many seconds)
MB = 1024 * 1024


# --------------------------------------------------------------------------- memory probes (Linux)
def _status_kb(key: str) -> int | None:
    """A `VmHWM`/`VmRSS` line of /proc/self/status, in kB, or None where there is no /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset the process's peak RSS (VmHWM) to its current RSS; False when the kernel does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        return False
    return True


# --------------------------------------------------------------------------- child: one build
def child_build(workbook: Path, out: Path, result_file: Path, warm: bool = False) -> int:
    """Run one build in this (fresh) process and write its measurements as JSON: cold (an empty --out, so no
    chart cache), or `warm` (into the last build's --out, whose chart cache it reuses)."""
    import safe_commissioning
    from safe_commissioning.pipeline import BuildOptions, Progress, build
    from safe_commissioning.sites.memory import BuildMemory

    @dataclass
    class MeasuredProgress(Progress):
        cpu: dict[str, float] = field(default_factory=dict)
        peak_kb: dict[str, int] = field(default_factory=dict)
        resettable: bool = True

        @contextlib.contextmanager
        def stage(self, name: str) -> Iterator[None]:
            self.resettable = _reset_peak() and self.resettable
            started = time.process_time()
            with super().stage(name):
                yield
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - started
            peak = _status_kb("VmHWM")
            if peak is not None:
                self.peak_kb[name] = max(peak, self.peak_kb.get(name, 0))

    if out.exists() and not warm:
        shutil.rmtree(out)
    before_kb = _status_kb("VmHWM")  # the interpreter and the package's imports
    progress = MeasuredProgress()
    options = BuildOptions(workbook, out, None, date.today())
    memory = BuildMemory.load(out.absolute() / ".cache" / "engine")  # what build() makes when given none
    cpu_started = time.process_time()
    started = time.perf_counter()
    result = build(options, progress, memory)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peaks = [kb for kb in (before_kb, *progress.peak_kb.values()) if kb is not None]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # processes the build forked and waited for
    children_cpu = children.ru_utime + children.ru_stime
    measured = {
        "timings": result.timings,  # as the package reports them; some may come from a concurrent process
        "stages_in_this_process": list(progress.cpu),
        "cpu": progress.cpu,
        "stage_peak_rss_mb": {name: kb / 1024 for name, kb in progress.peak_kb.items()},
        "rss_before_build_mb": (before_kb or 0) / 1024,
        # With clear_refs available the per-stage peaks cover the whole build; otherwise ru_maxrss.
        "peak_rss_mb": max(peaks) / 1024 if peaks and progress.resettable else usage.ru_maxrss / 1024,
        "peak_method": "VmHWM per stage" if progress.resettable and peaks else "ru_maxrss",
        # The largest child process's own peak: it counts pages shared with this process since the fork too,
        # so this peak plus the main one is an upper bound on the build's memory, not an exact figure.
        "children_peak_rss_mb": children.ru_maxrss / 1024,
        "build_wall_s": wall,
        "build_cpu_s": cpu + children_cpu,
        "main_process_cpu_s": cpu,
        "children_cpu_s": children_cpu,
        "pages": result.pages,
        "contracts": len(result.assessment.contracts),
        "warnings": len(result.report.warnings),
        "package": str(Path(safe_commissioning.__file__).parent),
    }
    if not warm:  # after the build, so that none of its figures above include it
        shells = {kind: memory.last(kind).shells for kind in ("internal", "public")}
        measured["floor"] = measure_floor(result, shells, out, out.parent / f"{out.name}-floor")
    result_file.write_text(json.dumps(measured, indent=2))
    return 0


# --------------------------------------------------------------------------- child: the floor of this design
def measure_floor(result: Any, shells: dict[str, dict[str, str]], built: Path, target: Path) -> dict[str, Any]:
    """Time the floor of this design, in the build's process right after it: the build's own data files
    written by the package's writers, and its record pages rendered by its Jinja templates and context into
    the page shells the build's engine made and written. The page list and its contexts are made before the
    clock starts; nothing else (no reading, rules, charts, main pages, engine, search, publishing) is done."""
    import gc

    from safe_commissioning.history.snapshots import History
    from safe_commissioning.opendata.register import published_plan, register
    from safe_commissioning.rendering import write_internal_files, write_public_files
    from safe_commissioning.resources import TEMPLATES
    from safe_commissioning.sites.internal.navigation import WHOLE_SITE, shared_context
    from safe_commissioning.sites.internal.records import record_pages
    from safe_commissioning.sites.open_data import file_sizes
    from safe_commissioning.sites.pages import PageRenderer
    from safe_commissioning.sites.public import pages as public_pages
    from safe_commissioning.sites.public import plan_pages
    from safe_commissioning.sites.shell import PageShell

    view = result.view
    history = result.history or History(built)
    workbook = view.assessment.workbook
    internal_shared = shared_context(view)
    plan = published_plan(workbook)
    public, public_shared = public_pages(
        workbook,
        register(workbook),
        plan,
        file_sizes(built / "public" / "data"),
        plan_pages(plan, workbook.report_date),
    )
    records = {"internal": record_pages(view), "public": [page for page in public if page.record]}

    def renderer(kind: str) -> PageRenderer:
        """A fresh renderer, as the build makes (the templates come compiled from the build, as in serve)."""
        if kind == "internal":
            return PageRenderer(TEMPLATES, internal_shared, whole_site=WHOLE_SITE)
        return PageRenderer(TEMPLATES, public_shared)

    if target.exists():
        shutil.rmtree(target)
    for kind in records:
        (target / kind / "data").mkdir(parents=True)
    gc.collect()  # the build's garbage is not the floor's to collect
    cpu_started, started = time.process_time(), time.perf_counter()
    write_internal_files(view, target / "internal" / "data")
    write_public_files(workbook, target / "public" / "data", history)
    data_wall, data_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    pages = 0
    for kind, pages_of_site in records.items():
        render = renderer(kind).render_record
        cut = {folder: PageShell(html) for folder, html in shells[kind].items()}
        for folder in cut:
            (target / kind / folder).mkdir(parents=True, exist_ok=True)
        for page in pages_of_site:
            record = render(page)
            (target / kind / record.path).write_text(cut[page.path.split("/", 1)[0]].page(record), encoding="utf-8")
            pages += 1
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "data_files_s": data_wall,
        "data_files_cpu_s": data_cpu,
        "record_pages_s": wall - data_wall,
        "record_pages_cpu_s": cpu - data_cpu,
        "record_pages": pages,
        "data_files": sum(1 for kind in records for path in (target / kind / "data").rglob("*") if path.is_file()),
        "folder": str(target),
    }


# --------------------------------------------------------------------------- child: serve after an edit
def child_serve(workbook: Path, folder: Path, result_file: Path) -> int:
    """Build as `serve` does, then edit one cell twice (a meeting's note, a contract's title), timing each rebuild."""
    import openpyxl

    from safe_commissioning.pipeline import BuildOptions, build
    from safe_commissioning.sites.memory import BuildMemory

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    copy = folder / "workbook.xlsx"
    shutil.copy2(workbook, copy)
    out = folder / "out"
    memory = BuildMemory(out.absolute() / ".cache" / "engine")
    options = BuildOptions(copy, out, None, date.today())
    # serve's builds run in its builder process, which has no thread (its web server and watch are serve's), so
    # they fork helpers as a plain build does; once a build is published the builder imports Altair while it
    # waits (serve.Builder): this process does the same.
    started = time.perf_counter()
    build(options, memory=memory)
    first = time.perf_counter() - started
    import safe_commissioning.sites.drawings  # noqa: F401

    measured: dict[str, Any] = {"first_build_s": first}
    # A meeting's note (on the contract's page only), then a contract's title (on main pages of both sites, in
    # their tables and lists, and in the timelines, so charts are drawn; the engine runs again only where a page's
    # own words changed): the easiest and a hard one-cell edit.
    for name, sheet_name, column in (("", "Monitoring", "Notes"), ("_title", "Contracts", "Title")):
        book = openpyxl.load_workbook(copy)
        sheet = book[sheet_name]
        sheet.cell(row=2, column=[cell.value for cell in sheet[1]].index(column) + 1, value="Edited for the benchmark")
        book.save(copy)
        started = time.perf_counter()
        result = build(options, memory=memory)
        measured[f"rebuild_after_one_cell{name}_s"] = time.perf_counter() - started
        measured[f"timings{name}"] = result.timings
        measured[f"engine_runs{name}"] = memory.engine_runs  # in this build
    measured |= {"records_rendered": memory.rendered, "pages": result.pages}
    result_file.write_text(json.dumps(measured, indent=2))
    return 0


# --------------------------------------------------------------------------- child: the reference
def reference_config(docs: Path, site: Path) -> dict[str, Any]:
    """The project's mkdocs.yml without its own templates and assets: bare MkDocs-material."""
    from mkdocs.utils.yaml import yaml_load

    from safe_commissioning.resources import CONFIG as BASE_CONFIG
    from safe_commissioning.sites.engines import escaped_nav
    from safe_commissioning.sites.internal.navigation import NAV

    with open(BASE_CONFIG, encoding="utf-8") as source:
        config = yaml_load(source)
    config["theme"].pop("custom_dir", None)
    config.pop("extra_css", None)
    config.pop("extra_javascript", None)
    config.update(
        docs_dir=str(docs),
        site_dir=str(site),
        nav=escaped_nav(NAV),
        not_in_nav="/contracts/*.md\n/providers/*.md\n!/contracts/index.md\n!/providers/index.md",
        strict=True,
    )
    return config


def write_reference(root: Path, contracts: int, providers: int) -> int:
    """ROOT/mkdocs.yml and trivial pages in ROOT/docs: the internal nav's pages, one per contract and one
    per provider. Returns the number of pages."""
    from safe_commissioning.sites.engines import nav_pages
    from safe_commissioning.sites.internal.navigation import NAV

    if root.exists():
        shutil.rmtree(root)
    folder = root / "docs"
    (folder / "contracts").mkdir(parents=True)
    (folder / "providers").mkdir()
    pages = 0
    for title, path in nav_pages(NAV):
        (folder / path).write_text(f"# {title}\n\nA trivial page.\n", encoding="utf-8")
        pages += 1
    for kind, count in (("contracts", contracts), ("providers", providers)):
        for index in range(1, count + 1):
            name = f"{kind[:-1]}-{index:05d}"
            (folder / kind / f"{name}.md").write_text(f"# {name}\n\nA trivial page.\n", encoding="utf-8")
            pages += 1
    config = reference_config(folder, root / "site")
    (root / "mkdocs.yml").write_text(json.dumps(config, indent=2), encoding="utf-8")  # JSON is YAML
    return pages


def child_reference(root: Path, result_file: Path) -> int:
    """Build the reference site in this (fresh) process and write its measurements as JSON."""
    cpu_started = time.process_time()
    started = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(config_file=str(root / "mkdocs.yml")))
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak = _status_kb("VmHWM")
    measured = {
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": (peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024,
    }
    result_file.write_text(json.dumps(measured, indent=2))
    return 0


# --------------------------------------------------------------------------- parent
@dataclass
class Run:
    """What one child process did."""

    ok: bool
    wall_s: float
    data: dict[str, Any]
    error: str = ""


def run_child(arguments: Sequence[str], result_file: Path, log: Path) -> Run:
    """Run this script in a fresh Python process; its JSON result, or the tail of what it printed."""
    result_file.unlink(missing_ok=True)
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as output:
        completed = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), *arguments],
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=PROJECT,
            check=False,
        )
    wall = time.perf_counter() - started
    if completed.returncode != 0 or not result_file.exists():
        lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        return Run(False, wall, {}, f"exit {completed.returncode}: " + "\n".join(lines[-15:]))
    return Run(True, wall, json.loads(result_file.read_text()))


def generator_hash() -> str:
    """Changes whenever the generator or the schema it writes changes: a cached workbook is then remade."""
    digest = hashlib.sha256(GENERATOR.read_bytes())
    for module in sorted((PROJECT / "safe_commissioning" / "workbook" / "schema").glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()[:10]


def workbook_for(size: int, work: Path) -> tuple[Path, float | None]:
    """The workbook for size N and how long generating it took (None: sample or cached)."""
    if size == SAMPLE_SIZE:
        return SAMPLE, None
    path = work / "workbooks" / f"generated-{size}-seed{SEED}-{generator_hash()}.xlsx"
    if path.exists():
        return path, None
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(GENERATOR), str(size), str(path), "--seed", str(SEED)],
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=PROJECT,
    )
    return path, time.perf_counter() - started


SOURCES = ("safe_commissioning", "site_templates", "docs", "mkdocs.yml")


def source_hash(base: Path = PROJECT) -> str:
    """A hash of everything the build's behaviour depends on (package, templates, docs, mkdocs.yml), so a
    result can say which code it measured."""
    digest = hashlib.sha256()
    for top in SOURCES:
        root = base / top
        files = (
            sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if root.is_dir()
            else [root]
        )
        for path in files:
            digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def git_state() -> dict[str, Any]:
    """The commit measured and any uncommitted changes to the build's sources."""

    def git(*arguments: str) -> str:
        try:
            return subprocess.run(
                ["git", *arguments], cwd=PROJECT, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": git("status", "--porcelain", "--", *SOURCES).splitlines(),
    }


def snapshot(work: Path) -> Path:
    """Copy the build's sources (package, templates, docs, mkdocs.yml) into WORK/snapshot, compile them, and
    make this process and its children import from there."""
    target = work / "snapshot"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for top in SOURCES:
        source = PROJECT / top
        if source.is_dir():
            shutil.copytree(source, target / top, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / top)
    compileall.compile_dir(target / "safe_commissioning", quiet=1)  # no first-import compile in the first build
    os.environ[SOURCE_ENV] = str(target)
    sys.path.insert(0, str(target))
    return target


def count_cells(path: Path) -> dict[str, int]:
    """Cells of the workbook: the used range of every sheet (rows × columns, headers included) and the non-blank ones."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    grid = filled = contracts = providers = 0
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        width = max((len(row) for row in rows), default=0)
        grid += len(rows) * width
        filled += sum(1 for row in rows for cell in row if cell not in ("", None))
        data_rows = sum(1 for row in rows[1:] if any(cell not in ("", None) for cell in row))
        if name == "Contracts":
            contracts = data_rows
        elif name == "Providers":
            providers = data_rows
    return {"cells": grid, "non_blank_cells": filled, "contracts": contracts, "providers": providers}


PAGE_GOAL_BYTES = 1024 * 1024  # goal: no page of either site over 1 MB


def largest_page(out: Path) -> dict[str, Any]:
    """The largest HTML page of the built sites under `out`: its path (from `out`) and size in bytes."""
    pages = [(page.stat().st_size, page.relative_to(out).as_posix()) for page in out.glob("*/**/*.html")]
    size, path = max(pages, default=(0, ""))
    return {"path": path, "bytes": size, "over_goal": size > PAGE_GOAL_BYTES}


def measure(size: int, work: Path, keep: bool, repeat: int = 1) -> dict[str, Any]:
    """Generate (or reuse) the workbook, then build it and the reference, each in its own process."""
    workbook, generated_in = workbook_for(size, work)
    counts = count_cells(workbook)
    entry: dict[str, Any] = {
        "size": size,
        "workbook": str(workbook.relative_to(PROJECT) if workbook.is_relative_to(PROJECT) else workbook),
        "workbook_bytes": workbook.stat().st_size,
        "generated_in_s": generated_in,
        **counts,
    }
    out = work / f"out-{size}"
    reference = work / f"reference-{size}"
    entry["reference_pages"] = write_reference(reference, counts["contracts"], counts["providers"])
    builds: list[Run] = []
    references: list[Run] = []
    # Alternate build and reference so that both see the same machine load; keep each one's fastest run.
    for _ in range(repeat):
        entry.setdefault("load_before_build", []).append(os.getloadavg()[0])
        builds.append(
            run_child(
                ["_build", str(workbook), str(out), str(work / "build.json")],
                work / "build.json",
                work / f"build-{size}.log",
            )
        )
        if builds[-1].ok:
            entry["largest_page"] = largest_page(out)
        if not keep:
            shutil.rmtree(out, ignore_errors=True)  # the next build is cold again
            shutil.rmtree(work / f"out-{size}-floor", ignore_errors=True)
        entry.setdefault("load_before_reference", []).append(os.getloadavg()[0])
        references.append(
            run_child(
                ["_reference", str(reference), str(work / "reference.json")],
                work / "reference.json",
                work / f"reference-{size}.log",
            )
        )
        if not builds[-1].ok:
            break
    if not keep:
        shutil.rmtree(reference, ignore_errors=True)
    if size == SAMPLE_SIZE and builds[-1].ok:  # the sample warm too: a second build reusing the first's chart cache
        warm_out = work / "out-warm"
        for mode in ("cold", "warm"):
            warm = run_child(
                ["_build", str(workbook), str(warm_out), str(work / "warm.json"), mode],
                work / "warm.json",
                work / f"warm-{size}.log",
            )
        if warm.ok:
            entry["warm"] = warm.data
        shutil.rmtree(warm_out, ignore_errors=True)
    if size in SERVE_SIZES:
        served = run_child(
            ["_serve", str(workbook), str(work / f"serve-{size}"), str(work / "serve.json")],
            work / "serve.json",
            work / f"serve-{size}.log",
        )
        entry["serve"] = served.data if served.ok else {"error": served.error}
        shutil.rmtree(work / f"serve-{size}", ignore_errors=True)
    build_run = min(builds, key=lambda r: r.data["build_wall_s"] if r.ok else float("inf"))
    reference_run = min(references, key=lambda r: r.data["wall_s"] if r.ok else float("inf"))
    entry["runs"] = len(builds)
    entry["build_totals_s"] = [r.data["build_wall_s"] for r in builds if r.ok]
    entry["reference_totals_s"] = [r.data["wall_s"] for r in references if r.ok]
    entry["build_process_wall_s"] = build_run.wall_s
    floors = [r.data["floor"] for r in builds if r.ok and "floor" in r.data]
    if floors:
        entry["floor"] = min(floors, key=lambda floor: floor["wall_s"])
        entry["floor_totals_s"] = [floor["wall_s"] for floor in floors]
    if build_run.ok:
        entry["build"] = build_run.data
    else:
        entry["build_error"] = build_run.error
    entry["reference_process_wall_s"] = reference_run.wall_s
    if reference_run.ok:
        entry["reference"] = reference_run.data
    else:
        entry["reference_error"] = reference_run.error

    if build_run.ok:
        timings = build_run.data["timings"]
        read_validate = sum(timings.get(name, 0.0) for name in READ_VALIDATE)
        total = build_run.data["build_wall_s"]
        entry["read_validate_cells_per_s"] = counts["cells"] / read_validate if read_validate else None
        entry["read_validate_compute_share"] = (read_validate + timings.get(COMPUTE, 0.0)) / total if total else None
        if floors:
            entry["ratio_total_to_floor"] = total / entry["floor"]["wall_s"]
            entry["ratio_cpu_to_floor"] = build_run.data["build_cpu_s"] / entry["floor"]["cpu_s"]
        if reference_run.ok:
            entry["ratio_total_to_reference"] = total / reference_run.data["wall_s"]
            entry["ratio_process_wall"] = build_run.wall_s / reference_run.wall_s
            entry["ratio_cpu"] = build_run.data["build_cpu_s"] / reference_run.data["cpu_s"]
    return entry


# --------------------------------------------------------------------------- report
NOTE = (
    "Every build is cold: a fresh, empty --out folder per size and run, so the chart cache (OUT/.cache) is empty. "
    "Templates' compiled code is kept between runs in Jinja's per-user cache folder (sites/compiled.py), as Python "
    "keeps modules' compiled code: every build but the very first on a machine finds both compiled. "
    "Build and reference each run in a fresh Python process. Times are wall-clock seconds measured inside "
    "the process (pipeline.build(); MkDocs load_config + build), so interpreter start-up is excluded; "
    "'process wall' includes it. Peak memory is the peak resident set size (RSS) of the process: for the build, "
    "the maximum of the per-stage peaks (VmHWM reset at each stage start via /proc/self/clear_refs, no tracing, "
    "so timings are undistorted); it includes the interpreter and imported libraries. The build runs in one "
    "process, but for children whose CPU is counted: on Linux, its helpers, forked to work beside it (the chart "
    "helper, which draws the charts and writes the committee pack; the writers of the internal data files and of "
    "the public workbooks; the public site's record pages while the internal site is made, and half of the "
    "internal site's), whose largest peak is the 'largest child process' "
    "row (a fork shares the build's memory until either writes to it: the peaks overlap); and Zensical, if "
    "chosen. "
    "'total' is build()'s wall time. Cells are the used range "
    "of every sheet (rows × columns, headers included). With --repeat K, build and reference alternate K times "
    "and the fastest of each is shown. On a shared machine wall times are noisy (see the load averages); CPU "
    "times are less sensitive to other processes. "
    "The FLOOR is the least this design can do: in the build's process, right after the build (so none of the "
    "build's figures include it) and after a garbage collection, the build's data files are written again by the "
    "package's own writers (internal/data and public/data: CSV, JSON, OCDS, feeds, the register and plan "
    "workbooks, the data package), then every record page (one per contract and provider, both sites) is rendered "
    "by the same Jinja templates with the same context in a fresh renderer (its templates come compiled from "
    "the build, as they do in serve) into the page shells the build's engine made, and written. The page list and its contexts are made before the "
    "clock starts; the floor leaves out reading and validating the workbook, the rules, the view, the charts, "
    "the main pages and the engine, the committee pack, the search index and sitemap, and publishing: all work "
    "a build must also do, so the floor is a lower bound on the build's time."
)


def _s(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return "—" if value is None else str(value)


def table(entries: Sequence[dict[str, Any]]) -> list[str]:
    """The results as a Markdown table: one column per size."""
    header = "| | " + " | ".join(f"N = {e['size']}" for e in entries) + " |"
    lines = [header, "|---|" + "---:|" * len(entries)]

    def add(label: str, values: Sequence[object]) -> None:
        lines.append(f"| {label} | " + " | ".join(_s(v) for v in values) + " |")

    def build_value(entry: dict[str, Any], *keys: str) -> object:
        value: Any = entry.get("build")
        for key in keys:
            if not isinstance(value, dict):
                return "failed" if "build_error" in entry else None
            value = value.get(key)
        return value

    stages = list(dict.fromkeys(name for e in entries for name in e.get("build", {}).get("timings", {})))
    elsewhere = {
        name
        for e in entries
        for name in e.get("build", {}).get("timings", {})
        if name not in e["build"].get("stages_in_this_process", ())
    }
    add("workbook", [Path(e["workbook"]).name for e in entries])
    add("contracts / providers", [f"{e['contracts']} / {e['providers']}" for e in entries])
    add("cells (non-blank)", [f"{e['cells']:,} ({e['non_blank_cells']:,})" for e in entries])
    add(
        "pages internal / public",
        [f"{build_value(e, 'pages', 'internal')} / {build_value(e, 'pages', 'public')}" for e in entries],
    )
    for stage in stages:
        mark = " †" if stage in elsewhere else ""
        add(f"{stage} (s){mark}", [build_value(e, "timings", stage) for e in entries])
    add("**total** build() (s)", [build_value(e, "build_wall_s") for e in entries])
    add("build process wall (s)", [e.get("build_process_wall_s") for e in entries])
    add("build CPU, all processes (s)", [build_value(e, "build_cpu_s") for e in entries])
    add("**floor** record pages + data files (s)", [e.get("floor", {}).get("wall_s") for e in entries])
    add(
        "  floor: record pages / data files (s)",
        [
            f"{e['floor']['record_pages_s']:.2f} / {e['floor']['data_files_s']:.2f}" if e.get("floor") else None
            for e in entries
        ],
    )
    add("floor CPU (s)", [e.get("floor", {}).get("cpu_s") for e in entries])
    add(
        "**total / floor** (wall / CPU)",
        [
            f"{e['ratio_total_to_floor']:.1f}× / {e['ratio_cpu_to_floor']:.1f}×"
            if e.get("ratio_total_to_floor")
            else None
            for e in entries
        ],
    )
    add("**reference** MkDocs-material (s)", [e.get("reference", {}).get("wall_s") for e in entries])
    add("reference pages", [e.get("reference_pages") for e in entries])
    add("reference process wall (s)", [e.get("reference_process_wall_s") for e in entries])
    add("reference CPU (s)", [e.get("reference", {}).get("cpu_s") for e in entries])
    add(
        "**total / reference**",
        [f"{e['ratio_total_to_reference']:.1f}×" if e.get("ratio_total_to_reference") else None for e in entries],
    )
    add(
        "  process wall ratio / CPU ratio",
        [f"{e['ratio_process_wall']:.1f}× / {e['ratio_cpu']:.1f}×" if e.get("ratio_cpu") else None for e in entries],
    )
    add(
        "read+validate cells/s",
        [f"{e['read_validate_cells_per_s']:,.0f}" if e.get("read_validate_cells_per_s") else None for e in entries],
    )
    add(
        "read+validate+compute share of total",
        [
            f"{e['read_validate_compute_share']:.1%}" if e.get("read_validate_compute_share") is not None else None
            for e in entries
        ],
    )
    add(
        "largest page (MB; goal: no page over 1 MB)",
        [
            f"{e['largest_page']['bytes'] / 1024 / 1024:.2f} {e['largest_page']['path']}"
            + (" OVER" if e["largest_page"]["over_goal"] else "")
            if e.get("largest_page")
            else None
            for e in entries
        ],
    )
    add("peak RSS build, main process (MB)", [build_value(e, "peak_rss_mb") for e in entries])
    add("peak RSS build, largest child process (MB)", [build_value(e, "children_peak_rss_mb") for e in entries])
    add("RSS after imports, before build (MB)", [build_value(e, "rss_before_build_mb") for e in entries])
    for stage in stages:
        if stage not in elsewhere:
            add(f"  peak RSS in {stage} (MB)", [build_value(e, "stage_peak_rss_mb", stage) for e in entries])
    add("peak RSS reference (MB)", [e.get("reference", {}).get("peak_rss_mb") for e in entries])
    add(
        "load average before build / reference",
        [f"{max(e['load_before_build']):.1f} / {max(e['load_before_reference']):.1f}" for e in entries],
    )
    add(
        "runs: build totals (s), fastest kept",
        [", ".join(f"{t:.1f}" for t in e["build_totals_s"]) for e in entries],
    )
    add(
        "runs: floor (s), fastest kept",
        [", ".join(f"{t:.1f}" for t in e.get("floor_totals_s", ())) or None for e in entries],
    )
    add(
        "runs: reference totals (s), fastest kept",
        [", ".join(f"{t:.1f}" for t in e["reference_totals_s"]) for e in entries],
    )
    add("workbook generated in (s)", [e.get("generated_in_s") or "cached/sample" for e in entries])
    if elsewhere:
        lines += [
            "",
            "† reported by the package from another process (e.g. the public site built in a forked process "
            "alongside the internal one): concurrent with the stages above, so the stages do not add up to the total.",
        ]
    return lines


def paths(entry: dict[str, Any]) -> str | None:
    """The record-page path against the engine path, from the build's stage times."""
    build = entry.get("build")
    if not build:
        return None
    timings = build["timings"]
    records = sum(v for k, v in timings.items() if k.startswith("records "))
    engine = sum(v for k, v in timings.items() if k.split(" ")[0] in ("mkdocs", "zensical"))
    count = entry["contracts"] + entry["providers"]
    return (
        f"record pages: about {count:,} in {records:.2f} s ({records / max(count, 1) * 1000:.2f} ms each); "
        f"engine: the main pages of both sites in {engine:.2f} s"
    )


def goals(entries: Sequence[dict[str, Any]]) -> list[str]:
    """Each goal of the site stage beside what was measured (issue: the site stage redesigned)."""
    by_size = {e["size"]: e for e in entries}
    rows: list[tuple[str, str, str]] = []

    def ratio(size: int) -> float | None:
        value = by_size.get(size, {}).get("ratio_total_to_reference")
        return float(value) if value else None

    for size in (2000, 10000):
        value = ratio(size)
        if value is not None:
            rows.append((f"{size:,} contracts: total / reference ≤ 0.5×", f"{value:.2f}×", _met(value <= 0.5)))
        floor = by_size.get(size, {}).get("ratio_total_to_floor")
        if floor:
            seconds = by_size[size]["floor"]["wall_s"]
            rows.append(
                (
                    f"{size:,} contracts: total / floor ≤ 2×",
                    f"{floor:.2f}× (floor {seconds:.2f} s)",
                    _met(floor <= 2),
                )
            )
    small, large = by_size.get(2000, {}), by_size.get(10000, {})
    if small.get("build") and large.get("build"):
        per_small = small["build"]["build_wall_s"] / small["contracts"]
        per_large = large["build"]["build_wall_s"] / large["contracts"]
        rows.append(
            (
                "linear: per-contract cost at 10,000 ≤ at 2,000",
                f"{per_large * 1000:.2f} ms against {per_small * 1000:.2f} ms",
                _met(per_large <= per_small),
            )
        )
        peak = large["build"]["peak_rss_mb"]
        rows.append(("peak memory at 10,000 ≤ 1 GiB", f"{peak:.0f} MB", _met(peak <= 1024)))
    sample = by_size.get(SAMPLE_SIZE, {})
    if sample.get("build"):
        cold = sample["build"]["build_wall_s"]
        rows.append(("sample, cold ≤ 2.5 s", f"{cold:.2f} s", _met(cold <= 2.5)))
    if sample.get("warm"):
        warm = sample["warm"]["build_wall_s"]
        rows.append(("sample, warm ≤ 1 s", f"{warm:.2f} s", _met(warm <= 1)))
    for size in SERVE_SIZES:
        served = by_size.get(size, {}).get("serve", {})
        if "rebuild_after_one_cell_s" in served:
            goal = next((limit for most, limit in SERVE_GOALS if size <= most), SERVE_GOALS[-1][1])
            for key, edit in (("rebuild_after_one_cell_s", "a note"), ("rebuild_after_one_cell_title_s", "a title")):
                if key in served:
                    seconds = served[key]
                    rows.append(
                        (
                            f"serve after a one-cell edit ({edit}) at {size:,} ≤ {goal:g} s",
                            f"{seconds:.2f} s",
                            _met(seconds <= goal),
                        )
                    )
    for e in entries:
        page = e.get("largest_page")
        if page:
            size_mb = page["bytes"] / 1024 / 1024
            rows.append(
                (
                    f"{e['size']:,} contracts: no page over 1 MB",
                    f"{size_mb:.2f} MB ({page['path']})",
                    _met(not page["over_goal"]),
                )
            )
    lines = ["| goal | measured | |", "|---|---|---|", *(f"| {goal} | {value} | {met} |" for goal, value, met in rows)]
    lines += ["", *(f"- N = {e['size']}: {line}" for e in entries if (line := paths(e)))]
    return lines


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def environment() -> dict[str, Any]:
    """Where the figures were measured."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        **git_state(),
    }


def run(sizes: Sequence[int], work: Path, results: Path, keep: bool, repeat: int = 1) -> dict[str, Any]:
    """Measure every size, print the table and write RESULTS/latest.json and latest.md."""
    work = work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    env = environment()
    env["source_hash"] = source_hash(snapshot(work))
    print(
        f"Benchmark on {env['cpus']} CPUs, Python {env['python']}, load average {env['load_average_at_start'][0]:.1f}, "
        f"commit {env['commit'] or '?'}"
        + (f" with uncommitted changes to {len(env['dirty'])} build source files" if env["dirty"] else "")
        + f"; measuring a snapshot of the build's sources (hash {env['source_hash']})"
    )
    print(
        "Cold builds: a fresh, empty --out folder per size and run (no chart cache); each build in a fresh process"
        + (f"; {repeat} runs each, fastest kept." if repeat > 1 else ".")
    )
    entries = []
    for size in sizes:
        print(f"N = {size}: ", end="", flush=True)
        entry = measure(size, work, keep, repeat)
        entries.append(entry)
        if "build_error" in entry:
            print(f"BUILD FAILED: {entry['build_error']}")
        else:
            ratio = entry.get("ratio_total_to_reference")
            print(
                f"total {entry['build']['build_wall_s']:.1f} s, reference "
                f"{entry.get('reference', {}).get('wall_s', float('nan')):.1f} s"
                + (f", ratio {ratio:.1f}×" if ratio else "")
                + f", peak {entry['build']['peak_rss_mb']:.0f} MB",
                flush=True,
            )
            floor = entry.get("floor")
            if floor:
                print(
                    f"  floor {floor['wall_s']:.1f} s ({floor['record_pages']:,} record pages "
                    f"{floor['record_pages_s']:.2f} s, {floor['data_files']} data files {floor['data_files_s']:.2f} s), "
                    f"total / floor {entry['ratio_total_to_floor']:.1f}×",
                    flush=True,
                )
            page = entry.get("largest_page")
            if page:
                verdict = (
                    "over the goal of no page over 1 MB" if page["over_goal"] else "within the goal: no page over 1 MB"
                )
                print(f"  largest page {page['bytes'] / 1024 / 1024:.2f} MB ({page['path']}): {verdict}", flush=True)
        if "reference_error" in entry:
            print(f"  REFERENCE FAILED: {entry['reference_error']}")
    lines = table(entries)
    targets = goals(entries)
    print()
    print("\n".join(targets))
    print()
    print("\n".join(lines))
    print()
    print(NOTE)
    document = {"environment": env, "note": NOTE, "sizes": entries}
    results.mkdir(parents=True, exist_ok=True)
    (results / "latest.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    markdown = [
        "# Benchmark: build time and memory by workbook size",
        "",
        f"{env['cpus']} CPUs, Python {env['python']}, {env['platform']}; commit {env['commit'] or '?'}"
        + (f" plus uncommitted changes to: {', '.join(line[3:] for line in env['dirty'])}" if env["dirty"] else "")
        + f"; build sources hash {env['source_hash']}.",
        "",
        "## Goals",
        "",
        *targets,
        "",
        "## By stage",
        "",
        *lines,
        "",
        NOTE,
        "",
    ]
    (results / "latest.md").write_text("\n".join(markdown), encoding="utf-8")
    print(f"\nwrote {results / 'latest.json'} and {results / 'latest.md'}")
    return document


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of whole numbers") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be whole numbers of at least 1")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["_build"]:  # internal: one measured build in this process
        return child_build(Path(arguments[1]), Path(arguments[2]), Path(arguments[3]), arguments[4:5] == ["warm"])
    if arguments[:1] == ["_serve"]:  # internal: serve's rebuild after a one-cell edit, in this process
        return child_serve(Path(arguments[1]), Path(arguments[2]), Path(arguments[3]))
    if arguments[:1] == ["_reference"]:  # internal: the reference build in this process
        return child_reference(Path(arguments[1]), Path(arguments[2]))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=list(DEFAULT_SIZES),
        help="comma-separated contract counts (default 18,500,2000,10000; 18 is the sample workbook)",
    )
    parser.add_argument(
        "--work", type=Path, default=PROJECT / "bench" / "work", help="workbooks and builds (git-ignored)"
    )
    parser.add_argument("--results", type=Path, default=PROJECT / "bench" / "results", help="where latest.json/.md go")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="K",
        help="run each build and reference K times (alternating) and report the fastest of each (default 1)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the built sites and reference sites in --work")
    options = parser.parse_args(arguments)
    document = run(options.sizes, options.work, options.results, options.keep, options.repeat)
    failed = any("build_error" in e or "reference_error" in e for e in document["sizes"])
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The site stage: from rendered pages to a finished site folder (publishing is `output`'s).

The engine (see `engines`) builds the main pages; then, in one place and for any engine, the HTML
blocks kept out of Markdown are put back, and every record page is written into its folder's page
shell (see `shell`) and added to the engine's search index and sitemap.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from safe_commissioning.resources import STATIC_DOCS, THEME
from safe_commissioning.sites.engines import RecordEntry, SiteBuildFailed, SiteSpec
from safe_commissioning.sites.finish import finish_engine_pages, finish_site, hold_back
from safe_commissioning.sites.forks import Forked
from safe_commissioning.sites.memory import (
    BuildMemory,
    engine_inputs,
    fingerprint,
    folder_fingerprint,
    keep_engine_output,
    link_file,
    link_tree,
)
from safe_commissioning.sites.offline_search import write_offline_search
from safe_commissioning.sites.pages import Page, PageRenderer, RecordPage, inert, marker
from safe_commissioning.sites.shell import PageShell, ShellBroken, anchor, record_markdown, shell_markdown, shell_path

if TYPE_CHECKING:
    from safe_commissioning.sites.engines import Engine


def copy_static(kind: str, docs: Path) -> None:
    """Copy the hand-written pages and assets for one site into its docs folder."""
    shutil.copytree(STATIC_DOCS / "assets", docs / "assets", dirs_exist_ok=True)
    own = STATIC_DOCS / kind
    if own.exists():
        shutil.copytree(own, docs, dirs_exist_ok=True)


@dataclass(frozen=True)
class StagedSite:
    """One site rendered into staging, ready for the engine: its main pages and what the engine does not make."""

    spec: SiteSpec
    docs: Path  # the main pages as Markdown, the assets and the data files: what the engine reads
    report_date: date
    fragments: Mapping[str, Sequence[str]]  # each main page's HTML blocks kept out of Markdown, to put back
    records: Sequence[Page]  # the record pages, rendered here (not by the engine) by `renderer`
    renderer: PageRenderer
    held_back: Mapping[str, str] = field(default_factory=dict)  # placeholder → text the engine never sees (`finish`)
    # more held back, known only once the engine has run: the charts, drawn meanwhile, and the committee pack's size
    held_later: Callable[[], Mapping[str, str]] = dict
    sections: Sequence[RecordEntry] = ()  # search entries for parts of main pages (the sourcing plan's rows)
    # files (from `docs`) put in the built site after the engine has run, or by it: written by a helper meanwhile,
    # or taken from the last build. Either way the engine's output is the same, so its memory counts them as there.
    placed_later: Sequence[str] = ()

    @property
    def kind(self) -> str:
        """`internal` or `public`."""
        return self.spec.kind


RecordsWay = Literal["now", "later", "engine"]


def build_site(
    site: StagedSite,
    site_dir: Path,
    engine: Engine,
    stage: Callable[[str], AbstractContextManager[object]] = lambda name: contextlib.nullcontext(),
    records: RecordsWay = "now",
    memory: BuildMemory | None = None,
    previous: Path | None = None,
) -> Unfinished:
    """Build one site into `site_dir`: the main pages in `site.docs` by the engine, then the record pages; return
    what is left to finish it (its search index, sitemap and 404 page), to be done before it is published.

    `records`: "now" writes the record pages before returning (many: half of them in a forked helper meanwhile,
    see `forks`); "later" leaves them to a helper while the caller does other work: `finish` waits for it (or
    writes them itself) and `stop` ends it if the build fails; "engine" gives them to the engine as Markdown,
    the slow way, which a test compares with the light path. With `memory` (serve), what is unchanged since the
    last build is taken from it, and from the `previous` site, rather than made again, and with "later" the pages
    made are written by a helper (`PagesBeside`). Raises SiteBuildFailed.
    """
    spec, docs, report_date, pages, renderer = site.spec, site.docs, site.report_date, site.records, site.renderer
    fragments = dict(site.fragments)
    folders = sorted({page.path.split("/", 1)[0] for page in pages})
    if records != "engine":
        for folder in folders:
            (docs / folder).mkdir(parents=True, exist_ok=True)
            (docs / shell_path(folder)).write_text(shell_markdown(), encoding="utf-8")
    else:
        for page in pages:
            record = renderer.render_record(page)
            fragments[page.path] = [record.body]
            (docs / page.path).parent.mkdir(parents=True, exist_ok=True)
            markdown = record_markdown(
                record.title, inert(record.title), anchor(record.title), record.summary + "\n" + marker(0)
            )
            (docs / page.path).write_text(markdown, encoding="utf-8")
    remembered = memory.last(spec.kind) if memory is not None else None
    with stage(f"{engine.name} {spec.kind}"):
        engine_spec = hold_back(spec, docs, site.held_back)
        _run_engine(engine_spec, docs, site_dir, report_date, engine, memory, site.placed_later)
    held = {**site.held_back, **site.held_later()}
    with stage(f"{engine.name} {spec.kind}"):
        finish_engine_pages(site_dir, held, engine, fragments)
    if records == "engine":
        engine.add_pages(site_dir, spec, site.sections, report_date)
        write_offline_search(site_dir, engine.search_entries(site_dir))
        finish_site(site_dir, spec)
        return Unfinished()
    with stage(f"records {spec.kind}"):
        try:
            shells = {
                folder: engine.take_page(site_dir, shell_path(folder).removesuffix(".md") + ".html")
                for folder in folders
            }
            cut = {folder: PageShell(html) for folder, html in shells.items()}
        except ShellBroken as error:
            raise SiteBuildFailed(f"the {spec.kind} site could not be built: {error}") from None
        kept: dict[str, tuple[bytes, RecordPage]] = {}
        beside: RecordsBeside | PagesBeside | None = None
        settle: Callable[[], None] = lambda: None  # noqa: E731  # waits for pages still being written
        if memory is not None and memory.records:
            made: list[Made] | None = [] if records == "later" else None
            entries, kept = _write_remembered(site, site_dir, shells, cut, memory, previous, made)
            if made:  # "later": written by a helper meanwhile, and waited for only once the rest is finished
                beside = PagesBeside.start(made)
                settle = beside.wait
            written: Callable[[], list[RecordEntry]] = lambda: entries  # noqa: E731
        elif records == "later":
            beside = RecordsBeside.start(pages, renderer, cut, site_dir)
            written = beside.entries
        else:
            entries = write_records(pages, renderer, cut, site_dir)
            written = lambda: entries  # noqa: E731

    def finish() -> None:
        with stage(f"records {spec.kind}"):
            entries = [*written(), *site.sections]
            if memory is not None and not memory.records:
                memory.rendered[spec.kind] = memory.rendered.get(spec.kind, 0) + len(pages)
            index = dict(remembered.index) if remembered is not None and memory and memory.records else None
            engine.add_pages(site_dir, spec, entries, report_date, index)
            if memory is not None and index is not None:
                memory.new(spec.kind).index = {entry: index[entry] for entry in entries}
            write_offline_search(site_dir, engine.search_entries(site_dir))
            finish_site(site_dir, spec)
            settle()
        if memory is not None:
            memory.new(spec.kind).records = kept
            memory.new(spec.kind).shells = shells

    if beside is not None:
        return Unfinished(finish, beside.stop)
    finish()
    return Unfinished()


@dataclass(frozen=True)
class Unfinished:
    """What is left of a site's build (`build_site`): `finish` it before publishing, or `stop` it if the build fails."""

    finish: Callable[[], None] = lambda: None
    stop: Callable[[], None] = lambda: None


def _write_remembered(
    site: StagedSite,
    site_dir: Path,
    shells: Mapping[str, str],
    cut: Mapping[str, PageShell],
    memory: BuildMemory,
    previous: Path | None,
    made: list[Made] | None = None,
) -> tuple[list[RecordEntry], dict[str, tuple[bytes, RecordPage]]]:
    """Write the record pages (serve), taking each one unchanged since the last build from it; return their search
    entries and what to remember of each. With `made`, the pages that are not taken are added to it, to be written
    elsewhere, rather than written."""
    renderer, kind = site.renderer, site.kind
    remembered = memory.last(kind)
    known = remembered.records
    kept: dict[str, tuple[bytes, RecordPage]] = {}
    shared = fingerprint(renderer.record_shared, folder_fingerprint(renderer.templates))
    entries = []
    for page in site.records:
        folder = page.path.split("/", 1)[0]
        inputs = memory.page_inputs(shared, page) if shared else b""
        last = known.get(page.path)
        if inputs and last is not None and last[0] == inputs:
            record = last[1]
            old = previous / record.path if previous is not None else None
            if remembered.shells.get(folder) == shells[folder] and old and old.is_file():
                link_file(old, site_dir / record.path)  # the same page as last time
                kept[page.path] = last
                entries.append(RecordEntry(record.path, record.title, record.summary))
                continue
        else:
            record = renderer.render_record(page)
            memory.rendered[kind] = memory.rendered.get(kind, 0) + 1
        kept[page.path] = (inputs, record)
        if made is None:
            (site_dir / record.path).write_text(cut[folder].page(record), encoding="utf-8")
        else:
            made.append((site_dir / record.path, cut[folder], record))
        entries.append(RecordEntry(record.path, record.title, record.summary))
    return entries, kept


SPLIT_FROM = 200  # record pages: below this, forking a helper and reading its result back costs what it saves


class RecordsBeside:
    """Record pages being written by a forked helper (see `forks`) while this process does other work."""

    def __init__(
        self, pages: Sequence[Page], renderer: PageRenderer, cut: Mapping[str, PageShell], site_dir: Path
    ) -> None:
        self.pages, self.renderer, self.cut, self.site_dir = pages, renderer, cut, site_dir
        self.helper: Forked | None = None

    @classmethod
    def start(
        cls, pages: Sequence[Page], renderer: PageRenderer, cut: Mapping[str, PageShell], site_dir: Path
    ) -> RecordsBeside:
        """Fork a helper writing `pages`, if there are enough to pay and it is safe; else they are written by `entries`."""
        beside = cls(pages, renderer, cut, site_dir)
        if len(pages) >= SPLIT_FROM // 2:
            result = site_dir.parent / f".{site_dir.name}-records-{len(pages)}"
            beside.helper = Forked.start(lambda: _write(pages, renderer, cut, site_dir), result)
        return beside

    def entries(self) -> list[RecordEntry]:
        """The pages' search entries, in order, once written: by the helper if it finished cleanly, else here (the
        same pages, or the same error)."""
        if self.helper is not None:
            try:
                done = self.helper.value()
            finally:
                self.helper.stop()
            if isinstance(done, list) and len(done) == len(self.pages):
                return done
        return _write(self.pages, self.renderer, self.cut, self.site_dir)

    def stop(self) -> None:
        """End the helper if it is still running."""
        if self.helper is not None:
            self.helper.stop()


Made = tuple[Path, PageShell, RecordPage]  # a record page made, to be written at its path in its folder's shell


class PagesBeside:
    """Pages already made, put in their shells and written into their files by a forked helper (see `forks`) while
    this process does other work: in serve, where a site's record pages differ from the last build's by little more
    than the workbook's stamp, writing them is most of their cost."""

    def __init__(self, pages: Sequence[Made], helper: Forked | None) -> None:
        self.pages, self.helper = pages, helper

    @classmethod
    def start(cls, pages: Sequence[Made]) -> PagesBeside:
        """Fork a helper writing `pages` if there are enough to pay and it is safe; else write them now (a fork costs
        the build more than writing a few pages: each page of memory it touches afterwards is copied)."""
        helper = Forked.start(lambda: _write_pages(pages)) if len(pages) >= SPLIT_FROM // 2 else None
        if helper is None:
            _write_pages(pages)
        return cls(pages, helper)

    def wait(self) -> None:
        """Wait until every page is written: by the helper if it finished cleanly, else here."""
        if self.helper is not None:
            done = self.helper.wait()
            self.helper = None
            if not done:
                _write_pages(self.pages)

    def stop(self) -> None:
        """End the helper if it is still running."""
        if self.helper is not None:
            self.helper.stop()
            self.helper = None


def _write_pages(pages: Sequence[Made]) -> None:
    for path, shell, record in pages:
        path.write_text(shell.page(record), encoding="utf-8")


def write_records(
    records: Sequence[Page], renderer: PageRenderer, cut: Mapping[str, PageShell], site_dir: Path
) -> list[RecordEntry]:
    """Render and write the record pages into their folders' shells; return their search entries, in order.

    With many, every other page is written by a forked helper (`RecordsBeside`) while this process writes the rest."""
    if len(records) < SPLIT_FROM:
        return _write(records, renderer, cut, site_dir)
    beside = RecordsBeside.start(records[1::2], renderer, cut, site_dir)
    try:
        ours = _write(records[0::2], renderer, cut, site_dir)
        theirs = beside.entries()
    finally:
        beside.stop()
    entries = ours + theirs
    entries[0::2], entries[1::2] = ours, theirs
    return entries


def _write(
    records: Sequence[Page], renderer: PageRenderer, cut: Mapping[str, PageShell], site_dir: Path
) -> list[RecordEntry]:
    entries = []
    for page in records:
        record = renderer.render_record(page)
        (site_dir / record.path).write_text(cut[page.path.split("/", 1)[0]].page(record), encoding="utf-8")
        entries.append(RecordEntry(record.path, record.title, record.summary))
    return entries


def _run_engine(
    spec: SiteSpec,
    docs: Path,
    site_dir: Path,
    report_date: date,
    engine: Engine,
    memory: BuildMemory | None,
    placed_later: Sequence[str] = (),
) -> None:
    """Build the main pages, or take the engine's last output if nothing it reads has changed (`placed_later`: see
    `StagedSite`)."""
    if memory is None:
        engine.build(spec, docs, site_dir, report_date)
        return
    last, new = memory.last(spec.kind), memory.new(spec.kind)
    new.engine_inputs = engine_inputs(spec, engine.name, report_date, docs=docs, theme=THEME, present=placed_later)
    kept = last.engine_output
    if (
        last.engine_inputs == new.engine_inputs
        and kept is not None
        and last.engine_files
        and all((kept / name).is_file() for name in last.engine_files)
    ):
        link_tree(kept, site_dir)
        for static in sorted(docs.rglob("*")):  # data files and reports are this build's, not the last one's
            if static.is_file() and static.suffix != ".md":
                link_file(static, site_dir / static.relative_to(docs))
        new.engine_output, new.engine_files = kept, last.engine_files
        return
    new.engine_files = engine.build(spec, docs, site_dir, report_date)
    memory.engine_runs += 1
    new.engine_output = keep_engine_output(memory.output_folder(spec.kind), site_dir)

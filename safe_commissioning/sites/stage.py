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
from typing import TYPE_CHECKING

from safe_commissioning.resources import STATIC_DOCS, THEME
from safe_commissioning.sites.engines import RecordEntry, SiteBuildFailed, SiteSpec, rewrite
from safe_commissioning.sites.finish import finish_engine_pages, finish_site, hold_back
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
from safe_commissioning.sites.pages import FRAGMENT_MARKER, Page, PageRenderer, RecordPage, inert, marker
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

    @property
    def kind(self) -> str:
        """`internal` or `public`."""
        return self.spec.kind


def build_site(
    site: StagedSite,
    site_dir: Path,
    engine: Engine,
    stage: Callable[[str], AbstractContextManager[object]] = lambda name: contextlib.nullcontext(),
    light: bool = True,
    memory: BuildMemory | None = None,
    previous: Path | None = None,
) -> None:
    """Build one site into `site_dir`: the main pages in `site.docs` by the engine, then the record pages.

    `light=False` gives the record pages to the engine as Markdown instead, the slow way, which a test
    compares with the light path. With `memory` (serve), what is unchanged since the last build is
    taken from it, and from the `previous` site, rather than made again. Raises SiteBuildFailed.
    """
    spec, docs, report_date, records, renderer = site.spec, site.docs, site.report_date, site.records, site.renderer
    fragments = dict(site.fragments)
    folders = sorted({page.path.split("/", 1)[0] for page in records})
    if light:
        for folder in folders:
            (docs / folder).mkdir(parents=True, exist_ok=True)
            (docs / shell_path(folder)).write_text(shell_markdown(), encoding="utf-8")
    else:
        for page in records:
            record = renderer.render_record(page)
            fragments[page.path] = [record.body]
            (docs / page.path).parent.mkdir(parents=True, exist_ok=True)
            markdown = record_markdown(
                record.title, inert(record.title), anchor(record.title), record.summary + "\n" + marker(0)
            )
            (docs / page.path).write_text(markdown, encoding="utf-8")
    remembered = memory.last(spec.kind) if memory is not None else None
    with stage(f"{engine.name} {spec.kind}"):
        _run_engine(hold_back(spec, docs, site.held_back), docs, site_dir, report_date, engine, memory)
        restore_fragments(site_dir, fragments)
        finish_engine_pages(site_dir, site.held_back, engine)
    if not light:
        write_offline_search(site_dir, engine.search_entries(site_dir))
        finish_site(site_dir, spec)
        return
    with stage(f"records {spec.kind}"):
        try:
            shells = {
                folder: engine.take_page(site_dir, shell_path(folder).removesuffix(".md") + ".html")
                for folder in folders
            }
            cut = {folder: PageShell(html) for folder, html in shells.items()}
        except ShellBroken as error:
            raise SiteBuildFailed(f"the {spec.kind} site could not be built: {error}") from None
        remembering = memory is not None and memory.records
        known = remembered.records if remembered is not None and remembering else {}
        kept: dict[str, tuple[bytes, RecordPage]] = {}
        shared = fingerprint(renderer.record_shared, folder_fingerprint(renderer.templates)) if remembering else b""
        entries = []
        for page in records:
            folder = page.path.split("/", 1)[0]
            inputs = memory.page_inputs(shared, page) if shared and memory else b""
            last = known.get(page.path)
            if inputs and last is not None and last[0] == inputs:
                record = last[1]
                old = previous / record.path if previous is not None else None
                if remembered and remembered.shells.get(folder) == shells[folder] and old and old.is_file():
                    link_file(old, site_dir / record.path)  # the same page as last time
                    kept[page.path] = last
                    entries.append(RecordEntry(record.path, record.title, record.summary))
                    continue
            else:
                record = renderer.render_record(page)
                if memory is not None:
                    memory.rendered[spec.kind] = memory.rendered.get(spec.kind, 0) + 1
            if remembering:
                kept[page.path] = (inputs, record)
            (site_dir / record.path).write_text(cut[folder].page(record), encoding="utf-8")
            entries.append(RecordEntry(record.path, record.title, record.summary))
        index = dict(remembered.index) if remembered is not None and remembering else None
        engine.add_pages(site_dir, spec, entries, report_date, index)
        if memory is not None and index is not None:
            memory.new(spec.kind).index = {entry: index[entry] for entry in entries}
        write_offline_search(site_dir, engine.search_entries(site_dir))
    finish_site(site_dir, spec)
    if memory is not None:
        memory.new(spec.kind).records = kept
        memory.new(spec.kind).shells = shells


def _run_engine(
    spec: SiteSpec, docs: Path, site_dir: Path, report_date: date, engine: Engine, memory: BuildMemory | None
) -> None:
    """Build the main pages, or take the engine's last output if nothing it reads has changed."""
    if memory is None:
        engine.build(spec, docs, site_dir, report_date)
        return
    last, new = memory.last(spec.kind), memory.new(spec.kind)
    new.engine_inputs = engine_inputs(spec, engine.name, report_date, docs=docs, theme=THEME)
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


def restore_fragments(site_dir: Path, fragments: Mapping[str, Sequence[str]]) -> None:
    """Put each page's HTML blocks back in place of their markers, in the built pages."""
    for source, blocks in sorted(fragments.items()):
        if not blocks:
            continue
        page = site_dir / (source.removesuffix(".md") + ".html")
        rewrite(page, _put_back(page.read_text(encoding="utf-8"), blocks))


def _put_back(text: str, blocks: Sequence[str]) -> str:
    return FRAGMENT_MARKER.sub(lambda match: blocks[int(match[1])], text)

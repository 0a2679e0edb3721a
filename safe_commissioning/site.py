"""The site stage: from rendered pages to a finished site folder (publishing is `output`'s).

The engine (see `engines`) builds the main pages; then, in one place and for any engine, the HTML
blocks kept out of Markdown are put back, and every record page is written into its folder's page
shell (see `shell`) and added to the engine's search index and sitemap.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .engines import RecordEntry
from .pages import FRAGMENT_MARKER, Page, PageRenderer, inert, marker
from .shell import PageShell, ShellBroken, anchor, record_markdown, shell_markdown, shell_path

if TYPE_CHECKING:
    from .engines import Engine

PROJECT = Path(__file__).resolve().parent.parent
STATIC_DOCS = PROJECT / "docs"


class SiteBuildFailed(Exception):
    """MkDocs could not build a site; the message says why."""


@dataclass
class SiteSpec:
    """What distinguishes one site: its name, navigation, pages kept out of the nav, and extras."""

    kind: str  # "internal" or "public"
    site_name: str
    nav: Sequence[Mapping[str, str]]
    not_in_nav: str = ""
    description: str = ""
    footer: str = ""
    site_url: str = ""  # where the site will be published: gives the sitemap its addresses
    extra: dict[str, Any] = field(default_factory=dict)


def copy_static(kind: str, docs: Path) -> None:
    """Copy the hand-written pages and assets for one site into its docs folder."""
    shutil.copytree(STATIC_DOCS / "assets", docs / "assets", dirs_exist_ok=True)
    own = STATIC_DOCS / kind
    if own.exists():
        shutil.copytree(own, docs, dirs_exist_ok=True)


_THEME_SAFE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&*+,;=:@/-]*)?")


def theme_safe_url(url: str) -> str:
    """`url` if it can go into the theme's templates as it is (no quotes, brackets or spaces), else ''.

    Settings validates the Public site URL with a message naming its cell; this is the last guard,
    since the theme writes site_url unescaped into every page's canonical link and the 404 page.
    """
    return url if _THEME_SAFE_URL.fullmatch(url) and "&" not in url else ""


def build_site(
    spec: SiteSpec,
    docs: Path,
    site_dir: Path,
    report_date: date,
    fragments: Mapping[str, Sequence[str]],
    records: Sequence[Page],
    renderer: PageRenderer,
    engine: Engine,
    stage: Callable[[str], AbstractContextManager[object]] = lambda name: contextlib.nullcontext(),
    light: bool = True,
) -> None:
    """Build one site into `site_dir`: the main pages in `docs` by the engine, then the record pages.

    `light=False` gives the record pages to the engine as Markdown instead, the slow way, which a test
    compares with the light path. Raises SiteBuildFailed.
    """
    fragments = dict(fragments)
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
    with stage(f"{engine.name} {spec.kind}"):
        engine.build(spec, docs, site_dir, report_date)
        restore_fragments(site_dir, fragments)
    if not light:
        return
    with stage(f"records {spec.kind}"):
        try:
            shells = {
                folder: PageShell(engine.take_page(site_dir, shell_path(folder).removesuffix(".md") + ".html"))
                for folder in folders
            }
        except ShellBroken as error:
            raise SiteBuildFailed(f"the {spec.kind} site could not be built: {error}") from None
        entries = []
        for page in records:
            record = renderer.render_record(page)
            (site_dir / record.path).write_text(shells[page.path.split("/", 1)[0]].page(record), encoding="utf-8")
            entries.append(RecordEntry(record.path, record.title, record.summary))
        engine.add_pages(site_dir, spec, entries, report_date)


def restore_fragments(site_dir: Path, fragments: Mapping[str, Sequence[str]]) -> None:
    """Put each page's HTML blocks back in place of their markers, in the built pages."""
    for source, blocks in sorted(fragments.items()):
        if not blocks:
            continue
        page = site_dir / (source.removesuffix(".md") + ".html")
        page.write_text(_put_back(page.read_text(encoding="utf-8"), blocks), encoding="utf-8")


def _put_back(text: str, blocks: Sequence[str]) -> str:
    return FRAGMENT_MARKER.sub(lambda match: blocks[int(match[1])], text)

"""The static-site engines behind one adapter: what the build asks of an engine, and nothing more.

The project renders every page itself. An engine turns the main pages (about 20 per site, Markdown
in a docs folder) into a themed site; the record pages (thousands: one per contract and provider)
never pass through it. They are written into a page shell, an ordinary page the engine built with
placeholders where a record's title and body go (see `shell`). So an engine has three jobs:

- `build`: the main pages and the theme's assets, from `docs` into `site`, listing the files it wrote;
- `take_page`: hand over one built page (the shell) and remove it from the site, its search index
  and its sitemap;
- `add_pages`: put the record pages the project wrote into the search index and the sitemap, in the
  engine's own formats (and `search_entries` reads the index back, for the search that works from disk).

The last two are the same steps for every engine, over different file formats: `IndexedEngine` takes
them once, and each engine says how its search index and sitemap are read and written.

MkDocs with Material for MkDocs is the default (`mkdocs`); Zensical, Material's successor, is the
second (`zensical`). A council moves by building with `--engine zensical`; nothing else changes.
"""

from __future__ import annotations

import html
import importlib.util
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar, Protocol

ENGINES = ("mkdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"


class SiteBuildFailed(Exception):
    """MkDocs could not build a site; the message says why."""


NavEntry = Mapping[str, "str | Sequence[NavEntry]"]  # a page ({title: path}) or a section ({title: [entries]})


def escaped_nav(nav: Sequence[NavEntry]) -> list[dict[str, Any]]:
    """The navigation with every title HTML-escaped: the theme prints titles as they are."""
    return [
        {
            html.escape(title): target if isinstance(target, str) else escaped_nav(target)
            for title, target in item.items()
        }
        for item in nav
    ]


def nav_pages(nav: Sequence[NavEntry]) -> list[tuple[str, str]]:
    """Every (title, path) of the navigation, sections opened, in order."""
    found: list[tuple[str, str]] = []
    for item in nav:
        for title, target in item.items():
            found.extend([(title, target)] if isinstance(target, str) else nav_pages(target))
    return found


@dataclass
class SiteSpec:
    """What distinguishes one site: its name, navigation, pages kept out of the nav, and extras."""

    kind: str  # "internal" or "public"
    site_name: str
    nav: Sequence[NavEntry]
    not_in_nav: str = ""
    description: str = ""
    footer: str = ""
    site_url: str = ""  # where the site will be published: gives the sitemap its addresses
    extra: dict[str, Any] = field(default_factory=dict)


_THEME_SAFE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&*+,;=:@/-]*)?")


def theme_safe_url(url: str) -> str:
    """`url` if it can go into the theme's templates as it is (no quotes, brackets or spaces), else ''.

    Settings validates the Public site URL with a message naming its cell; this is the last guard,
    since the theme writes site_url unescaped into every page's canonical link and the 404 page.
    """
    return url if _THEME_SAFE_URL.fullmatch(url) and "&" not in url else ""


def rewrite(path: Path, text: str | bytes) -> None:
    """Replace a built file's contents with a new file, never writing through a hard link to a kept copy."""
    path.unlink(missing_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class RecordEntry:
    """A page the project wrote itself, as the engine's search index and sitemap must know it."""

    path: str  # in the site, e.g. "contracts/csc-001.html"
    title: str  # plain text
    summary: str  # the page's first paragraph as HTML: what search shows and matches besides the title


class Engine(Protocol):
    """What the build asks of a static-site engine."""

    name: str

    def build(self, spec: SiteSpec, docs: Path, site: Path, report_date: date) -> list[str]:
        """Build the Markdown pages in `docs` into `site`; the files written, relative and sorted.

        Raises SiteBuildFailed with the engine's own reasons.
        """

    def take_page(self, site: Path, path: str) -> str:
        """The HTML of the built page `path`, removed from the site, its search index and its sitemap."""

    def add_pages(
        self,
        site: Path,
        spec: SiteSpec,
        pages: Sequence[RecordEntry],
        report_date: date,
        known: dict[RecordEntry, Mapping[str, object]] | None = None,
    ) -> None:
        """Add pages written into `site` by the project to its search index and sitemap (a part of a page, its path
        with a `#`, to the search index only).

        `known` (serve) holds index entries made before, by page: those are not made again, new ones are added.
        """

    def search_entries(self, site: Path) -> list[dict[str, object]]:
        """Every entry of the site's search index (each with location, title and text at least)."""

    def edit_index_text(self, site: Path, edit: Callable[[str], str]) -> None:
        """Pass every text of every entry of the site's search index through `edit`."""


Url = tuple[str, str]  # a sitemap address as written (XML-escaped), and its date ('' where none is written)


class IndexedEngine(ABC):
    """`take_page`, `add_pages` and `search_entries`, over an engine's own search index and sitemap."""

    entries: ClassVar[str]  # the key of the search index's list of pages

    @abstractmethod
    def read_index(self, site: Path) -> dict[str, Any]:
        """The site's search index."""

    @abstractmethod
    def write_index(self, site: Path, index: dict[str, Any]) -> None:
        """Write the search index back, as the engine writes it."""

    @abstractmethod
    def index_entry(self, page: RecordEntry) -> Mapping[str, object]:
        """A record page's entry in the search index, as the engine would make it."""

    @abstractmethod
    def read_sitemap(self, site: Path) -> list[Url]:
        """The sitemap's addresses and dates, in its order."""

    @abstractmethod
    def write_sitemap(self, site: Path, urls: Sequence[Url]) -> None:
        """Write the sitemap, as the engine writes it."""

    @abstractmethod
    def with_pages(self, urls: Sequence[Url], addresses: Sequence[str], report_date: date) -> list[Url]:
        """The sitemap's `urls` with the record pages' `addresses` added where the engine puts them."""

    def take_page(self, site: Path, path: str) -> str:
        """The built page `path`, removed from the site, the search index and the sitemap."""
        page = site / path
        text = page.read_text(encoding="utf-8")
        page.unlink()
        index = self.read_index(site)
        index[self.entries] = [entry for entry in index[self.entries] if entry["location"].split("#", 1)[0] != path]
        self.write_index(site, index)
        self.write_sitemap(site, [url for url in self.read_sitemap(site) if not url[0].endswith("/" + path)])
        return text

    def add_pages(
        self,
        site: Path,
        spec: SiteSpec,
        pages: Sequence[RecordEntry],
        report_date: date,
        known: dict[RecordEntry, Mapping[str, object]] | None = None,
    ) -> None:
        """Add the pages to the search index and, where the site has an address, to the sitemap; `known`: see
        `Engine.add_pages` (an entry is made from the page's text alone, by parsing its HTML)."""
        if not pages:
            return
        made = {} if known is None else known
        for page in pages:
            if page not in made:
                made[page] = self.index_entry(page)
        index = self.read_index(site)
        index[self.entries] += [made[page] for page in pages]
        self.write_index(site, index)
        base = theme_safe_url(spec.site_url)
        if base:
            base = base if base.endswith("/") else base + "/"
            addresses = [base + page.path for page in pages if "#" not in page.path]  # a part of a page is no page
            self.write_sitemap(site, self.with_pages(self.read_sitemap(site), addresses, report_date))

    def search_entries(self, site: Path) -> list[dict[str, object]]:
        """The entries of the search index."""
        return [dict(entry) for entry in self.read_index(site)[self.entries]]

    def edit_index_text(self, site: Path, edit: Callable[[str], str]) -> None:
        """Pass every text of every entry of the search index through `edit`; rewrite the index if any changed."""
        index = self.read_index(site)
        entries = [
            {key: edit(value) if isinstance(value, str) else value for key, value in entry.items()}
            for entry in index[self.entries]
        ]
        if entries != index[self.entries]:
            index[self.entries] = entries
            self.write_index(site, index)


def files_of(site: Path) -> list[str]:
    """Every file under `site`, relative and sorted: what an engine reports it wrote."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())


# The package each engine needs, and how to install it: Zensical is an optional extra of the package.
_PACKAGES = {
    "mkdocs": ("material", "mkdocs-material"),
    "zensical": ("zensical", "'safe-commissioning-dashboard[zensical]'"),
}


def engine_missing(name: str) -> str | None:
    """Why the engine called `name` cannot run here, with the command that installs it; None when it can."""
    module, requirement = _PACKAGES[name]
    if importlib.util.find_spec(module) is not None:
        return None
    return (
        f"the {name} engine is not installed: install it with python -m pip install {requirement} "
        "(a checkout's requirements/site.txt has it), or build with the default engine"
    )


def engine_named(name: str) -> Engine:
    """The engine called `name` (one of ENGINES)."""
    if name == "mkdocs":
        from safe_commissioning.sites.engines.material import MaterialEngine

        return MaterialEngine()
    if name == "zensical":
        from safe_commissioning.sites.engines.zensical import ZensicalEngine

        return ZensicalEngine()
    raise ValueError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")

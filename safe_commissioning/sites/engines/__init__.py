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

MkDocs with Material for MkDocs is the default (`mkdocs`); Zensical, Material's successor, is the
second (`zensical`). A council moves by building with `--engine zensical`; nothing else changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

ENGINES = ("mkdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"


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

    def add_pages(self, site: Path, spec: SiteSpec, pages: Sequence[RecordEntry], report_date: date) -> None:
        """Add pages written into `site` by the project to its search index and sitemap."""

    def search_entries(self, site: Path) -> list[dict[str, object]]:
        """Every entry of the site's search index (each with location, title and text at least)."""


def files_of(site: Path) -> list[str]:
    """Every file under `site`, relative and sorted: what an engine reports it wrote."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())


def engine_named(name: str) -> Engine:
    """The engine called `name` (one of ENGINES)."""
    if name == "mkdocs":
        from safe_commissioning.sites.engines.material import MaterialEngine

        return MaterialEngine()
    if name == "zensical":
        from safe_commissioning.sites.engines.zensical import ZensicalEngine

        return ZensicalEngine()
    raise ValueError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")

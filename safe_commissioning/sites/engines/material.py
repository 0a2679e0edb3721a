"""MkDocs 1.x with Material for MkDocs: the default engine.

Both sites share the project's `mkdocs.yml` (theme, Markdown extensions, assets); each gives its own
name, navigation and extras here. Builds are strict (a warning fails the build) and reproducible:
SOURCE_DATE_EPOCH is set from the report date, so the sitemap carries no build timestamp.

Material is in maintenance mode (end of life 5 May 2027) and MkDocs 2 drops plugins, so nothing here
plugs into MkDocs: the build is run as it comes, and the search index and sitemap it writes are
edited afterwards, in the formats Material's search plugin and MkDocs write them. One thing is added
to the theme's Jinja environment: a cache of its compiled templates, kept for the process and between
runs (see `sites/compiled.py`), so Material's templates are compiled once, not for each site of each
build (Jinja checks each template's source against its compiled code, so an edited template is compiled
again).
"""

from __future__ import annotations

import contextlib
import gzip
import html
import io
import json
import logging
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from jinja2 import Environment

from safe_commissioning.resources import CONFIG
from safe_commissioning.sites.compiled import COMPILED
from safe_commissioning.sites.engines import (
    IndexedEngine,
    RecordEntry,
    SiteBuildFailed,
    SiteSpec,
    Url,
    escaped_nav,
    files_of,
    rewrite,
    theme_safe_url,
)

SEARCH_INDEX = "search/search_index.json"
SITEMAP = "sitemap.xml"


class MaterialEngine(IndexedEngine):
    """Builds with MkDocs and Material for MkDocs, in this process."""

    name = "mkdocs"
    entries = "docs"

    def build(self, spec: SiteSpec, docs: Path, site: Path, report_date: date) -> list[str]:
        """Run MkDocs on `docs` into `site`; raise SiteBuildFailed with MkDocs' own messages."""
        # MkDocs is imported when a site is built, not when the package is: `check` never needs it.
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        logger = logging.getLogger("mkdocs")
        collector = _Collect()
        logger.addHandler(collector)
        previous_level = logger.level
        logger.setLevel(logging.WARNING)
        logger.propagate = False
        try:
            with _reproducible(report_date):
                config = load_config(
                    config_file=str(CONFIG),
                    docs_dir=str(docs),
                    site_dir=str(site),
                    # The theme's templates print these as they are: escape here, the one way in.
                    site_name=html.escape(spec.site_name),
                    site_description=html.escape(spec.description),
                    nav=escaped_nav(spec.nav),
                    not_in_nav=spec.not_in_nav,
                    copyright=html.escape(spec.footer),
                    site_url=theme_safe_url(spec.site_url) or None,
                    extra={"generator": False, "site": spec.kind, **spec.extra},
                    strict=True,
                )
                _keep_compiled(config.theme)
                build(config)
        except (MkDocsException, OSError) as error:
            reasons = "; ".join(dict.fromkeys(collector.messages)) or str(error)
            raise SiteBuildFailed(f"the {spec.kind} site could not be built: {reasons}") from None
        finally:
            logger.removeHandler(collector)
            logger.setLevel(previous_level)
        return files_of(site)

    def read_index(self, site: Path) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))
        return data

    def write_index(self, site: Path, index: dict[str, Any]) -> None:
        # as Material's search plugin writes it
        rewrite(site / SEARCH_INDEX, json.dumps(index, separators=(",", ":"), default=str))

    def index_entry(self, page: RecordEntry) -> Mapping[str, object]:
        return search_entry(page)

    def read_sitemap(self, site: Path) -> list[Url]:
        """The sitemap's addresses and dates, as MkDocs wrote them (addresses still XML-escaped)."""
        return [(loc, lastmod or "") for loc, lastmod in _URL.findall((site / SITEMAP).read_text(encoding="utf-8"))]

    def write_sitemap(self, site: Path, urls: Sequence[Url]) -> None:
        """Write sitemap.xml in MkDocs' layout, and its gzip copy stamped as MkDocs stamped it (the report date)."""
        entries = "".join(
            f"\n    <url>\n         <loc>{loc}</loc>\n         {f'<lastmod>{lastmod}</lastmod>' if lastmod else ''}\n    </url>"
            for loc, lastmod in urls
        )
        text = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_SITEMAP_NS}">{entries}\n</urlset>'
        rewrite(site / SITEMAP, text)
        packed_path = site / (SITEMAP + ".gz")
        stamp = int.from_bytes(packed_path.read_bytes()[4:8], "little")  # the header's modification time
        packed = io.BytesIO()
        with gzip.GzipFile(fileobj=packed, filename=packed_path.name, mode="wb", mtime=stamp) as writer:
            writer.write(text.encode("utf-8"))
        rewrite(packed_path, packed.getvalue())

    def with_pages(self, urls: Sequence[Url], addresses: Sequence[str], report_date: date) -> list[Url]:
        """The record pages after the built ones, dated the report date (MkDocs dates each page by its build)."""
        return [*urls, *((address, report_date.isoformat()) for address in addresses)]


def search_entry(page: RecordEntry) -> dict[str, str]:
    """A record page's entry in Material's search index, as its search plugin would make it.

    The plugin keeps a page's first section: the title of its h1, and its text with the tags it keeps
    (`p`, lists, code) and the others dropped, text escaped (the search box shows it as HTML).
    """
    text = _SearchText()
    text.feed(page.summary)
    text.close()
    return {"location": page.path, "title": html.escape(page.title, quote=False), "text": "".join(text.parts).strip()}


class _SearchText(HTMLParser):
    """The text of an HTML fragment as Material's search plugin indexes it."""

    KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
    SKIP = frozenset({"object", "script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        self.open.append(tag)
        if tag in self.KEEP and not self.SKIP.intersection(self.open):
            self.parts.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            return
        self.open.pop()
        if tag not in self.KEEP or self.SKIP.intersection(self.open) or tag in self.SKIP:
            return
        opened = len(self.parts) - 1 - self.parts[::-1].index(f"<{tag}>")
        if all(part.isspace() for part in self.parts[opened + 1 :]):
            del self.parts[opened:]  # an empty element is dropped
        else:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.SKIP.intersection(self.open):
            return
        if "pre" not in self.open:
            data = " " if data.isspace() else data.replace("\n", " ")
        if data.isspace():
            if not self.parts or not self.parts[-1].isspace() or "pre" in self.open:
                self.parts.append(data)
        else:
            self.parts.append(html.escape(data, quote=False))


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)


_URL = re.compile(r"<url>\s*<loc>([^<]*)</loc>\s*(?:<lastmod>([^<]*)</lastmod>)?\s*</url>")
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _epoch(day: date) -> int:
    return int(datetime.combine(day, time(), UTC).timestamp())


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors so a failed build can say why in one message."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _reproducible(report_date: date) -> Iterator[None]:
    """Pin MkDocs' idea of "now" to the report date, and restore the environment after."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(_epoch(report_date))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _keep_compiled(theme: Any) -> None:
    """Give the environment `theme` makes for this build the process's compiled templates (COMPILED)."""
    make_environment = theme.get_env

    def environment() -> Environment:
        made: Environment = make_environment()
        made.bytecode_cache = COMPILED
        return made

    theme.get_env = environment

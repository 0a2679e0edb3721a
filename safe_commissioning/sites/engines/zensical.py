"""Zensical, Material for MkDocs' successor by the same team: the second engine (`--engine zensical`).

It reads an mkdocs.yml-style configuration and ships Material's theme, so the project's
`mkdocs.yml` and template override serve it too, with four differences made here:

- its "modern" look fails colour contrast on the active navigation link: the "classic" variant
  (Material's own look) is used;
- it has no plugins: the search plugin takes no options, and nothing else is registered;
- anchors are checked in strict mode, and the anchors inside the HTML blocks put back after the
  build do not exist yet: anchor checks are off (links to missing pages still fail the build);
- the configuration must sit in the folder that holds the docs and site folders, so it is written
  into the build's staging folder, with the template override given by its absolute path.

Zensical writes its messages to the terminal itself, so it runs in a child process whose output
is kept for the error message; it writes its search index to `search.json` (`items`, with the
page's level and breadcrumb besides Material's fields) and a sitemap without dates.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from safe_commissioning.resources import CONFIG
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
from safe_commissioning.sites.engines.material import search_entry

SEARCH_INDEX = "search.json"
SITEMAP = "sitemap.xml"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_BUILD = "import sys, zensical; zensical.build(sys.argv[1], {'strict': True, 'clean': False})"
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_URL = re.compile(r"<url>\s*<loc>([^<]*)</loc>.*?</url>", re.DOTALL)


class ZensicalEngine(IndexedEngine):
    """Builds with Zensical in a child process."""

    name = "zensical"
    entries = "items"

    def build(self, spec: SiteSpec, docs: Path, site: Path, report_date: date) -> list[str]:
        """Run Zensical on `docs` into `site`; raise SiteBuildFailed with Zensical's own messages."""
        config_file = docs.parent / f"zensical-{spec.kind}.yml"
        config_file.write_text(json.dumps(configuration(spec, docs, site), indent=1), encoding="utf-8")  # JSON is YAML
        try:
            finished = subprocess.run(
                [sys.executable, "-c", _BUILD, str(config_file)],
                cwd=docs.parent,
                capture_output=True,
                text=True,
                env={**os.environ, "NO_COLOR": "1"},
                check=False,
            )
        except OSError as error:
            raise SiteBuildFailed(f"the {spec.kind} site could not be built: {error}") from None
        if finished.returncode != 0:
            raise SiteBuildFailed(f"the {spec.kind} site could not be built: {_reasons(finished.stderr)}")
        return files_of(site)

    def read_index(self, site: Path) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))
        return data

    def write_index(self, site: Path, index: dict[str, Any]) -> None:
        rewrite(site / SEARCH_INDEX, json.dumps(index, ensure_ascii=False, separators=(",", ":")))

    def index_entry(self, page: RecordEntry) -> Mapping[str, object]:
        entry = search_entry(page)  # the same title and text as Material's plugin makes
        return {
            "location": entry["location"],
            "level": 1,
            "title": entry["title"],
            "text": entry["text"],
            "path": [html.escape(page.title)],
            "tags": [],
        }

    def read_sitemap(self, site: Path) -> list[Url]:
        """The sitemap's addresses (still XML-escaped); Zensical writes no dates."""
        return [(loc, "") for loc in _URL.findall((site / SITEMAP).read_text(encoding="utf-8"))]

    def write_sitemap(self, site: Path, urls: Sequence[Url]) -> None:
        entries = "".join(f"\n<url>\n  <loc>{loc}</loc>\n</url>" for loc, _ in urls)
        text = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_SITEMAP_NS}">{entries}\n</urlset>'
        rewrite(site / SITEMAP, text)

    def with_pages(self, urls: Sequence[Url], addresses: Sequence[str], report_date: date) -> list[Url]:
        """Every address in order, undated, as Zensical writes its sitemap."""
        return sorted([*urls, *((html.escape(address), "") for address in addresses)])


def configuration(spec: SiteSpec, docs: Path, site: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as Zensical takes it, with this site's name, navigation and folders."""
    with open(CONFIG, encoding="utf-8") as source:
        config: dict[str, Any] = yaml.safe_load(source)
    theme = config["theme"]
    theme["variant"] = "classic"
    theme["custom_dir"] = str((CONFIG.parent / theme["custom_dir"]).resolve())
    config["plugins"] = ["search"]
    config["validation"] = {"links": {"not_found": "warn", "anchors": "ignore"}}
    config.update(
        docs_dir=docs.name,
        site_dir=site.name,
        # The theme's templates print these as they are: escape here, the one way in (as for MkDocs).
        site_name=html.escape(spec.site_name),
        site_description=html.escape(spec.description),
        nav=escaped_nav(spec.nav),
        copyright=html.escape(spec.footer),
        extra={"generator": False, "site": spec.kind, **spec.extra},
    )
    if spec.not_in_nav:
        config["not_in_nav"] = spec.not_in_nav
    url = theme_safe_url(spec.site_url)
    if url:
        config["site_url"] = url
    return config


def _reasons(output: str) -> str:
    """Zensical's diagnostics in one line: each drawn box ("╭─[ index.md:3:24 ] … ╰── page does not exist")
    as `index.md:3:24: page does not exist`, and any other message as it is."""
    reasons: list[str] = []
    place = ""
    for line in _ANSI.sub("", output).splitlines():
        text = line.strip()
        if opened := _BOX_PLACE.search(text):
            place = opened[1]
        elif said := _BOX_LABEL.search(text):
            reasons.append(f"{place}: {said[1]}" if place else said[1])
        elif text and not _NOISE.search(text):
            reasons.append(text.removeprefix("RuntimeError: "))
    return "; ".join(dict.fromkeys(reasons)) or "Zensical stopped without saying why"


# the rest of a box, its heading (repeated by its label), the count of issues, Python's traceback
_NOISE = re.compile(r"[╭╰│─┬]|^(Warning|Error): |^\d+ issues? found|^Traceback|^File |^RuntimeError: Aborted")
_BOX_PLACE = re.compile(r"^╭─+\[ (.+?) \]")
_BOX_LABEL = re.compile(r"╰─+ (.+)$")

"""Helpers for tests that build whole sites."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from safe_commissioning.pipeline import BuildOptions, BuildResult, build
from safe_commissioning.sites.engines import DEFAULT_ENGINE, ENGINES

TODAY = date(2026, 1, 1)
# The engines the site tests run on (the `engine` fixture): every engine, or only those that
# SAFE_COMMISSIONING_TEST_ENGINE names (comma-separated), as `make test-engines` does for Zensical.
_NAMED = [name.strip() for name in os.environ.get("SAFE_COMMISSIONING_TEST_ENGINE", "").split(",") if name.strip()]
ENGINES_UNDER_TEST: tuple[str, ...] = tuple(_NAMED) or ENGINES
# The engine every other build uses: the default, unless the environment names one.
ENGINE = _NAMED[0] if _NAMED else DEFAULT_ENGINE
# The engine of the site test running now: the `engine` fixture switches it for the tests that take it.
_current = [ENGINE]


@contextmanager
def building_with(engine: str) -> Iterator[str]:
    """Make `engine` the one that build_sites and the search helpers use, until the block ends."""
    _current.append(engine)
    try:
        yield engine
    finally:
        _current.pop()


def current_engine() -> str:
    """The engine the site tests are building with now."""
    return _current[-1]


def build_sites(workbook: Path, out: Path, as_of: date | None = None, engine: str | None = None) -> BuildResult:
    """Build both sites from `workbook` into `out` quietly (with the current engine unless one is named)."""
    return build(BuildOptions(workbook=workbook, out=out, as_of=as_of, today=TODAY, engine=engine or current_engine()))


def copy_build(built: Path, out: Path) -> Path:
    """A copy of the build in `built` at `out`: what building the same workbook bytes into `out` gives,
    since builds are byte-identical in any folder (test_determinism), at the cost of a copy."""
    shutil.copytree(built, out, symlinks=True)
    return out


# Where each engine writes its search index, and the key of its list of entries.
SEARCH_INDEXES = {"mkdocs": ("search/search_index.json", "docs"), "zensical": ("search.json", "items")}


def search_index_path(root: Path) -> Path:
    """The search index of a built site."""
    return root / SEARCH_INDEXES[current_engine()][0]


def search_entries(root: Path) -> list[dict[str, Any]]:
    """The entries of a built site's search index: location, title, text (and what else the engine adds)."""
    entries: list[dict[str, Any]] = json.loads(search_index_path(root).read_text(encoding="utf-8"))[
        SEARCH_INDEXES[current_engine()][1]
    ]
    return entries


def site_files(root: Path) -> Iterator[Path]:
    """Every file of a built site."""
    return (path for path in sorted(root.rglob("*")) if path.is_file())


def text_of(path: Path) -> str:
    """A built file's text (binary files decoded leniently, so markers are still found)."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        import gzip

        data = gzip.decompress(data)
    if path.suffix == ".ics":  # unfold RFC 5545 lines, so a marker folded across two lines is still found
        data = data.replace(b"\r\n ", b"")
    return data.decode("utf-8", "replace")


def html_pages(root: Path) -> list[Path]:
    """Every HTML page of a built site."""
    return sorted(root.rglob("*.html"))


def figures(root: Path) -> Iterator[tuple[Path, str]]:
    """Every chart's figure (its drawings and its table) on every page of a built site, with its page."""
    for page in html_pages(root):
        for figure in re.findall(r'<figure class="sc-figure[" ].*?</figure>', page.read_text(encoding="utf-8"), re.S):
            yield page, figure

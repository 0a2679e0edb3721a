"""Helpers for tests that build whole sites."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from safe_commissioning.pipeline import BuildOptions, BuildResult, build

TODAY = date(2026, 1, 1)


def build_sites(workbook: Path, out: Path, as_of: date | None = None) -> BuildResult:
    """Build both sites from `workbook` into `out` quietly."""
    return build(BuildOptions(workbook=workbook, out=out, as_of=as_of, today=TODAY))


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

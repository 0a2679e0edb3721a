"""Build an MkDocs-material site from a rendered docs folder (publishing is `output`'s).

Both sites share `mkdocs.yml` (theme, Markdown extensions, assets); each gives its own name,
navigation and extras here. Builds are strict (a warning fails the build) and reproducible:
SOURCE_DATE_EPOCH is set from the report date, so the sitemap carries no build timestamp.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from .pages import FRAGMENT_MARKER as _MARKER

PROJECT = Path(__file__).resolve().parent.parent
BASE_CONFIG = PROJECT / "mkdocs.yml"
STATIC_DOCS = PROJECT / "docs"


class FragmentsPlugin:
    """Puts each page's pre-rendered HTML blocks back in place of their markers, after MkDocs is done.

    Registered on the loaded config rather than through mkdocs.yml, because the blocks live in
    this process (see pages.PageRenderer). Running after the page is rendered keeps the blocks out
    of Markdown and out of the search index, which is built from each page's own text.
    """

    def __init__(self, fragments: Mapping[str, Sequence[str]]) -> None:
        self.fragments = fragments

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        blocks = self.fragments.get(page.file.src_uri)
        if not blocks:
            return output
        return _MARKER.sub(lambda match: blocks[int(match[1])], output)


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


@contextlib.contextmanager
def _reproducible(report_date: date) -> Iterator[None]:
    """Pin MkDocs' idea of "now" to the report date, and restore the environment after."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.combine(report_date, time(), UTC).timestamp()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


_THEME_SAFE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&*+,;=:@/-]*)?")


def theme_safe_url(url: str) -> str:
    """`url` if it can go into the theme's templates as it is (no quotes, brackets or spaces), else ''.

    Settings validates the Public site URL with a message naming its cell; this is the last guard,
    since the theme writes site_url unescaped into every page's canonical link and the 404 page.
    """
    return url if _THEME_SAFE_URL.fullmatch(url) and "&" not in url else ""


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors so a failed build can say why in one message."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(
    spec: SiteSpec,
    docs: Path,
    site_dir: Path,
    report_date: date,
    fragments: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Run MkDocs on `docs` into `site_dir`; raise SiteBuildFailed with MkDocs' own messages."""
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
                config_file=str(BASE_CONFIG),
                docs_dir=str(docs),
                site_dir=str(site_dir),
                # The theme's templates print these as they are: escape here, the one way in.
                site_name=html.escape(spec.site_name),
                site_description=html.escape(spec.description),
                nav=[{html.escape(title): path for title, path in item.items()} for item in spec.nav],
                not_in_nav=spec.not_in_nav,
                copyright=html.escape(spec.footer),
                site_url=theme_safe_url(spec.site_url) or None,
                extra={"generator": False, "site": spec.kind, **spec.extra},
                strict=True,
            )
            config.plugins["safe-commissioning-fragments"] = FragmentsPlugin(fragments or {})  # type: ignore[assignment]
            build(config)
    except (MkDocsException, OSError) as error:
        reasons = "; ".join(dict.fromkeys(collector.messages)) or str(error)
        raise SiteBuildFailed(f"the {spec.kind} site could not be built: {reasons}") from None
    finally:
        logger.removeHandler(collector)
        logger.setLevel(previous_level)

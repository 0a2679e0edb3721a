"""Record pages on a light path: written into a page shell the engine built, never built by the engine.

A site has thousands of record pages (one per contract and provider) and about 20 main pages. The
engine builds the main pages and, for each folder of records, one shell: a record page whose title,
heading, anchor, file name and body are placeholders. Each record is then the shell with its own
values put in, so it has exactly the engine's header, navigation, banner, search box and scripts
at the cost of joining a few strings.

The same Markdown that makes the shell also makes a record page the engine's way
(`record_markdown`), which is how a test proves both paths give the same page.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata

from safe_commissioning.sites.pages import RecordPage, inert

# Placeholders: plain words and a comment, which no escaped workbook text can become.
TITLE = "SCSLOT7TITLE"  # the page title, in <title> and the header (HTML-escaped text)
HEADING = "SCSLOT7HEADING"  # the h1 (text made inert, as Markdown would have received it)
ANCHOR = "scslot7anchor"  # the h1's id, which the skip link points to
STEM = "scslot7page"  # the file name without .html (in the canonical link)
BODY = "<!--scslot7body-->"  # the page's own HTML
_SLOT = re.compile("(" + "|".join(re.escape(slot) for slot in (TITLE, HEADING, ANCHOR, STEM, BODY)) + ")")


def anchor(title: str) -> str:
    """The id of a page's heading, as Markdown's table-of-contents extension would make it."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text) or "top"


def record_markdown(title: str, heading: str, anchor_id: str, content: str) -> str:
    """A record page as Markdown for an engine: front matter, the heading, then `content` (HTML blocks)."""
    return (
        f"---\ntitle: {json.dumps(html.escape(title))}\nrecord: true\n---\n# {heading} {{#{anchor_id}}}\n\n{content}\n"
    )


def shell_markdown() -> str:
    """The Markdown of a folder's shell page: a record page of placeholders."""
    return record_markdown(TITLE, HEADING, ANCHOR, BODY)


def shell_path(folder: str) -> str:
    """Where the shell of a folder of records is built, e.g. `contracts/scslot7page.md`."""
    return f"{folder}/{STEM}.md"


class ShellBroken(Exception):
    """The built shell does not have its placeholders where a record page needs them."""


class PageShell:
    """A built page cut at its placeholders, ready to take any record of its folder."""

    def __init__(self, built: str) -> None:
        self.parts = _SLOT.split(built)  # literal text at even indexes, a placeholder at odd ones
        found = self.parts[1::2]
        if found.count(BODY) != 1 or found.count(HEADING) != 1 or TITLE not in found:
            raise ShellBroken(
                "the page shell lost its placeholders (the theme must show the page title and the page's content)"
            )

    def page(self, record: RecordPage) -> str:
        """The full HTML of a record page."""
        values = {
            TITLE: html.escape(record.title),
            HEADING: str(inert(record.title)),
            ANCHOR: anchor(record.title),
            STEM: record.path.rsplit("/", 1)[-1].removesuffix(".html"),
            BODY: f"{record.summary}\n{record.body}",
        }
        parts = self.parts
        return "".join(part if index % 2 == 0 else values[part] for index, part in enumerate(parts))

"""Long lists in parts, so that no page of either site grows to megabytes.

A list page whose rows (of all its sections together) number more than `PART_ROWS` is written as parts:
part 1 keeps the page's own file name, so every link to it still works; parts 2..k are `compliance-2.html`
and so on, kept out of the navigation. Each part names itself ("Part 2 of 25: contracts 251–500 of
10,000") and links to every other part; a section with no rows on a part says which parts hold them, so
a missing row is never read as a reassuring nothing. A list of `PART_ROWS` or fewer is one page, as before.

With JavaScript a filter covers the whole list: the build writes the rows of each part's filterable
tables as a script (`data/lists/<page>-<n>.js`, which sets a global, so it loads on `file://` too), and
tables.js loads every part's script when a filter is used and shows the matching rows of all parts.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from safe_commissioning.sites.pages import Page
from safe_commissioning.words import plural

PART_ROWS = 200  # the widest row (the compliance matrix, ~3 KB) keeps a part under 1 MB, with its other tables
LIST_DATA = "data/lists"
GLOBAL = "scLists"  # the global each list script adds its part's rows to (see tables.js)


@dataclass(frozen=True)
class Part:
    """One part of a list page: which rows of each section it shows, and where the other parts are."""

    number: int  # 1-based
    count: int  # how many parts the list has (1: not split)
    first: int  # the number of this part's first row in the whole list (1-based; 0 when the list is empty)
    last: int
    total: int  # rows in the whole list
    noun: str  # what a row is: "contract"
    files: tuple[str, ...]  # every part's page, from the page's own folder: ("compliance.html", "compliance-2.html")
    spans: Mapping[str, tuple[int, int]]  # section key -> the slice of its rows on this part
    homes: Mapping[str, tuple[int, ...]]  # section key -> the parts holding any of its rows
    script: str = ""  # the list scripts' path from the site root, less "<n>.js": "data/lists/compliance-"
    size: int = PART_ROWS
    root: str = ""  # from the page to the site root: "../" for contracts/index.html

    @property
    def split(self) -> bool:
        return self.count > 1

    @property
    def summary(self) -> str:
        """`Part 2 of 25: contracts 251–500 of 10,000`."""
        return (
            f"Part {self.number} of {self.count}: {self.noun}s {self.first:,}–{self.last:,} of {self.total:,}"
            if self.total != 1
            else f"Part {self.number} of {self.count}: 1 {self.noun}"
        )

    def rows(self, key: str, rows: Sequence[Any]) -> Sequence[Any]:
        """The rows of section `key` that this part shows."""
        start, stop = self.spans.get(key, (0, 0))
        return rows[start:stop]

    def elsewhere(self, key: str) -> list[tuple[int, str]]:
        """The other parts holding rows of section `key`, each as (number, page)."""
        return [(n, self.files[n - 1]) for n in self.homes.get(key, ()) if n != self.number]

    def file_of(self, position: int) -> str:
        """The page showing the list's row at `position` (0-based, in the order of the sections)."""
        return self.files[min(position // self.size, self.count - 1)]

    def pages(self) -> list[tuple[int, str]]:
        return list(enumerate(self.files, start=1))


def part_path(path: str, number: int) -> str:
    """`compliance.md` for part 1, `compliance-2.md` for part 2 (`contracts/index-2.md` in a folder)."""
    if number == 1:
        return path
    stem = path.removesuffix(".md")
    return f"{stem}-{number}.md"


def list_name(path: str) -> str:
    """The name of a list page's scripts: `compliance`, `contracts-index`."""
    return path.removesuffix(".md").replace("/", "-")


def split(path: str, sections: Sequence[tuple[str, Sequence[Any]]], noun: str, size: int | None = None) -> list[Part]:
    """The parts of the list page at `path` whose sections hold these rows, in this order."""
    size = size or PART_ROWS
    total = sum(len(rows) for _, rows in sections)
    count = max(1, -(-total // size))
    files = tuple(part_path(path, n).rsplit("/", 1)[-1].removesuffix(".md") + ".html" for n in range(1, count + 1))
    offsets: list[tuple[str, int, int]] = []
    at = 0
    for key, rows in sections:
        offsets.append((key, at, at + len(rows)))
        at += len(rows)
    homes = {
        key: tuple(range(start // size + 1, (stop - 1) // size + 2)) if stop > start else ()
        for key, start, stop in offsets
    }
    parts = []
    for number in range(1, count + 1):
        low, high = (number - 1) * size, min(number * size, total)
        spans = {key: (max(low, start) - start, min(high, stop) - start) for key, start, stop in offsets}
        spans = {key: span for key, span in spans.items() if span[1] > span[0]}
        parts.append(
            Part(
                number,
                count,
                low + 1 if total else 0,
                high,
                total,
                noun,
                files,
                spans,
                homes,
                f"{LIST_DATA}/{list_name(path)}-" if count > 1 else "",
                size,
                "../" * path.count("/"),
            )
        )
    return parts


def in_parts(
    page: Page, sections: Sequence[tuple[str, Sequence[Any]]], noun: str, title: str, size: int | None = None
) -> list[Page]:
    """`page` once per part of its list, each with its `part` in the context (one page when it fits)."""
    parts = split(page.path, sections, noun, size)
    if len(parts) == 1:
        return [replace(page, context={**page.context, "part": parts[0]})]
    return [
        replace(
            page,
            path=part_path(page.path, part.number),
            context={**page.context, "part": part},
            title=page.title if part.number == 1 else f"{title} (part {part.number} of {part.count})",
        )
        for part in parts
    ]


def not_in_nav(paths: Sequence[str]) -> str:
    """The `not_in_nav` lines that keep parts 2..k of these list pages out of the navigation."""
    return "\n".join(f"/{path.removesuffix('.md')}-*.md" for path in paths)


# --------------------------------------------------------------------------- the rows as data

_TABLE = re.compile(r"<table\b[^>]*>")
_ATTRIBUTE = re.compile(r'\s([a-z][a-z-]*)="([^"]*)"')
_BODY = re.compile(r"<tbody\b[^>]*>")


def list_rows(blocks: Sequence[str]) -> dict[str, str]:
    """The body rows of each filterable table group in a page's HTML blocks, as the HTML the build wrote
    (`<tr …>…</tr>…`). Workbook text in a block is escaped (sites/pages.py: `inert`), so a `<` in it is
    always the build's own markup and the rows are found by their tags, with no parse: tables.js parses
    them, inert, and copies only known tags and attributes into the page."""
    rows: dict[str, list[str]] = {}
    for block in blocks:
        if "data-filter" not in block:
            continue
        for start in _TABLE.finditer(block):
            attributes = dict(_ATTRIBUTE.findall(start.group()))
            if "data-filter" not in attributes:
                continue
            end = block.find("</table>", start.end())
            table = block[start.end() : end]
            if end < 0 or "<table" in table:
                raise ValueError(
                    f"a filterable table in the build's HTML is not closed, or holds a table: {start.group()}"
                )
            group = html.unescape(attributes.get("data-group") or attributes.get("id") or "None")
            rows.setdefault(group, []).extend(_bodies(table))
    return {group: "\n".join(bodies) for group, bodies in rows.items()}


def _bodies(table: str) -> list[str]:
    """What each `<tbody>` of a table's HTML holds."""
    bodies = []
    at = 0
    while start := _BODY.search(table, at):
        end = table.find("</tbody>", start.end())
        if end < 0:
            raise ValueError(f"a filterable table in the build's HTML has a body that is not closed: {start.group()}")
        bodies.append(table[start.end() : end].strip())
        at = end
    return bodies


def script(key: str, rows: Mapping[str, Any]) -> str:
    """A script adding one part's rows to the global list data; `</` escaped, as in offline_search."""
    payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"(window.{GLOBAL} = window.{GLOBAL} || {{}})[{json.dumps(key)}] = {payload};\n"


def write_list_data(pages: Sequence[Page], fragments: Mapping[str, Sequence[str]], docs: Path) -> int:
    """Write the rows of every part of every split list page as scripts under `docs/data/lists`; return how many."""
    written = 0
    for page in pages:
        part = page.context.get("part")
        if not isinstance(part, Part) or not part.split:
            continue
        name = part.script.removeprefix(LIST_DATA + "/")
        target = docs / LIST_DATA / f"{name}{part.number}.js"
        target.parent.mkdir(parents=True, exist_ok=True)
        key = f"{name}{part.number}"
        text = _rows_script(f"{docs.name}/{key}", key, fragments.get(page.path, ()))
        target.write_text(text, encoding="utf-8", newline="\n")
        written += 1
    return written


# Each part's script as the last build in this process wrote it, by site and part, with a digest of the HTML it
# came from: after most edits `serve` renders most parts as they were, and finding the rows in a part's HTML
# costs far more than comparing it with the last build's. One entry per part: it never outgrows the sites.
_LAST_SCRIPTS: dict[str, tuple[bytes, str]] = {}


def _rows_script(place: str, key: str, blocks: Sequence[str]) -> str:
    """The script of a part's rows (`script(key, …)`) from its HTML blocks, or the last build's if they are the same."""
    digest = hashlib.blake2b(digest_size=20)
    for block in blocks:
        digest.update(block.encode("utf-8") + b"\0")
    last = _LAST_SCRIPTS.get(place)
    if last is not None and last[0] == digest.digest():
        return last[1]
    text = script(key, list_rows(blocks))
    _LAST_SCRIPTS[place] = (digest.digest(), text)
    return text


def part_words(part: Part) -> str:
    """How many rows this part shows: `250 contracts`."""
    return plural(part.last - part.first + 1, part.noun)

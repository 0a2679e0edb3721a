"""Render the Markdown pages of both sites from the Jinja templates in `site_templates/`.

Workbook text is data, never markup. Every `{{ value }}` passes through one escape that makes it
inert both as HTML and as Markdown (`<`, `&`, quotes, and Markdown's own punctuation become
character references), so a title like `<script>` or `[x](javascript:…)` shows as typed. Only
values built here as `Markup` (badges, charts, links) are inserted as HTML.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup

from safe_commissioning.digests import fingerprint, folder_fingerprint
from safe_commissioning.rules.evidence import Traced
from safe_commissioning.rules.rag import RAG_LABELS, Rag
from safe_commissioning.rules.results import RULE_STATUS_LABELS, Element, Status, Value
from safe_commissioning.sites.compiled import COMPILED
from safe_commissioning.sites.kept_rows import KeptRows
from safe_commissioning.sites.views.labels import RAG_ICONS, STATUS_ICONS, status_look
from safe_commissioning.words import (
    comma_list,
    days_text,
    govuk_date,
    iso_date,
    long_date,
    noun,
    percent,
    plural,
    pounds,
    short_pounds,
    yes_no,
)
from safe_commissioning.workbook.cells.identifiers import identifier_text
from safe_commissioning.workbook.checks.sourcing_plan import contact_link

_INERT = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        "\n": " ",
        "\r": " ",
        **{ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]()#|~^=+!"},
    }
)


_INERT_CACHE: dict[str, Markup] = {}
_INERT_CACHE_LIMIT = 500_000


def inert(value: object) -> Markup:
    """Text made safe to drop anywhere in a Markdown page: it renders exactly as typed."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = str(value)
    done = _INERT_CACHE.get(text)
    if done is None:
        if len(_INERT_CACHE) >= _INERT_CACHE_LIMIT:  # `serve` rebuilds for hours in one process
            _INERT_CACHE.clear()
        done = _INERT_CACHE[text] = Markup(text.translate(_INERT))
    return done


def _finalize(value: object) -> object:
    return inert(value)


def _lines(value: object) -> Markup:
    """Multi-line text with its line breaks kept."""
    if value is None or value == "":
        return Markup("")
    return Markup("<br>").join(inert(line) for line in str(value).splitlines())


def _contact(value: object) -> Markup:
    """A contact as a link when it is an email address (`mailto:`) or a plain https:// page, else as text."""
    text = "" if value is None else str(value).strip()
    href = contact_link(text)
    if not href:
        return inert(text)
    return Markup('<a href="') + inert(href) + Markup('">') + inert(text.removeprefix("mailto:")) + Markup("</a>")


def _status(status: Status) -> Markup:
    label = RULE_STATUS_LABELS[status]
    return Markup(
        f'<span class="sc-status sc-status--{status.value}"><span aria-hidden="true">{STATUS_ICONS[status]}</span> {label}</span>'
    )


def _verdict(result: Traced | Element) -> Markup:
    """A rule result's (or one element's) status by symbol and in its own words (OFS: "Not yet inspected"),
    in grey where the rule cannot let it change a rating."""
    status = result.status
    look, icon = (
        status_look(result.rule_id, status) if isinstance(result, Traced) else (status.value, STATUS_ICONS[status])
    )
    return (
        Markup(f'<span class="sc-status sc-status--{look}"><span aria-hidden="true">{icon}</span> ')
        + inert(result.label)
        + Markup("</span>")
    )


def _rag(rag: Rag) -> Markup:
    return Markup(
        f'<span class="sc-rag sc-rag--{rag.value}"><span aria-hidden="true">{RAG_ICONS[rag]}</span> {RAG_LABELS[rag]}</span>'
    )


def _recorded(value: Value) -> str:
    """An element of a rule's evidence as the workbook records it: a date, an amount, yes/no, a count."""
    if isinstance(value, bool) or value is None:
        return yes_no(value)
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, float):
        return pounds(value)
    return str(value)


def css_string(value: object) -> Markup:
    """`value` as a quoted CSS string: every character but ASCII letters, digits and spaces as a hex escape."""
    text = "".join(ch if (ch.isascii() and ch.isalnum()) or ch == " " else f"\\{ord(ch):06x}" for ch in str(value))
    return Markup(f'"{text}"')


def _sort_key(value: object) -> str:
    """A `data-sort` value that orders dates, numbers and text the way people expect."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return f"{value:020.2f}" if value >= 0 else f"-{-value:019.2f}"
    return str(value).casefold()


@dataclass(frozen=True)
class RecordPage:
    """One rendered record page: where it goes, its plain-text title, first paragraph and the rest of its body."""

    path: str  # in the site, e.g. "contracts/csc-001.html"
    title: str
    summary: str  # one paragraph of HTML: what search shows and matches besides the title
    body: str  # the HTML after the summary


@dataclass
class Page:
    """One page to render: the template, where it goes, its own context and its front matter.

    `title` is the page's title as plain text. MkDocs would take it from the first heading and
    the theme prints it unescaped in `<title>`, so a title made from workbook text is given here
    and written to the front matter already escaped.
    """

    template: str
    path: str  # relative to the docs folder, e.g. "contracts/csc-001.md"
    context: Mapping[str, Any]
    title: str | None = None
    wide: bool = False  # hide the table of contents to give wide tables room
    # One of many record pages (contracts, providers): an HTML template that sets `summary` (its first
    # paragraph) and renders the rest of the body; written into a page shell, not built by the engine.
    record: bool = False
    flat_nav: bool = False  # a main page among many like it (one per manager): the records' light navigation
    print_pack: bool = False  # printed as the committee pack: the theme puts the pack's A4 page rule in its head


def front_matter(page: Page) -> str:
    """YAML front matter for a page (JSON strings are valid YAML), or nothing."""
    lines = []
    if page.title is not None:
        lines.append(f"title: {json.dumps(html.escape(page.title))}")
    if page.wide:
        lines.append("hide: [toc]")
    if page.flat_nav:
        lines.append("record: true")
    if page.print_pack:
        lines.append("print: pack")
    return "---\n" + "\n".join(lines) + "\n---\n" if lines else ""


class PageRenderer:
    """Renders pages from one template folder into a docs folder.

    Large blocks of HTML (tables, charts, lists of facts) gain nothing from Markdown, and Markdown
    and the search index are the slowest part of a big build. A template hands such a block to
    `fragment()`, which keeps it here and leaves an HTML comment in the page; the site build puts
    the block back into the finished page (see `finish.finish_engine_pages`). `fragments` maps each page's
    path to its blocks. A small table that search should index is left inline (`indexed=True`).
    """

    def __init__(
        self,
        templates: Path,
        shared: Mapping[str, Any],
        whole_site: Iterable[str] = (),
        rows: KeptRows | None = None,
        site: str = "",
    ) -> None:
        """`whole_site` names values of `shared` that only main pages may use (record pages never see them);
        with `rows` (serve), a row of a long list rendered at the last build from the same record is not rendered
        again (see `_once`), the rows kept under the name of the `site` they are on (see `KeptRows.carry`)."""
        self.templates = templates
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            # Autoescape makes macro output Markup; `_finalize` runs first and makes every other value
            # inert for Markdown as well as HTML, so the HTML-only escape that follows has nothing to do.
            autoescape=True,
            finalize=_finalize,
            undefined=StrictUndefined,
            auto_reload=False,  # one build, templates fixed: no stat of each template per page
            bytecode_cache=COMPILED,  # see `compiled`
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # `{#id}` sets a heading's id in Markdown (attr_list), so Jinja comments are `{## … ##}`
            comment_start_string="{##",
            comment_end_string="##}",
        )
        self.env.filters.update(
            {
                "long_date": long_date,
                "govuk_date": govuk_date,
                "contact": _contact,
                "iso": iso_date,
                "money": pounds,
                "recorded": _recorded,
                "short_money": short_pounds,
                "status": _status,
                "verdict": _verdict,
                "rag": _rag,
                "yes_no": yes_no,
                "identifier": identifier_text,
                "lines": _lines,
                "sort_key": _sort_key,
                "days": days_text,
                "plural": plural,
                "comma_list": comma_list,
                "noun": noun,
                "percent": percent,
                "inert": inert,
                "css_string": css_string,
            }
        )
        self.shared = dict(shared)
        self.record_shared = {name: value for name, value in self.shared.items() if name not in set(whole_site)}
        self.fragments: dict[str, list[str]] = {}
        self._current: list[str] | None = []
        self._templates: dict[str, Template] = {}
        self.env.globals["fragment"] = self._fragment
        self.env.globals["once"] = self._once
        self.env.globals["once_alike"] = self._once_alike
        self.rows, self.site = rows, site
        self._rows_inputs: bytes | None = None  # the digest of all a kept row may read besides its record
        self._root = ""

    def _fragment(self, html: Markup) -> Markup:
        if self._current is None:  # a record page is HTML already: nothing to keep out of Markdown
            return html
        # A block may hold blocks set aside before it (a table inside a page's body): put them back.
        text = FRAGMENT_MARKER.sub(lambda match: self._current[int(match[1])], str(html))  # type: ignore[index]
        self._current.append(text)
        return Markup(marker(len(self._current) - 1))

    def _once(self, name: str, item: object, *key: Hashable, caller: Callable[[], Markup]) -> Markup:
        """`{% call once(name, item, *key) %}…{% endcall %}`: the block's HTML, as the last build rendered it.

        Most rows of a long list are as they were after an edit, and rendering them is most of a main page's time.
        The block's HTML is kept for `item`, the record it shows, by identity: the rules give an unchanged record
        the very same object at the next build (see `rules.assessment`). It is used again only if the page's depth,
        the templates and every value of the shared context that record pages see are as they were, and `key` too.
        So the block may read `item`, `key`, those shared values and nothing else of the page's context.
        """
        return self._kept_row((name, id(item), *key), item, caller)

    def _once_alike(self, name: str, item: object, *key: Hashable, caller: Callable[[], Markup]) -> Markup:
        """`{% call once_alike(name, item, *key) %}`: as `once`, for a record made anew at every build (the public
        register's entries): the HTML is kept for the digest of its values, which costs a little more."""
        digest = fingerprint(item)
        return self._kept_row((name, digest, *key), None, caller) if digest else caller()

    def _kept_row(self, key: tuple[Hashable, ...], item: object, caller: Callable[[], Markup]) -> Markup:
        if self.rows is None:
            return caller()
        if self._rows_inputs is None:
            self._rows_inputs = fingerprint(self.record_shared, folder_fingerprint(self.templates))
        if not self._rows_inputs:  # something shared cannot be compared: render every row
            return caller()
        memo = (self.site, self._rows_inputs, self._root, *key)
        html = self.rows.take(memo, item)
        if html is None:
            blocks = len(self._current) if self._current is not None else 0
            html = caller()
            if (len(self._current) if self._current is not None else 0) == blocks:  # it set no block aside
                self.rows.keep(memo, item, html)
        return html

    def _template(self, name: str) -> Template:
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self.env.get_template(name)
        return template

    def _context(self, page: Page) -> dict[str, Any]:
        root = self._root = "../" * page.path.count("/")
        shared = self.record_shared if page.record else self.shared
        return {**shared, **page.context, "root": root, "url": _url_helper(root)}

    def render_all(self, pages: Iterable[Page], docs: Path) -> int:
        """Write every page under `docs` as Markdown; return how many were written."""
        count = 0
        for page in pages:
            self._current = self.fragments.setdefault(page.path, [])
            text = front_matter(page) + self._template(page.template).render(self._context(page))
            target = docs / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            count += 1
        return count

    def render_record(self, page: Page) -> RecordPage:
        """A record page's HTML: its template's `summary` (first paragraph) and the rest of its body."""
        self._current = None
        try:
            module = self._template(page.template).make_module(self._context(page))
        finally:
            self._current = []
        return RecordPage(
            page.path.removesuffix(".md") + ".html", page.title or "", str(getattr(module, "summary", "")), str(module)
        )


FRAGMENT_MARK = "sc-fragment:"
FRAGMENT_MARKER = re.compile(r"<!--" + re.escape(FRAGMENT_MARK) + r"(\d+)-->")


def marker(number: int) -> str:
    """The comment a page's `number`th HTML block leaves in its Markdown until the engine is done."""
    return f"<!--{FRAGMENT_MARK}{number}-->"


def _url_helper(root: str) -> Callable[[str], Markup]:
    def url(path: str) -> Markup:
        return Markup(root + path)

    return url

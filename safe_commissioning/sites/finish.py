"""The last touches to a built site, the same for either engine: a 404 page, the search dialog's name, the sitemap.

- The theme's 404 page links its stylesheets and pages from the web root (`/assets/…`) unless the
  Public site URL says where the site lives, so under any other path it shows unstyled with broken
  links. Ours is one self-contained page (its style inline, no scripts or images to fetch) that
  reads the same under any path; its links go to the site's address when it is known, else a small
  script finds the site's top: the page's own folder when the page is opened as 404.html, else the
  first folder above the address asked for that holds the site's own stylesheet (the links still go
  to `/` without JavaScript).
- The HTML blocks kept out of the engine's Markdown (see `pages.PageRenderer`) are put back in the same pass.
- MkDocs-Material's search dialog (`role="dialog"`) has no accessible name; Zensical's has one.
- Text that changes with every save of the workbook (its SHA-256) is held back from the engine, as a
  placeholder, and put back in the built pages and the search index: so the engine's input, and whether
  it must run again, depends only on what the pages say about the workbook's contents. So is text known
  only once the engine has run: the charts' drawings and the committee pack's size.
- With no Public site URL a sitemap can only be empty (sitemaps.org needs absolute addresses), so
  none is written; the Open data page says why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape

from safe_commissioning.sites.engines import SiteBuildFailed, SiteSpec, rewrite, theme_safe_url
from safe_commissioning.sites.pages import FRAGMENT_MARKER

if TYPE_CHECKING:
    from safe_commissioning.sites.engines import Engine

NOT_FOUND = "404.html"
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
_UNNAMED_DIALOG = 'class="md-search" data-md-component="search" role="dialog">'
_NAMED_DIALOG = 'class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
MARKER = "assets/stylesheets/dashboard.css"  # a file at the top of every site, for the 404 page's script
_STYLE = (
    "body{margin:0;font:1rem/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1b1b1b;"
    "background:#fff}header{background:#3f51b5;color:#fff;padding:1rem}header p{margin:0;font-weight:600}"
    "main,footer{max-width:40rem;padding:1rem}a{color:#1a3a9a}a:focus{outline:3px solid #ffbf47;outline-offset:2px}"
    "h1{font-size:1.75rem;margin:1rem 0}.banner{margin:0;padding:.25rem 1rem;background:#1b1b1b;color:#fff}"
)
_FIND_TOP = (
    "(function(){var parts=location.pathname.split('/');if(parts.pop()==='404.html'){"
    "document.querySelectorAll('a[data-top]').forEach(function(a){a.href=a.getAttribute('data-top')});return}"
    "function tryAt(n){if(n<0)return;var top=parts.slice(0,n+1).join('/')+'/';"
    "fetch(top+'" + MARKER + "',{method:'HEAD'}).then(function(r){if(!r.ok)throw 0;"
    "document.querySelectorAll('a[data-top]').forEach(function(a){a.href=top+a.getAttribute('data-top')});"
    "}).catch(function(){tryAt(n-1)})}tryAt(parts.length-1)})();"
)


def not_found_page(spec: SiteSpec) -> str:
    """A 404 page that works under any path: inline style, links by the site's address or found by a script."""
    site = theme_safe_url(spec.site_url)
    name = escape(spec.site_name)

    def link(page: str, text: str) -> str:
        return f'<a href="{escape(site or "/") + page}" data-top="{page}">{text}</a>'

    home = link("index.html", "the home page")
    extra = f"<li>{link('register.html', 'the contracts register')}</li>" if spec.kind == "public" else ""
    script = "" if site else f"<script>{_FIND_TOP}</script>"
    robots = spec.extra.get("robots")
    meta = f'<meta name="robots" content="{escape(robots)}">\n' if robots else ""
    classification = spec.extra.get("classification")
    banner = f'<p class="banner"><strong>{escape(classification)}</strong></p>\n' if classification else ""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{meta}<title>Page not found - {name}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n{banner}<header><p>{name}</p></header>\n"
        '<main id="main">\n<h1>Page not found</h1>\n'
        "<p>There is no page at this address. If you typed it, check it; if you followed a link, the page may "
        "have moved.</p>\n"
        f"<ul><li>Go to {home}, and search from there</li>{extra}</ul>\n</main>\n<footer><p>{escape(spec.footer)}</p></footer>\n{script}\n</body>\n</html>\n"
    )


# Text held back from the engine: the workbook's short SHA-256, which the internal footer, the Data quality
# page and the committee pack page show. Every save changes it; if the engine saw it, one edited cell would change
# every page's Markdown and the engine would build both sites' main pages again however little else changed.
WORKBOOK_HASH = "scslot7workbookhash"
# The committee pack's size, which the Downloads page shows: the pack is written once its charts are drawn, which
# a cold build's helper may still be doing while the engine runs (see `StagedSite.held_later`).
PACK_SIZE = "scslot7packsize"


def hold_back(spec: SiteSpec, docs: Path, held: Mapping[str, str]) -> SiteSpec:
    """Put each placeholder of `held` (placeholder → the text it holds back) in place of its text in the Markdown
    pages in `docs` and in the footer; return the site as the engine is to build it."""
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        swapped = _swap(text, {value: placeholder for placeholder, value in held.items()})
        if swapped != text:
            page.write_text(swapped, encoding="utf-8")
    return replace(spec, footer=_swap(spec.footer, {value: placeholder for placeholder, value in held.items()}))


def finish_engine_pages(
    site_dir: Path, held: Mapping[str, str], engine: Engine, fragments: Mapping[str, Sequence[str]] | None = None
) -> None:
    """On every page the engine built (record pages copy them), put back the HTML blocks kept out of its Markdown
    (`fragments`: each page's, by its Markdown source), then the held-back text, and give the search dialog its
    accessible name, reading and writing each page once; put the held-back text back in the search index too."""
    blocks = {source.removesuffix(".md") + ".html": kept for source, kept in (fragments or {}).items() if kept}
    fill = _filler(held)
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        kept = blocks.pop(page.relative_to(site_dir).as_posix(), None)
        restored = _put_back(text, kept) if kept else text
        finished = fill(restored).replace(_UNNAMED_DIALOG, _NAMED_DIALOG)
        if finished != text:
            rewrite(page, finished)
    if blocks:
        raise SiteBuildFailed(f"the engine built no page {', '.join(sorted(blocks))}, whose tables were set aside")
    engine.edit_index_text(site_dir, fill)


def _put_back(text: str, blocks: Sequence[str]) -> str:
    return FRAGMENT_MARKER.sub(lambda match: blocks[int(match[1])], text)


_COMMENT_SLOT = re.compile(r"<!--scslot7[^>]*-->")  # a placeholder that is a whole HTML comment (a chart's)


def _filler(held: Mapping[str, str]) -> Callable[[str], str]:
    """What puts each placeholder of `held` back in a text: those that are whole HTML comments (the charts', most of
    them) in one pass over it, as a comment cannot hold another; the others one pass each."""
    comments = {slot: text for slot, text in held.items() if _COMMENT_SLOT.fullmatch(slot)}
    others = {slot: text for slot, text in held.items() if slot not in comments}

    def fill(text: str) -> str:
        if comments:
            text = _COMMENT_SLOT.sub(lambda match: comments.get(match[0], match[0]), text)
        return _swap(text, others)

    return fill


def _swap(text: str, replacements: Mapping[str, str]) -> str:
    for old, new in replacements.items():
        if old:
            text = text.replace(old, new)
    return text


def finish_site(site_dir: Path, spec: SiteSpec) -> None:
    """Write the 404 page, and drop a sitemap that can only be empty."""
    rewrite(site_dir / NOT_FOUND, not_found_page(spec))
    if not theme_safe_url(spec.site_url):
        for name in SITEMAPS:
            (site_dir / name).unlink(missing_ok=True)

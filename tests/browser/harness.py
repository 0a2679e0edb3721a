"""Serve a built site on 127.0.0.1, keep the browser on it, and audit its pages one by one.

Each page is loaded once per audit; everything the per-page tests assert on is recorded then:
axe-core's violations, bad responses, failed requests, console errors, requests that tried to
leave localhost, reflow at 320 CSS px, status badges without words, and charts without a name or
a data table.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .claims import AXE_TAGS, DESKTOP_WIDTH, LARGE_CONTRACT_PAGES, LARGE_PROVIDER_PAGES, REFLOW_WIDTH

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Page,
        Request,
        Response,
        Route,
        ViewportSize,
    )

LOCALHOST = "127.0.0.1"
SITE_KEYS = ("sample-internal", "sample-public", "large-internal", "large-public")
DESKTOP: ViewportSize = {"width": DESKTOP_WIDTH, "height": 900}
NARROW: ViewportSize = {"width": REFLOW_WIDTH, "height": 800}
AXE_SCRIPT = (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 on a free port, in a thread; yield its base URL (ending in /)."""
    server = ThreadingHTTPServer((LOCALHOST, 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name=f"serve {root.name}", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCALHOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@dataclass(frozen=True)
class Site:
    """One served site: which workbook it was built from, which site, where, and the pages to audit."""

    workbook: str  # "sample" or "large"
    kind: str  # "internal" or "public"
    root: Path
    url: str
    pages: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.workbook}-{self.kind}"


def pages_to_audit(root: Path, workbook: str) -> tuple[str, ...]:
    """Every page of a sample site; for the large workbook, every page but the contract and provider
    pages, plus LARGE_CONTRACT_PAGES contract and LARGE_PROVIDER_PAGES provider pages spread evenly
    over the sorted list (the same pages every run)."""
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    if workbook == "sample":
        return tuple(pages)
    chosen = [p for p in pages if not re.match(r"(contracts|providers)/(?!index\.html)", p)]
    for folder, count in (("contracts", LARGE_CONTRACT_PAGES), ("providers", LARGE_PROVIDER_PAGES)):
        own = [p for p in pages if p.startswith(f"{folder}/") and p != f"{folder}/index.html"]
        if own:
            step = max(1, len(own) // count)
            chosen += own[::step][:count]
    return tuple(chosen)


class Guard:
    """Routes every request of a browser context: 127.0.0.1 goes through, anything else is aborted
    and recorded. Also records bad responses, failed requests and console errors, per page."""

    def __init__(self, context: BrowserContext) -> None:
        self.external: list[str] = []
        self.bad_responses: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        context.route("**/*", self._route)
        context.on("response", self._response)
        context.on("requestfailed", self._failed)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.console_errors.append(f"uncaught: {error.error}"))

    def reset(self) -> None:
        for found in (self.external, self.bad_responses, self.failed, self.console_errors):
            found.clear()

    def _route(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == LOCALHOST:
            route.continue_()
        else:
            self.external.append(url)
            route.abort("blockedbyclient")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.bad_responses.append(f"{response.status} {response.url}")

    def _failed(self, request: Request) -> None:
        if request.url not in self.external:
            self.failed.append(f"{request.failure} {request.url}")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")


def new_context(browser: Browser, **options: Any) -> tuple[BrowserContext, Guard]:
    """A fresh browser context (its own storage) whose requests the returned Guard watches."""
    context = browser.new_context(viewport=DESKTOP, service_workers="block", **options)
    context.set_default_timeout(30_000)
    return context, Guard(context)


@dataclass
class PageAudit:
    """What one page showed: every list empty means the page passed that check."""

    path: str
    axe: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    reflow: list[str] = field(default_factory=list)
    badges_without_words: list[str] = field(default_factory=list)
    chart_problems: list[str] = field(default_factory=list)
    charts: int = 0
    badges: int = 0


# Width of the page and the content boxes that stick out past the viewport, unless a scrolling
# container of their own (a table wrapper) holds them. The drawer and search overlay are skipped:
# Material slides them off-canvas on narrow screens.
REFLOW_JS = """
(width) => {
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > width) out.push(`documentElement.scrollWidth is ${doc.scrollWidth}`);
  if (document.body.scrollWidth > width) out.push(`body.scrollWidth is ${document.body.scrollWidth}`);
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  for (const el of document.querySelectorAll(".md-main *, .md-header *, .md-banner *, .md-footer *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 0.5) continue;
    let held = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrolls(up) || up.classList.contains("md-sidebar") || up.classList.contains("md-search")) { held = true; break; }
    }
    if (!held) out.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ends at ${Math.round(box.right)} px`);
    if (out.length > 8) break;
  }
  return out;
}
"""

# Status badges must carry a word, not just a colour or a symbol.
BADGES_JS = """
() => Array.from(document.querySelectorAll(".sc-status, .sc-rag")).map(
  (el) => [el.innerText.trim(), /[A-Za-z]{2,}/.test(el.innerText) && getComputedStyle(el).visibility === "visible",
           el.outerHTML.slice(0, 160)])
"""

# Each chart: its inline SVG (role img) and the data table with a caption, column headers and rows.
CHARTS_JS = """
() => Array.from(document.querySelectorAll("figure.sc-figure")).map((figure) => {
  // the drawing shown at this width (each chart has one for a screen and one for a phone)
  const svg = Array.from(figure.querySelectorAll("svg")).find((s) => s.getClientRects().length);
  const table = figure.querySelector("table");
  return {
    id: figure.id,
    svg: !!svg,
    role: svg ? svg.getAttribute("role") : null,
    caption: table && table.caption ? table.caption.textContent.trim() : "",
    headers: table ? table.querySelectorAll("thead th").length : 0,
    rows: table ? table.querySelectorAll("tbody tr").length : 0,
  };
})
"""


def settle(page: Page) -> None:
    """Let layout catch up after a resize or a key press: finish transitions, wait two frames."""
    page.evaluate(
        "() => { document.getAnimations().forEach((a) => { try { a.finish(); } catch (e) {} });"
        " return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); }"
    )


def start_axe(page: Page) -> None:
    """Start axe-core (WCAG A/AA tags) on the page as it is, without waiting for it: axe runs in the
    page's renderer while Python goes on with another tab (see audit_site)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    # axe.run does much of its work before its first await, so start it from a timer: evaluate returns at once
    page.evaluate(
        "(options) => { window.__scAxe = null; setTimeout(() => { window.__scAxe = axe.run(document, options).then("
        "(r) => ({ violations: r.violations }), (e) => ({ error: String(e) })); }, 0); }",
        AXE_OPTIONS,
    )


def axe_result(page: Page) -> list[str]:
    """The violations of the axe run start_axe began on this page, one line per rule."""
    result = page.evaluate(
        "() => new Promise((done) => { const wait = () => window.__scAxe ? done(window.__scAxe) : setTimeout(wait, 20); wait(); })"
    )
    assert "error" not in result, f"axe-core failed: {result['error']}"
    lines = []
    for violation in result["violations"]:
        nodes = violation["nodes"]
        where = "; ".join(f"{' '.join(n['target'])}: {n['html'][:120]}" for n in nodes[:3])
        lines.append(f"{violation['id']} ({violation['impact']}, {len(nodes)} elements) {violation['help']} — {where}")
    return lines


def accessible_names(page: Page, selector: str) -> list[tuple[str, str]]:
    """(role, name) of each element matching `selector`, as Chromium's accessibility tree computes them."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        found = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
        names = []
        for node in found:
            tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
            ax = next((n for n in tree["nodes"] if not n.get("ignored")), tree["nodes"][0])
            names.append((ax.get("role", {}).get("value", ""), str(ax.get("name", {}).get("value", "")).strip()))
        return names
    finally:
        cdp.detach()


@dataclass
class _Tab:
    page: Page
    guard: Guard
    audit: PageAudit | None = None


def _load(tab: _Tab, site: Site, path: str) -> None:
    """Open one page at desktop width, note what it has, and start axe-core on it."""
    tab.guard.reset()
    tab.page.set_viewport_size(DESKTOP)
    tab.page.goto(site.url + path, wait_until="load")
    tab.audit = audit = PageAudit(path)
    page = tab.page

    badges = page.evaluate(BADGES_JS)
    audit.badges = len(badges)
    audit.badges_without_words = [html for text, ok, html in badges if not ok]

    charts = page.evaluate(CHARTS_JS)
    audit.charts = len(charts)
    names = accessible_names(page, "figure.sc-figure .sc-chart--wide svg")  # at desktop width, the screen's drawing
    for chart, (role, name) in zip(charts, names, strict=True):
        problems = []
        if not chart["svg"] or chart["role"] != "img" or role != "image":
            problems.append(f"its SVG is not exposed as an image (role {role!r})")
        if not name:
            problems.append("its SVG has no accessible name")
        if not chart["caption"] or not chart["headers"] or not chart["rows"]:
            problems.append(f"no data table with a caption, headers and rows ({chart})")
        audit.chart_problems += [f"chart {chart['id']}: {p}" for p in problems]

    start_axe(page)


def _finish(tab: _Tab) -> PageAudit:
    """Collect axe-core's result, then check reflow at REFLOW_WIDTH and what the network and console saw."""
    page, audit = tab.page, tab.audit
    assert audit is not None
    audit.axe = axe_result(page)

    page.set_viewport_size(NARROW)
    settle(page)
    audit.reflow = page.evaluate(REFLOW_JS, REFLOW_WIDTH)
    page.set_viewport_size(DESKTOP)

    page.wait_for_load_state("networkidle")
    audit.bad_responses = list(tab.guard.bad_responses)
    audit.failed_requests = list(tab.guard.failed)
    audit.console_errors = list(tab.guard.console_errors)
    audit.external_requests = list(tab.guard.external)
    tab.audit = None
    return audit


def audit_site(browser: Browser, site: Site, tabs: int = 2) -> dict[str, PageAudit]:
    """Audit every page of `site`, in order, with `tabs` tabs in their own contexts taking turns: while
    axe-core checks the page in one tab (in that tab's renderer process), Python loads the next one."""
    contexts = [new_context(browser) for _ in range(tabs)]
    try:
        slots = [_Tab(context.new_page(), guard) for context, guard in contexts]
        pending = list(site.pages)
        audits: dict[str, PageAudit] = {}
        while pending or any(slot.audit for slot in slots):
            for slot in slots:
                if slot.audit is not None:
                    done = _finish(slot)
                    audits[done.path] = done
                if pending:
                    _load(slot, site, pending.pop(0))
        return {path: audits[path] for path in site.pages}
    finally:
        for context, _ in contexts:
            context.close()


def problems(audits: dict[str, PageAudit], attribute: str) -> list[str]:
    """'page: problem' for every problem of one kind, over all pages."""
    return [f"{path}: {item}" for path, audit in audits.items() for item in getattr(audit, attribute)]


RGBA = re.compile(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)")


def parse_colour(text: str) -> tuple[float, float, float, float]:
    """(r, g, b, alpha) of a computed CSS colour in rgb()/rgba() form."""
    match = RGBA.match(text)
    assert match, f"not a computed colour: {text}"
    r, g, b, a = match.groups()
    return float(r), float(g), float(b), float(a) if a is not None else 1.0


def _luminance(colour: tuple[float, float, float, float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = colour
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two opaque computed colours."""
    a, b = sorted((_luminance(parse_colour(first)), _luminance(parse_colour(second))), reverse=True)
    return (a + 0.05) / (b + 0.05)

"""What a person does with the sites in a real browser: Tab through a page, search, print, and look.

All on the sites built from the sample workbook (search also on the large one), in headless Chromium.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .claims import FOCUS_CONTRAST, SCREENSHOT_WIDTHS, claim
from .harness import DESKTOP, Guard, Site, contrast, parse_colour, settle

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

MAX_TABS = 120


def test_the_guard_reports_external_requests_bad_responses_and_script_errors(
    tab: tuple[Page, Guard], sites: Callable[[str], Site]
) -> None:
    """The per-page checks are not vacuous: a page that asks another host for something, asks for a
    file that is not there, logs an error and throws one is caught on all four counts."""
    page, guard = tab
    url = sites("sample-public").url
    page.goto(url + "index.html")
    page.evaluate(
        """async () => {
             await fetch('http://example.com/x.png').catch(() => null);
             await fetch('missing.png');
             console.error('logged');
             setTimeout(() => { throw new Error('thrown'); }, 0);
             await new Promise((r) => setTimeout(r, 100));
           }"""
    )
    page.wait_for_load_state("networkidle")
    assert guard.external == ["http://example.com/x.png"]
    assert guard.bad_responses == [f"404 {url}missing.png"]
    assert any("logged" in e for e in guard.console_errors)
    assert any("thrown" in e for e in guard.console_errors)


# Everything about the element that has focus: what it is, whether it can be seen, and its focus
# indicator (outline or box-shadow) with the background the indicator is drawn against.
FOCUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  let hidden = box.width < 1 || box.height < 1 || style.visibility !== "visible";
  for (let up = el; up; up = up.parentElement) if (parseFloat(getComputedStyle(up).opacity) === 0) hidden = true;
  const inset = parseFloat(style.outlineOffset) < 0;
  let behind = "rgb(255, 255, 255)";
  for (let up = inset ? el : el.parentElement; up; up = up.parentElement) {
    const bg = getComputedStyle(up).backgroundColor;
    const alpha = bg.startsWith("rgba") ? parseFloat(bg.split(",")[3]) : 1;
    if (alpha > 0.9) { behind = bg; break; }
  }
  return {
    tag: el.tagName.toLowerCase(),
    classes: String(el.className),
    href: el.getAttribute("href"),
    text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 50),
    mark: el.getAttribute("data-sc-target"),
    focusVisible: el.matches(":focus-visible"),
    hidden,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor,
    boxShadow: style.boxShadow,
    behind,
  };
}
"""


def _indicator_problem(stop: dict[str, Any]) -> str | None:
    """Why this focused element shows no visible focus indicator, or None."""
    if stop["hidden"]:
        return "the focused element cannot be seen"
    if not stop["focusVisible"]:
        return "the element does not match :focus-visible"
    if stop["outlineStyle"] != "none" and stop["outlineWidth"] >= 1 and parse_colour(stop["outlineColor"])[3] > 0:
        colour = re.sub(r"rgba\(([^,]+),([^,]+),([^,]+),[^)]+\)", r"rgb(\1,\2,\3)", stop["outlineColor"])
        ratio = contrast(colour, _opaque(stop["behind"]))
        if stop["outlineStyle"] == "auto":  # Chromium draws "auto" as a ring of the colour with a white one inside
            ratio = max(ratio, contrast("rgb(255, 255, 255)", _opaque(stop["behind"])))
        if ratio >= FOCUS_CONTRAST:
            return None
        return f"outline {stop['outlineColor']} has contrast {ratio:.2f} against {stop['behind']}"
    if stop["boxShadow"] != "none":
        return None
    return "no outline and no box-shadow"


def _opaque(colour: str) -> str:
    r, g, b, _ = parse_colour(colour)
    return f"rgb({r}, {g}, {b})"


def _describe(stop: dict[str, Any]) -> str:
    return f"<{stop['tag']} class={stop['classes']!r} href={stop['href']!r}> {stop['text']!r}"


def tab_through(page: Page, until: str) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until the element marked `until` has focus; every stop."""
    stops: list[dict[str, Any]] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        settle(page)
        stop = page.evaluate(FOCUS_JS)
        if stop is None:
            continue
        stops.append(stop)
        if stop["mark"] == until:
            return stops
    pytest.fail(
        f"{MAX_TABS} presses of Tab never reached {until}; stops: {[_describe(s) for s in stops]}", pytrace=False
    )


KEYBOARD_PAGES = {
    # site, page, selector of the last target (marked before tabbing), then the targets to pass on the way
    "internal compliance matrix": (
        "sample-internal",
        "compliance.html",
        '.md-content table a[href^="contracts/"]:not([href="contracts/index.html"])',
    ),
    "public register": ("sample-public", "register.html", ".md-content table a, .md-content table button"),
}
TARGETS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "skip link": lambda s: "md-skip" in s["classes"],
    "search": lambda s: "md-search__input" in s["classes"],
    "navigation": lambda s: s["tag"] == "a" and "md-nav__link" in s["classes"],
}


@claim("keyboard")
@pytest.mark.parametrize("where", KEYBOARD_PAGES)
def test_tab_reaches_skip_link_search_navigation_and_content_with_visible_focus(
    tab: tuple[Page, Guard], sites: Callable[[str], Site], where: str
) -> None:
    page, _ = tab
    key, path, last = KEYBOARD_PAGES[where]
    page.goto(sites(key).url + path)
    assert page.evaluate(
        "(selector) => { const el = document.querySelector(selector); if (el) el.setAttribute('data-sc-target', 'last'); return !!el; }",
        last,
    ), f"nothing on {path} matches {last}"
    page.mouse.move(0, 0)
    stops = tab_through(page, "last")
    assert "md-skip" in stops[0]["classes"], f"the first Tab stop is not the skip link: {_describe(stops[0])}"
    reached = []
    for name, is_target in TARGETS.items():
        first = next((i for i, s in enumerate(stops) if is_target(s)), None)
        assert first is not None, f"Tab never reached the {name}: {[_describe(s) for s in stops]}"
        reached.append(first)
    assert reached == sorted(reached), f"Tab reached {list(TARGETS)} out of order: {reached}"
    invisible = [f"{_describe(s)}: {problem}" for s in stops if (problem := _indicator_problem(s))]
    assert not invisible, "focus is not visible on:\n" + "\n".join(invisible)


@claim("keyboard")
def test_the_skip_link_moves_focus_to_the_content(tab: tuple[Page, Guard], sites: Callable[[str], Site]) -> None:
    page, _ = tab
    page.goto(sites("sample-internal").url + "compliance.html")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    settle(page)
    inside = page.evaluate("() => !!document.activeElement.closest('.md-content')")
    assert inside, "after the skip link, the next Tab stop is not in the page content"


def search(page: Page, query: str, settled_on: str) -> list[str]:
    """Type `query` into Material's search box as a person would; the paths of the result links (in
    order, each once) once the search has caught up with the last term typed (`settled_on`, as the
    results' ?h= highlight parameter shows it)."""
    page.locator(".md-search__input").click()
    page.keyboard.type(query, delay=30)
    page.wait_for_function(
        """(term) => Array.from(document.querySelectorAll('.md-search-result__item a'))
             .some((a) => (new URL(a.href).searchParams.get('h') || '').split(' ').includes(term))""",
        arg=settled_on,
        timeout=15_000,
    )
    paths = page.evaluate(
        "() => Array.from(document.querySelectorAll('.md-search-result__item a'), (a) => new URL(a.href).pathname)"
    )
    return list(dict.fromkeys(paths))


SEARCHES = {
    # id: (site, query, last term as highlighted, page that must be found, must it be the first result)
    "internal supplier name": ("sample-internal", "Fenix", "fenix", "/contracts/csc-001.html", False),
    "internal contract id": ("sample-internal", "CSC-010", "010", "/contracts/csc-010.html", True),
    "public supplier name": ("sample-public", "Fenix", "fenix", "/register.html", False),
    "public contract id": ("sample-public", "CSC-010", "010", "/contracts/csc-010.html", False),
    # a procurement of the sourcing plan: its own result, opening the plan at its row
    "public plan project": ("sample-public", "Kinship", "kinship", "/sourcing-plan.html", False),
    # the tenth contract of the generated workbook, whatever its reference (filled in below)
    "large internal contract id": ("large-internal", "", "", "", True),
}


def _tenth_contract(site: Site) -> tuple[str, str, str]:
    with (site.root / "data" / "contracts.csv").open(encoding="utf-8-sig", newline="") as file:
        contract_id = list(csv.DictReader(file))[9]["contract_id"]
    return contract_id, re.split(r"[\s\-]+", contract_id.lower())[-1], f"/contracts/{contract_id.lower()}.html"


@claim("search")
@pytest.mark.parametrize("case", SEARCHES)
def test_search_finds_the_page(tab: tuple[Page, Guard], sites: Callable[[str], Site], case: str) -> None:
    page, guard = tab
    key, query, settled_on, expected, first = SEARCHES[case]
    if not query:
        query, settled_on, expected = _tenth_contract(sites(key))
    page.goto(sites(key).url + "index.html")
    found = search(page, query, settled_on)
    if first:
        assert found[:1] == [expected], found
    else:
        assert expected in found, found
    assert not guard.console_errors
    assert not guard.external


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, page by page, with pypdf."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


PRINTS = {"dashboard": "index.html", "contract page": "contracts/csc-001.html"}


@claim("print")
@pytest.mark.parametrize("name", PRINTS)
def test_prints_cleanly(tab: tuple[Page, Guard], sites: Callable[[str], Site], name: str) -> None:
    page, _ = tab
    page.goto(sites("sample-internal").url + PRINTS[name])
    heading = page.locator(".md-content h1").first.inner_text().strip()
    nav_labels = page.locator(".md-nav--primary .md-nav__link").all_inner_texts()
    content = page.locator(".md-content").inner_text()
    chart_titles = page.locator("figure.sc-figure figcaption").all_inner_texts()

    page.emulate_media(media="print")
    chrome = page.evaluate(
        """() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer', '.md-search']
             .filter((s) => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none')"""
    )
    assert chrome == [], f"navigation chrome still shown in print: {chrome}"
    charts = page.evaluate(
        """() => Array.from(document.querySelectorAll('figure.sc-figure')).map((figure) => Array.from(figure.querySelectorAll('svg'))
             .some((svg) => { const b = svg.getBoundingClientRect(); return b.width > 100 && b.height > 50; }))"""
    )
    assert all(charts), "a chart is hidden or squashed in print"
    if name == "dashboard":
        assert charts, "the dashboard printed no chart"

    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    squashed = re.sub(r"\s+", " ", text)
    assert re.sub(r"\s+", " ", heading) in squashed, f"the heading {heading!r} is not in the PDF"
    for title in chart_titles:
        assert re.sub(r"\s+", " ", title.strip()) in squashed, f"chart {title!r} is not in the PDF"
    nav_only = [label.strip() for label in nav_labels if label.strip() and label.strip() not in content]
    leaked = [label for label in nav_only if label in text]
    assert not leaked, f"navigation printed: {leaked}"


SHOTS = {
    "dashboard": ("sample-internal", "index.html"),
    "contract": ("sample-internal", "contracts/csc-001.html"),
    "public-register": ("sample-public", "register.html"),
    "public-contract": ("sample-public", "contracts/csc-001.html"),
    "public-ending-soon": ("sample-public", "ending-soon.html"),
    "public-sourcing-plan": ("sample-public", "sourcing-plan.html"),
}


@pytest.mark.parametrize("width", SCREENSHOT_WIDTHS)
@pytest.mark.parametrize("name", SHOTS)
def test_screenshots_for_review(
    tab: tuple[Page, Guard], sites: Callable[[str], Site], screenshots: Path, name: str, width: int
) -> None:
    page, guard = tab
    key, path = SHOTS[name]
    page.set_viewport_size({"width": width, "height": DESKTOP["height"]})
    page.goto(sites(key).url + path)
    settle(page)
    target = screenshots / f"{name}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == width  # full page: no sideways overflow widened it
    assert not guard.bad_responses
    assert not guard.console_errors
    assert not guard.external

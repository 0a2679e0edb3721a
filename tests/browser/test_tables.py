"""Data pages that fit the screen, filters that can be shared, and search from disk, in a real browser.

All on the sites built from the sample workbook, each check one page load: at 1400 px no table on the
data pages scrolls sideways and no word in a table is broken; at 375 px no chart text is under 11 px as
drawn; every facet filters by whole values, with counts, into the address; a shared address opens the
same view; "Download what I see" writes the rows shown under the data files' Excel-safe rules; and the
internal site opened from disk (file://) finds a contract by search.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest

from safe_commissioning.opendata.register import SOURCING_COLUMNS
from safe_commissioning.sites.open_data import plain_header

from .harness import AXE_OPTIONS, AXE_SCRIPT, Guard, Site, new_context, settle

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

pytestmark = pytest.mark.browser

WIDE: ViewportSize = {"width": 1400, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 800}
MIN_CHART_TEXT = 11  # CSS px, as drawn on screen

DATA_PAGES = {
    "compliance matrix": ("sample-internal", "compliance.html"),
    "contracts": ("sample-internal", "contracts/index.html"),
    "placements": ("sample-internal", "placements.html"),
    "expiries": ("sample-internal", "expiries.html"),
    "providers": ("sample-internal", "providers/index.html"),
    "public register": ("sample-public", "register.html"),
}
CHART_PAGES = {"dashboard": "index.html", "placements": "placements.html", "expiries": "expiries.html"}


# Tables whose content is wider than their box (they would scroll sideways), and words in table cells
# drawn on more than one line (broken inside the word).
LAYOUT_JS = """
() => {
  const wide = Array.from(document.querySelectorAll(".sc-table-wrap"))
    .filter((w) => w.scrollWidth > w.clientWidth + 1)
    .map((w) => `${w.querySelector("table").id}: ${w.scrollWidth} px in ${w.clientWidth} px`);
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector(".md-content"), NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node && broken.length < 10; node = walker.nextNode()) {
    if (!node.parentElement.closest("table.sc-table tbody")) continue;
    for (const match of node.data.matchAll(/[^\\s\\u00ad-]{4,}/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(match[0]);
    }
  }
  return { wide, broken };
}
"""


@pytest.mark.parametrize("name", DATA_PAGES)
def test_at_1400_px_no_table_scrolls_sideways_and_no_word_is_broken(
    tab: tuple[Page, Guard], sites: Callable[[str], Site], name: str
) -> None:
    page, _ = tab
    key, path = DATA_PAGES[name]
    page.set_viewport_size(WIDE)
    page.goto(sites(key).url + path)
    settle(page)
    found = page.evaluate(LAYOUT_JS)
    assert found["wide"] == [], f"tables that scroll sideways at 1400 px: {found['wide']}"
    assert found["broken"] == [], f"words broken across lines: {found['broken']}"


# The size of each visible chart text as drawn: its font size times the SVG's scale on screen (of the drawing
# shown at this width: a chart has one drawing for a screen and one for a phone).
CHART_TEXT_JS = """
() => Array.from(document.querySelectorAll("figure.sc-figure svg")).filter((svg) => svg.getClientRects().length).flatMap((svg) => {
  const box = svg.viewBox.baseVal;
  const scale = svg.getBoundingClientRect().width / (box && box.width ? box.width : svg.getBoundingClientRect().width);
  return Array.from(svg.querySelectorAll("text"))
    .filter((t) => t.textContent.trim() && getComputedStyle(t).opacity !== "0" && t.getAttribute("opacity") !== "0")
    .map((t) => [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize) * scale]);
})
"""


@pytest.mark.parametrize("name", CHART_PAGES)
def test_at_375_px_no_chart_text_is_under_11_px(
    tab: tuple[Page, Guard], sites: Callable[[str], Site], name: str
) -> None:
    page, _ = tab
    page.set_viewport_size(PHONE)
    page.goto(sites("sample-internal").url + CHART_PAGES[name])
    settle(page)
    texts = page.evaluate(CHART_TEXT_JS)
    assert texts, "no chart text found"
    small = [(text, round(size, 1)) for text, size in texts if size < MIN_CHART_TEXT - 0.01]
    assert small == [], f"chart text under {MIN_CHART_TEXT} px at 375 px: {small[:10]}"


# Every row of a group's tables: shown or not, and its facet values.
ROWS_JS = """
(keys) => Array.from(document.querySelectorAll("table.sc-table[data-facets] tbody tr")).map((row) => ({
  shown: !row.hidden,
  values: Object.fromEntries(keys.map((k) => [k, row.getAttribute("data-" + k)])),
}))
"""


def _rows(page: Page, keys: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = page.evaluate(ROWS_JS, keys)
    return rows


def _count(page: Page) -> tuple[int, int]:
    shown, _, total = page.locator(".sc-filter__count").first.inner_text().split()[:3]
    return int(shown), int(total)


FACET_PAGES = {
    "compliance matrix": ("sample-internal", "compliance.html"),
    "public register": ("sample-public", "register.html"),
}


@pytest.mark.parametrize("name", FACET_PAGES)
def test_each_facet_shows_exactly_the_rows_with_its_value_counts_them_and_puts_itself_in_the_address(
    tab: tuple[Page, Guard], sites: Callable[[str], Site], name: str
) -> None:
    page, guard = tab
    key, path = FACET_PAGES[name]
    page.goto(sites(key).url + path)
    selects = page.locator(".sc-facet select")
    keys = [selects.nth(i).get_attribute("data-facet") or "" for i in range(selects.count())]
    expected = {"compliance matrix": ["rag", "status", "area", "band", "provider", "manager", "route"]}
    assert keys == expected.get(name, ["status", "area", "band", "supplier", "route"])
    total = len(_rows(page, keys))
    for index, facet in enumerate(keys):
        select = selects.nth(index)
        options = select.locator("option")
        # the most common value, so the check is not vacuous
        labels = [options.nth(i).inner_text() for i in range(1, options.count())]
        values = [options.nth(i).get_attribute("value") or "" for i in range(1, options.count())]
        counts = [int(label.rsplit("(", 1)[1].rstrip(")")) for label in labels]
        value = values[counts.index(max(counts))]
        select.select_option(value)
        rows = _rows(page, keys)
        shown = [row for row in rows if row["shown"]]
        assert shown, f"{facet}={value} shows nothing"
        assert all(row["values"][facet] == value for row in shown), f"{facet}={value} shows other values"
        assert len(shown) == sum(row["values"][facet] == value for row in rows) == max(counts)
        assert _count(page) == (len(shown), total)
        assert parse_qs(urlsplit(page.url).query) == {facet: [value]}
        select.select_option("")
    assert not guard.console_errors


def test_a_shared_address_opens_the_same_filtered_view(tab: tuple[Page, Guard], sites: Callable[[str], Site]) -> None:
    page, _ = tab
    site = sites("sample-internal")
    page.goto(site.url + "compliance.html")
    keys = ["rag", "area"]
    rows = _rows(page, keys)
    area = next(row["values"]["area"] for row in rows if row["values"]["rag"] == "amber")
    page.goto(site.url + "compliance.html?" + f"rag=amber&area={area.replace(' ', '+')}&q=")
    assert page.locator('.sc-facet select[data-facet="rag"]').input_value() == "amber"
    assert page.locator('.sc-facet select[data-facet="area"]').input_value() == area
    shown = [row["values"] for row in _rows(page, keys) if row["shown"]]
    wanted = [row["values"] for row in rows if row["values"] == {"rag": "amber", "area": area}]
    assert shown == wanted
    assert _count(page)[0] == len(wanted)
    assert page.locator(".sc-filter__count").first.get_attribute("role") == "status"  # announced


def test_the_red_filter_returns_only_red_contracts(tab: tuple[Page, Guard], sites: Callable[[str], Site]) -> None:
    """A facet matches whole values: "Red" never finds the "Expired" contracts, as the old text box did."""
    page, _ = tab
    page.goto(sites("sample-internal").url + "compliance.html?rag=Red")
    rows = page.locator("table.sc-table[data-facets] tbody tr")
    shown = [rows.nth(i) for i in range(rows.count()) if rows.nth(i).is_visible()]
    assert shown
    badges = [row.locator(".sc-rag").inner_text().split()[-1] for row in shown]
    assert set(badges) == {"Red"}, badges
    hidden_red = page.evaluate(
        "() => Array.from(document.querySelectorAll('table.sc-table[data-facets] tbody tr'))"
        ".filter((r) => r.hidden && r.getAttribute('data-rag') === 'red').length"
    )
    assert hidden_red == 0


def test_download_what_i_see_writes_the_rows_shown_as_excel_safe_csv(
    tab: tuple[Page, Guard], sites: Callable[[str], Site]
) -> None:
    page, _ = tab
    page.goto(sites("sample-internal").url + "compliance.html?rag=red")
    shown = _count(page)[0]
    with page.expect_download() as info:
        page.get_by_role("button", name="Download what I see (CSV)").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith("\ufeff".encode())  # UTF-8 with a byte-order mark, as the data files
    assert b"\r\n" in data
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table[0][:3] == ["Contract", "Supplier", "RAG"]
    assert len(table) - 1 == shown
    assert {row[2] for row in table[1:]} == {"Red"}
    # the same defusing as safe_commissioning.opendata.datafiles.cell_value: formula-like text gains a quote, numbers stay
    made = page.evaluate(
        "() => window.scTables.csvText(['a'], [['=1+1'], ['+x'], ['-y'], ['@z'], ['\\tt'], ['-5'], ['a,\"b\"']])"
    )
    assert made == '\ufeffa\r\n\'=1+1\r\n\'+x\r\n\'-y\r\n\'@z\r\n\'\tt\r\n-5\r\n"a,""b"""\r\n'


def test_the_site_opened_from_disk_finds_a_contract_by_search(browser: Browser, sample_out: Path) -> None:
    """file://: Material's worker cannot start, so the site's own box searches the index loaded as a script."""
    context = browser.new_context(viewport=WIDE)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((sample_out / "internal" / "index.html").as_uri())
        assert not page.locator(".md-search__input").is_visible()  # Material's own box is dead here, and hidden
        page.locator("#sc-search-input").fill("CSC-010")
        first = page.locator(".sc-search__result a").first
        first.wait_for()
        assert (first.get_attribute("href") or "").endswith("/contracts/csc-010.html")
        assert "result" in page.locator("#sc-search-status").inner_text()
        page.keyboard.press("ArrowDown")
        assert page.evaluate("() => document.activeElement.closest('.sc-search__result') !== null")
        page.evaluate(AXE_SCRIPT)
        result = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
        assert [v["id"] for v in result["violations"]] == []
        assert errors == []
    finally:
        context.close()


# Cumulative Layout Shift from the first paint to a settled page: every layout-shift entry not caused by input.
CLS_SCRIPT = """
window.__cls = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
}).observe({ type: "layout-shift", buffered: true });
"""
GOOD_CLS = 0.1  # web.dev's threshold for a good Cumulative Layout Shift


@pytest.mark.parametrize("path", ["register.html", "sourcing-plan.html"])
def test_the_public_filters_keep_their_place_on_a_phone(
    browser: Browser, sites: Callable[[str], Site], path: str
) -> None:
    """The filter panel tables.js adds, and the cards a phone shows, take their place from the first paint."""
    context, _ = new_context(browser)
    try:
        page = context.new_page()
        page.set_viewport_size(PHONE)
        page.add_init_script(CLS_SCRIPT)
        page.goto(sites("sample-public").url + path, wait_until="load")
        settle(page)
        page.wait_for_timeout(500)
        assert page.locator(".sc-filters").count() == 1
        assert page.evaluate("window.__cls") < GOOD_CLS
    finally:
        context.close()


def test_download_what_i_see_on_the_sourcing_plan_writes_every_published_column(
    tab: tuple[Page, Guard], sites: Callable[[str], Site]
) -> None:
    page, _ = tab
    page.goto(sites("sample-public").url + "sourcing-plan.html")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download what I see (CSV)").click()
    assert info.value.suggested_filename == "sourcing-plan.csv"
    table = list(csv.reader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"), newline="")))
    assert table[0] == [plain_header(name) for name in SOURCING_COLUMNS]
    assert len(table) - 1 == _count(page)[0]
    status = table[0].index("Status")
    assert {row[status] for row in table[1:]} <= {"Planned", "In progress", "Awarded", "Cancelled", ""}
    assert all("date passed" not in cell for row in table for cell in row)

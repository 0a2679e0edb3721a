"""The verdict first: the ratings on a laptop's first screen and high on a phone; nothing runs off a phone's edge."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from .harness import Guard, Site, accessible_names, settle

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1400, "height": 900}
PHONE = {"width": 375, "height": 800}
PHONE_LIMIT = 1600  # px from the top of the page: where the verdict must have ended on a phone

# Where the verdict's box ends, from the top of the page, in CSS pixels.
VERDICT_BOTTOM_JS = """
() => { const box = document.querySelector(".sc-verdict").getBoundingClientRect(); return box.bottom + window.scrollY; }
"""
# Every element whose right edge is past the viewport's (what makes the page scroll sideways), and every box
# that scrolls sideways because what is in it is wider (a table or chart cut at the screen's edge).
OFF_EDGE_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => { for (let e = el.parentElement; e; e = e.parentElement) {
    const s = getComputedStyle(e).overflowX; if (s === "auto" || s === "scroll" || s === "hidden") return true; } return false; };
  const past = Array.from(document.querySelectorAll(".md-content *"))
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !scrolls(el));
  const cut = Array.from(document.querySelectorAll(".md-content *")).filter((el) => {
    const s = getComputedStyle(el).overflowX;
    return (s === "auto" || s === "scroll") && el.getClientRects().length && el.scrollWidth > el.clientWidth + 1;
  });
  return past.concat(cut).slice(0, 10).map((el) => el.tagName + "." + el.className);
}
"""


def test_the_verdict_is_on_a_laptop_s_first_screen(tab: tuple[Page, Guard], sites: Callable[[str], Site]) -> None:
    page, _ = tab
    page.set_viewport_size(LAPTOP)  # type: ignore[arg-type]
    page.goto(sites("sample-internal").url + "index.html")
    settle(page)
    assert page.evaluate(VERDICT_BOTTOM_JS) <= LAPTOP["height"]


def test_the_verdict_ends_within_1600_px_on_a_phone(tab: tuple[Page, Guard], sites: Callable[[str], Site]) -> None:
    page, _ = tab
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.goto(sites("sample-internal").url + "index.html")
    settle(page)
    assert page.evaluate(VERDICT_BOTTOM_JS) <= PHONE_LIMIT


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "what-changed.html",
        "committee-pack.html",
        "coming-up.html",
        "compliance.html",
        "expiries.html",
        "placements.html",
        "contracts/csc-001.html",
    ],
)
def test_nothing_runs_off_the_right_edge_at_375_px(
    tab: tuple[Page, Guard], sites: Callable[[str], Site], path: str
) -> None:
    page, _ = tab
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.goto(sites("sample-internal").url + path)
    settle(page)
    assert page.evaluate(OFF_EDGE_JS) == []


def test_a_phone_shows_each_chart_drawn_for_it_named_for_screen_readers(
    tab: tuple[Page, Guard], sites: Callable[[str], Site]
) -> None:
    page, _ = tab
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.goto(sites("sample-internal").url + "index.html")
    settle(page)
    shown = page.evaluate(
        """() => Array.from(document.querySelectorAll("figure.sc-figure svg")).filter((s) => s.getClientRects().length)
             .map((s) => [s.closest(".sc-chart").className, s.getBoundingClientRect().width])"""
    )
    assert len(shown) >= 4
    assert all(kind == "sc-chart sc-chart--phone" for kind, _ in shown), shown
    assert all(width <= PHONE["width"] - 32 for _, width in shown), shown
    names = accessible_names(page, "figure.sc-figure .sc-chart--phone svg")
    assert all(role == "image" and name for role, name in names), names

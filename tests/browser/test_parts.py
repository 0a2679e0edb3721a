"""A list in parts, in a real browser: a facet on part 1 finds the rows of another part (opened from disk)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.test_parts import build_in_parts

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def split_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_in_parts(tmp_path_factory.mktemp("browser-parts"))


def test_a_facet_on_part_one_finds_a_row_of_the_last_part(browser: Browser, split_out: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((split_out / "public" / "register.html").as_uri())
        assert "C-7" not in page.locator("#register-table").inner_text()  # the ended contract is on part 3
        page.locator("select[data-facet=status]").select_option("expired")
        results = page.locator("#filter-register-table-all")
        results.locator("tbody tr").first.wait_for()
        assert results.locator("tbody tr").count() == 1
        assert "C-7" in results.inner_text()
        assert results.locator("tbody [id]").count() == 0  # an id would be on the page twice
        assert results.locator("tbody a[href='contracts/c-7.html']").count() == 1
        status = page.locator(".sc-filter__count").inner_text()
        assert status.startswith("1 of 7 contracts shown, from all 3 parts"), status
        assert "(1)" in page.locator("select[data-facet=status] option[value=expired]").inner_text()
        # the hostile title arrives as text, never as markup
        page.locator("select[data-facet=status]").select_option("")
        page.locator(".sc-filter input[type=search]").fill("alert")
        results.locator("tbody tr").first.wait_for()
        assert results.locator("tbody b").count() == 0
        assert results.locator("tbody script").count() == 0
        assert "<b>bold</b>" in results.inner_text()
        assert not errors
    finally:
        context.close()


def test_a_part_s_rows_come_into_the_page_as_known_tags_and_attributes_only(
    browser: Browser, split_out: Path, tmp_path: Path
) -> None:
    """Whatever a part's script holds, the rows shown run no script, load nothing and keep no script link."""
    site = tmp_path / "public"
    shutil.copytree(split_out / "public", site)
    script = site / "data" / "lists" / "register-3.js"
    rows = (
        '<tr data-status="expired" onclick="window.pwned = 1"><td><img src="x" onerror="window.pwned = 2">'
        '<a href="javascript:window.pwned = 3" id="twice" data-id="x">C-9 hostile</a>'
        '<script>window.pwned = 4</script><svg onload="window.pwned = 5"></svg>'
        '<span style="color: red" class="kept" data-note="kept">styled</span></td></tr>'
    )
    prefix = '(window.scLists = window.scLists || {})["register-3"] = '
    script.write_text(prefix + json.dumps({"register-table": rows}) + ";\n", encoding="utf-8")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto((site / "register.html").as_uri())
        page.locator("select[data-facet=status]").select_option("expired")
        results = page.locator("#filter-register-table-all")
        results.locator("tbody tr").first.wait_for()
        assert "C-9 hostile" in results.inner_text()
        body = results.locator("tbody")
        for selector in ("img", "script", "svg", "[onclick]", "[onerror]", "[style]", "[id]", "[data-id]", "a[href]"):
            assert body.locator(selector).count() == 0, selector
        assert body.locator("span.kept[data-note=kept]").count() == 1
        body.locator("tr").first.dispatch_event("click")
        page.wait_for_timeout(200)
        assert page.evaluate("window.pwned") is None
    finally:
        context.close()

"""Hostile workbook text and settings stay text in a real browser: no script runs on any page of either site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import Rows, contract, headers, provider, row, safeguarding, write_xlsx
from tests.sites import build_sites
from tests.test_hostile_text import HOSTILE_DESCRIPTION, HOSTILE_SUPPLIER, HOSTILE_TITLE, hostile_settings

from .harness import new_context, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog

pytestmark = pytest.mark.browser

SEARCHES = ("<script>", "alert", "Org", "Evil")


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser-hostile")
    sheets: dict[str, Rows] = {
        "Settings": hostile_settings(),
        "Contracts": [
            headers("Contracts"),
            contract(title=HOSTILE_TITLE, description=HOSTILE_DESCRIPTION, supplier=HOSTILE_SUPPLIER),
        ],
        "Providers": [headers("Providers"), provider(provider=HOSTILE_SUPPLIER)],
        "Safeguarding": [headers("Safeguarding"), safeguarding()],
        "Sourcing plan": [headers("Sourcing plan"), row("Sourcing plan", project=HOSTILE_TITLE, status="Planned")],
    }
    out = folder / "build"
    build_sites(write_xlsx(folder / "hostile.xlsx", sheets), out)
    return out


@pytest.fixture(scope="module")
def dialogs(browser: Browser, hostile_out: Path) -> Iterator[dict[str, list[str]]]:
    """Every page of both sites opened, and the search box used, with a note of every dialog that fired."""
    fired: dict[str, list[str]] = {}
    context, _ = new_context(browser)
    page = context.new_page()

    def note(dialog: Dialog) -> None:
        fired.setdefault(page.url, []).append(dialog.message)
        dialog.dismiss()

    page.on("dialog", note)
    try:
        for site in ("internal", "public"):
            root = hostile_out / site
            with serve(root) as base:
                paths = [p.relative_to(root).as_posix() for p in sorted(root.rglob("*.html"))]
                for path in [*paths, "no-such-page.html"]:
                    page.goto(base + path, wait_until="load")
                page.goto(base + "index.html", wait_until="load")
                for query in SEARCHES:
                    page.keyboard.press("/")  # Material's shortcut to the search box
                    page.keyboard.type(query)
                    page.wait_for_timeout(300)
                    page.keyboard.press("Escape")
        yield fired
    finally:
        context.close()


def test_no_dialog_fires_on_any_page_or_search(dialogs: dict[str, list[str]]) -> None:
    assert dialogs == {}


def test_the_hostile_text_is_on_the_pages_as_text(browser: Browser, hostile_out: Path) -> None:
    context, _ = new_context(browser)
    try:
        page = context.new_page()
        with serve(hostile_out / "public") as base:
            page.goto(base + "register.html", wait_until="load")
            body = page.inner_text("body")
        assert "<script>alert('title')</script>" in body
        assert "Org\"><script>alert('organisation')</script>" in body
    finally:
        context.close()

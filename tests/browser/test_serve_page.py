"""A page served by `serve` shows the workbook's errors in a banner, as text, and reloads after a new build."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from safe_commissioning.serve import ServeState, sites_handler

from .harness import new_context

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog

pytestmark = pytest.mark.browser

HOSTILE = 'Contracts!B2: Title <img src=x onerror="alert(1)"> is too long'


def test_the_banner_shows_the_problems_as_text_and_a_new_build_reloads_the_page(
    browser: Browser, sample_out: Path
) -> None:
    state = ServeState()
    server = ThreadingHTTPServer(("127.0.0.1", 0), sites_handler(sample_out, state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context, _ = new_context(browser)
    dialogs: list[str] = []
    try:
        page = context.new_page()

        def dismiss(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", dismiss)
        page.goto(f"http://127.0.0.1:{server.server_port}/public/index.html")
        state.failed([HOSTILE])
        banner = page.locator(".sc-serve-errors")
        banner.wait_for(timeout=10_000)
        assert HOSTILE in banner.inner_text()
        assert page.locator(".sc-serve-errors img").count() == 0
        page.evaluate("window.__notReloaded = true")
        state.published()
        page.wait_for_function("window.__notReloaded === undefined", timeout=10_000)
        assert page.locator(".sc-serve-errors").count() == 0
        assert dialogs == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()

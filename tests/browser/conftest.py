"""Fixtures of the real-browser suite: both workbooks built once, both sites served on 127.0.0.1,
one headless Debian Chromium driven by Playwright, and each site's pages audited once per session.

Outside CI the browser tests skip, saying why, when Chromium or Playwright is missing; under CI
(CI=true) a missing browser fails them instead.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import SCREENSHOTS, SampleSites
from tests.sites import build_sites

from .claims import LARGE_CONTRACTS
from .harness import Guard, PageAudit, Site, audit_site, new_context, pages_to_audit, serve
from .workbooks import large_workbook

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def _find_chromium() -> Path:
    """SC_CHROMIUM if set; else Debian's /usr/bin/chromium; else a chromium on the PATH."""
    if os.environ.get("SC_CHROMIUM"):
        return Path(os.environ["SC_CHROMIUM"])
    debian = Path("/usr/bin/chromium")
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return debian if debian.is_file() or not found else Path(found)


CHROMIUM = _find_chromium()
# As the machine notes say: headless, no sandbox (root), and nothing that phones home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    # a second wall behind the request guard: no host name but 127.0.0.1 resolves
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None or importlib.util.find_spec("axe_playwright_python") is None:
        return (
            "Playwright for Python or axe-playwright-python is not installed (make test installs requirements/dev.txt)"
        )
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} was not found: install Debian's Chromium (apt-get install chromium) or set SC_CHROMIUM"
    return None


def require_browser() -> Path:
    """Chromium's path; when there is no browser, skip the test outside CI and fail it under CI."""
    missing = browser_missing()
    if missing:
        if under_ci():
            pytest.fail(f"CI=true and the browser tests cannot run: {missing}", pytrace=False)
        pytest.skip(f"browser tests skipped: {missing}")
    return CHROMIUM


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Chromium's path (see require_browser)."""
    return require_browser()


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Browser]:
    """One headless Chromium for the whole session (each test opens its own context)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def sample_out(sample_sites: SampleSites) -> Path:
    """Both sites built from the committed sample workbook (the build the other tests read too)."""
    return sample_sites()[0]


@pytest.fixture(scope="session")
def large_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both sites built from a generated workbook of LARGE_CONTRACTS contracts."""
    folder = tmp_path_factory.mktemp("browser-large")
    workbook = large_workbook(folder / "large.xlsx", LARGE_CONTRACTS)
    out = folder / "build"
    result = build_sites(workbook, out)
    assert len(result.assessment.contracts) == LARGE_CONTRACTS
    return out


@pytest.fixture(scope="session")
def sites(chromium: Path, request: pytest.FixtureRequest) -> Iterator[Callable[[str], Site]]:
    """`sites("sample-internal")` → that site, built (once) and served on 127.0.0.1 until the session ends."""
    served: dict[str, Site] = {}
    with ExitStack() as stack:

        def get(key: str) -> Site:
            if key not in served:
                workbook, kind = key.split("-")
                out: Path = request.getfixturevalue(f"{workbook}_out")
                root = out / kind
                url = stack.enter_context(serve(root))
                served[key] = Site(workbook, kind, root, url, pages_to_audit(root, workbook))
            return served[key]

        yield get


@pytest.fixture(scope="session")
def audits(browser: Browser, sites: Callable[[str], Site]) -> Callable[[str], dict[str, PageAudit]]:
    """`audits("sample-internal")` → every audited page of that site, checked once per session."""
    done: dict[str, dict[str, PageAudit]] = {}

    def get(key: str) -> dict[str, PageAudit]:
        if key not in done:
            done[key] = audit_site(browser, sites(key))
        return done[key]

    return get


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where the review screenshots go (build/screenshots/ unless SC_SCREENSHOTS says otherwise).

    Only the worker of the "browser" xdist group takes them (see group_of in tests/conftest.py).
    """
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture
def tab(browser: Browser) -> Iterator[tuple[Page, Guard]]:
    """A fresh context and tab at desktop width, every request guarded."""
    context, guard = new_context(browser)
    try:
        yield context.new_page(), guard
    finally:
        context.close()

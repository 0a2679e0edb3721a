"""What the browser suite checks, in one place: the tests use these values and the public accessibility
statement must say the same (tests/browser/test_statement.py holds them together).

Nothing here imports Playwright, so the statement test runs on machines without a browser too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

# axe-core rules run on every page: WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
DESKTOP_WIDTH = 1280  # CSS px, the width every page is checked at
REFLOW_WIDTH = 320  # CSS px: WCAG 1.4.10 reflow (1280 px at 400% zoom)
FOCUS_CONTRAST = 3.0  # minimum contrast of a focus indicator against what surrounds it
SCREENSHOT_WIDTHS = (1400, 375)

# The generated workbook: at least this many contracts, and the pages of its sites that are checked.
LARGE_CONTRACTS = 200
LARGE_CONTRACT_PAGES = 20
LARGE_PROVIDER_PAGES = 10

# Each check the suite makes, by the id the statement's list item carries (data-check="...").
CHECKS = {
    "axe": "axe-core finds no violations of its WCAG 2.0, 2.1 and 2.2 level A and AA rules",
    "resources": "every resource a page asks for loads",
    "console": "no page logs a script error",
    "offline": "no request leaves the local test server",
    "reflow": f"pages reflow at {REFLOW_WIDTH} CSS pixels",
    "status-text": "every status badge says its status in words",
    "charts": "every chart has an accessible name and a data table",
    "keyboard": "keyboard-only navigation with a visible focus indicator",
    "search": "search finds contracts, suppliers and the register",
    "print": "pages print without the navigation, with their text and charts",
}

F = TypeVar("F", bound=Callable[..., object])


def claim(check: str) -> Callable[[F], F]:
    """Mark a test as the one that makes `check` true; test_statement.py finds these by reading the source."""
    assert check in CHECKS, check

    def mark(test: F) -> F:
        return test

    return mark

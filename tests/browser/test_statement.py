"""The public accessibility statement says exactly what the browser suite checks, and nothing else.

No browser needed: this reads the statement as built from the sample workbook, and the suite's own
source and settings (claims.py), so it runs everywhere, and a change to either side that is not made
to the other fails here.
"""

from __future__ import annotations

import ast
import html
import importlib.resources
import re
from html.parser import HTMLParser
from pathlib import Path

from .claims import (
    AXE_TAGS,
    CHECKS,
    DESKTOP_WIDTH,
    FOCUS_CONTRAST,
    LARGE_CONTRACT_PAGES,
    LARGE_CONTRACTS,
    LARGE_PROVIDER_PAGES,
    REFLOW_WIDTH,
    SCREENSHOT_WIDTHS,
)

SUITE = Path(__file__).resolve().parent


class _Checks(HTMLParser):
    """The statement's list items that carry data-check, with their text."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, str] = {}
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        check = dict(attrs).get("data-check")
        if tag == "li" and check:
            assert check not in self.items, f"data-check={check!r} twice"
            self._current = check
            self.items[check] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current:
            self.items[self._current] += data


def statement(out: Path) -> tuple[str, dict[str, str]]:
    page = (out / "public" / "accessibility.html").read_text(encoding="utf-8")
    start = page.index('id="testing"')
    testing = page[start : page.index("</article>", start)]
    parser = _Checks()
    parser.feed(testing)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", testing)))
    return text, parser.items


def claimed_by_tests() -> dict[str, list[str]]:
    """check id → the suite's tests decorated with @claim(check), read from their source."""
    found: dict[str, list[str]] = {}
    for module in sorted(SUITE.glob("test_*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                for decorator in node.decorator_list:
                    if (
                        isinstance(decorator, ast.Call)
                        and isinstance(decorator.func, ast.Name)
                        and decorator.func.id == "claim"
                        and isinstance(decorator.args[0], ast.Constant)
                    ):
                        found.setdefault(str(decorator.args[0].value), []).append(f"{module.name}::{node.name}")
    return found


def test_the_statement_lists_exactly_the_checks_the_suite_makes(sample_out: Path) -> None:
    _, items = statement(sample_out)
    assert set(items) == set(CHECKS)


def test_every_check_in_the_statement_is_made_by_a_test() -> None:
    claimed = claimed_by_tests()
    assert set(claimed) == set(CHECKS), {c: claimed.get(c) for c in CHECKS}


def test_the_statement_states_the_suite_settings(sample_out: Path) -> None:
    text, items = statement(sample_out)
    tags = ", ".join(AXE_TAGS[:-1]) + " and " + AXE_TAGS[-1]
    axe_version = re.match(r"/\*! axe v(\d+\.\d+)", _axe_source())
    assert axe_version
    assert f"axe-core {axe_version[1]}" in items["axe"]
    assert f"rules tagged {tags}" in items["axe"]
    assert f"{DESKTOP_WIDTH} CSS pixels" in items["axe"]
    assert "no violations" in items["axe"]
    assert f"at {REFLOW_WIDTH} CSS pixels" in items["reflow"]
    assert f"{FOCUS_CONTRAST:g}:1 contrast" in items["keyboard"]
    assert "127.0.0.1" in items["offline"]
    assert "headless Chromium driven by Playwright" in text
    assert f"a generated workbook of {LARGE_CONTRACTS} contracts" in text
    assert f"plus {LARGE_CONTRACT_PAGES} contract pages and {LARGE_PROVIDER_PAGES} provider pages" in text
    assert "at {} and {} pixels wide".format(*SCREENSHOT_WIDTHS) in text
    assert "axe-core reported 0 violations" in text


def _axe_source() -> str:
    return (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")[:200]

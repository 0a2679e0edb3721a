"""Workbook text is data, never markup, on both sites; CSV downloads are safe to open in Excel."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from safe_commissioning.opendata.datafiles import cell_value, csv_text
from safe_commissioning.sites.engines import theme_safe_url
from safe_commissioning.sites.pages import inert

from .conftest import REPORT_DATE, Rows, Text, contract, headers, provider, row, safeguarding, write_xlsx
from .sites import build_sites, html_pages, search_index_path

HOSTILE_TITLE = "<script>alert('title')</script> **bold** _em_ `code`"
HOSTILE_DESCRIPTION = "<img src=x onerror=alert(1)> [click me](javascript:alert(2)) <javascript:alert(3)>"
HOSTILE_SUPPLIER = "Evil <b>Ltd</b> & Co"
FORMULA_PROJECT = Text('=HYPERLINK("http://evil.example","x")')
FORMULA_ID = "+C-1"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    sheets: dict[str, Rows] = {
        "Settings": [
            ["Setting", "Value"],
            ["Organisation", "Council <i>of</i> Things"],
            ["Report date", REPORT_DATE],
            ["Notice", "<script>alert('notice')</script>"],
        ],
        "Contracts": [
            headers("Contracts"),
            contract(
                contract_id=FORMULA_ID,
                title=HOSTILE_TITLE,
                description=HOSTILE_DESCRIPTION,
                supplier=HOSTILE_SUPPLIER,
                notes="@SUM(1+1)\ttab",
            ),
        ],
        "Providers": [headers("Providers"), provider(provider=HOSTILE_SUPPLIER)],
        "Safeguarding": [headers("Safeguarding"), safeguarding(contract_id=FORMULA_ID)],
        "Sourcing plan": [headers("Sourcing plan"), row("Sourcing plan", project=FORMULA_PROJECT, status="Planned")],
    }
    workbook = write_xlsx(folder / "hostile.xlsx", sheets)
    out = folder / "build"
    build_sites(workbook, out, engine=engine)
    return out


@pytest.mark.parametrize("site", ["internal", "public"])
def test_no_injected_markup_reaches_any_page(hostile_build: Path, site: str) -> None:
    for page in html_pages(hostile_build / site):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html, page
        assert not re.search(r"href=[\"']?\s*javascript:", html, re.I), page
        assert "<b>Ltd</b>" not in html, page
        assert "<i>of</i>" not in html, page
        assert "<strong>bold</strong>" not in html, page
        assert "<em>em</em>" not in html, page


@pytest.mark.parametrize("site", ["internal", "public"])
def test_hostile_text_shows_as_typed(hostile_build: Path, site: str) -> None:
    pages = {page.name: page.read_text(encoding="utf-8") for page in html_pages(hostile_build / site)}
    listing = pages["compliance.html" if site == "internal" else "register.html"]
    # The browser shows these characters exactly as typed: they are written as character references.
    assert "&lt;script&gt;alert(" in listing.replace("&#40;", "(") or "&lt;script&gt;alert&#40;" in listing
    assert "Evil &lt;b&gt;Ltd&lt;/b&gt; &amp; Co" in listing


def test_the_page_title_and_nav_stay_text(hostile_build: Path) -> None:
    contract_pages = list((hostile_build / "internal" / "contracts").glob("*.html"))
    page = next(p for p in contract_pages if p.name != "index.html")
    html = page.read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    assert "<script" not in title[1]
    assert "Council &lt;i&gt;of&lt;/i&gt; Things" in html


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-5 days", "'-5 days"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindent", "'\tindent"),
        ("\rcarriage", "'\rcarriage"),
        ("plain", "plain"),
        (-5, -5),
        (12500.0, 12500),
        (0.5, 0.5),
        (None, ""),
        (True, "yes"),
    ],
)
def test_csv_cells_are_safe_in_excel(value: object, expected: object) -> None:
    assert cell_value(value) == expected


def test_csv_files_keep_numbers_as_numbers() -> None:
    text = csv_text(["a", "b", "c"], [["=evil()", -3, 1.5]])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1] == ["'=evil()", "-3", "1.5"]


def test_the_public_downloads_defuse_formulas(hostile_build: Path) -> None:
    data = hostile_build / "public" / "data"
    register = list(csv.DictReader(io.StringIO((data / "contracts.csv").read_text(encoding="utf-8-sig"))))
    assert register[0]["reference"] == "'+C-1"
    plan = list(csv.DictReader(io.StringIO((data / "sourcing_plan.csv").read_text(encoding="utf-8-sig"))))
    assert plan[0]["project"] == "'" + FORMULA_PROJECT
    # JSON is not opened by Excel: it keeps the text exactly.
    assert json.loads((data / "contracts.json").read_text(encoding="utf-8"))[0]["reference"] == FORMULA_ID


@pytest.mark.parametrize(
    "text",
    ["<script>", "[x](javascript:y)", "**b**", "# heading", "a | b", "{: .class}", "![img](x.png)", "line\nbreak"],
)
def test_inert_text_has_no_markdown_or_html_left(text: str) -> None:
    bare = re.sub(r"&(?:#\d+|[a-z]+);", "", str(inert(text)))  # character references render as the character
    assert not set(bare) & set("<>[]()*#|{}!\n`_&")


# Every Settings value reaches some page, the theme's own templates included ------------------------

HOSTILE_URL = "https://evil.example/\"><script>alert('url')</script>"


def hostile_settings() -> list[list[object]]:
    """A Settings sheet in which every text setting tries to break out of the page."""
    return [
        ["Setting", "Value"],
        ["Organisation", "Org\"><script>alert('organisation')</script>"],
        ["Department", "Dept<img src=x onerror=alert('department')>"],
        ["Safeguarding partnership", "</title><script>alert('partnership')</script>"],
        ["Report date", REPORT_DATE],
        ["Classification", "OFFICIAL'><script>alert('classification')</script>"],
        ["OCDS prefix", "ocds-\"><script>alert('prefix')</script>"],
        ["Contact", "javascript:alert('contact')"],
        ["Public site URL", HOSTILE_URL],
        ["Notice", "<svg onload=alert('notice')>"],
    ]


@pytest.fixture(scope="module")
def hostile_settings_build(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    folder = tmp_path_factory.mktemp("hostile-settings")
    sheets: dict[str, Rows] = {
        "Settings": hostile_settings(),
        "Contracts": [headers("Contracts"), contract()],
        "Providers": [headers("Providers"), provider()],
        "Safeguarding": [headers("Safeguarding"), safeguarding()],
        "Sourcing plan": [headers("Sourcing plan"), row("Sourcing plan", project="Next contract", status="Planned")],
    }
    out = folder / "build"
    build_sites(write_xlsx(folder / "hostile-settings.xlsx", sheets), out, engine=engine)
    return out


@pytest.mark.parametrize("site", ["internal", "public"])
def test_no_setting_injects_markup_into_any_file(hostile_settings_build: Path, site: str) -> None:
    root = hostile_settings_build / site
    # Pages, the sitemap and the search index (whose titles and text the search box shows as HTML);
    # the data files hold the text as typed, as data should.
    checked = [*html_pages(root), root / "sitemap.xml", search_index_path(root)]
    assert any(page.name == "404.html" for page in checked)
    for path in checked:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for raw in ("<script>alert", "<img src=x", "<svg onload", "</title><script"):
            assert raw not in text, (path, raw)
        assert site == "internal" or "evil.example" not in text, path  # the bad URL is not used
        assert not re.search(r"href=[\"']?\s*javascript:", text, re.I), path


def test_a_hostile_public_site_url_is_named_and_not_used(hostile_settings_build: Path) -> None:
    findings = json.loads((hostile_settings_build / "internal" / "data" / "validation.json").read_text("utf-8"))
    url = [f for f in findings["findings"] if f["sheet"] == "Settings" and "Public site URL" in f["message"]]
    assert url, findings
    assert url[0]["cell"] == "B9"
    # With no usable site address a sitemap could only be empty, so none is written (finish.py)
    assert not (hostile_settings_build / "public" / "sitemap.xml").exists()


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.gov.uk/contracts/", True),
        ("http://localhost:8000/", True),
        ("https://example.gov.uk/a%20b/", True),
        (HOSTILE_URL, False),
        ("https://example.gov.uk/?q=<x>", False),
        ("https://example.gov.uk/a b/", False),
        ("https://example.gov.uk/'onmouseover='x", False),
        ("javascript:alert(1)", False),
        ('https://exa"mple.gov.uk/', False),
    ],
)
def test_only_plain_urls_reach_the_theme(url: str, safe: bool) -> None:
    assert (theme_safe_url(url) == url) is safe

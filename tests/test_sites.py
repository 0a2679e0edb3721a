"""Both sites, built from the sample workbook: the pages SPEC asks for, offline, searchable, labelled."""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import pytest

from safe_commissioning.pipeline import BuildResult
from safe_commissioning.rules.catalogue import RULE_IDS
from safe_commissioning.workbook.schema.choices import CLAUSE_ELEMENTS

from .conftest import SampleSites
from .sites import figures, html_pages, search_entries

INTERNAL_PAGES = (
    "index.html",
    "compliance.html",
    "contracts/index.html",
    "providers/index.html",
    "expiries.html",
    "placements.html",
    "alerts.html",
    "sourcing-plan.html",
    "development-plan.html",
    "data-quality.html",
    "methodology.html",
    "downloads.html",
)
PUBLIC_PAGES = (
    "index.html",
    "register.html",
    "sourcing-plan.html",
    "working-with-us.html",
    "open-data.html",
    "accessibility.html",
)
# A resource the browser fetches by itself: scripts, styles, images, fonts, frames, media.
RESOURCE = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio|embed)\b[^>]*?\b(?:src|href)=["']([^"']+)""", re.I
)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


@pytest.fixture(scope="module")
def sample_build(sample_sites: SampleSites, engine: str) -> tuple[Path, BuildResult]:
    return sample_sites(engine)


@pytest.mark.parametrize("page", INTERNAL_PAGES)
def test_every_internal_page_is_built(sample_build: tuple[Path, BuildResult], page: str) -> None:
    out, _ = sample_build
    assert (out / "internal" / page).is_file()


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_every_public_page_is_built(sample_build: tuple[Path, BuildResult], page: str) -> None:
    out, _ = sample_build
    assert (out / "public" / page).is_file()


def test_a_page_per_contract_and_provider(sample_build: tuple[Path, BuildResult]) -> None:
    out, result = sample_build
    contracts = [p for p in (out / "internal" / "contracts").glob("*.html") if p.name != "index.html"]
    providers = [p for p in (out / "internal" / "providers").glob("*.html") if p.name != "index.html"]
    assert len(contracts) == len(result.assessment.contracts) == 18
    assert len(providers) == len(result.assessment.providers)


@pytest.mark.parametrize("site", ["internal", "public"])
def test_nothing_is_fetched_from_the_internet(sample_build: tuple[Path, BuildResult], site: str) -> None:
    out, _ = sample_build
    external = []
    for page in html_pages(out / site):
        for url in RESOURCE.findall(page.read_text(encoding="utf-8")):
            if re.match(r"(?:https?:)?//", url):
                external.append(f"{page.name}: {url}")
    for css in (out / site).rglob("*.css"):
        external += [
            f"{css.name}: {u}"
            for u in CSS_URL.findall(css.read_text(encoding="utf-8"))
            if re.match(r"(?:https?:)?//", u)
        ]
    assert external == []


def test_the_internal_site_is_kept_out_of_search_engines_and_marked(sample_build: tuple[Path, BuildResult]) -> None:
    out, result = sample_build
    assert "Disallow: /" in (out / "internal" / "robots.txt").read_text(encoding="utf-8")
    assert not (out / "public" / "robots.txt").exists()
    short_hash = result.assessment.workbook.content_hash[:12]
    for page in html_pages(out / "internal"):
        html = page.read_text(encoding="utf-8")
        assert '<meta name="robots" content="noindex, nofollow">' in html, page
        assert "OFFICIAL-SENSITIVE" in html, page
        for stamp in ("30 Sep 2024", "commissioning.xlsx", short_hash):
            assert stamp in html, (page, stamp)
        assert "Made with" not in html, page


def test_the_public_site_has_no_classification_banner_or_noindex(sample_build: tuple[Path, BuildResult]) -> None:
    out, _ = sample_build
    for page in html_pages(out / "public"):
        html = page.read_text(encoding="utf-8")
        assert "OFFICIAL-SENSITIVE" not in html
        assert "noindex" not in html


def test_contract_pages_are_kept_out_of_the_navigation(sample_build: tuple[Path, BuildResult]) -> None:
    out, _ = sample_build
    page = (out / "internal" / "index.html").read_text(encoding="utf-8")
    nav = " ".join(
        re.findall(r'<a href="([^"]*)"\s+class="md-nav__link', page)
    )  # the dashboard's own rows may link them
    assert "contracts/csc-001.html" not in nav
    assert "contracts/index.html" in nav


def search_index(out: Path, site: str) -> str:
    return json.dumps(search_entries(out / site))


def test_search_finds_every_contract_and_provider(sample_build: tuple[Path, BuildResult]) -> None:
    out, result = sample_build
    docs = search_entries(out / "internal")
    for assessment in result.assessment.contracts:
        contract = assessment.contract
        page = next(
            (d for d in docs if d["location"].startswith(f"contracts/{contract.contract_id.lower()}.html")),
            None,
        )
        assert page is not None, contract.contract_id
        assert contract.contract_id in page["title"]
        assert contract.supplier in html.unescape(page["text"])
    titles = {html.unescape(d["title"]) for d in docs}
    for provider in result.assessment.providers:
        assert provider.provider.provider in titles


def test_the_public_search_finds_each_supplier_with_its_contracts(sample_build: tuple[Path, BuildResult]) -> None:
    """The register's list of suppliers is kept out of the engine's Markdown: each supplier is a search entry of its
    own, at that list, naming its contracts."""
    out, _ = sample_build
    with (out / "public" / "data" / "contracts.csv").open(encoding="utf-8-sig", newline="") as file:
        published = list(csv.DictReader(file))
    suppliers = {row["supplier_name"] for row in published}
    docs = search_entries(out / "public")
    found = {
        html.unescape(d["title"]): html.unescape(d["text"]) for d in docs if d["location"] == "register.html#suppliers"
    }
    assert set(found) == {*suppliers, "Suppliers"}  # and the section's own entry, its heading and words
    for row in published:
        assert f"{row['reference']} {row['title']}" in found[row["supplier_name"]]
    assert "Fenix Recruitment Solutions Ltd" in found
    assert 'id="suppliers"' in (out / "public" / "register.html").read_text(encoding="utf-8")


def test_the_public_search_finds_each_published_procurement_at_its_row_of_the_plan(
    sample_build: tuple[Path, BuildResult],
) -> None:
    out, result = sample_build
    plan = result.assessment.workbook.sourcing_plan
    published = [item for item in plan if item.publish]
    assert published
    assert len(published) < len(plan)  # the sample keeps a row unpublished
    docs = search_entries(out / "public")
    rows = {html.unescape(d["title"]): d for d in docs if "#plan-" in d["location"]}
    assert set(rows) == {item.project for item in published}
    for item in published:
        entry = rows[item.project]
        page, anchor = entry["location"].split("#")
        assert f'id="{anchor}"' in (out / "public" / page).read_text(encoding="utf-8")
        if item.service_area:
            assert item.service_area in html.unescape(entry["text"])
    plan_page = next(d for d in docs if d["location"] == "sourcing-plan.html")
    assert published[0].project not in html.unescape(plan_page["text"])  # the table is kept out: one entry a row
    sitemap = out / "public" / "sitemap.xml"
    assert not sitemap.exists() or "#plan-" not in sitemap.read_text(encoding="utf-8")


def test_every_chart_has_a_name_a_description_and_its_numbers(sample_build: tuple[Path, BuildResult]) -> None:
    out, _ = sample_build
    charts = 0
    for _, figure in figures(out / "internal"):
        charts += 1
        svg = re.search(r"<svg\b[^>]*>", figure)
        assert svg is not None
        assert 'role="img"' in svg[0]
        assert "aria-labelledby" in svg[0]
        assert re.search(r"<title id=\"[^\"]+\">[^<]+</title><desc id=\"[^\"]+\">[^<]+</desc>", figure)
        assert "<table" in figure
        assert "<th" in figure
    assert charts >= 5


def test_chart_ids_are_unique_on_each_page(sample_build: tuple[Path, BuildResult]) -> None:
    out, _ = sample_build
    for page in html_pages(out / "internal"):
        ids = re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8"))
        duplicates = {i for i in ids if ids.count(i) > 1}
        assert not duplicates, (page.name, duplicates)


def test_the_methodology_explains_every_rule_and_clause_element(sample_build: tuple[Path, BuildResult]) -> None:
    out, _ = sample_build
    text = html.unescape((out / "internal" / "methodology.html").read_text(encoding="utf-8"))
    for rule in RULE_IDS:
        assert f"{rule} " in text, rule
    for header, _, full in CLAUSE_ELEMENTS:
        assert header in text
        assert full in text
    assert "Strategic purchasing" in text


def test_the_dashboard_figures_match_the_sample(sample_build: tuple[Path, BuildResult]) -> None:
    _, result = sample_build
    figures = result.view.headline_values
    assert figures["contracts_in_scope"] == "13"
    assert figures["red"] == "3"
    assert figures["amber"] == "5"
    assert figures["green"] == "5"  # a count, like Red and Amber (38% is in its note)
    assert figures["active_placements"] == "10"
    assert figures["ofsted_alerts"] == "1"
    # (test_truth checks that every card on the dashboard shows its figure)


def test_the_placements_page_shows_table_5_8(sample_build: tuple[Path, BuildResult]) -> None:
    out, _ = sample_build
    html = (out / "internal" / "placements.html").read_text(encoding="utf-8")
    row = re.search(r'<th scope="row">2023-24</th>(.*?)</tr>', html, re.S)
    assert row is not None
    numbers = re.findall(r'<td class="sc-num">(?:<strong>)?(\d+)', row[1])
    assert numbers[:6] == ["3", "2", "1", "1", "11", "9"]
    assert numbers[-2:] == ["15", "12"]

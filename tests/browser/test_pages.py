"""Every page of both sites built from the sample workbook, and a fixed sample of the pages of both
sites built from a generated workbook of 200+ contracts, checked in headless Chromium.

Each page is loaded once (see harness.audit_site); each test here asserts on one kind of problem
over all the audited pages of one site, and lists every page that has it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .claims import LARGE_CONTRACT_PAGES, LARGE_PROVIDER_PAGES, claim
from .harness import SITE_KEYS, PageAudit, Site, problems

pytestmark = pytest.mark.browser

Audits = Callable[[str], dict[str, PageAudit]]


def _report(found: list[str]) -> str:
    return "\n".join(found)


@pytest.mark.parametrize("key", SITE_KEYS)
def test_the_audit_covers_the_stated_pages(sites: Callable[[str], Site], key: str) -> None:
    site = sites(key)
    every = sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*.html"))
    if site.workbook == "sample":
        assert list(site.pages) == every
    else:
        contracts = [p for p in site.pages if p.startswith("contracts/") and p != "contracts/index.html"]
        providers = [p for p in site.pages if p.startswith("providers/") and p != "providers/index.html"]
        # the public site has a page per published contract too, and no provider pages
        expected = (
            (LARGE_CONTRACT_PAGES, LARGE_PROVIDER_PAGES) if site.kind == "internal" else (LARGE_CONTRACT_PAGES, 0)
        )
        assert (len(contracts), len(providers)) == expected
        assert {p for p in every if not p.startswith(("contracts/", "providers/"))} <= set(site.pages)
    assert "index.html" in site.pages
    assert "404.html" in site.pages


@claim("axe")
@pytest.mark.parametrize("key", SITE_KEYS)
def test_axe_finds_no_wcag_a_or_aa_violations(audits: Audits, key: str) -> None:
    found = problems(audits(key), "axe")
    assert not found, f"axe-core violations on {key}:\n{_report(found)}"


@claim("resources")
@pytest.mark.parametrize("key", SITE_KEYS)
def test_every_resource_loads(audits: Audits, key: str) -> None:
    site_audits = audits(key)
    found = problems(site_audits, "bad_responses") + problems(site_audits, "failed_requests")
    assert not found, _report(found)


@claim("console")
@pytest.mark.parametrize("key", SITE_KEYS)
def test_no_console_errors(audits: Audits, key: str) -> None:
    found = problems(audits(key), "console_errors")
    assert not found, _report(found)


@claim("offline")
@pytest.mark.parametrize("key", SITE_KEYS)
def test_no_request_leaves_localhost(audits: Audits, key: str) -> None:
    found = problems(audits(key), "external_requests")
    assert not found, _report(found)


@claim("reflow")
@pytest.mark.parametrize("key", SITE_KEYS)
def test_pages_reflow_at_320_css_px(audits: Audits, key: str) -> None:
    found = problems(audits(key), "reflow")
    assert not found, _report(found)


@claim("status-text")
@pytest.mark.parametrize("key", SITE_KEYS)
def test_status_badges_say_their_status_in_words(audits: Audits, key: str) -> None:
    site_audits = audits(key)
    found = problems(site_audits, "badges_without_words")
    assert not found, _report(found)
    if key.endswith("internal"):
        assert site_audits["compliance.html"].badges > 0


@claim("charts")
@pytest.mark.parametrize("key", SITE_KEYS)
def test_every_chart_has_a_name_and_a_data_table(audits: Audits, key: str) -> None:
    site_audits = audits(key)
    found = problems(site_audits, "chart_problems")
    assert not found, _report(found)
    if key.endswith("internal"):
        assert all(site_audits[p].charts > 0 for p in ("index.html", "expiries.html", "placements.html"))

"""The public site joined to the Procurement Act platform, and what providers and re-users get from it.

Find a Tender notices and PPONs read, checked and published (OCDS relatedProcesses and GB-PPON, still
valid against the 1.1.5 schemas); an individual's name withheld; the sourcing plan as a provider reads
it; open data files that are never empty; feeds dated from the history; the pages' feed
autodiscovery, Dataset, 404 page and named search dialog. Every workbook is built here, in code.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from safe_commissioning.pipeline import BuildOptions, build
from safe_commissioning.workbook.cells.identifiers import Identifier, parse_ppon
from safe_commissioning.workbook.cells.values import Noted
from safe_commissioning.workbook.checks.platform import PlatformNotice, platform_notice
from safe_commissioning.workbook.reading import read_workbook

from .conftest import REPORT_DATE, Rows, contract, headers, provider, row, safeguarding, write_xlsx
from .sites import TODAY, build_sites, site_files, text_of
from .test_ocds import errors_of

URL = "https://example.gov.uk/contracts/"


# --- reading the forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        pytest.param("012345-2025", PlatformNotice(notice_id="012345-2025"), id="notice ID"),
        pytest.param(
            "https://www.find-tender.service.gov.uk/Notice/012345-2025",
            PlatformNotice(notice_id="012345-2025"),
            id="notice address",
        ),
        pytest.param(
            "https://www.find-tender.service.gov.uk/Notice/012345-2025?origin=SearchResults&p=1",
            PlatformNotice(notice_id="012345-2025"),
            id="notice address from the search results",
        ),
        pytest.param("ocds-h6vhtk-04a1b2", PlatformNotice(ocid="ocds-h6vhtk-04a1b2"), id="OCID"),
        pytest.param(" OCDS-H6VHTK-04A1B2 ", PlatformNotice(ocid="ocds-h6vhtk-04a1b2"), id="OCID in capitals"),
    ],
)
def test_a_find_a_tender_notice_is_read_in_each_form(typed: str, expected: PlatformNotice) -> None:
    assert platform_notice(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "12345-2025",
        "012345/2025",
        "http://www.find-tender.service.gov.uk/Notice/012345-2025",
        "https://www.contractsfinder.service.gov.uk/Notice/012345-2025",
        "ocds-b5fd17-04a1b2",
        "ocds-h6vhtk-",
        "javascript:alert(1)",
    ],
)
def test_a_notice_in_no_known_form_is_not_read(typed: str) -> None:
    assert platform_notice(typed) is None


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("PABC-1234-DEFG", "PABC-1234-DEFG"),
        ("pabc-1234-defg", "PABC-1234-DEFG"),
        ("GB-PPON-PABC-1234-DEFG", "PABC-1234-DEFG"),
        ("PABC1234DEFG", "PABC-1234-DEFG"),
    ],
)
def test_a_ppon_is_read_as_gb_ppon(typed: str, number: str) -> None:
    found = parse_ppon(typed)
    assert not isinstance(found, Noted)
    assert (found.scheme, found.number, found.published) == ("GB-PPON", number, number)


@pytest.mark.parametrize("typed", ["ABCD-1234-EFGH", "PABC-123-DEFG", "PABC-1234-DEFG-1", "12345678"])
def test_a_ppon_in_another_form_is_a_warning_and_not_published(typed: str) -> None:
    found = parse_ppon(typed)
    assert isinstance(found, Noted)
    assert found.code == "unrecognised-number"
    assert isinstance(found.value, Identifier)
    assert found.value.published == ""


def _settings(*more: list[object], contact: bool = True, url: str = "") -> Rows:
    rows: list[list[object]] = [["Setting", "Value"], ["Organisation", "Test Council"], ["Report date", REPORT_DATE]]
    rows.append(["OCDS prefix", "ocds-abc123"])
    if contact:
        rows.append(["Contact", "commissioning@test.gov.uk"])
    if url:
        rows.append(["Public site URL", url])
    return [*rows, *more]


def test_each_problem_is_a_warning_naming_its_cell(tmp_path: Path) -> None:
    sheets: dict[str, Rows] = {
        "Settings": _settings(contact=False),
        "Contracts": [headers("Contracts"), contract(find_a_tender_notice="Notice 12345")],
        "Providers": [headers("Providers"), provider(ppon="PPON-TBC-1")],
        "Safeguarding": [headers("Safeguarding"), safeguarding()],
        "Sourcing plan": [headers("Sourcing plan"), row("Sourcing plan", project="Youth work")],
    }
    workbook, report = read_workbook(write_xlsx(tmp_path / "w.xlsx", sheets), as_of=None, today=REPORT_DATE)
    assert workbook is not None
    found = sorted((f.location, f.code) for f in report.warnings if f.code != "missing-sheet")
    assert found == [
        ("Contracts!V2", "find-a-tender-notice"),
        ("Providers!Q2", "unrecognised-number"),
        ("Settings", "blank-contact"),
        ("Sourcing plan!Q2", "plan-reference"),
    ]
    messages = {f.code: f.format() for f in report.warnings}
    assert messages["find-a-tender-notice"].startswith(
        "Contracts!V2: Find a Tender notice 'Notice 12345' of contract C-1 is in no form the platform uses"
    )
    assert messages["plan-reference"] == (
        "Sourcing plan!Q2: Published project 'Youth work' has no Reference: its open data identifier is made from "
        "the project's name and will change if the project is renamed; fill in a reference that never changes "
        "(e.g. SP-2025-01)"
    )


def test_a_reference_given_twice_is_an_error(tmp_path: Path) -> None:
    plan: Rows = [
        headers("Sourcing plan"),
        row("Sourcing plan", project="One", reference="SP-1"),
        row("Sourcing plan", project="Two", reference="sp-1"),
    ]
    sheets: dict[str, Rows] = {
        "Settings": _settings(),
        "Contracts": [headers("Contracts"), contract()],
        "Providers": [headers("Providers"), provider()],
        "Safeguarding": [headers("Safeguarding"), safeguarding()],
        "Sourcing plan": plan,
    }
    workbook, report = read_workbook(write_xlsx(tmp_path / "w.xlsx", sheets), as_of=None, today=REPORT_DATE)
    assert workbook is None
    assert [(f.location, f.code) for f in report.errors] == [("Sourcing plan!Q3", "duplicate-id")]


# --- a built site: two contracts on the platform, a PPON, two individuals ------------------------------


@pytest.fixture(scope="module")
def joined(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("joined")
    sheets: dict[str, Rows] = {
        "Settings": _settings(url=URL),
        "Contracts": [
            headers("Contracts"),
            contract(find_a_tender_notice="https://www.find-tender.service.gov.uk/Notice/012345-2025"),
            contract(contract_id="C-2", supplier="Platform Only Ltd", find_a_tender_notice="ocds-h6vhtk-04a1b2"),
            contract(contract_id="C-3", supplier="Jane Example", annual_value=9000, end_date=date(2025, 3, 31)),
            contract(contract_id="C-4", supplier="John Example"),
        ],
        "Providers": [
            headers("Providers"),
            provider(company_number="01234567", ppon="PABC-1234-DEFG", postcode="EC2V 7HH"),
            provider(provider="Platform Only Ltd", ppon="pxyz-9876-abcd"),
            provider(
                provider="Jane Example", organisation_type="Sole trader", ppon="PJAN-0000-0001", postcode="N1 1AA"
            ),
            provider(provider="John Example", organisation_type="Sole trader", publish_name="Yes"),
        ],
        "Safeguarding": [headers("Safeguarding"), *(safeguarding(contract_id=c) for c in ("C-1", "C-2", "C-3", "C-4"))],
        "Sourcing plan": [
            headers("Sourcing plan"),
            row(
                "Sourcing plan",
                project="Family support re-procurement",
                reference="SP-2025-01",
                related_contract_id="C-3",
                procurement_start=date(2024, 9, 1),
                status="Planned",
                contact="bids@test.gov.uk",
                suitable_for_sme_vcse="Yes",
                estimated_total_value=120000,
            ),
        ],
    }
    out = folder / "build"
    build_sites(write_xlsx(folder / "joined.xlsx", sheets), out)
    return out


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_platform_procurement_is_a_related_process(joined: Path) -> None:
    package = _json(joined / "public" / "data" / "ocds.json")
    assert errors_of(package) == []
    by_id = {r["contracts"][0]["id"]: r for r in package["releases"]}
    assert by_id["C-1"]["relatedProcesses"] == [
        {
            "id": "find-a-tender",
            "relationship": ["parent"],
            "title": "Find a Tender: Notice 012345-2025",
            "uri": "https://www.find-tender.service.gov.uk/api/1.0/ocdsReleasePackages/012345-2025",
        }
    ]
    related = by_id["C-2"]["relatedProcesses"][0]
    assert (related["scheme"], related["identifier"]) == ("ocid", "ocds-h6vhtk-04a1b2")
    assert "relatedProcesses" not in by_id["C-4"]


def test_a_ppon_is_published_as_gb_ppon_after_the_legal_entity_number(joined: Path) -> None:
    package = _json(joined / "public" / "data" / "ocds.json")
    suppliers = {r["contracts"][0]["id"]: r["parties"][1] for r in package["releases"]}
    acme = suppliers["C-1"]
    assert acme["identifier"] == {"scheme": "GB-COH", "id": "01234567", "legalName": "Acme Care Ltd"}
    assert acme["additionalIdentifiers"] == [
        {"scheme": "GB-PPON", "id": "PABC-1234-DEFG", "legalName": "Acme Care Ltd"}
    ]
    platform_only = suppliers["C-2"]
    assert platform_only["identifier"]["scheme"] == "GB-PPON"
    assert platform_only["id"] == "GB-PPON-PXYZ-9876-ABCD"


def test_the_contract_page_links_the_notice(joined: Path) -> None:
    page = (joined / "public" / "contracts" / "c-1.html").read_text(encoding="utf-8")
    assert '<a href="https://www.find-tender.service.gov.uk/Notice/012345-2025">Notice 012345-2025</a>' in page
    assert "PABC-1234-DEFG" in page
    other = (joined / "public" / "contracts" / "c-2.html").read_text(encoding="utf-8")
    assert "https://www.find-tender.service.gov.uk/api/1.0/ocdsRecordPackages/ocds-h6vhtk-04a1b2" in other


def test_a_sole_trader_is_not_named_unless_publish_name_says_yes(joined: Path) -> None:
    public = joined / "public"
    for marker in ("Jane Example", "PJAN-0000-0001", "N1 1AA", "jane-example"):
        leaks = [str(p.relative_to(public)) for p in site_files(public) if marker in text_of(p)]
        assert leaks == [], (marker, leaks)
    register = list(csv.DictReader(io.StringIO((public / "data" / "contracts.csv").read_text("utf-8-sig"))))
    names = {r["reference"]: r["supplier_name"] for r in register}
    assert names["C-3"] == "Individual (name withheld)"
    assert names["C-4"] == "John Example"  # Publish name Yes
    assert "Jane Example" in (joined / "internal" / "providers" / "jane-example.html").read_text(encoding="utf-8")


def test_the_planning_ocid_comes_from_the_reference_and_joins_the_csv(joined: Path) -> None:
    data = joined / "public" / "data"
    planning = _json(data / "ocds_planning.json")
    assert errors_of(planning) == []
    assert [r["ocid"] for r in planning["releases"]] == ["ocds-abc123-plan-sp-2025-01"]
    plan = list(csv.DictReader(io.StringIO((data / "sourcing_plan.csv").read_text("utf-8-sig"))))
    assert (plan[0]["reference"], plan[0]["ocid"]) == ("SP-2025-01", "ocds-abc123-plan-sp-2025-01")
    book = openpyxl.load_workbook(data / "sourcing_plan.xlsx")
    sheet = book["Sourcing plan"]
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["reference", "ocid"]
    assert sheet.cell(2, header.index("procurement_start") + 1).value.date() == date(2024, 9, 1)


def test_the_sourcing_plan_shows_contact_and_suitability_and_downloads_every_column(joined: Path) -> None:
    page = (joined / "public" / "sourcing-plan.html").read_text(encoding="utf-8")
    assert '<a href="mailto:bids@test.gov.uk">bids@test.gov.uk</a>' in page
    assert '<th scope="col">Suitable for SME/VCSE</th>' in page
    assert 'data-download="sourcing-plan"' in page
    assert 'href="data/sourcing_plan.xlsx"' in page
    values = re.search(r'data-values="([^"]+)"', page)
    assert values
    shown = json.loads(html.unescape(values[1]))
    assert "Planned" in shown
    assert not any("date passed" in str(v) for v in shown)
    columns = re.search(r'data-columns="([^"]+)"', page)
    assert columns
    assert json.loads(html.unescape(columns[1]))[:3] == [
        "Project",
        "Service area",
        "Related contract ID",
    ]
    assert 'href="data/contracts.xlsx"' in (joined / "public" / "register.html").read_text(encoding="utf-8")


def test_ending_soon_shows_the_value_and_who_to_ask(joined: Path) -> None:
    page = (joined / "public" / "ending-soon.html").read_text(encoding="utf-8")
    assert "£9,000" in page
    assert "mailto:bids@test.gov.uk" in page


def test_the_feed_links_itself_and_each_entry_to_its_page(joined: Path) -> None:
    feed = (joined / "public" / "data" / "sourcing_plan.atom").read_text(encoding="utf-8")
    assert f'rel="self" href="{URL}data/sourcing_plan.atom"' in feed
    assert f'rel="alternate" href="{URL}sourcing-plan.html#plan-sp-2025-01"' in feed


def test_the_pages_announce_the_feed_and_name_the_search_dialog(joined: Path) -> None:
    for name in ("index.html", "register.html", "contracts/c-1.html"):
        page = (joined / "public" / name).read_text(encoding="utf-8")
        assert re.search(
            r'<link rel="alternate" type="application/atom\+xml"[^>]+href="(\.\./)?data/sourcing_plan\.atom"', page
        )
        assert 'role="dialog" aria-label="Search"' in page, name
    assert 'role="dialog" aria-label="Search"' in (joined / "internal" / "index.html").read_text(encoding="utf-8")


def test_the_open_data_page_describes_each_download_as_a_dataset(joined: Path) -> None:
    page = (joined / "public" / "open-data.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block
    found = json.loads(block[1])
    assert found["@type"] == "Dataset"
    assert found["license"] == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    downloads = {d["name"]: d for d in found["distribution"]}
    assert downloads["sourcing_plan.xlsx"]["contentUrl"] == f"{URL}data/sourcing_plan.xlsx"
    assert downloads["ocds.json"]["encodingFormat"] == "application/json"
    assert all(d["license"] == found["license"] for d in downloads.values())
    assert (joined / "public" / "sitemap.xml").exists()


@pytest.mark.parametrize("kind", ["public", "internal"])
def test_the_404_page_works_under_any_path(joined: Path, kind: str) -> None:
    page = (joined / kind / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page not found</h1>" in page
    assert "<link" not in page
    assert "src=" not in page
    if kind == "public":  # the site's address is known: links by it
        assert f'href="{URL}index.html"' in page
    else:  # not known: a script finds the site's top; without JavaScript the link goes to the web root
        assert '<a href="/index.html" data-top="index.html">' in page


# --- nothing empty: no contract, no plan, no site address ---------------------------------------------


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("empty")
    sheets: dict[str, Rows] = {
        "Settings": _settings(),
        "Contracts": [headers("Contracts"), contract(publish="No")],
        "Providers": [headers("Providers"), provider()],
        "Safeguarding": [headers("Safeguarding"), safeguarding()],
        "Sourcing plan": [headers("Sourcing plan")],
    }
    out = folder / "build"
    build_sites(write_xlsx(folder / "empty.xlsx", sheets), out)
    return out


def test_no_empty_release_package_or_calendar_is_written_and_the_page_says_so(empty: Path) -> None:
    data = empty / "public" / "data"
    for name in ("ocds.json", "ocds_planning.json", "sourcing_plan.ics"):
        assert not (data / name).exists(), name
    page = (empty / "public" / "open-data.html").read_text(encoding="utf-8")
    assert "must hold at least one release" in page
    assert "a calendar must hold at least one event" in page
    assert 'href="data/ocds.json"' not in page
    assert 'href="data/ocds.json"' not in (empty / "public" / "register.html").read_text(encoding="utf-8")


def test_with_no_site_address_there_is_no_sitemap_and_the_page_says_so(empty: Path) -> None:
    assert not (empty / "public" / "sitemap.xml").exists()
    page = (empty / "public" / "open-data.html").read_text(encoding="utf-8")
    assert "has not set the address where this site is published" in page
    feed = (empty / "public" / "data" / "sourcing_plan.atom").read_text(encoding="utf-8")
    assert 'rel="self"' not in feed
    notfound = (empty / "public" / "404.html").read_text(encoding="utf-8")
    assert 'data-top="index.html"' in notfound
    assert "<script>" in notfound


# --- the feed dated from the history ---------------------------------------------------------------


def test_a_feed_entry_is_dated_from_when_its_row_last_changed(tmp_path: Path) -> None:
    def workbook(day: date, second_value: int) -> Path:
        plan: Rows = [
            headers("Sourcing plan"),
            row("Sourcing plan", project="Steady", reference="SP-1", estimated_total_value=1000),
            row("Sourcing plan", project="Changing", reference="SP-2", estimated_total_value=second_value),
        ]
        sheets: dict[str, Rows] = {
            "Settings": [["Setting", "Value"], ["Organisation", "Test Council"], ["Report date", day]],
            "Contracts": [headers("Contracts"), contract()],
            "Providers": [headers("Providers"), provider()],
            "Safeguarding": [headers("Safeguarding"), safeguarding()],
            "Sourcing plan": plan,
        }
        return write_xlsx(tmp_path / f"{day}.xlsx", sheets)

    history = tmp_path / "history"
    for day, value in ((date(2024, 3, 31), 2000), (date(2024, 6, 30), 2000)):
        build(BuildOptions(workbook(day, value), tmp_path / "out", None, TODAY, history=history, record=True))
    assert (history / "2024-06-30" / "sourcing_plan.csv").exists()
    build(BuildOptions(workbook(date(2024, 9, 30), 3000), tmp_path / "out", None, TODAY, history=history))
    feed = (tmp_path / "out" / "public" / "data" / "sourcing_plan.atom").read_text(encoding="utf-8")
    entries = dict(re.findall(r"<title>(\w+)</title>\s*<id>[^<]+</id>\s*<updated>([^<]+)</updated>", feed))
    assert entries == {"Steady": "2024-03-31T00:00:00Z", "Changing": "2024-09-30T00:00:00Z"}
    assert re.search(r"</subtitle>\s*<id>[^<]+</id>\s*<updated>2024-09-30T00:00:00Z</updated>", feed)
    # no Public site URL: each entry links its row by an address relative to the feed's own
    assert '<link rel="alternate" href="../sourcing-plan.html#plan-sp-1"' in feed

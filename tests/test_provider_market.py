"""The provider market's site: the sourcing plan's pipeline columns, ending soon, contract pages, feeds and planning releases.

One workbook, built once for the module, carries a published plan row with every new column (some
hostile), a row whose procurement start has passed, bad values in each lenient column, and
contracts that end inside and outside the next twelve months.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from safe_commissioning.opendata.feeds import atom_feed, calendar, fold, ical_text
from safe_commissioning.opendata.register import SOURCING_COLUMNS
from safe_commissioning.workbook.checks.sourcing_plan import contact_link, notice_link, start_passed
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.records import Settings, SourcingPlanItem

from .conftest import REPORT_DATE, Rows, contract, headers, minimal_sheets, provider, row, safeguarding, write_xlsx
from .sites import build_sites
from .test_ocds import errors_of

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '<script>alert(1)</script> [x](javascript:alert(2)) "quoted" & co; a, b \\ c'


def plan_row(**values: object) -> list[object]:
    return row("Sourcing plan", **values)


PLAN: Rows = [
    headers("Sourcing plan"),
    plan_row(  # row 2: every new column, some of it hostile
        project="Family support re-procurement",
        service_area="Children's Social Care",
        related_contract_id="C-1",
        estimated_total_value="£95,000",
        procurement_route="Operational purchasing",
        procurement_start=date(2024, 11, 1),
        contract_start=date(2025, 4, 1),
        status="In progress",
        description=HOSTILE + "\nSecond line",
        estimated_contract_end=date(2028, 3, 31),
        lots="2 lots: North, South",
        contact="commissioning@example.gov.uk",
        notice_url="https://www.find-tender.service.gov.uk/Notice/000001-2024",
        main_category="services",
        suitable_for_sme_vcse="Y",
    ),
    plan_row(  # row 3: start passed, still Planned; an unsafe notice and contact
        project="Youth forum",
        procurement_start=date(2024, 9, 1),
        contract_start=date(2025, 2, 1),
        status="Planned",
        notice_url="javascript:alert(3)",
        contact="javascript:alert(4)",
    ),
    plan_row(  # row 4: bad values in the lenient columns; an end before the start
        project="Short breaks",
        related_contract_id="C-5",
        procurement_start=date(2025, 1, 1),
        contract_start=date(2025, 6, 1),
        status="Planned",
        estimated_contract_end=date(2025, 1, 31),
        main_category="Furniture",
        suitable_for_sme_vcse="Perhaps",
    ),
    plan_row(project="Tutoring", estimated_contract_end="soon", status="Planned"),  # row 5: not a date
]
CONTRACTS: Rows = [
    headers("Contracts"),
    contract(),  # C-1 ends 2026-03-31: more than 12 months after the report date
    contract(contract_id="C-2", title="Advocacy", end_date=date(2025, 3, 31), works_with_children="No"),
    contract(contract_id="C-3", title="Old service", start_date=date(2020, 1, 1), end_date=date(2024, 3, 31)),
    contract(contract_id="C-4", title="Future service", start_date=date(2025, 1, 1), end_date=date(2025, 6, 30)),
    contract(contract_id="C-5", title="Short breaks service", end_date=date(2025, 5, 31), works_with_children="No"),
]


def sheets() -> dict[str, Rows]:
    return minimal_sheets(
        Settings=[
            ["Setting", "Value"],
            ["Organisation", "Test Council"],
            ["Report date", REPORT_DATE],
            ["OCDS prefix", "ocds-abc123"],
            ["Contact", "market@example.gov.uk"],
            ["Public site URL", "https://example.gov.uk/contracts/"],
        ],
        Contracts=CONTRACTS,
        Providers=[headers("Providers"), provider(company_number="01234567", sme="Yes")],
        Safeguarding=[
            headers("Safeguarding"),
            safeguarding(),
            safeguarding(contract_id="C-3"),
            safeguarding(contract_id="C-4"),
        ],
        Sourcing_plan=PLAN,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    folder = tmp_path_factory.mktemp("market")
    build_sites(write_xlsx(folder / "market.xlsx", sheets()), folder / "build", engine=engine)
    return folder / "build"


@pytest.fixture(scope="module")
def read(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = write_xlsx(tmp_path_factory.mktemp("read") / "market.xlsx", sheets())
    return read_workbook(path, as_of=None, today=REPORT_DATE)


def public(built: Path, page: str) -> str:
    return (built / "public" / page).read_text(encoding="utf-8")


# --- reading and validating the new columns -------------------------------------------------


def test_every_new_column_is_parsed(read: Any) -> None:
    workbook, _ = read
    assert workbook is not None
    item = next(i for i in workbook.sourcing_plan if i.row == 2)
    assert item.description == HOSTILE + "\nSecond line"
    assert item.estimated_contract_end == date(2028, 3, 31)
    assert item.lots == "2 lots: North, South"
    assert item.contact == "commissioning@example.gov.uk"
    assert item.notice_url == "https://www.find-tender.service.gov.uk/Notice/000001-2024"
    assert item.main_category == "Services"
    assert item.suitable_for_sme_vcse is True


def test_bad_values_in_the_new_columns_are_warnings_naming_the_cell(read: Any) -> None:
    workbook, report = read
    assert workbook is not None, [f.format() for f in report.errors]
    found = {(f.location, f.code) for f in report.warnings if f.sheet == "Sourcing plan"}
    assert found == {
        ("Sourcing plan!H3", "plan-start-passed"),
        ("Sourcing plan!N3", "notice-url"),
        ("Sourcing plan!M3", "plan-contact"),
        ("Sourcing plan!K4", "date-order"),
        ("Sourcing plan!O4", "invalid-choice"),
        ("Sourcing plan!P4", "invalid-yes-no"),
        ("Sourcing plan!K5", "invalid-date"),
        # no row has a Reference, so each published one is told its ocid follows its name
        *((f"Sourcing plan!Q{row}", "plan-reference") for row in (2, 3, 4, 5)),
    }
    messages = {f.location: f.format() for f in report.warnings if f.sheet == "Sourcing plan"}
    assert messages["Sourcing plan!O4"] == (
        "Sourcing plan!O4: Main category: 'Furniture' is not one of: Goods, Services, Works "
        "(until it is corrected the cell is read as blank)"
    )
    assert messages["Sourcing plan!H3"].startswith(
        "Sourcing plan!H3: 'Youth forum' was to start procurement on 2024-09-01 and is still Planned"
    )
    short = next(i for i in workbook.sourcing_plan if i.row == 4)
    assert (short.main_category, short.suitable_for_sme_vcse) == (None, None)


def test_the_data_quality_page_warns_of_the_passed_start(built: Path) -> None:
    page = (built / "internal" / "data-quality.html").read_text(encoding="utf-8")
    assert "Youth forum" in page
    assert "is still Planned" in page


# --- the pure helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "link"),
    [
        (
            "https://www.find-tender.service.gov.uk/Notice/000001-2024",
            "https://www.find-tender.service.gov.uk/Notice/000001-2024",
        ),
        ("http://www.contractsfinder.service.gov.uk/Notice/1", None),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ('https://x.gov.uk/"onmouseover="alert(1)', None),
        ("https://x.gov.uk/a b", None),
        ("see the portal", None),
    ],
)
def test_only_plain_https_notice_urls_are_linked(text: str, link: str | None) -> None:
    assert notice_link(text) == link


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("team@example.gov.uk", "mailto:team@example.gov.uk"),
        ("mailto:team@example.gov.uk", "mailto:team@example.gov.uk"),
        ("https://example.gov.uk/contact", "https://example.gov.uk/contact"),
        ("javascript:alert(1)", None),
        ("not an @ address", None),
        ("Call 020 7000 0000", None),
    ],
)
def test_contacts_become_mailto_or_https_links_or_stay_text(text: str, link: str | None) -> None:
    assert contact_link(text) == link


@pytest.mark.parametrize(
    ("status", "start", "passed"),
    [
        ("Planned", date(2024, 9, 29), True),
        ("Planned", REPORT_DATE, False),
        ("Planned", None, False),
        ("In progress", date(2024, 1, 1), False),
    ],
)
def test_a_start_has_passed_only_for_a_planned_row_dated_before_the_report_date(
    status: str, start: date | None, passed: bool
) -> None:
    assert start_passed(SourcingPlanItem(2, "P", procurement_start=start, status=status), REPORT_DATE) is passed


# --- the public pages ------------------------------------------------------------------------


def test_the_sourcing_plan_flags_a_passed_start_and_shows_every_new_column(built: Path) -> None:
    page = public(built, "sourcing-plan.html")
    youth = page[page.index('id="plan-youth-forum"') :].split("</tr>")[0]
    assert "date passed — check with the commissioning team" in youth
    family = page[page.index('id="plan-family-support-re-procurement"') :].split("</tr>")[0]
    assert "date passed" not in family
    for shown in ("2 lots: North, South", "31 March 2028", "Services", "£95,000", "1 November 2024"):
        assert shown in family, shown
    assert 'href="mailto:commissioning@example.gov.uk"' in family
    assert 'href="https://www.find-tender.service.gov.uk/Notice/000001-2024"' in family
    assert 'href="../contracts/c-1.html"' in family or 'href="contracts/c-1.html"' in family


def test_workbook_text_is_escaped_and_javascript_is_never_linked(built: Path) -> None:
    for path in sorted((built / "public").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text, path
        assert not re.search(r"href=[\"']?\s*javascript:", text, re.IGNORECASE), path
    page = public(built, "sourcing-plan.html")
    assert "javascript:alert(3)" in page.replace("&#40;", "(").replace("&#41;", ")")  # shown, as text


def test_the_register_says_whether_each_contract_is_running_ended_or_not_started(built: Path) -> None:
    page = public(built, "register.html")
    rows = {cid: page[page.index(f'id="contract-{cid.lower()}"') :].split("</tr>")[0] for cid in ("C-1", "C-3", "C-4")}
    assert "<td>Running</td>" in rows["C-1"]
    assert "<td>Ended</td>" in rows["C-3"]
    assert "<td>Not started</td>" in rows["C-4"]


def test_ending_soon_lists_running_contracts_ending_within_12_months_with_their_plans(built: Path) -> None:
    page = public(built, "ending-soon.html")
    assert "Advocacy" in page  # C-2 ends 31 March 2025
    listed = re.findall(r'<h2 class="sc-ending__title" id="contract-([a-z0-9-]+)"', page)
    assert listed == ["c-2", "c-5"]  # C-1 ends after 12 months, C-3 has ended, C-4 has not started
    assert "No: not in the sourcing plan" in page


def test_ending_soon_says_when_a_re_procurement_is_planned(built: Path) -> None:
    page = public(built, "ending-soon.html")
    short_breaks = page[page.index('id="contract-c-5"') :].split("</li>")[0]
    assert 'Yes: <a href="sourcing-plan.html#plan-short-breaks">Short breaks</a>' in short_breaks
    assert "procurement from 1 January 2025" in short_breaks


def test_each_published_contract_has_its_own_page_with_a_summary_list(built: Path) -> None:
    page = public(built, "contracts/c-1.html")
    assert '<dl class="sc-summary-list">' in page
    assert "<title>C-1: Family support" in page
    for shown in ("1 April 2023", "31 March 2026", "Strategic purchasing", "Published invitation to tender"):
        assert shown in page, shown
    assert 'href="https://find-and-update.company-information.service.gov.uk/company/01234567"' in page
    assert "Family support re-procurement" in page  # its sourcing-plan row
    assert sorted(p.name for p in (built / "public" / "contracts").glob("*.html")) == [
        "c-1.html",
        "c-2.html",
        "c-3.html",
        "c-4.html",
        "c-5.html",
    ]


def test_public_dates_are_written_in_full_and_the_contact_setting_is_a_mailto_link(built: Path) -> None:
    index = public(built, "index.html")
    assert "30 September 2024" in index
    assert "30 Sep 2024" not in index
    assert 'href="mailto:market@example.gov.uk"' in index
    assert 'href="mailto:market@example.gov.uk"' in public(built, "accessibility.html")


def test_the_accessibility_statement_follows_the_gov_uk_model(built: Path) -> None:
    page = public(built, "accessibility.html")
    for heading in (
        "Compliance status",
        "Non-accessible content",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Preparation of this accessibility statement",
    ):
        assert heading in page, heading
    assert "partially compliant with the" in page
    assert "This statement was prepared on 30 September 2024. It was last reviewed on 30 September 2024." in page


# --- open data and feeds -----------------------------------------------------------------------


def test_the_sourcing_plan_csv_carries_the_new_columns(built: Path) -> None:
    text = (built / "public" / "data" / "sourcing_plan.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == SOURCING_COLUMNS
    family = next(r for r in rows if r["project"] == "Family support re-procurement")
    assert family["estimated_contract_end"] == "2028-03-31"
    assert family["suitable_for_sme_vcse"] == "yes"
    assert family["main_category"] == "Services"
    assert family["notice_url"].startswith("https://www.find-tender")


def test_the_atom_feed_parses_and_has_one_entry_per_published_row(built: Path) -> None:
    data = (built / "public" / "data" / "sourcing_plan.atom").read_bytes()
    assert b"<script>" not in data
    feed = ET.fromstring(data)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}updated") == "2024-09-30T00:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Youth forum",
        "Family support re-procurement",
        "Short breaks",
        "Tutoring",
    ]
    family = entries[1]
    assert HOSTILE in (family.findtext(f"{ATOM}content") or "")
    assert family.find(f"{ATOM}link[@rel='related']").get("href", "").startswith("https://www.find-tender")  # type: ignore[union-attr]
    youth = entries[0]
    assert youth.find(f"{ATOM}link[@rel='related']") is None  # javascript: is never a link
    assert "date passed" in (youth.findtext(f"{ATOM}content") or "")
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 4


def _items(**changes: Any) -> list[SourcingPlanItem]:
    base = SourcingPlanItem(2, "Project, one; two", procurement_start=date(2025, 1, 1), status="Planned")
    return [replace(base, **changes), SourcingPlanItem(3, "Other", procurement_start=date(2025, 2, 1))]


def test_an_entry_keeps_its_id_until_what_it_says_changes() -> None:
    settings = Settings(organisation="Test Council")

    def ids(plan: list[SourcingPlanItem]) -> list[str | None]:
        feed = ET.fromstring(atom_feed(plan, settings, REPORT_DATE))
        return [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]

    first, again, changed = ids(_items()), ids(_items()), ids(_items(status="In progress"))
    assert first == again
    assert changed[0] != first[0]
    assert changed[1] == first[1]
    assert atom_feed(_items(), settings, REPORT_DATE) == atom_feed(_items(), settings, REPORT_DATE)


def unfold(text: str) -> list[str]:
    """RFC 5545 §3.1: content lines, unfolded."""
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def test_the_calendar_is_rfc_5545_folded_escaped_and_stable(built: Path) -> None:
    text = (built / "public" / "data" / "sourcing_plan.ics").read_bytes().decode("utf-8")
    assert text.endswith("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    events: list[dict[str, str]] = []
    for line in lines:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and ":" in line and line != "END:VEVENT":
            name, value = line.split(":", 1)
            events[-1][name] = value
    assert [e["SUMMARY"] for e in events] == [
        "Procurement starts: Youth forum",
        "Procurement starts: Family support re-procurement",
        "Procurement starts: Short breaks",
    ]  # Tutoring has no procurement start
    family = events[1]
    assert family["DTSTART;VALUE=DATE"] == "20241101"
    assert family["DTEND;VALUE=DATE"] == "20241102"
    assert family["DTSTAMP"] == "20240930T000000Z"
    assert family["UID"] == "sourcing-plan-family-support-re-procurement@example.gov.uk"
    assert family["URL"].startswith("https://www.find-tender")
    assert HOSTILE + "\nSecond line" in unescape(family["DESCRIPTION"])
    assert "URL" not in events[0]  # the javascript: notice


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("a,b;c\\d", "a\\,b\\;c\\\\d"), ("one\r\ntwo\nthree", "one\\ntwo\\nthree")],
)
def test_calendar_text_is_escaped(raw: str, escaped: str) -> None:
    assert ical_text(raw) == escaped


def test_folding_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "").removesuffix("\r\n") == line


def test_two_calendars_of_one_plan_are_identical() -> None:
    settings = Settings(organisation="Test Council")
    assert calendar(_items(), settings, REPORT_DATE) == calendar(_items(), settings, REPORT_DATE)


def test_the_planning_releases_validate_against_ocds_1_1_5(built: Path) -> None:
    package = json.loads((built / "public" / "data" / "ocds_planning.json").read_text(encoding="utf-8"))
    assert errors_of(package) == []
    releases = package["releases"]
    assert {tuple(r["tag"]) for r in releases} == {("planning",)}
    family = next(r for r in releases if r["tender"]["title"] == "Family support re-procurement")
    assert family["ocid"] == "ocds-abc123-plan-family-support-re-procurement"
    assert family["tender"]["status"] == "active"
    assert family["tender"]["value"] == {"amount": 95000, "currency": "GBP"}
    assert family["tender"]["contractPeriod"] == {
        "startDate": "2025-04-01T00:00:00Z",
        "endDate": "2028-03-31T00:00:00Z",
    }
    assert family["relatedProcesses"][0]["identifier"] == "ocds-abc123-C-1"
    youth = next(r for r in releases if r["tender"]["title"] == "Youth forum")
    assert "documents" not in youth["tender"]  # the javascript: notice is not a document

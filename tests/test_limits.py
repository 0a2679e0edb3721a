"""The longest values the workbook accepts reach every output intact, or cut where a format has a limit.

IDs of 100 characters, provider names of 300, texts of Excel's 32,767 and Settings of 5,000, with
letters beyond ASCII and beyond the Basic Multilingual Plane: the build ends well, and each output
keeps its format's limits (file names, sheet titles, cells, folded calendar lines, sitemap addresses).
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from safe_commissioning.cli import main
from safe_commissioning.opendata.datapackage import data_package
from safe_commissioning.opendata.feeds import calendar
from safe_commissioning.words import MAX_SLUG_LENGTH
from safe_commissioning.workbook.cells.text import excel_length
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.records import Settings, SourcingPlanItem
from safe_commissioning.workbook.settings.definitions import MAX_PUBLIC_URL_LENGTH

from .conftest import (
    REPORT_DATE,
    MakeWorkbook,
    Rows,
    Text,
    complete_sheets,
    contract,
    headers,
    minimal_sheets,
    provider,
    row,
    safeguarding,
    write_xlsx,
)
from .conftest import summary as short

EXCEL_CELL = 32_767
SITEMAP_ADDRESS = 2_048  # sitemaps.org: a <loc> of more is refused
SHEET_TITLE = re.compile(r"[^\[\]:*?/\\]{1,31}")


def fill(words: str, length: int) -> str:
    """`words` repeated to exactly `length` characters as Excel counts them (an emoji counts as two), never ending in
    a space (a cell's spaces are trimmed)."""
    text = words * (length // len(words) + 1)
    while excel_length(text) > length:
        text = text[: len(text) - max(1, (excel_length(text) - length) // 2)]
    if excel_length(text) < length:  # an emoji went over by one: end with a letter instead
        text += "x"
    return text[:-1] + "x" if text.endswith(" ") else text


CONTRACT_IDS = (fill("Łódź/CSC ", 100), "😀" * 100, Text(fill("=C-9", 100)), "東京" * 50)
PROVIDERS = (fill("Ysgol Gymraeg Łódź Café 東京 Trust ", 300), "東" * 300, fill("The Very Long Trusts ", 300))
PROJECTS = (fill("Project Łódź 😀 東京 ", EXCEL_CELL - 1) + "A", fill("Project Łódź 😀 東京 ", EXCEL_CELL - 1) + "B")
TEXT_SETTINGS = (
    "Organisation",
    "Department",
    "Safeguarding partnership",
    "Classification",
    "Address",
    "Town",
    "Postcode",
    "Telephone",
    "Notice",
    "Committee",
    "Report subject",
    "Report of",
    "Report author",
)
LONGEST_URL = "https://example.gov.uk/" + fill("contracts/", MAX_PUBLIC_URL_LENGTH - 24) + "/"


def extreme_sheets() -> dict[str, Rows]:
    """A valid workbook whose every ID, name and text is as long as the checks allow, or far longer for Settings."""
    settings: list[list[object]] = [
        ["Setting", "Value"],
        ["Report date", REPORT_DATE],
        ["OCDS prefix", "ocds-abc123"],
        ["Public site URL", LONGEST_URL],
        ["Contact", "commissioning@example.gov.uk"],
    ]
    settings.extend([name, fill(f"{name} Łódź 😀 東京 ", 5_000)] for name in TEXT_SETTINGS)
    contracts = [
        contract(
            contract_id=cid,
            supplier=PROVIDERS[index % len(PROVIDERS)],
            title=fill("Title Łódź 😀 ", EXCEL_CELL if index == 0 else 300),
            description=fill("Description 東京 ", EXCEL_CELL),
            contract_manager=fill("Manager Łódź ", 300 + index),
            notes=fill("Note ", EXCEL_CELL),
            end_date=date(2024, 12, 31),
        )
        for index, cid in enumerate(CONTRACT_IDS)
    ]
    placement = fill("P Łódź ", 100)
    return minimal_sheets(
        Settings=settings,
        Contracts=[headers("Contracts"), *contracts],
        Providers=[headers("Providers"), *(provider(provider=name, safeguarding_lead="Lead") for name in PROVIDERS)],
        Safeguarding=[headers("Safeguarding"), *(safeguarding(contract_id=cid) for cid in CONTRACT_IDS)],
        DBS=[
            headers("DBS"),
            *(
                row(
                    "DBS", contract_id=CONTRACT_IDS[0], staff_reference=fill(f"S{n} Łódź ", 100), contact_level="Direct"
                )
                for n in range(5)
            ),
        ],
        Placements=[
            headers("Placements"),
            row(
                "Placements",
                placement_id=placement,
                placement_type="Residential",
                provider=PROVIDERS[1],
                source="Spot purchase",
                start_date=date(2024, 1, 1),
            ),
        ],
        Quality_alerts=[
            headers("Quality alerts"),
            row(
                "Quality alerts",
                alert_id=fill("A 😀 ", 100),
                date_raised=date(2024, 9, 1),
                provider=PROVIDERS[1],
                contract_id=CONTRACT_IDS[1],
                placement_id=placement,
                category="Safeguarding concern",
                status="Open",
            ),
        ],
        Sourcing_plan=[
            headers("Sourcing plan"),
            *(
                row(
                    "Sourcing plan",
                    project=project,
                    status="Planned",
                    procurement_start=date(2025, 1, 1),
                    description=fill("Plan 東京 ", EXCEL_CELL),
                    contact="commissioning@example.gov.uk",
                )
                for project in PROJECTS
            ),
        ],
        Development_plan=[
            headers("Development plan"),
            row("Development plan", area=fill("Area ", EXCEL_CELL), explanation=fill("Why ", EXCEL_CELL), rag="Red"),
        ],
    )


@pytest.fixture(scope="module")
def extreme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both sites built by the command line from the extreme workbook: the out folder."""
    folder = tmp_path_factory.mktemp("limits")
    workbook = write_xlsx(folder / "extreme.xlsx", extreme_sheets())
    out = folder / "build"
    assert main(["build", "--workbook", str(workbook), "--out", str(out), "--quiet"], today=REPORT_DATE) == 0
    return out


def site_files(out: Path) -> list[Path]:
    return sorted(path for site in ("internal", "public") for path in (out / site).rglob("*") if path.is_file())


@pytest.mark.slow
def test_the_extreme_workbook_has_no_errors(tmp_path: Path) -> None:
    _, report = read_workbook(write_xlsx(tmp_path / "w.xlsx", extreme_sheets()), as_of=None, today=REPORT_DATE)
    assert report.errors == []


@pytest.mark.slow
def test_page_file_names_stay_short_whatever_the_ids(extreme: Path) -> None:
    # Linux and Windows refuse a file name over 255 bytes; Windows paths stop at 260 characters, so the
    # site's own part of a path stays short enough to leave most of them to the folder it is built in.
    for path in site_files(extreme):
        relative = path.relative_to(extreme)
        assert len(path.name.encode("utf-8")) <= MAX_SLUG_LENGTH + len("-99.html"), relative
        assert len(str(relative)) <= 100, relative
    for folder, count in (("contracts", len(CONTRACT_IDS)), ("providers", len(PROVIDERS))):
        pages = [p for p in (extreme / "internal" / folder).glob("*.html") if p.name != "index.html"]
        assert len(pages) == count, folder  # distinct pages, none lost to a clash of cut names


@pytest.mark.slow
def test_the_register_workbook_keeps_excels_limits(extreme: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(extreme / "public" / "data" / "contracts.xlsx")
    assert all(SHEET_TITLE.fullmatch(sheet.title) for sheet in book.worksheets)
    texts = [c.value for r in book.worksheets[0].iter_rows() for c in r if isinstance(c.value, str)]
    assert max(len(text) for text in texts) == EXCEL_CELL  # the longest description, whole
    assert fill("Title Łódź 😀 ", EXCEL_CELL) in texts
    department = fill("Department Łódź 😀 東京 ", 5_000)
    assert department in texts  # the Department setting, as typed
    template = tmp_path / "template.xlsx"
    assert main(["template", str(template)], today=REPORT_DATE) == 0
    assert all(SHEET_TITLE.fullmatch(sheet.title) for sheet in openpyxl.load_workbook(template).worksheets)


@pytest.mark.slow
def test_csv_fields_keep_the_longest_text_whole(extreme: Path) -> None:
    for name in ("public/data/contracts.csv", "public/data/sourcing_plan.csv", "internal/data/contracts.csv"):
        rows = list(csv.reader(io.StringIO((extreme / name).read_text(encoding="utf-8-sig"))))
        assert max(len(field) for fields in rows for field in fields) <= EXCEL_CELL, name
    plan = list(csv.DictReader(io.StringIO((extreme / "public/data/sourcing_plan.csv").read_text("utf-8-sig"))))
    assert [p["project"] for p in plan] == list(PROJECTS)


@pytest.mark.slow
def test_calendar_lines_are_folded_at_75_octets_between_characters(extreme: Path) -> None:
    data = (extreme / "public" / "data" / "sourcing_plan.ics").read_bytes()
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) == 75
    for line in lines:
        line.decode("utf-8")  # never folded inside a character
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8").split("\r\n")
    summaries = [line for line in unfolded if line.startswith("SUMMARY:")]
    assert summaries == [f"SUMMARY:Procurement starts: {project}" for project in PROJECTS]
    uids = [line for line in unfolded if line.startswith("UID:")]
    assert len(set(uids)) == len(PROJECTS)  # two projects that differ only at the end stay two events


@pytest.mark.slow
def test_the_atom_feed_keeps_long_titles_whole(extreme: Path) -> None:
    feed = ET.parse(extreme / "public" / "data" / "sourcing_plan.atom").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")] == list(PROJECTS)
    assert feed.findtext(f"{atom}title") == fill("Organisation Łódź 😀 東京 ", 5_000) + ": sourcing plan"


@pytest.mark.slow
def test_every_sitemap_address_is_short_enough_for_search_engines(extreme: Path) -> None:
    addresses = re.findall(r"<loc>(.*?)</loc>", (extreme / "public" / "sitemap.xml").read_text(encoding="utf-8"))
    assert addresses
    assert all(address.startswith(LONGEST_URL) for address in addresses)
    assert max(len(address) for address in addresses) <= SITEMAP_ADDRESS


@pytest.mark.slow
def test_office_files_name_their_parts_as_their_libraries_do(extreme: Path) -> None:
    # Zip member names come from python-docx and openpyxl, never from the workbook.
    for name in ("public/data/contracts.xlsx", f"internal/reports/committee-pack-{REPORT_DATE.isoformat()}.docx"):
        with zipfile.ZipFile(extreme / name) as archive:
            members = archive.namelist()
        assert all(member.isascii() and len(member) <= 64 for member in members), members


@pytest.mark.slow
def test_a_timeline_label_beyond_the_basic_plane_is_drawn(extreme: Path) -> None:
    # Vega cuts a long axis label by UTF-16 units; cut inside an emoji it stopped the build.
    page = (extreme / "internal" / "expiries.html").read_text(encoding="utf-8")
    assert "\ufffd" in page  # the drawn label shows the emoji as the replacement character
    assert "😀" * 100 in page  # the chart's table shows the ID as typed


def test_a_public_site_url_too_long_for_a_sitemap_is_named_and_not_used(make_workbook: MakeWorkbook) -> None:
    longest = complete_sheets()
    longest["Settings"] = [*longest["Settings"], ["Public site URL", LONGEST_URL]]
    workbook, report = read_workbook(make_workbook(longest), as_of=None, today=REPORT_DATE)
    assert report.warnings == []
    assert len(LONGEST_URL) == MAX_PUBLIC_URL_LENGTH
    assert workbook is not None
    assert workbook.settings.public_url == LONGEST_URL
    too_long = complete_sheets()
    too_long["Settings"] = [*too_long["Settings"], ["Public site URL", LONGEST_URL.removesuffix("/") + "x/"]]
    workbook, report = read_workbook(make_workbook(too_long), as_of=None, today=REPORT_DATE)
    assert short(report.warnings) == [("Settings", "B6", "public-url-too-long")]
    assert report.warnings[0].message == (
        f"Public site URL is {MAX_PUBLIC_URL_LENGTH + 1:,} characters long, more than the "
        f"{MAX_PUBLIC_URL_LENGTH:,} that leave its pages' addresses within the 2,048 search engines read: it is "
        "not used; give the site's address, such as https://example.gov.uk/contracts/"
    )
    assert workbook is not None
    assert workbook.settings.public_url == ""


@pytest.mark.parametrize("length", [300, 5_000])
def test_names_made_from_a_long_organisation_keep_their_formats_limits(length: int) -> None:
    organisation = fill("Organisation Łódź 😀 東京 ", length)
    plan = [SourcingPlanItem(2, "Project", procurement_start=date(2025, 1, 1), status="Planned")]
    lines = calendar(plan, Settings(organisation=organisation), REPORT_DATE).replace("\r\n ", "").split("\r\n")
    host = next(line for line in lines if line.startswith("UID:")).split("@", 1)[1]
    assert max(len(label) for label in host.split(".")) <= 63  # a domain name's label (RFC 1035)
    assert host.endswith(".sourcing-plan.invalid")
    other = calendar(plan, Settings(organisation=organisation + "s"), REPORT_DATE)
    assert f"@{host}" not in other  # cut, but still told apart
    name = data_package(Settings(organisation=organisation), REPORT_DATE)["name"]
    assert re.fullmatch(r"[a-z0-9-]{2,100}", name)  # what CKAN accepts as a dataset name


def test_names_made_from_an_ordinary_organisation_are_as_before() -> None:
    settings = Settings(organisation="Test Council")
    plan = [SourcingPlanItem(2, "Project", procurement_start=date(2025, 1, 1), status="Planned")]
    assert "UID:sourcing-plan-project@test-council.sourcing-plan.invalid\r\n" in calendar(plan, settings, REPORT_DATE)
    assert data_package(settings, REPORT_DATE)["name"] == "test-council-contracts-register"

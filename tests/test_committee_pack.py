"""The committee pack: a Word document and a print page laid out as the council's committee reports are."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.table import Table as DocxTable

from tests.conftest import REPORT_DATE, MakeWorkbook, SampleSites, contract, headers, minimal_sheets, provider
from tests.sites import build_sites

pytestmark = pytest.mark.slow

PACK = f"internal/reports/committee-pack-{REPORT_DATE.isoformat()}.docx"
HEADINGS = [
    "Summary",
    "Recommendation",
    "1. Background",
    "2. Compliance position",
    "3. Red contracts and open alerts",
    "4. Expiries and decisions due",
    "5. Placements",
    "6. Caseload",
    "7. Sourcing plan",
    "8. Development plan",
    "9. Conclusion",
    "Appendices",
    "Appendix 1: Safe commissioning minimum expectations, and how each rule is worked out",
]


@pytest.fixture(scope="module")
def sample_site(sample_sites: SampleSites) -> Path:
    return sample_sites()[0]


@pytest.fixture(scope="module")
def sample_pack(sample_site: Path) -> Document:
    return docx.Document(str(sample_site / PACK))


def headings(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]


def table_after(document: Document, caption_end: str) -> list[list[str]]:
    """The rows of the table whose caption ends with `caption_end`."""
    body = document.element.body
    found = False
    for child in body.iterchildren():
        if child.tag.endswith("}p") and "".join(child.itertext()).endswith(caption_end):
            found = True
        elif found and child.tag.endswith("}tbl"):
            return [[cell.text for cell in row.cells] for row in DocxTable(child, document).rows]
    raise AssertionError(f"no table captioned …{caption_end}")


def test_the_pack_has_the_committee_reports_sections_in_order(sample_pack: Document) -> None:
    assert headings(sample_pack) == HEADINGS
    text = "\n".join(p.text for p in sample_pack.paragraphs)
    assert "Members are asked to:" in text
    assert "Note the report." in text


def test_the_header_block_names_committee_date_subject_classification_and_for_information(
    sample_pack: Document,
) -> None:
    header = [cell.text for row in sample_pack.tables[0].rows for cell in row.cells]
    assert header[0].startswith("Committee(s):")
    assert header[1] == "Dated:\n30 Sep 2024"
    assert header[2] == "Subject:\nSafe commissioning of services for children: position on 30 Sep 2024"
    assert header[3] == "OFFICIAL-SENSITIVE"
    assert header[4].startswith("Report of:")
    assert header[5] == "For Information"
    assert header[6].startswith("Report author:")


def test_placements_are_in_the_form_of_table_5_8(sample_pack: Document) -> None:
    rows = table_after(sample_pack, "Placements commissioned and decommissioned in 2023-24")
    assert rows == [
        ["Placement type", "Number commissioned", "Number decommissioned"],
        ["Residential", "3", "2"],
        ["IFA", "1", "1"],
        ["Semi-independent", "11", "9"],
    ]
    text = "\n".join(p.text for p in sample_pack.paragraphs)
    assert "15 placements were commissioned within the financial year 2023-24. 12 placements came to an end" in text


def test_the_development_plan_is_in_the_form_of_section_7_1(sample_pack: Document) -> None:
    rows = table_after(sample_pack, "Areas for development")
    assert rows[0] == ["Area", "Explanation", "Owner", "Target date", "RAG"]
    assert rows[1][:2] == [
        "Sufficiency Strategy",
        "Oversight and delivery of Our Plan within the Sufficiency Strategy 2024-27",
    ]


def test_every_red_contract_and_open_safeguarding_concern_is_listed_with_its_reasons(sample_pack: Document) -> None:
    red = table_after(sample_pack, "Red contracts and their reasons")
    assert red[0] == ["Contract", "Provider", "Why red", "Next step", "Owner", "Latest action"]
    assert len(red) - 1 == 3  # the sample's three red contracts
    assert all(" not met: " in row[2] for row in red[1:])
    alerts = table_after(sample_pack, "Open safeguarding concerns and alerts")
    assert [row[0] for row in alerts[1:3]] == [
        "Child placed with a provider rated Inadequate",
        "Open safeguarding concern",
    ]


def test_the_classification_is_in_the_header_and_footer_of_every_page(sample_pack: Document) -> None:
    for section in sample_pack.sections:
        assert not section.different_first_page_header_footer
        assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
        assert "OFFICIAL-SENSITIVE" in section.footer.paragraphs[0].text
        width, height = section.page_width, section.page_height
        assert width is not None
        assert height is not None
        assert (round(width.mm), round(height.mm)) == (210, 297)  # A4


def test_every_chart_is_a_picture_with_alternative_text_and_its_numbers_in_a_table(sample_pack: Document) -> None:
    pictures = sample_pack.inline_shapes
    assert len(pictures) == 4  # the sample has one caseload snapshot: no caseload chart
    for picture in pictures:
        properties = picture._inline.docPr
        assert properties.get("title")
        assert len(properties.get("descr", "")) > 40
    alt = {p._inline.docPr.get("title"): p._inline.docPr.get("descr") for p in pictures}
    assert alt["Placements commissioned and decommissioned by financial year"].startswith("Grouped bars:")
    assert (
        "2023-24: 15 commissioned, 12 decommissioned"
        in alt["Placements commissioned and decommissioned by financial year"]
    )
    captions = [p.text for p in sample_pack.paragraphs if p.style is not None and p.style.name == "Caption"]
    figures = [c for c in captions if c.startswith("Figure ")]
    assert len(figures) == len(pictures)
    assert all(f"The numbers behind {f.split(':')[0].lower()}" in captions for f in figures)


def test_the_appendix_sets_out_the_six_expectations_and_every_rule(sample_pack: Document) -> None:
    text = "\n".join(p.text for p in sample_pack.paragraphs)
    for rule in ("MS1", "MS2", "MS3", "MS4", "MS5", "MS6"):
        assert f"{rule}. " in text
    rules = table_after(sample_pack, "How each rule is decided")
    assert [row[0].split()[0] for row in rules[1:]] == ["MS1", "MS2", "MS3", "MS4", "MS5", "MS6", "POL", "OFS", "INS"]


def test_the_dashboard_and_downloads_link_the_pack_and_the_print_page_has_its_sections(sample_site: Path) -> None:
    internal = sample_site / "internal"
    for page in ("index.html", "downloads.html"):
        html = (internal / page).read_text(encoding="utf-8")
        assert f'href="{PACK.removeprefix("internal/")}"' in html
        assert 'href="committee-pack.html"' in html
    page = (internal / "committee-pack.html").read_text(encoding="utf-8")
    positions = [page.index(f">{heading}</h2>") for heading in HEADINGS if heading != "Appendices"]
    assert positions == sorted(positions)
    head, body = page.split("<body", 1)
    assert "size: A4" in head  # the page rule in the page's head, no style block in its body
    assert '@top-center { content: "OFFICIAL\\00002dSENSITIVE"' in head
    assert '@bottom-center { content: "OFFICIAL\\00002dSENSITIVE"' in head
    assert "<style" not in body
    assert "@page" not in (internal / "index.html").read_text(encoding="utf-8")  # the pack's page only
    assert '<td class="sc-num">11</td><td class="sc-num">9</td>' in page  # Semi-independent, 2023-24
    css = (internal / "assets" / "stylesheets" / "dashboard.css").read_text(encoding="utf-8")
    assert "break-inside: avoid" in css


def pack_workbook(make_workbook: MakeWorkbook, end: date, name: str) -> Path:
    sheets = minimal_sheets(Contracts=[headers("Contracts"), contract(end_date=end)])
    settings = list(sheets["Settings"])
    settings += [
        ["Committee", "Safeguarding Sub Committee"],
        ["Committee date", date(2024, 10, 15)],
        ["Report of", "Director of Children's Services"],
        ["Report author", "A. Officer – Senior Commissioning Manager"],
        ["Classification", 'OFFICIAL <SENSITIVE> "x"'],
    ]
    sheets["Settings"] = settings
    return make_workbook(sheets, name)


def test_two_builds_give_byte_identical_packs_with_fixed_properties(
    make_workbook: MakeWorkbook, tmp_path: Path
) -> None:
    workbook = pack_workbook(make_workbook, date(2026, 3, 31), "pack.xlsx")
    first, second = tmp_path / "one", tmp_path / "two"
    build_sites(workbook, first)
    build_sites(workbook, second)
    assert (first / PACK).read_bytes() == (second / PACK).read_bytes()
    with zipfile.ZipFile(first / PACK) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2024, 9, 30, 0, 0, 0)}
    pack = docx.Document(str(first / PACK))
    properties = pack.core_properties
    assert properties.created is not None
    assert properties.created.date() == REPORT_DATE
    assert properties.modified == properties.created
    assert properties.revision == 1
    assert properties.author == "A. Officer – Senior Commissioning Manager"
    header = [cell.text for row in pack.tables[0].rows for cell in row.cells]
    assert header[:2] == ["Committee(s):\nSafeguarding Sub Committee", "Dated:\n15 Oct 2024"]
    assert header[3] == 'OFFICIAL <SENSITIVE> "x"'
    assert pack.sections[0].header.paragraphs[0].text == 'OFFICIAL <SENSITIVE> "x"'
    page = (first / "internal" / "committee-pack.html").read_text(encoding="utf-8")
    assert "<SENSITIVE>" not in page  # escaped in the page and in its @page rule
    assert "OFFICIAL \\00003cSENSITIVE\\00003e \\000022x\\000022" in page


def test_the_change_since_last_quarter_comes_from_the_earlier_build(
    make_workbook: MakeWorkbook, tmp_path: Path
) -> None:
    from safe_commissioning.pipeline import BuildOptions, build

    earlier = pack_workbook(make_workbook, date(2024, 8, 31), "earlier.xlsx")  # ended before the report date
    build_sites(earlier, tmp_path / "earlier", as_of=date(2024, 6, 30))
    now = pack_workbook(make_workbook, date(2026, 3, 31), "now.xlsx")
    build(
        BuildOptions(
            workbook=now,
            out=tmp_path / "now",
            as_of=None,
            today=REPORT_DATE,
            since=tmp_path / "earlier" / "internal" / "data",
        )
    )
    pack = docx.Document(str(tmp_path / "now" / PACK))
    rows = table_after(pack, "Headline figures: now and at the last report")
    assert rows[0] == ["Figure", "30 Sep 2024", "30 Jun 2024", "Change"]
    assert {row[0]: row[1:] for row in rows[1:]}["Expiring within 6 months"] == ["0", "1", "−1"]
    lonely = docx.Document(str(tmp_path / "earlier" / "internal" / "reports" / "committee-pack-2024-06-30.docx"))
    text = "\n".join(p.text for p in lonely.paragraphs)
    assert "No earlier report's figures were available to this build" in text


# Long settings: Word keeps a document property to 255 characters -----------------------------------

# The settings that reach the pack's properties, its header block, header and footer.
PACK_SETTINGS = ("Organisation", "Classification", "Committee", "Report subject", "Report of", "Report author")


def long_text(name: str, length: int) -> str:
    """`length` characters of words, some of them beyond ASCII and beyond the Basic Multilingual Plane."""
    words = f"{name}: Łódź café 東京 😀 marking "
    text = (words * (length // len(words) + 1))[:length]
    return text[:-1] + "x" if text.endswith(" ") else text


@pytest.mark.parametrize(
    ("length", "signed_by"),
    [(300, "Report author"), (5_000, "Organisation")],  # with no Report author the pack's author is the council
)
def test_a_long_setting_is_cut_in_the_properties_and_shown_whole_in_the_body(
    make_workbook: MakeWorkbook, tmp_path: Path, length: int, signed_by: str
) -> None:
    from safe_commissioning.cli import main

    values = {name: long_text(name, length) for name in PACK_SETTINGS}
    if signed_by != "Report author":
        del values["Report author"]
    sheets = minimal_sheets()
    sheets["Settings"] = [["Setting", "Value"], ["Report date", REPORT_DATE], *values.items()]
    workbook = make_workbook(sheets, "long.xlsx")
    out = tmp_path / "out"
    assert main(["build", "--workbook", str(workbook), "--out", str(out), "--quiet"], today=REPORT_DATE) == 0
    pack = docx.Document(str(out / PACK))
    properties = pack.core_properties
    texts = {
        "title": properties.title,
        "author": properties.author,
        "last_modified_by": properties.last_modified_by,
        "category": properties.category,
        "keywords": properties.keywords,
    }
    for name, text in texts.items():
        assert len(text) == 255, name
        assert text.endswith("…"), name
    assert texts["title"] == values["Report subject"][:254] + "…"
    assert texts["author"] == texts["last_modified_by"] == values[signed_by][:254] + "…"
    assert texts["category"] == values["Classification"][:254] + "…"
    assert texts["keywords"] == f"safe commissioning; {values['Classification']}"[:254] + "…"
    # The header and footer show the marking cut as the properties do; the header block shows it whole.
    assert pack.sections[0].header.paragraphs[0].text == texts["category"]
    assert texts["category"] in pack.sections[0].footer.paragraphs[0].text
    header = [cell.text for row in pack.tables[0].rows for cell in row.cells]
    assert header[0] == f"Committee(s):\n{values['Committee']}"
    assert header[2] == f"Subject:\n{values['Report subject']}: position on 30 Sep 2024"
    assert header[3] == values["Classification"]
    assert header[4] == f"Report of:\n{values['Report of']}"
    if signed_by == "Report author":
        assert header[6] == f"Report author:\n{values['Report author']}"
        body = "\n".join(p.text for p in pack.paragraphs)
        assert values["Report author"] in body  # signed off in full after the appendix list


def test_a_long_list_of_red_contracts_is_summarised_and_given_whole_in_an_appendix(
    make_workbook: MakeWorkbook, tmp_path: Path
) -> None:
    ids = [f"C-{n}" for n in range(1, 31)]  # more than the 25 rows the main report lists
    inadequate = {"ofsted_rating": "Inadequate", "ofsted_inspection_date": date(2024, 7, 15)}
    sheets = minimal_sheets(
        Contracts=[
            headers("Contracts"),
            *(
                contract(contract_id=cid, supplier="Risky Homes Ltd" if n < 20 else "Shaky Care Ltd")
                for n, cid in enumerate(ids)
            ),
        ],
        Providers=[
            headers("Providers"),
            provider(provider="Risky Homes Ltd", **inadequate),
            provider(provider="Shaky Care Ltd", **inadequate),
        ],
    )
    build_sites(make_workbook(sheets, "long.xlsx"), tmp_path / "out")
    pack = docx.Document(str(tmp_path / "out" / PACK))
    assert headings(pack)[-2:] == [
        "Appendix 1: Safe commissioning minimum expectations, and how each rule is worked out",
        "Appendix 2: every red contract",
    ]
    text = [p.text for p in pack.paragraphs]
    assert "3.1\t30 contracts are rated red" in "\n".join(text)
    assert "Appendix 2: every red contract" in text  # in the list of appendices, after the main report
    assert any(line.endswith("Appendix 2 lists every red contract: 30 rows.") for line in text)
    assert "Table 3.1: Red contracts and their reasons" not in text
    assert table_after(pack, "Red contracts by expectation not met")[1:] == [["OFS Ofsted rating", "30"]]
    assert table_after(pack, "Red contracts by provider")[1:] == [["Risky Homes Ltd", "20"], ["Shaky Care Ltd", "10"]]
    every = table_after(pack, "Table A2: Every red contract")
    assert every[0] == ["Contract", "Provider", "Why red", "Next step", "Owner", "Latest action"]
    assert sorted(row[0].split()[0] for row in every[1:]) == sorted(ids)  # every red contract is still listed
    page = (tmp_path / "out" / "internal" / "committee-pack.html").read_text(encoding="utf-8")
    assert "Red contracts by provider" in page
    assert "Appendix 2: every red contract" in page
    assert page.count(">C-") >= len(ids)


def test_every_table_keeps_within_the_margins_and_gives_each_word_its_room(sample_pack: Document) -> None:
    from safe_commissioning.sites.committee.word import TEXT_WIDTH

    for table in sample_pack.tables:
        widths = [column.width for column in table.columns]
        assert all(widths)
        assert sum(w for w in widths if w) <= TEXT_WIDTH
    placements = next(t for t in sample_pack.tables if t.rows[0].cells[0].text == "Area")
    _area, explanation, owner, target, rag = (column.width or 0 for column in placements.columns)
    assert target < owner < explanation
    assert rag < target

"""Long lists in parts: each part names itself and links to every part, filters get every part's rows as data,
and a list that fits one page is one page, as before. Built with the part size lowered (parts.PART_ROWS)."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from safe_commissioning.sites import parts
from safe_commissioning.sites.pages import Page
from safe_commissioning.sites.parts import split

from .conftest import Rows, contract, headers, minimal_sheets, provider, safeguarding, write_xlsx
from .sites import build_sites, html_pages

SIZE = 3  # rows per part in these builds
HOSTILE = "</script><script>alert(1)</script> & <b>bold</b>"


def test_a_list_is_split_into_numbered_parts() -> None:
    got = split("compliance.md", [("red", range(5)), ("amber", []), ("expired", range(4))], "contract", size=3)
    assert [p.summary for p in got] == [
        "Part 1 of 3: contracts 1–3 of 9",
        "Part 2 of 3: contracts 4–6 of 9",
        "Part 3 of 3: contracts 7–9 of 9",
    ]
    assert got[0].files == ("compliance.html", "compliance-2.html", "compliance-3.html")
    second = got[1]
    assert list(second.rows("red", list("abcde"))) == ["d", "e"]
    assert list(second.rows("expired", list("wxyz"))) == ["w"]
    assert list(second.rows("amber", [])) == []
    assert second.elsewhere("red") == [(1, "compliance.html")]
    assert second.elsewhere("expired") == [(3, "compliance-3.html")]
    assert got[2].script == "data/lists/compliance-"


@pytest.mark.parametrize("rows", [0, 1, 3])
def test_a_list_that_fits_is_one_page(rows: int) -> None:
    (only,) = split("contracts/index.md", [("active", range(rows))], "contract", size=3)
    assert not only.split
    assert list(only.rows("active", list(range(rows)))) == list(range(rows))


def test_a_part_in_a_folder_keeps_its_folder() -> None:
    got = split("contracts/index.md", [("active", range(4))], "contract", size=3)
    assert got[1].files == ("index.html", "index-2.html")
    assert got[1].root == "../"
    assert got[1].script == "data/lists/contracts-index-"


SHEET_ROWS = 7


def _sheets() -> dict[str, Rows]:
    contracts: list[list[object]] = [list(headers("Contracts"))]
    for n in range(1, SHEET_ROWS + 1):
        ended = n == SHEET_ROWS  # the last contract has ended: a facet value on the last part only
        contracts.append(
            contract(
                contract_id=f"C-{n}",
                title=HOSTILE if n == 5 else f"Service {n}",
                start_date=date(2019, 4, 1) if ended else date(2023, 4, 1),
                end_date=date(2020, 3, 31) if ended else date(2026, 3, 31),
            )
        )
    return minimal_sheets(
        Contracts=contracts,
        Providers=[headers("Providers"), provider()],
        Safeguarding=[headers("Safeguarding"), *(safeguarding(contract_id=f"C-{n}") for n in range(1, SHEET_ROWS + 1))],
    )


def build_in_parts(folder: Path) -> Path:
    """Both sites of the 7-contract workbook, in parts of SIZE rows, built in `folder/out`."""
    workbook = write_xlsx(folder / "parts.xlsx", _sheets())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parts, "PART_ROWS", SIZE)
        build_sites(workbook, folder / "out")
    return folder / "out"


@pytest.fixture(scope="module")
def split_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both sites of a 7-contract workbook, in parts of 3 rows."""
    return build_in_parts(tmp_path_factory.mktemp("parts"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_each_part_says_where_it_is_and_links_to_every_part(split_build: Path) -> None:
    public = split_build / "public"
    assert [p.name for p in sorted(public.glob("register*.html"))] == [
        "register-2.html",
        "register-3.html",
        "register.html",
    ]
    second = _text(public / "register-2.html")
    assert "Part 2 of 3: contracts 4–6 of 7." in second
    for file in ("register.html", "register-2.html", "register-3.html"):
        assert f'href="{file}"' in second
    assert 'aria-current="page" aria-label="Part 2"' in second
    assert 'href="data/contracts.csv" download' in second
    assert 'rel="prev"' in second
    assert 'rel="next"' in second
    # the contracts index lives in a folder: its parts stay there, and link to the data files above it
    index = _text(split_build / "internal" / "contracts" / "index-2.html")
    assert "Part 2 of 3: contracts 4–6 of 7." in index
    assert 'href="../data/contracts.csv" download' in index


def test_a_section_missing_from_a_part_names_the_parts_that_hold_it(split_build: Path) -> None:
    internal = split_build / "internal"
    first = _text(internal / "contracts" / "index.html")
    # the expired contract is the seventh row: on part 3 only, and part 1 says so rather than showing nothing
    assert re.search(r"None of these 1 is on this part: see part <a href=\"index-3.html\">3</a>", first)
    assert "None.</p>" not in first.split('id="expired"')[1]


def test_a_part_holds_at_most_the_part_size_of_list_rows(split_build: Path) -> None:
    for page in ("register.html", "register-2.html", "register-3.html"):
        text = _text(split_build / "public" / page)
        table = text.split('id="register-table"')[1].split("</table>")[0]
        assert table.count("<tr") - 1 <= SIZE  # less the header row


class _BodyRows(HTMLParser):
    """Each body row of the filterable tables in some HTML, by a real parser: (group, attributes, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[str, dict[str, str | None], str]] = []
        self._group: str | None = None
        self._in_body = False
        self._row: tuple[str, dict[str, str | None], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and "data-filter" in found:
            self._group = found.get("data-group") or found.get("id")
        elif tag == "tbody" and self._group:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = (str(self._group), found, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row:
            group, found, text = self._row
            self.rows.append((group, found, "".join(text)))
            self._row = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._group = None

    def handle_data(self, data: str) -> None:
        if self._row:
            self._row[2].append(data)


def _body_rows(html: str) -> list[tuple[str, dict[str, str | None], str]]:
    parser = _BodyRows()
    parser.feed(html)
    parser.close()
    return parser.rows


def test_every_part_s_rows_are_its_page_s_rows_as_data_for_the_filters(split_build: Path) -> None:
    public = split_build / "public"
    texts = []
    for n, page in enumerate(("register.html", "register-2.html", "register-3.html"), start=1):
        script = _text(public / "data" / "lists" / f"register-{n}.js")
        assert "</script" not in script.lower()
        assert _body_rows(script) == []  # the rows are in a string: no tag of theirs is markup in the script
        prefix = f'(window.scLists = window.scLists || {{}})["register-{n}"] = '
        assert script.startswith(prefix)
        data = json.loads(script.removeprefix(prefix).rstrip(";\n"))
        assert list(data) == ["register-table"]
        shown = _body_rows(f'<table data-filter="" id="register-table"><tbody>{data["register-table"]}</tbody></table>')
        assert shown == _body_rows(_text(public / page))  # every attribute, every word, in order
        assert len(shown) == (SHEET_ROWS - 2 * SIZE if n == 3 else SIZE)
        assert HOSTILE not in data["register-table"]  # escaped in the HTML...
        texts += [text for _, _, text in shown]
    assert sum(HOSTILE in text for text in texts) == 1  # ...and the title as typed once parsed


def test_a_part_s_rows_are_found_in_every_filterable_table_of_its_blocks() -> None:
    blocks = [
        '<p>x</p><table class="sc-table" id="plain"><tbody><tr><td>not a list</td></tr></tbody></table>',
        '<table class="sc-table" id="red" data-filter="Filter" data-group="matrix">\n<thead><tr><th>h</th></tr></thead>'
        '\n<tbody>\n<tr data-rag="red"><td>&lt;/tbody&gt; one</td></tr>\n</tbody>\n</table>'
        '<table class="sc-table" id="amber" data-filter="Filter" data-group="matrix"><tbody>'
        '<tr data-rag="amber"><td>two</td></tr></tbody></table>',
        '<table class="sc-table" id="alerts" data-filter="Filter"><tbody><tr><td>three</td></tr></tbody></table>',
    ]
    rows = parts.list_rows(blocks)
    assert rows == {
        "matrix": '<tr data-rag="red"><td>&lt;/tbody&gt; one</td></tr>\n<tr data-rag="amber"><td>two</td></tr>',
        "alerts": "<tr><td>three</td></tr>",
    }
    with pytest.raises(ValueError, match="holds a table"):
        parts.list_rows(['<table data-filter="x" id="t"><tbody><tr><td><table></table></td></tr></tbody></table>'])
    with pytest.raises(ValueError, match="not closed"):
        parts.list_rows(['<table data-filter="x" id="t"><tbody><tr><td>one</td></tr></table>'])


def test_no_page_shows_the_hostile_title_as_markup(split_build: Path) -> None:
    for page in html_pages(split_build):
        assert "<script>alert(1)" not in _text(page), page


def test_parts_stay_out_of_the_navigation(split_build: Path) -> None:
    nav = _text(split_build / "internal" / "index.html").split('class="md-nav')[1]
    assert "compliance-2.html" not in nav


def test_a_list_that_fits_is_not_split(split_build: Path) -> None:
    internal = split_build / "internal"
    assert not (internal / "providers" / "index-2.html").exists()  # one provider
    assert "sc-parts" not in _text(internal / "providers" / "index.html")
    assert not (internal / "data" / "lists" / "providers-index-1.js").exists()


def test_a_long_sourcing_plan_is_in_parts_and_every_link_to_a_row_finds_its_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xml.etree import ElementTree as ET

    from .conftest import row

    monkeypatch.setattr(parts, "PART_ROWS", 2)
    plan: list[list[object]] = [list(headers("Sourcing plan"))]
    for n in range(1, 6):  # five procurements, the last replacing C-1, which ends within a year
        plan.append(
            row(
                "Sourcing plan",
                project=f"Procurement {n}",
                procurement_start=date(2025, n, 1),
                status="Planned",
                related_contract_id="C-1" if n == 5 else None,
            )
        )
    settings: list[list[object]] = [
        ["Setting", "Value"],
        ["Organisation", "Test Council"],
        ["Report date", date(2024, 10, 1)],
        ["Public site URL", "https://example.gov.uk/contracts/"],
    ]
    sheets = minimal_sheets(
        Sourcing_plan=plan,
        Settings=settings,
        Contracts=[headers("Contracts"), contract(end_date=date(2025, 3, 31))],
    )
    out = tmp_path / "build"
    build_sites(write_xlsx(tmp_path / "plan.xlsx", sheets), out, as_of=date(2024, 10, 1))
    public = out / "public"
    assert [p.name for p in sorted(public.glob("sourcing-plan*.html"))] == [
        "sourcing-plan-2.html",
        "sourcing-plan-3.html",
        "sourcing-plan.html",
    ]
    last = (public / "sourcing-plan-3.html").read_text(encoding="utf-8")
    anchor = re.search(r'<tr id="(plan-[^"]+)"[^>]*><th scope="row" class="sc-name">Procurement 5', last)
    assert anchor, "procurement 5 is on part 3"
    assert "Part 3 of 3" in last
    assert f'href="sourcing-plan-3.html#{anchor[1]}"' in (public / "ending-soon.html").read_text(encoding="utf-8")
    feed = ET.fromstring((public / "data" / "sourcing_plan.atom").read_bytes())
    links = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert f"https://example.gov.uk/contracts/sourcing-plan-3.html#{anchor[1]}" in links


def test_a_part_s_rows_script_follows_its_html_however_often_it_is_written(tmp_path: Path) -> None:
    def table(title: str) -> str:
        return f'<table data-filter="x" id="rows"><tbody><tr><td>{title}</td></tr></tbody></table>'

    first, second = split("listing.md", [("rows", range(4))], "row", size=2)
    pages = [Page("t", "listing.md", {"part": first}), Page("t", "listing-2.md", {"part": second})]
    scripts = [tmp_path / "data" / "lists" / name for name in ("listing-1.js", "listing-2.js")]
    for titles in (("one", "two"), ("one", "two"), ("one", "changed"), ("one", "two")):  # serve: save after save
        fragments = {"listing.md": [table(titles[0])], "listing-2.md": [table(titles[1])]}
        assert parts.write_list_data(pages, fragments, tmp_path) == 2
        for path, page, title in zip(scripts, pages, titles, strict=True):
            key = path.name.removesuffix(".js")
            assert path.read_text(encoding="utf-8") == parts.script(key, parts.list_rows(fragments[page.path]))
            assert title in path.read_text(encoding="utf-8")

"""Hostile and odd cell values: each gives a finding at its cell, `check` sees what `build` would refuse, no traceback.

Control and invisible characters, look-alike IDs, IDs that would make bad file names, dates and
intervals at the calendar's limits, and Settings that would go unescaped into every page.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from safe_commissioning.cli import main
from safe_commissioning.dates import add_months, add_years
from safe_commissioning.sites.internal.links import links_for
from safe_commissioning.words import MAX_SLUG_LENGTH, page_slug, unique_slugs
from safe_commissioning.workbook.cells.text import fold_key, has_invisible, strip_invisible
from safe_commissioning.workbook.cells.values import CellProblem, parse_date
from safe_commissioning.workbook.findings.report import Report
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.records import Workbook
from safe_commissioning.workbook.settings.links import contact_problem, safe_url

from .conftest import (
    REPORT_DATE,
    MakeWorkbook,
    Rows,
    complete_sheets,
    contract,
    headers,
    minimal_sheets,
    provider,
    safeguarding,
    write_xlsx,
)
from .conftest import summary as short
from .sites import build_sites

PROJECT = Path(__file__).resolve().parent.parent
BELL = "_x0007_"  # how Excel saves a pasted U+0007; calamine hands over the character itself


def read(path: Path) -> tuple[Workbook | None, Report]:
    return read_workbook(path, as_of=None, today=REPORT_DATE)


def settings_with(*rows: list[object]) -> dict[str, Rows]:
    """Settings A1:B5 of the minimal workbook, with `rows` replacing the setting of the same name or added from row 6."""
    base: list[list[object]] = [
        ["Setting", "Value"],
        ["Organisation", "Test Council"],
        ["Report date", REPORT_DATE],
        ["OCDS prefix", "ocds-abc123"],
        ["Contact", "commissioning@test.gov.uk"],
    ]
    for extra in rows:
        same = [index for index, existing in enumerate(base) if existing[0] == extra[0]]
        if same:
            base[same[0]] = extra
        else:
            base.append(extra)
    return {"Settings": base}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "build.py", *args], cwd=PROJECT, capture_output=True, text=True, timeout=300, check=False
    )


# Control and invisible characters -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        pytest.param("Family\x07 support", "Family support", id="bell"),
        pytest.param("a\x00b\x1fc\x7fd\x9fe", "abcde", id="C0, DEL and C1"),
        pytest.param("CSC\u200b-001", "CSC-001", id="zero-width space"),
        pytest.param("\u202eevil\u202c", "evil", id="right-to-left override"),
        pytest.param("\u2066isolate\u2069", "isolate", id="isolates"),
        pytest.param("\ufeffBOM", "BOM", id="byte order mark"),
        pytest.param("soft\u00adhyphen", "softhyphen", id="soft hyphen"),
        pytest.param("one\u2028two", "one two", id="line separator becomes a space"),
        pytest.param("Family_x200B_ support", "Family support", id="an escape calamine left as typed"),
    ],
)
def test_invisible_characters_are_found_and_stripped(text: str, cleaned: str) -> None:
    assert has_invisible(text)
    assert strip_invisible(text)[0] == cleaned


@pytest.mark.parametrize(
    "text",
    [
        "Family support",
        "Line one\nline two\ttabbed\r\n",
        "Café São Paulo – 10% off",
        "עברית العربية 中文",
        "\u00a0non-breaking space",
        "_x0041_ is an escape of a plain letter",
        "snake_x_case",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not has_invisible(text) or strip_invisible(text) == (text, ())


def test_a_control_character_in_a_title_is_a_warning_and_is_removed(make_workbook: MakeWorkbook) -> None:
    workbook, report = read(
        make_workbook(complete_sheets(Contracts=[headers("Contracts"), contract(title=f"Family{BELL} support")]))
    )
    assert short(report.findings) == [("Contracts", "B2", "control-character")]
    assert report.findings[0].message == (
        "Title holds invisible or control characters, which are ignored (U+0007 CONTROL CHARACTER): "
        "retype the cell, or paste its text as values only, to remove them"
    )
    assert workbook is not None
    assert workbook.contracts[0].title == "Family support"


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        pytest.param(
            {"Contracts": [headers("Contracts"), contract(description="\u200b\u200b")]},
            [("Contracts", "D2", "control-character")],
            id="a cell of nothing but invisible characters",
        ),
        pytest.param(
            {"Contracts": [headers("Contracts"), contract(title="\u200b")]},
            [("Contracts", "B2", "control-character"), ("Contracts", "B2", "required-blank")],
            id="a required cell of nothing but invisible characters",
        ),
        pytest.param(
            {"Contracts": [headers("Contracts"), contract(contract_id="C\u200b-1")]},
            [("Contracts", "A2", "control-character")],
            id="a zero-width space in an ID: stripped, so the references still match",
        ),
        pytest.param(
            {"Contracts": [headers("Contracts"), contract(end_date="31/03/2026\u202e")]},
            [("Contracts", "H2", "control-character")],
            id="in a date typed as text",
        ),
        pytest.param(
            settings_with(["Notice", f"Draft{BELL}"], ["Department\u200b", "Children"]),
            [("Settings", "A7", "control-character"), ("Settings", "B6", "control-character")],
            id="in Settings, names and values",
        ),
    ],
)
def test_invisible_characters_are_reported_at_their_cell(
    make_workbook: MakeWorkbook, sheets: dict[str, Rows], expected: list[tuple[str, str, str]]
) -> None:
    _, report = read(make_workbook(complete_sheets(sheets)))
    assert sorted(short(report.findings)) == expected


def test_settings_lose_their_invisible_characters(make_workbook: MakeWorkbook) -> None:
    workbook, _ = read(make_workbook(complete_sheets(settings_with(["Notice", f"Draft{BELL}\u202e"]))))
    assert workbook is not None
    assert workbook.settings.notice == "Draft"


def test_a_full_build_survives_a_control_character_in_a_title(tmp_path: Path) -> None:
    """vl-convert aborted the process (exit 134) on U+0007 in a chart label, while check said 0 errors."""
    workbook = write_xlsx(
        tmp_path / "bell.xlsx", minimal_sheets(Contracts=[headers("Contracts"), contract(title=f"Ring{BELL}ing")])
    )
    checked = run_cli("check", "--workbook", str(workbook))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "warning: Contracts!B2: Title holds invisible or control characters" in checked.stdout
    built = run_cli("build", "--workbook", str(workbook), "--out", str(tmp_path / "build"), "--quiet")
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    assert (tmp_path / "build" / "internal" / "index.html").is_file()


# Look-alike IDs and names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("CSC-001", "CSC\u2011001"),  # non-breaking hyphen
        ("CSC-001", "CSC\u2013001"),  # en dash
        ("CSC-001", "CSC\u2212001"),  # minus sign
        ("CSC-001", "\uff23\uff33\uff23-001"),  # full-width letters (NFKC)
        ("CSC-001", "\u0421SC-001"),  # Cyrillic capital Es
        ("Acme Care Ltd", "Acme C\u0430re Ltd"),  # Cyrillic small a
    ],
)
def test_lookalikes_fold_together(one: str, other: str) -> None:
    assert one != other
    assert fold_key(one) == fold_key(other)


@pytest.mark.parametrize(("one", "other"), [("CSC-001", "CSC-002"), ("Café", "Cafe"), ("C-1", "C 1")])
def test_different_ids_stay_apart(one: str, other: str) -> None:
    assert fold_key(one) != fold_key(other)


def test_a_reference_that_differs_by_a_lookalike_says_so(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(Safeguarding=[headers("Safeguarding"), safeguarding(contract_id="C\u20111")])
    workbook, report = read(make_workbook(sheets))
    assert workbook is None
    assert short(report.errors) == [("Safeguarding", "A2", "lookalike-reference")]
    assert report.errors[0].message == (
        "Unknown contract 'C\u20111': it differs from 'C-1' (at Contracts!A2) only by an invisible or look-alike "
        "character (U+2011 NON-BREAKING HYPHEN): retype it to match exactly"
    )


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        pytest.param(
            {"Contracts": [headers("Contracts"), contract(supplier="Acme C\u0430re Ltd")]},
            [("Contracts", "C2", "lookalike-reference")],
            id="supplier with a Cyrillic letter",
        ),
        pytest.param(
            {"Contracts": [headers("Contracts"), contract(), contract(contract_id="C\u20131")]},
            [("Contracts", "A3", "lookalike-id")],
            id="two contract IDs that differ by a dash",
        ),
        pytest.param(
            {"Providers": [headers("Providers"), provider(), provider(provider="\uff21cme Care Ltd")]},
            [("Providers", "A3", "lookalike-id")],
            id="two providers that differ by a full-width letter",
        ),
    ],
)
def test_lookalikes_are_errors(
    make_workbook: MakeWorkbook, sheets: dict[str, Rows], expected: list[tuple[str, str, str]]
) -> None:
    _, report = read(make_workbook(complete_sheets(sheets)))
    assert short(report.errors) == expected


def test_a_lookalike_id_names_both_cells(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(Contracts=[headers("Contracts"), contract(), contract(contract_id="C\u20131")])
    _, report = read(make_workbook(sheets))
    assert report.errors[0].message == (
        "Contract ID 'C\u20131' looks the same as 'C-1' (at Contracts!A2) but differs by an "
        "invisible or look-alike character (U+2013 EN DASH): retype one of them so that they differ visibly, "
        "or, if they are the same, keep one row"
    )


# IDs that make page and file names ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("CSC-001", "csc-001"),
        ("index", "index-page"),
        ("Index", "index-page"),
        ("CON", "con-page"),
        ("nul", "nul-page"),
        ("COM1", "com1-page"),
        ("lpt9", "lpt9-page"),
        ("404", "404-page"),
        ("CON-1", "con-1"),
    ],
)
def test_page_slugs_avoid_reserved_names(name: str, slug: str) -> None:
    assert page_slug(name) == slug


def test_long_names_get_short_stable_distinct_slugs() -> None:
    one, other = "x" * 250 + "a", "x" * 250 + "b"
    slugs = unique_slugs([one, other])
    assert len(set(slugs.values())) == 2
    assert all(len(slug) <= MAX_SLUG_LENGTH for slug in slugs.values())
    assert unique_slugs([one, other]) == slugs
    assert slugs[one] == page_slug(one)


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        pytest.param(
            {
                "Contracts": [headers("Contracts"), contract(contract_id="C" * 101)],
                "Safeguarding": [headers("Safeguarding"), safeguarding(contract_id="C" * 101)],
            },
            [("Contracts", "A2", "too-long")],
            id="contract ID of 101 characters",
        ),
        pytest.param(
            {
                "Contracts": [headers("Contracts"), contract(supplier="P" * 301)],
                "Providers": [headers("Providers"), provider(provider="P" * 301)],
            },
            [("Providers", "A2", "too-long")],
            id="provider name of 301 characters",
        ),
    ],
)
def test_overlong_ids_are_errors(
    make_workbook: MakeWorkbook, sheets: dict[str, Rows], expected: list[tuple[str, str, str]]
) -> None:
    _, report = read(make_workbook(complete_sheets(sheets)))
    assert short(report.errors) == expected


def test_the_longest_allowed_id_is_accepted_and_the_message_gives_the_limit(make_workbook: MakeWorkbook) -> None:
    ok = complete_sheets(
        Contracts=[headers("Contracts"), contract(contract_id="C" * 100)],
        Safeguarding=[headers("Safeguarding"), safeguarding(contract_id="C" * 100)],
    )
    assert read(make_workbook(ok))[1].errors == []
    too_long = complete_sheets(Contracts=[headers("Contracts"), contract(contract_id="C" * 250)])
    message = read(make_workbook(too_long))[1].errors[0].message
    assert message == (
        "Contract ID is 250 characters long; the most allowed is 100: shorten it "
        "(it names the record's page and its rows in the data files)"
    )


def test_records_named_like_listing_pages_or_devices_all_get_pages(tmp_path: Path) -> None:
    long_name = "The " + "Very " * 57 + "Long Trusts"
    assert len(long_name) == 300
    ids = ["index", "CON", "C" * 100, "C-1"]
    suppliers = {"index": "Index", "CON": long_name, "C" * 100: "Acme Care Ltd", "C-1": "aux"}
    sheets = minimal_sheets(
        Contracts=[headers("Contracts"), *(contract(contract_id=cid, supplier=suppliers[cid]) for cid in ids)],
        Providers=[headers("Providers"), *(provider(provider=name) for name in sorted(set(suppliers.values())))],
        Safeguarding=[headers("Safeguarding"), *(safeguarding(contract_id=cid) for cid in ids)],
    )
    workbook = write_xlsx(tmp_path / "names.xlsx", sheets)
    assert read(workbook)[1].errors == []
    out = tmp_path / "build"
    result = build_sites(workbook, out, as_of=REPORT_DATE)
    internal = out / "internal"
    for listing, heading in (("contracts", "Contracts"), ("providers", "Providers")):
        html = (internal / listing / "index.html").read_text(encoding="utf-8")
        assert re.search(rf"<h1[^>]*>{heading}", html), f"{listing}/index.html is not the listing page"
    links = links_for(result.assessment)
    assert set(links.contract) == set(ids)
    assert len(set(links.contract.values()) | set(links.provider.values())) == len(ids) + len(set(suppliers.values()))
    for page in [*links.contract.values(), *links.provider.values()]:
        assert (internal / page).is_file(), page
        assert len(Path(page).name) <= MAX_SLUG_LENGTH + len(".html")
        assert Path(page).stem not in ("index", "con", "aux")


# Dates and intervals at the limits ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(1899, 12, 31), date(1899, 12, 31)),
        ("31/12/2199", date(2199, 12, 31)),
        (1, date(1899, 12, 31)),
    ],
)
def test_dates_at_the_bounds(raw: object, expected: date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", [date(9999, 12, 31), date(1, 1, 1), "9999-12-31", "0001-01-01", "01/01/2200", 2958465])
def test_dates_beyond_the_bounds_are_refused(raw: object) -> None:
    with pytest.raises(CellProblem) as refused:
        parse_date(raw)
    assert refused.value.code == "date-out-of-bounds"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(9999, 12, 1), 1, date.max),
        (date(1, 1, 31), -1, date.min),
        (date(2024, 9, 30), 9_999 * 12, date.max),
        (date(2024, 9, 30), -9_999 * 12, date.min),
    ],
)
def test_date_arithmetic_stops_at_the_calendars_limits(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_years_past_the_calendar_stop_at_its_end() -> None:
    assert add_years(date(2024, 2, 29), 10_000) == date.max


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param(["Report date", date(9999, 12, 31)], [("Settings", "B3", "date-out-of-bounds")], id="9999"),
        pytest.param(["Report date", "0001-01-01"], [("Settings", "B3", "date-out-of-bounds")], id="year 1"),
        pytest.param(
            ["Self-assessment interval (months)", 9999],
            [("Settings", "B6", "interval-out-of-bounds")],
            id="9,999 months",
        ),
        pytest.param(
            ["DBS recheck interval (years)", 11], [("Settings", "B6", "interval-out-of-bounds")], id="11 years"
        ),
        pytest.param(
            ["Lead time Spot purchase (months)", 61],
            [("Settings", "B6", "interval-out-of-bounds")],
            id="61-month lead time",
        ),
        pytest.param(
            ["Thematic check interval High / Medium / Low (months)", "6 / 12 / 999"],
            [("Settings", "B6", "interval-out-of-bounds")],
            id="combined thematic intervals",
        ),
        pytest.param(
            ["Policy review interval (months)", "1e400"], [("Settings", "B6", "invalid-number")], id="infinite"
        ),
    ],
)
def test_settings_out_of_bounds_are_errors(
    make_workbook: MakeWorkbook, extra: list[object], expected: list[tuple[str, str, str]]
) -> None:
    workbook, report = read(make_workbook(complete_sheets(settings_with(extra))))
    assert short(report.errors) == expected
    assert workbook is None


@pytest.mark.parametrize(
    "extra",
    [
        ["Self-assessment interval (months)", 120],
        ["DBS recheck interval (years)", 10],
        ["Lead time Strategic purchasing (months)", 60],
        ["Thematic check interval High / Medium / Low (months)", "1 / 60 / 120"],
    ],
)
def test_settings_at_their_bounds_are_accepted(make_workbook: MakeWorkbook, extra: list[object]) -> None:
    workbook, report = read(make_workbook(complete_sheets(settings_with(extra))))
    assert report.errors == []
    assert workbook is not None


def test_the_interval_message(make_workbook: MakeWorkbook) -> None:
    _, report = read(make_workbook(complete_sheets(settings_with(["Self-assessment interval (months)", 9999]))))
    assert report.errors[0].message == (
        "Self-assessment interval (months): 9,999 months is outside 1 to 120 months: check the number"
    )


@pytest.mark.parametrize(
    ("cell_value", "code"),
    [(date(9999, 12, 31), "date-out-of-bounds"), ("£" + "9" * 400, "invalid-money"), (10**15, "invalid-money")],
)
def test_contract_cells_at_the_limits_are_errors(make_workbook: MakeWorkbook, cell_value: object, code: str) -> None:
    field = "end_date" if isinstance(cell_value, date) else "annual_value"
    _, report = read(make_workbook(complete_sheets(Contracts=[headers("Contracts"), contract(**{field: cell_value})])))
    assert [f.code for f in report.errors] == [code]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        pytest.param(
            ["Report date", date(9999, 12, 31)],
            "Settings!B3: Report date: 9999-12-31 is outside the dates the dashboard works with "
            "(1899-12-31 to 2199-12-31): check the year, or leave the cell blank if the date is not known",
            id="Report date 9999-12-31",
        ),
        pytest.param(
            ["Self-assessment interval (months)", 9999],
            "Settings!B3: Self-assessment interval (months): 9,999 months is outside 1 to 120 months: check the number",
            id="9,999-month interval",
        ),
    ],
)
@pytest.mark.parametrize("verb", ["check", "build"])
def test_the_command_line_refuses_limits_without_a_traceback(
    tmp_path: Path, settings: list[object], message: str, verb: str
) -> None:
    rows: Rows = [
        ["Setting", "Value"],
        ["Organisation", "Test Council"],
        settings,
        ["OCDS prefix", "ocds-abc123"],
        ["Contact", "commissioning@test.gov.uk"],
    ]
    workbook = write_xlsx(tmp_path / "limits.xlsx", minimal_sheets(Settings=rows))
    extra = ["--out", str(tmp_path / "build")] if verb == "build" else []
    done = run_cli(verb, "--workbook", str(workbook), *extra)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"error: {message}" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "build").exists()


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01", "2200-01-01"])
def test_as_of_beyond_the_bounds_is_a_usage_error(
    make_workbook: MakeWorkbook, capsys: pytest.CaptureFixture[str], as_of: str
) -> None:
    workbook = make_workbook(minimal_sheets())
    assert main(["check", "--workbook", str(workbook), "--as-of", as_of], today=REPORT_DATE) == 2
    assert (
        f"argument --as-of: {as_of} is outside the dates the dashboard works with (1899-12-31 to 2199-12-31): "
        "check the year" in capsys.readouterr().err
    )


# Settings written into every page -------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.gov.uk/contracts/",
        "https://example.gov.uk/contracts",
        "http://intranet.council.local:8080/register/",
        "https://council.gov.uk/",
        "https://council.gov.uk/a%20b/c_d~e",
    ],
)
def test_safe_public_urls(url: str) -> None:
    assert safe_url(url)


@pytest.mark.parametrize(
    "url",
    [
        'https://evil.example/"><script>alert(1)</script>',
        "https://evil.example/'onmouseover='x",
        "javascript:alert(1)",
        "ftp://council.gov.uk/",
        "https://council.gov.uk/?q=1",
        "https://council.gov.uk/#top",
        "https://user:pw@council.gov.uk/",
        "https://council.gov.uk/a b",
        "https://council.gov.uk\\evil",
        "https://-council.gov.uk/",
        "https://council.gov.uk/x&y",
        "https:///path",
        "council.gov.uk",
    ],
)
def test_unsafe_public_urls(url: str) -> None:
    assert not safe_url(url)


def test_an_unsafe_public_url_is_a_warning_at_its_cell_and_not_used(make_workbook: MakeWorkbook) -> None:
    url = 'https://evil.example/"><script>alert(1)</script>'
    workbook, report = read(make_workbook(complete_sheets(settings_with(["Public site URL", url]))))
    assert short(report.findings) == [("Settings", "B6", "public-url")]
    assert report.findings[0].message == (
        f"Public site URL '{url}' is not a plain web address such as https://example.gov.uk/contracts/ (http or "
        "https, a host name, a path of letters, digits and - . _ ~ /; no quotes, spaces, query or #fragment): it "
        "is not used; correct it"
    )
    assert workbook is not None
    assert workbook.settings.public_url == ""


@pytest.mark.parametrize(
    "contact",
    [
        "commissioning@council.gov.uk",
        "mailto:commissioning@council.gov.uk",
        "https://council.gov.uk/contact-us",
        "Commissioning team: 020 7946 0000",
        "The commissioning team, Town Hall",
    ],
)
def test_acceptable_contacts(contact: str) -> None:
    assert contact_problem(contact) is None


@pytest.mark.parametrize(
    "contact",
    [
        "javascript:alert(1)",
        "http://council.gov.uk/contact",
        'https://council.gov.uk/"onclick="x',
        "www.council.gov.uk",
        "team@",
        "a@b",
        "<b>Team</b>",
        'Team "quoted"',
    ],
)
def test_unacceptable_contacts(contact: str) -> None:
    assert contact_problem(contact) is not None


def test_an_unacceptable_contact_is_a_warning_at_its_cell(make_workbook: MakeWorkbook) -> None:
    workbook, report = read(make_workbook(complete_sheets(settings_with(["Contact", "javascript:alert(1)"]))))
    assert short(report.findings) == [("Settings", "B5", "contact")]
    assert workbook is not None
    assert workbook.settings.contact == ""


def test_the_ocds_prefix_finding_names_its_cell(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(
        {
            "Settings": [
                ["Setting", "Value"],
                ["Organisation", "Test Council"],
                ["OCDS prefix", "OCDS-NOPE"],
                ["Contact", "commissioning@test.gov.uk"],
            ]
        }
    )
    _, report = read(make_workbook(sheets))
    assert short(report.findings) == [("Settings", "B3", "ocds-prefix")]

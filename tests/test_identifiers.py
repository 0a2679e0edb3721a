"""Organisation identifiers (SPEC §2, revised): every real register's forms, and nothing else published.

A number that fits no register, a placeholder, a number two providers share: each is a warning
naming its cell, and the build goes on. Only recognised, unshared numbers reach the open data.
"""

from __future__ import annotations

import csv
import html
import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from safe_commissioning.opendata.ocds import release_package
from safe_commissioning.opendata.register import register
from safe_commissioning.workbook.cells.identifiers import (
    CHARITY_ENGLAND_WALES,
    CHARITY_NORTHERN_IRELAND,
    CHARITY_SCOTLAND,
    COMPANIES_HOUSE,
    MUTUALS,
    Identifier,
    parse_charity_number,
    parse_company_number,
    parse_mutuals_number,
)
from safe_commissioning.workbook.cells.values import Noted
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.records import Workbook

from .conftest import REPORT_DATE, MakeWorkbook, Rows, complete_sheets, contract, headers, provider, summary
from .sites import build_sites, site_files, text_of
from .test_ocds import errors_of

PARSE = {"company": parse_company_number, "charity": parse_charity_number, "mutuals": parse_mutuals_number}
FIELD = {"company": "company_number", "charity": "charity_number", "mutuals": "mutuals_number"}
CELL = {"company": "C2", "charity": "D2", "mutuals": "E2"}


def read(path: Path) -> tuple[Workbook | None, list[tuple[str, str, str]], list[str]]:
    workbook, report = read_workbook(path, as_of=REPORT_DATE, today=REPORT_DATE)
    return workbook, summary(report), [f.message for f in report]


def one_provider(make_workbook: MakeWorkbook, column: str, raw: object) -> Path:
    return make_workbook(complete_sheets(Providers=[headers("Providers"), provider(**{FIELD[column]: raw})]))


# Accepted as typed -----------------------------------------------------------------------------

# The Companies House prefixes the issue names (2 letters, or R0, and 6 digits).
ISSUE_PREFIXES = (
    "SC",
    "NI",
    "OC",
    "SO",
    "NC",
    "LP",
    "SL",
    "SF",
    "NL",
    "NF",
    "NP",
    "NZ",
    "R0",
    "RC",
    "FC",
    "GE",
    "GS",
    "IC",
    "SI",
    "SE",
)

ACCEPTED = [
    # Companies House: 8 digits
    ("company", "12345678", "12345678", COMPANIES_HOUSE),
    ("company", 12345678, "12345678", COMPANIES_HOUSE),
    ("company", "01234567", "01234567", COMPANIES_HOUSE),
    # Companies House: 2 letters (or R0) and 6 digits, every register's prefix
    *(("company", f"{prefix}123456", f"{prefix}123456", COMPANIES_HOUSE) for prefix in [*ISSUE_PREFIXES, "CE", "OE"]),
    ("company", "sc 123456", "SC123456", COMPANIES_HOUSE),
    ("company", "NI003503", "NI003503", COMPANIES_HOUSE),
    # Companies House: registered societies
    ("company", "IP17093R", "IP17093R", COMPANIES_HOUSE),
    ("company", "RS007452", "RS007452", COMPANIES_HOUSE),
    ("company", "SP02416R", "SP02416R", COMPANIES_HOUSE),
    # Charity Commission for England and Wales: 6 to 8 digits, optionally -N
    ("charity", "1123456", "1123456", CHARITY_ENGLAND_WALES),
    ("charity", 1123456, "1123456", CHARITY_ENGLAND_WALES),
    ("charity", "220949", "220949", CHARITY_ENGLAND_WALES),
    ("charity", "12345678", "12345678", CHARITY_ENGLAND_WALES),
    ("charity", "1123456-1", "1123456-1", CHARITY_ENGLAND_WALES),
    ("charity", "1123456-12", "1123456-12", CHARITY_ENGLAND_WALES),
    # OSCR: SC0 and 5 digits
    ("charity", "SC038302", "SC038302", CHARITY_SCOTLAND),
    ("charity", "sc 038302", "SC038302", CHARITY_SCOTLAND),
    # Charity Commission for Northern Ireland: NIC and digits, or 6 digits from 100000
    ("charity", "NIC100002", "NIC100002", CHARITY_NORTHERN_IRELAND),
    ("charity", "NIC 104567", "NIC104567", CHARITY_NORTHERN_IRELAND),
    ("charity", "100002", "100002", CHARITY_NORTHERN_IRELAND),
    ("charity", 104567, "104567", CHARITY_NORTHERN_IRELAND),
    # FCA Mutuals Public Register
    ("mutuals", "31192R", "31192R", MUTUALS),
    ("mutuals", "4384R", "4384R", MUTUALS),
    ("mutuals", "RS007452", "RS007452", MUTUALS),
]


@pytest.mark.parametrize(("column", "raw", "number", "scheme"), ACCEPTED, ids=lambda v: str(v))
def test_every_register_form_is_recognised(column: str, raw: object, number: str, scheme: str) -> None:
    found = PARSE[column](raw)
    assert isinstance(found, Identifier)
    assert (found.number, found.scheme, found.published) == (number, scheme, number)


@pytest.mark.parametrize(("column", "raw", "number", "scheme"), ACCEPTED[::4], ids=lambda v: str(v))
def test_a_recognised_number_reads_with_no_finding(
    make_workbook: MakeWorkbook, column: str, raw: object, number: str, scheme: str
) -> None:
    workbook, findings, _ = read(one_provider(make_workbook, column, raw))
    assert findings == []
    assert workbook is not None
    identifier = getattr(workbook.providers[0], FIELD[column])
    assert (identifier.number, identifier.scheme) == (number, scheme)


def test_northern_ireland_charities_are_identified_by_their_digits() -> None:
    for raw in ("NIC100002", "100002"):
        found = parse_charity_number(raw)
        assert isinstance(found, Identifier)
        assert (found.scheme, found.id) == (CHARITY_NORTHERN_IRELAND, "100002")


# Padded, with a warning ------------------------------------------------------------------------

PADDED = [
    pytest.param(1234567, "01234567", "'1234567' has fewer than 8 digits", id="Excel number that lost one zero"),
    pytest.param(123456, "00123456", "'123456' has fewer than 8 digits", id="Excel number that lost two zeros"),
    pytest.param("1234567", "01234567", "'1234567' has fewer than 8 digits", id="text with seven digits"),
    pytest.param(1234567.0, "01234567", "'1234567' has fewer than 8 digits", id="Excel float"),
    pytest.param("NI3503", "NI003503", "'NI3503' has fewer than 6 digits after NI", id="NI missing two zeros"),
    pytest.param("ni 12345", "NI012345", "'ni 12345' has fewer than 6 digits after NI", id="NI missing one zero"),
]


@pytest.mark.parametrize(("raw", "padded", "why"), PADDED)
def test_a_short_company_number_is_padded_with_a_warning(
    make_workbook: MakeWorkbook, raw: object, padded: str, why: str
) -> None:
    workbook, findings, messages = read(one_provider(make_workbook, "company", raw))
    assert findings == [("Providers", "C2", "company-number-padded")]
    assert messages[0].startswith(f"Company number {why}")
    assert f"read as {padded}: " in messages[0]
    assert workbook is not None
    assert workbook.providers[0].public_company_number == padded


def test_the_padding_messages_word_for_word(make_workbook: MakeWorkbook) -> None:
    assert read(one_provider(make_workbook, "company", 1234567))[2] == [
        "Company number '1234567' has fewer than 8 digits (Excel drops leading zeros); read as 01234567: "
        "format the column as Text and enter all 8 digits"
    ]
    assert read(one_provider(make_workbook, "company", "NI3503"))[2] == [
        "Company number 'NI3503' has fewer than 6 digits after NI; read as NI003503: "
        "enter all 8 characters as Companies House writes them"
    ]


# Fits no register: a warning, kept internally, never published -----------------------------------

UNRECOGNISED = [
    ("company", "ABC"),
    ("company", "123456789"),
    ("company", "SC12345"),
    ("company", "SC1234567"),
    ("company", "S1234567"),
    ("company", "ABC12345"),
    ("company", "12-345678"),
    ("company", "XY123456"),  # no register uses the prefix XY
    ("company", "1123456-1"),
    ("charity", "12345"),
    ("charity", "123456789"),
    ("charity", "1123456-"),
    ("charity", "1123456/1"),
    ("charity", "SC38302"),
    ("charity", "SC123456"),
    ("charity", "charity"),
    ("mutuals", "31192X"),
    ("mutuals", "ABC"),
]


@pytest.mark.parametrize(("column", "raw"), UNRECOGNISED, ids=lambda v: str(v))
def test_a_number_that_fits_no_register_is_a_warning_and_is_not_published(
    make_workbook: MakeWorkbook, column: str, raw: str
) -> None:
    workbook, findings, _ = read(one_provider(make_workbook, column, raw))
    assert findings == [("Providers", CELL[column], "unrecognised-number")]
    assert workbook is not None, "an unrecognised number never stops the build"
    kept = getattr(workbook.providers[0], FIELD[column])
    assert (kept.typed, kept.recognised, kept.published, str(kept)) == (raw, False, "", "")
    entry = register(workbook)[0]
    assert entry.row()[6:8] == ("", "")  # supplier_company_number, supplier_charity_number
    party = release_package([entry], workbook.settings, workbook.report_date)["releases"][0]["parties"][1]
    assert "identifier" not in party
    assert party["id"] == "supplier-acme-care-ltd"


def test_the_unrecognised_messages_word_for_word(make_workbook: MakeWorkbook) -> None:
    assert read(one_provider(make_workbook, "company", "ABC"))[2] == [
        "Company number 'ABC' fits no register (8 digits, 2 letters and 6 digits such as SC123456, or a "
        "registered society's IP17093R or RS007452): it is shown on the internal site as typed and left out "
        "of the open data; correct it, or leave the cell blank"
    ]
    assert read(one_provider(make_workbook, "charity", "SC123456"))[2] == [
        "Charity number 'SC123456' fits no register (England and Wales 6 to 8 digits, optionally -N; Scotland "
        "SC0 and 5 digits; Northern Ireland NIC and digits, or 6 digits from 100000) (it looks like a company "
        "number: put it in Company number): it is shown on the internal site as typed and left out of the "
        "open data; correct it, or leave the cell blank"
    ]


# Placeholders: read as blank, never padded into an identifier ---------------------------------------

PLACEHOLDERS = [
    ("company", 0),
    ("company", "0"),
    ("company", "0000000"),
    ("company", "00000000"),
    ("company", 11111111),
    ("company", "N/A"),
    ("charity", "0"),
    ("charity", "000000"),
    ("charity", "none"),
    ("mutuals", "0"),
]


@pytest.mark.parametrize(("column", "raw"), PLACEHOLDERS, ids=lambda v: str(v))
def test_a_placeholder_is_read_as_blank(make_workbook: MakeWorkbook, column: str, raw: object) -> None:
    assert isinstance(PARSE[column](raw), Noted)
    workbook, findings, _messages = read(one_provider(make_workbook, column, raw))
    assert findings == [("Providers", CELL[column], "placeholder-number")]
    assert workbook is not None
    assert getattr(workbook.providers[0], FIELD[column]) is None


def test_the_placeholder_message_word_for_word(make_workbook: MakeWorkbook) -> None:
    assert read(one_provider(make_workbook, "company", 0))[2] == [
        "Company number '0' is a placeholder, not a registration number: it is read as blank "
        "(leave the cell blank when the organisation has no number)"
    ]


def test_eight_suppliers_with_a_placeholder_share_no_identifier(make_workbook: MakeWorkbook) -> None:
    names = [f"Supplier {n}" for n in range(8)]
    sheets = complete_sheets(
        Contracts=[headers("Contracts")]
        + [contract(contract_id=f"C-{n}", supplier=name) for n, name in enumerate(names)],
        Providers=[headers("Providers")] + [provider(provider=name, company_number=0) for name in names],
    )
    workbook, findings, _ = read(make_workbook(sheets))
    assert workbook is not None
    assert {code for _, _, code in findings} == {"placeholder-number", "missing-safeguarding"}
    package = release_package(register(workbook), workbook.settings, workbook.report_date)
    assert all("identifier" not in r["parties"][1] for r in package["releases"])


# One number, two providers; names that differ only by punctuation -------------------------------------


def test_a_number_given_for_two_providers_is_a_warning_naming_both_and_published_for_neither(
    make_workbook: MakeWorkbook,
) -> None:
    sheets = complete_sheets(
        Contracts=[headers("Contracts"), contract(), contract(contract_id="C-2", supplier="Beta Care")],
        Providers=[
            headers("Providers"),
            provider(company_number="01234567"),
            provider(provider="Beta Care", company_number=1234567),
        ],
    )
    workbook, findings, messages = read(make_workbook(sheets))
    assert workbook is not None
    assert [f for f in findings if f[2] != "missing-safeguarding"] == [
        ("Providers", "C3", "company-number-padded"),
        ("Providers", "C3", "shared-number"),
    ]
    assert messages[1] == (
        "Company number '1234567' of 'Beta Care' is also given for 'Acme Care Ltd' (at Providers!C2): each "
        "registration number belongs to one organisation, so it is published for neither; correct the wrong "
        "one, or keep one row if they are the same provider"
    )
    assert [p.public_company_number for p in workbook.providers] == ["", ""]
    assert workbook.providers[0].company_number is not None
    assert workbook.providers[0].company_number.withheld == "also given for 'Beta Care'"


@pytest.mark.parametrize("column", ["charity", "mutuals"])
def test_shared_charity_and_mutuals_numbers_are_warned_too(make_workbook: MakeWorkbook, column: str) -> None:
    number = {"charity": "SC038302", "mutuals": "31192R"}[column]
    sheets = complete_sheets(
        Providers=[
            headers("Providers"),
            provider(**{FIELD[column]: number}),
            provider(provider="Beta Care", **{FIELD[column]: number}),
        ],
    )
    _, findings, _ = read(make_workbook(sheets))
    assert findings == [("Providers", CELL[column].replace("2", "3"), "shared-number")]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        pytest.param("Barnardo's", "Barnardos", [("Providers", "A3", "similar-provider-name")], id="apostrophe"),
        pytest.param(
            "Barnardo&#039;s",
            "BARNARDOS",
            [("Providers", "A2", "html-entity"), ("Providers", "A3", "similar-provider-name")],
            id="HTML entity and case",
        ),
        pytest.param("St. Mary's Trust", "St Marys  Trust", [("Providers", "A3", "similar-provider-name")], id="dots"),
        pytest.param("Action-for-Children", "Action for Children", [("Providers", "A3", "similar-provider-name")]),
        pytest.param(
            "ACME CARE LTD", "Acme  Care Ltd", [("Providers", "A3", "provider-merged")], id="case: one provider, merged"
        ),
        pytest.param(
            "Barnardo&#039;s",
            "BARNARDO'S",
            [("Providers", "A2", "html-entity"), ("Providers", "A3", "provider-merged")],
            id="the same name once decoded: one provider, merged",
        ),
        pytest.param("Acme Care", "Acme Carers", [], id="different names"),
    ],
)
def test_names_that_differ_only_by_punctuation_are_warned(
    make_workbook: MakeWorkbook, first: str, second: str, expected: list[tuple[str, str, str]]
) -> None:
    sheets = complete_sheets(
        Contracts=[headers("Contracts"), contract(supplier=html.unescape(first))],
        Providers=[headers("Providers"), provider(provider=first), provider(provider=second)],
    )
    _, findings, _messages = read(make_workbook(sheets))
    assert findings == expected


def test_the_similar_name_message_word_for_word(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(
        Contracts=[headers("Contracts"), contract(supplier="Barnardo's")],
        Providers=[headers("Providers"), provider(provider="Barnardo's"), provider(provider="Barnardos")],
    )
    assert read(make_workbook(sheets))[2] == [
        "Provider 'Barnardos' differs from 'Barnardo's' (at Providers!A2) only by punctuation, case or spaces: "
        "if they are one organisation, keep one row and spell it one way on every sheet"
    ]


# HTML entities in any text cell ---------------------------------------------------------------------


def test_html_entities_are_decoded_with_a_warning(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(
        Contracts=[headers("Contracts"), contract(title="Fish &amp; Chips &quot;Friday&quot;", description="AT&T")],
    )
    workbook, findings, messages = read(make_workbook(sheets))
    assert findings == [("Contracts", "B2", "html-entity")]
    assert messages == [
        'Title holds HTML character codes (&amp; for &, &quot; for "), read as the characters they stand for: '
        "retype the cell, or paste it as plain text, so the workbook says what the sites show"
    ]
    assert workbook is not None
    assert (workbook.contracts[0].title, workbook.contracts[0].description) == ('Fish & Chips "Friday"', "AT&T")


@pytest.mark.parametrize("text", ["AT&T", "R&D", "Fish & Chips", "Smith &notes;", "&copy 2024"])
def test_an_ampersand_that_is_no_entity_is_left_alone(make_workbook: MakeWorkbook, text: str) -> None:
    workbook, findings, _ = read(make_workbook(complete_sheets(Contracts=[headers("Contracts"), contract(title=text)])))
    assert findings == []
    assert workbook is not None
    assert workbook.contracts[0].title == text


# A stray row holding one cell --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stray", "cell", "message"),
    [
        pytest.param(
            {"title": "Youth work"},
            "B3",
            "Contracts row 3 has only a Title: complete it or delete the row (until then it is ignored)",
            id="only a title",
        ),
        pytest.param(
            {"annual_value": 125_000},
            "K3",
            "Contracts row 3 has only an Annual value: complete it or delete the row (until then it is ignored)",
            id="a totals row",
        ),
    ],
)
def test_a_row_holding_one_cell_gives_one_finding(
    make_workbook: MakeWorkbook, stray: dict[str, object], cell: str, message: str
) -> None:
    blank = dict.fromkeys(["contract_id", "title", "supplier", "service_area", "procurement_route"])
    blank.update(start_date=None, end_date=None, works_with_children=None, risk=None)
    sheets = complete_sheets(Contracts=[headers("Contracts"), contract(), contract(**{**blank, **stray})])
    workbook, findings, messages = read(make_workbook(sheets))
    assert findings == [("Contracts", cell, "incomplete-row")]
    assert messages == [message]
    assert workbook is not None
    assert [c.contract_id for c in workbook.contracts] == ["C-1"]


def test_a_row_with_two_cells_still_names_each_blank_required_cell(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(
        Contracts=[
            headers("Contracts"),
            contract(),
            ["C-2", "Youth work"],  # two cells: a record begun, so each blank required cell is named
        ]
    )
    _, findings, _ = read(make_workbook(sheets))
    assert {code for _, _, code in findings} == {"required-blank"}
    assert len(findings) == 7


def test_a_sheet_whose_one_required_cell_is_filled_is_complete(make_workbook: MakeWorkbook) -> None:
    sheets = complete_sheets(Development_plan=[headers("Development plan"), ["Market shaping"]])
    workbook, findings, _ = read(make_workbook(sheets))
    assert findings == []
    assert workbook is not None
    assert len(workbook.development_plan) == 1


# A whole site from a few hundred suppliers of every form -------------------------------------------------


# For each form: the Providers fields of the nth supplier, then the OCDS scheme and id, and the
# number the register's contracts.csv carries in its company or charity column.
Form = tuple[dict[str, object], str, str, str, str]


def supplier_form(n: int) -> Form:
    """The nth supplier's identifiers and what the open data should say about them."""
    prefix = ISSUE_PREFIXES[n // 18 % len(ISSUE_PREFIXES)]
    forms: list[Form] = [
        ({"company_number": f"{20_000_000 + n:08d}"}, COMPANIES_HOUSE, f"{20_000_000 + n:08d}", "company", ""),
        ({"company_number": 1_000_000 + n}, COMPANIES_HOUSE, f"0{1_000_000 + n}", "company", ""),
        ({"company_number": f"{prefix}{300_000 + n}"}, COMPANIES_HOUSE, f"{prefix}{300_000 + n}", "company", ""),
        ({"company_number": f"NI{1000 + n}"}, COMPANIES_HOUSE, f"NI00{1000 + n}", "company", ""),
        ({"company_number": f"IP{10_000 + n}R"}, COMPANIES_HOUSE, f"IP{10_000 + n}R", "company", ""),
        ({"company_number": f"RS{100_000 + n}"}, COMPANIES_HOUSE, f"RS{100_000 + n}", "company", ""),
        ({"charity_number": str(1_100_000 + n)}, CHARITY_ENGLAND_WALES, str(1_100_000 + n), "charity", ""),
        ({"charity_number": f"{1_150_000 + n}-1"}, CHARITY_ENGLAND_WALES, f"{1_150_000 + n}-1", "charity", ""),
        ({"charity_number": f"SC0{30_000 + n}"}, CHARITY_SCOTLAND, f"SC0{30_000 + n}", "charity", ""),
        ({"charity_number": f"NIC{101_000 + n}"}, CHARITY_NORTHERN_IRELAND, str(101_000 + n), "charity", "NIC"),
        ({"charity_number": str(102_000 + n)}, CHARITY_NORTHERN_IRELAND, str(102_000 + n), "charity", ""),
        ({"mutuals_number": f"{30_000 + n}R"}, MUTUALS, f"{30_000 + n}R", "", ""),
        ({"company_number": f"XY{n}"}, "", "", "", ""),  # fits no register
        ({"charity_number": f"CH-{n}"}, "", "", "", ""),  # fits no register
        ({"company_number": 0}, "", "", "", ""),  # a placeholder
        ({"company_number": "00000000", "charity_number": "0"}, "", "", "", ""),  # placeholders
        ({"company_number": "99000001"}, "", "", "", ""),  # given for every supplier of this form: withheld
        ({}, "", "", "", ""),
    ]
    return forms[n % len(forms)]


def test_a_site_of_every_identifier_form_publishes_only_recognised_unshared_identifiers(
    make_workbook: MakeWorkbook, tmp_path: Path
) -> None:
    count = 360
    expected: dict[str, tuple[str, str, str, str]] = {}
    providers: list[Sequence[object]] = [headers("Providers")]
    contracts: list[Sequence[object]] = [headers("Contracts")]
    for n in range(count):
        name = f"Supplier {n:03d} Ltd"
        fields, scheme, number, column, written_prefix = supplier_form(n)
        providers.append(provider(provider=name, **fields))
        contracts.append(contract(contract_id=f"C-{n:03d}", supplier=name, works_with_children="No"))
        expected[name] = (scheme, number, column, written_prefix + number)
    sheets: dict[str, Rows] = complete_sheets(
        Contracts=contracts, Providers=providers, Safeguarding=[headers("Safeguarding")]
    )
    out = tmp_path / "out"
    result = build_sites(make_workbook(sheets), out, as_of=date(2025, 1, 1))
    codes = {f.code for f in result.report}
    assert result.report.ok
    assert {"company-number-padded", "unrecognised-number", "placeholder-number", "shared-number"} <= codes

    with (out / "public" / "data" / "contracts.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == count
    for row in rows:
        _, _, column, written = expected[row["supplier_name"]]
        published = {"company": row["supplier_company_number"], "charity": row["supplier_charity_number"]}
        assert published == {"company": "", "charity": "", **({column: written} if column else {})}, row

    package = json.loads((out / "public" / "data" / "ocds.json").read_text(encoding="utf-8"))
    assert errors_of(package) == []
    holders: dict[str, set[str]] = defaultdict(set)
    for release in package["releases"]:
        (supplier,) = (p for p in release["parties"] if "supplier" in p["roles"])
        scheme, number, _, _ = expected[supplier["name"]]
        if scheme:
            assert supplier["identifier"] == {"scheme": scheme, "id": number, "legalName": supplier["name"]}
            assert supplier["id"] == f"{scheme}-{number}"
        else:
            assert "identifier" not in supplier, supplier
        holders[supplier["id"]].add(supplier["name"])
    assert all(len(names) == 1 for names in holders.values()), "two suppliers share an identifier"
    assert sum(1 for scheme, *_ in expected.values() if scheme) == sum(
        1 for i in holders if not i.startswith("supplier-")
    )

    public_text = "\n".join(text_of(path) for path in site_files(out / "public") if path.suffix != ".png")
    for n in range(12, count, 18):
        assert f"XY{n}" not in public_text  # an unrecognised number appears nowhere on the public site
    assert "99000001" not in public_text
    internal = html.unescape(text_of(out / "internal" / "providers" / "supplier-012-ltd.html"))
    assert "XY12 (as typed: not recognised in any register, so not published)" in internal
    shared = html.unescape(text_of(out / "internal" / "providers" / "supplier-016-ltd.html"))
    assert "99000001 (Companies House; not published: also given for" in shared

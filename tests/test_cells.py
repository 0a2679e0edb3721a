"""Each cell parser against SPEC §2: what it accepts, what it returns, and what it tells the officer."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from safe_commissioning.workbook.cells.text import excel_length, is_blank, overlong_message
from safe_commissioning.workbook.cells.values import (
    EXCEL_EPOCH_1904,
    CellProblem,
    choice_parser,
    parse_date,
    parse_dbs_number,
    parse_money,
    parse_whole_number,
    parse_yes_no,
)
from safe_commissioning.workbook.findings.places import column_letter

# SPEC §2's lists, copied here so the parsers are checked against the contract, not against schema.py.
RISK = ("High", "Medium", "Low")
MONITORING_FREQUENCY = ("Monthly", "Quarterly", "Six-monthly", "Annual")
SERVICE_AREA = (
    "Children's Social Care",
    "Safeguarding and Quality Assurance",
    "Participation",
    "Youth",
    "SEND",
    "Early Help",
    "Other",
)
AGE_BAND = ("Under 16", "16-17", "18+")


def problem(parse, raw: object) -> CellProblem:
    with pytest.raises(CellProblem) as caught:
        parse(raw)
    return caught.value


# Dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(date(2021, 4, 1), date(2021, 4, 1), id="real Excel date"),
        pytest.param(datetime(2021, 4, 1, 14, 30), date(2021, 4, 1), id="Excel date with a time"),
        pytest.param(45292, date(2024, 1, 1), id="Excel day number"),
        pytest.param(45292.75, date(2024, 1, 1), id="Excel day number with a time fraction"),
        pytest.param(1, date(1899, 12, 31), id="Excel's first day number"),
        pytest.param("2024-04-01", date(2024, 4, 1), id="ISO"),
        pytest.param("  2024-04-01 ", date(2024, 4, 1), id="ISO with spaces"),
        pytest.param("01/04/2021", date(2021, 4, 1), id="UK day first: 1 April"),
        pytest.param("12/01/2024", date(2024, 1, 12), id="UK day first: 12 January, not 1 December"),
        pytest.param("1/4/2021", date(2021, 4, 1), id="UK without leading zeros"),
        pytest.param("31/12/2024", date(2024, 12, 31), id="UK last day of the year"),
        pytest.param("29/02/2024", date(2024, 2, 29), id="UK leap day"),
        pytest.param("30/09/2024 00:00:00", date(2024, 9, 30), id="UK with a midnight time, as exports write it"),
        pytest.param("30/09/2024 00:00", date(2024, 9, 30), id="UK with hours and minutes"),
        pytest.param("2024-09-30T00:00:00", date(2024, 9, 30), id="ISO with a T and a time"),
        pytest.param("30 Sep 2024", date(2024, 9, 30), id="month abbreviated"),
        pytest.param("30 September 2024", date(2024, 9, 30), id="month in full"),
        pytest.param("30 Sept 2024", date(2024, 9, 30), id="Sept"),
        pytest.param("1 JUNE 2024", date(2024, 6, 1), id="capitals"),
        pytest.param("30-Sep-2024", date(2024, 9, 30), id="Excel's d-mmm-yyyy as text"),
        pytest.param("30th September 2024", date(2024, 9, 30), id="an ordinal day"),
        pytest.param("30 Sep. 2024", date(2024, 9, 30), id="abbreviation with a full stop"),
        pytest.param("September 30, 2024", date(2024, 9, 30), id="month first in words: no ambiguity"),
        pytest.param("30 Sep 2024 00:00:00", date(2024, 9, 30), id="month in words with a midnight time"),
    ],
)
def test_parse_date(raw: object, expected: date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param(
            "01/04/21",
            "'01/04/21' has a two-digit year: write the year in full, e.g. 01/04/2024",
            id="two-digit year",
        ),
        pytest.param("31/02/2024", "'31/02/2024' is not a real calendar date", id="31 February"),
        pytest.param("29/02/2023", "'29/02/2023' is not a real calendar date", id="29 February, not a leap year"),
        pytest.param("04/13/2024", "'04/13/2024' is not a real calendar date", id="US month first: month 13"),
        pytest.param("2024-02-30", "'2024-02-30' is not a real calendar date", id="impossible ISO date"),
        pytest.param(
            "next Tuesday",
            "'next Tuesday' is not a date: enter it as DD/MM/YYYY (day first), YYYY-MM-DD or 30 Sep 2024",
            id="words",
        ),
        pytest.param(
            "TBC", "'TBC' is not a date: enter it as DD/MM/YYYY (day first), YYYY-MM-DD or 30 Sep 2024", id="TBC"
        ),
        pytest.param(
            "30 Sep 24",
            "'30 Sep 24' has a two-digit year: write the year in full, e.g. 01/04/2024",
            id="month in words, two-digit year",
        ),
        pytest.param("31 Sep 2024", "'31 Sep 2024' is not a real calendar date", id="31 September"),
        pytest.param(
            "30 Sop 2024",
            "'30 Sop 2024' is not a date: enter it as DD/MM/YYYY (day first), YYYY-MM-DD or 30 Sep 2024",
            id="no such month",
        ),
        pytest.param(
            "09/30/2024 00:00:00", "'09/30/2024 00:00:00' is not a real calendar date", id="US month first with a time"
        ),
        pytest.param(
            "Sep 2024",
            "'Sep 2024' is not a date: enter it as DD/MM/YYYY (day first), YYYY-MM-DD or 30 Sep 2024",
            id="a month without a day",
        ),
        pytest.param(0, "0 is not a date: enter it as DD/MM/YYYY", id="day number zero"),
        pytest.param(-5, "-5 is not a date: enter it as DD/MM/YYYY", id="negative day number"),
        pytest.param(True, "'Yes' is not a date: enter it as DD/MM/YYYY", id="a Yes/No cell"),
        pytest.param(time(9, 30), "'09:30:00' is not a date: enter it as DD/MM/YYYY", id="a time"),
    ],
)
def test_parse_date_fail(raw: object, message: str) -> None:
    refused = problem(parse_date, raw)
    assert (refused.code, refused.message) == ("invalid-date", message)


def test_a_1904_workbook_counts_day_numbers_from_1904() -> None:
    # Mac Excel's 1904 date system: the same day number is 1,462 days (4 years and 1 day) later.
    assert parse_date(45565, epoch=EXCEL_EPOCH_1904) == date(2028, 10, 1)
    assert parse_date(44103, epoch=EXCEL_EPOCH_1904) == date(2024, 9, 30)
    assert parse_date("30/09/2024", epoch=EXCEL_EPOCH_1904) == date(2024, 9, 30)  # text is text in either system


@pytest.mark.parametrize("raw", ["01/04/21", "1/4/24", "31/03/99", "1 Apr 21", "1-Apr-24"])
def test_two_digit_years_are_refused(raw: str) -> None:
    # Whatever the message says, 01/04/21 must never be read as a date in year 21, 1921 or 2021.
    assert problem(parse_date, raw).code == "invalid-date"


# Yes/No --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[(text, True) for text in ("Yes", "yes", "YES", "Y", "y", "True", "TRUE", "true", " yes ")],
        *[(text, False) for text in ("No", "no", "NO", "N", "n", "False", "FALSE", "false", "No\u00a0")],
        pytest.param(True, True, id="real TRUE"),
        pytest.param(False, False, id="real FALSE"),
    ],
)
def test_parse_yes_no(raw: object, expected: bool) -> None:
    assert parse_yes_no(raw) is expected


@pytest.mark.parametrize("raw", ["Maybe", "Yes please", "not known", "1", 0, "Ja", "YN"])
def test_parse_yes_no_fail(raw: object) -> None:
    refused = problem(parse_yes_no, raw)
    assert refused.code == "invalid-yes-no"
    assert refused.message == f"'{raw}' is not Yes or No: enter Yes or No, or leave blank if not known"


@pytest.mark.parametrize("raw", [None, "", "   ", "\u00a0", " \t\n"])
def test_blank_cells(raw: object) -> None:
    assert is_blank(raw)


@pytest.mark.parametrize("raw", ["No", "N", False, 0, "0", "-"])
def test_no_and_zero_are_not_blank(raw: object) -> None:
    # Blank means "not recorded"; a written No (or 0) is a value.
    assert not is_blank(raw)


# Money ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (12500, 12500.0),
        (12500.5, 12500.5),
        (0, 0.0),
        ("12500", 12500.0),
        ("12500.50", 12500.5),
        ("£12,500", 12500.0),
        ("£ 12,500.99", 12500.99),
        ("£1,000,000", 1_000_000.0),
        ("£10m", 10_000_000.0),
        ("£10M", 10_000_000.0),
        ("£2.5m", 2_500_000.0),
        ("£250k", 250_000.0),
        ("£1bn", 1_000_000_000.0),
    ],
)
def test_parse_money(raw: object, expected: float) -> None:
    assert parse_money(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param(-100, "'-100' is not an amount in pounds: amounts cannot be negative", id="negative number"),
        pytest.param(-0.5, "'-0.5' is not an amount in pounds: amounts cannot be negative", id="negative pence"),
        pytest.param(
            "-£500", "'-£500' is not an amount in pounds: enter a number such as 12500 or £12,500", id="negative text"
        ),
        pytest.param(
            "about £5k",
            "'about £5k' is not an amount in pounds: enter a number such as 12500 or £12,500",
            id="words",
        ),
        pytest.param("£", "'£' is not an amount in pounds: enter a number such as 12500 or £12,500", id="no digits"),
        pytest.param(
            "12.5.6", "'12.5.6' is not an amount in pounds: enter a number such as 12500 or £12,500", id="two points"
        ),
        pytest.param(True, "'Yes' is not an amount in pounds", id="a Yes/No cell"),
    ],
)
def test_parse_money_fail(raw: object, message: str) -> None:
    refused = problem(parse_money, raw)
    assert (refused.code, refused.message) == ("invalid-money", message)


# Whole numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [(12, 12), (12.0, 12), ("12", 12), ("1,200", 1200), (0, 0), (" 7 ", 7)])
def test_parse_whole_number(raw: object, expected: int) -> None:
    assert parse_whole_number(raw) == expected


@pytest.mark.parametrize("raw", [12.5, "12.5", -1, "-3", "twelve", "3 staff"])
def test_parse_whole_number_fail(raw: object) -> None:
    refused = problem(parse_whole_number, raw)
    assert refused.code == "invalid-number"
    assert refused.message == f"'{raw}' is not a whole number: enter a count such as 12"


def test_a_yes_no_cell_is_not_a_whole_number() -> None:
    assert problem(parse_whole_number, True).code == "invalid-number"


# Choices -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choices", "raw", "expected"),
    [
        (RISK, "High", "High"),
        (RISK, "high", "High"),
        (RISK, "  MEDIUM ", "Medium"),
        (MONITORING_FREQUENCY, "six-monthly", "Six-monthly"),
        (MONITORING_FREQUENCY, "SIX-MONTHLY", "Six-monthly"),
        (SERVICE_AREA, "children's social care", "Children's Social Care"),
        (SERVICE_AREA, "send", "SEND"),
        (AGE_BAND, "18+", "18+"),
        (AGE_BAND, "under 16", "Under 16"),
    ],
)
def test_choice_returns_the_canonical_spelling(choices: tuple[str, ...], raw: str, expected: str) -> None:
    assert choice_parser(choices)(raw) == expected


@pytest.mark.parametrize(
    ("choices", "raw", "message"),
    [
        (RISK, "Very high", "'Very high' is not one of: High, Medium, Low"),
        (RISK, "H", "'H' is not one of: High, Medium, Low"),
        (MONITORING_FREQUENCY, "Weekly", "'Weekly' is not one of: Monthly, Quarterly, Six-monthly, Annual"),
        (AGE_BAND, "18", "'18' is not one of: Under 16, 16-17, 18+"),
    ],
)
def test_choice_fail(choices: tuple[str, ...], raw: str, message: str) -> None:
    refused = problem(choice_parser(choices), raw)
    assert (refused.code, refused.message) == ("invalid-choice", message)


# Company, charity and mutuals numbers: tests/test_identifiers.py


# DBS certificate numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("001234567890", "001234567890"),
        ("0012 3456 7890", "001234567890"),
        ("0012-3456-7890", "001234567890"),
        (123456789012, "123456789012"),
    ],
)
def test_parse_dbs_number(raw: object, expected: str) -> None:
    assert parse_dbs_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("00123456789", id="11 digits"),
        pytest.param(12345678901, id="11 digits as an Excel number"),
        pytest.param("0012345678901", id="13 digits"),
        pytest.param("ABC123456789", id="letters"),
        pytest.param("9876 5432 10X", id="a letter at the end"),
        pytest.param(987654321012345, id="15 digits as an Excel number"),
    ],
)
def test_parse_dbs_number_fail_never_repeats_the_number(raw: object) -> None:
    refused = problem(parse_dbs_number, raw)
    assert refused.code == "invalid-dbs-number"
    typed = str(raw)
    digits = "".join(ch for ch in typed if ch.isdigit())
    assert typed not in refused.message
    assert digits not in refused.message
    # Nor any run of four or more of its digits.
    runs = {digits[i : i + 4] for i in range(len(digits) - 3)}
    assert not [run for run in runs if run in refused.message]


def test_dbs_number_message_says_what_is_wrong() -> None:
    assert problem(parse_dbs_number, "00123456789").message == (
        "DBS certificate number must be 12 digits; this one has 11 characters, 11 of them digits "
        "(Excel may have dropped leading zeros: format the column as Text and re-enter it)"
    )


# Cell addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (7, "H"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letter(index: int, letters: str) -> None:
    assert column_letter(index) == letters


def test_a_cell_s_length_is_counted_as_excel_counts_it() -> None:
    """Excel's limit of 32,767 characters is in UTF-16 code units: an emoji counts as two, as in Excel."""
    assert excel_length("Łódź 東京") == 7
    assert excel_length("😀x") == 3
    assert overlong_message("Notes", "😀" * 16_383 + "x") is None  # 32,767, as Excel counts
    message = overlong_message("Notes", "😀" * 16_384)
    assert message is not None
    assert message.startswith("Notes holds 32,768 characters as Excel counts them (an emoji counts as two), more than")
    assert overlong_message("Notes", "x" * 32_768) == (
        "Notes holds 32,768 characters, more than Excel's limit of 32,767 for one cell "
        "(Excel could not have saved it): shorten it"
    )

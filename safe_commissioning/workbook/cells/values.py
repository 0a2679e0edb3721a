"""Turn one spreadsheet cell into a typed value, or say exactly why it cannot be.

Each parser takes a cell that is not blank and returns the value, or raises `CellProblem`
with a stable code and a message that tells the officer what to type instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from safe_commissioning.words import noun, plural
from safe_commissioning.workbook.cells.text import Raw, choice_key, clean_text
from safe_commissioning.workbook.schema.columns import Kind

EXCEL_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
    }
)

EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (it counts a 29 February 1900 that never was)
EXCEL_EPOCH_1904 = date(1904, 1, 1)  # day 0 of Mac Excel's 1904 date system
_LAST_EXCEL_SERIAL = 2958465  # 31 December 9999
# A time after a date, as exports write it ("30/09/2024 00:00:00"): it says nothing about the day, so it is dropped.
_TIME = r"(?:[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})" + _TIME)
_UK = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})" + _TIME)
# A month in words cannot be misread, in either order: "30 Sep 2024", "30-Sep-2024", "September 30, 2024".
_ORDINAL = r"(?:st|nd|rd|th)?"
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})" + _ORDINAL + r"[\s/.-]*([A-Za-z]{3,9})\.?,?[\s/.-]*(\d{2,4})" + _TIME)
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\.?\s*(\d{1,2})" + _ORDINAL + r",?\s+(\d{4})" + _TIME)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_YES = frozenset({"yes", "y", "true"})
_NO = frozenset({"no", "n", "false"})
_MONEY_SCALE = {"": 1, "k": 1_000, "m": 1_000_000, "million": 1_000_000, "bn": 1_000_000_000}
_MONEY = re.compile(r"(\d+(?:\.\d+)?)\s*(k|m|million|bn)?")
# Dates outside these are refused everywhere. The earliest is Excel's day number 1: Excel cannot
# hold an earlier date as a date. The latest leaves 175 years for extension and recheck dates.
# Date arithmetic (intervals, lead times, the plausible-date window) then stays centuries away
# from the calendar's limits of year 1 and year 9999.
EARLIEST_DATE = date(1899, 12, 31)
LATEST_DATE = date(2199, 12, 31)
MAX_MONEY = 100_000_000_000  # £100bn: more than any council's whole budget; also keeps out inf
MAX_WHOLE_NUMBER = 10_000_000  # more than any count of children, staff or concerns a sheet holds


class Noted(NamedTuple):
    """A cell that is usable but worth a warning: its value (None: read as blank), a code and a message."""

    value: object
    code: str
    message: str


class Problem(NamedTuple):
    """What is wrong with one cell: a registered code and the message that says what to do."""

    code: str
    message: str


class CellProblem(ValueError):
    """Why a cell's content cannot be used."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_text(raw: Raw) -> str:
    """Any cell as text."""
    return clean_text(raw)


def parse_date(raw: Raw, *, epoch: date = EXCEL_EPOCH) -> date:
    """A real Excel date, an Excel day number, `YYYY-MM-DD`, UK `DD/MM/YYYY` (day first, always) or a date with
    the month in words (`30 Sep 2024`), 1900 to 2199.

    `epoch` is day 0 of the workbook's date system: a day number in a cell formatted as General or Number is
    counted from it (EXCEL_EPOCH_1904 for a workbook saved in Mac Excel's 1904 date system).
    """
    day = _parse_any_date(raw, epoch)
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise CellProblem("date-out-of-bounds", date_bounds_message(day))
    return day


def date_bounds_message(day: date, *, in_a_cell: bool = True) -> str:
    """Why a date at the calendar's edge is refused, and what to do."""
    return (
        f"{day.isoformat()} is outside the dates the dashboard works with "
        f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}): check the year"
        + (", or leave the cell blank if the date is not known" if in_a_cell else "")
    )


def _parse_any_date(raw: Raw, epoch: date) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, bool | time | timedelta):
        raise CellProblem("invalid-date", f"'{clean_text(raw)}' is not a date: enter it as DD/MM/YYYY")
    if isinstance(raw, int | float):
        if 1 <= raw <= _LAST_EXCEL_SERIAL:
            return epoch + timedelta(days=int(raw))
        raise CellProblem("invalid-date", f"{clean_text(raw)} is not a date: enter it as DD/MM/YYYY")
    text = clean_text(raw)
    found = _date_in_text(text)
    if found is None:
        raise CellProblem(
            "invalid-date", f"'{text}' is not a date: enter it as DD/MM/YYYY (day first), YYYY-MM-DD or 30 Sep 2024"
        )
    year, month, day = found
    if len(year) != 4:
        raise CellProblem("invalid-date", f"'{text}' has a two-digit year: write the year in full, e.g. 01/04/2024")
    try:
        return date(int(year), month, int(day))
    except ValueError:
        raise CellProblem("invalid-date", f"'{text}' is not a real calendar date") from None


def _date_in_text(text: str) -> tuple[str, int, str] | None:
    """The year (as written), month and day of a text date in one of the accepted forms, or None."""
    if iso := _ISO.fullmatch(text):
        return iso[1], int(iso[2]), iso[3]
    if uk := _UK.fullmatch(text):
        return uk[3], int(uk[2]), uk[1]
    if named := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = named.groups()
    elif named := _MONTH_DAY_YEAR.fullmatch(text):
        month, day, year = named.groups()
    else:
        return None
    number = _MONTHS.get(month.casefold())
    return (year, number, day) if number else None


def parse_yes_no(raw: Raw) -> bool:
    """Yes/No, Y/N or True/False in any case."""
    if isinstance(raw, bool):
        return raw
    text = clean_text(raw).casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellProblem(
        "invalid-yes-no", f"'{clean_text(raw)}' is not Yes or No: enter Yes or No, or leave blank if not known"
    )


def _number_or_text(raw: Raw, code: str, what: str) -> float | str:
    """A number cell's value, or a text cell's text to be read; a Yes/No cell is neither."""
    if isinstance(raw, bool):
        raise CellProblem(code, f"'{clean_text(raw)}' is not {what}")
    return float(raw) if isinstance(raw, int | float) else clean_text(raw)


def parse_money(raw: Raw) -> float:
    """Pounds: a number, or text such as `£12,500`, `12500.50` or `£10m`."""
    value = _number_or_text(raw, "invalid-money", "an amount in pounds")
    if isinstance(value, str):
        compact = value.casefold().replace("£", "").replace("gbp", "").replace(",", "").replace(" ", "")
        match = _MONEY.fullmatch(compact)
        if not match:
            raise CellProblem(
                "invalid-money", f"'{value}' is not an amount in pounds: enter a number such as 12500 or £12,500"
            )
        value = float(match[1]) * _MONEY_SCALE[match[2] or ""]
    if value < 0 or value != value:
        raise CellProblem(
            "invalid-money", f"'{clean_text(raw)}' is not an amount in pounds: amounts cannot be negative"
        )
    if value > MAX_MONEY:
        raise CellProblem(
            "invalid-money",
            f"'{clean_text(raw)}' is more than £{MAX_MONEY // 1_000_000_000}bn: check the amount "
            "(enter pounds, e.g. 12500 or £10m)",
        )
    return round(value, 2)


def parse_whole_number(raw: Raw) -> int:
    """A count: 0, 1, 2, …"""
    number = _number_or_text(raw, "invalid-number", "a whole number")
    if isinstance(number, str):
        text = number.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            raise CellProblem(
                "invalid-number", f"'{clean_text(raw)}' is not a whole number: enter a count such as 12"
            ) from None
    if not number.is_integer() or number < 0:
        raise CellProblem("invalid-number", f"'{clean_text(raw)}' is not a whole number: enter a count such as 12")
    if number > MAX_WHOLE_NUMBER:
        raise CellProblem("invalid-number", f"'{clean_text(raw)}' is more than {MAX_WHOLE_NUMBER:,}: check the number")
    return int(number)


def choice_parser(choices: tuple[str, ...]) -> Callable[[Raw], str]:
    """A parser that accepts one of `choices` in any case and returns its canonical spelling."""
    canonical = {choice_key(choice): choice for choice in choices}
    listed = ", ".join(choices)

    def parse_choice(raw: Raw) -> str:
        text = clean_text(raw)
        found = canonical.get(choice_key(text))
        if found is None:
            raise CellProblem("invalid-choice", f"'{text}' is not one of: {listed}")
        return found

    return parse_choice


def parse_dbs_number(raw: Raw) -> str:
    """The 12-digit certificate number. Never repeated in a message: it is personal data."""
    text = clean_text(raw).replace(" ", "").replace("-", "")
    if len(text) == 12 and text.isdigit():
        return text
    digits = sum(ch.isdigit() for ch in text)
    hint = (
        " (Excel may have dropped leading zeros: format the column as Text and re-enter it)"
        if text.isdigit() and len(text) < 12
        else ""
    )
    raise CellProblem(
        "invalid-dbs-number",
        f"DBS certificate number must be 12 digits; this one has {plural(len(text), 'character')}, {digits} of them "
        f"{noun(digits, 'a digit', 'digits')}{hint}",
    )


# The identifier kinds (company, charity and mutuals numbers) are parsed in `identifiers`.
PARSERS: dict[Kind, Callable[[Raw], object]] = {
    Kind.TEXT: parse_text,
    Kind.DATE: parse_date,
    Kind.YES_NO: parse_yes_no,
    Kind.MONEY: parse_money,
    Kind.WHOLE_NUMBER: parse_whole_number,
    Kind.DBS_NUMBER: parse_dbs_number,
}

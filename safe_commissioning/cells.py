"""Turn one spreadsheet cell into a typed value, or say exactly why it cannot be.

Each parser takes a cell that is not blank and returns the value, or raises `CellProblem`
with a stable code and a message that tells the officer what to type instead.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from .schema import Kind

Raw = object  # what the reader hands over: str, int, float, bool, date, datetime, time, timedelta

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

_EXCEL_EPOCH = date(1899, 12, 30)
_LAST_EXCEL_SERIAL = 2958465  # 31 December 9999
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_UK = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")
_YES = frozenset({"yes", "y", "true"})
_NO = frozenset({"no", "n", "false"})
_MONEY_SCALE = {"": 1, "k": 1_000, "m": 1_000_000, "million": 1_000_000, "bn": 1_000_000_000}
_MONEY = re.compile(r"(\d+(?:\.\d+)?)\s*(k|m|million|bn)?")
_COMPANY = re.compile(r"[A-Z]{2}\d{6}|\d{8}")
_CHARITY = re.compile(r"\d{6,8}(?:-\d{1,3})?")


class CellProblem(ValueError):
    """Why a cell's content cannot be used."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def is_blank(raw: Raw) -> bool:
    """True for an empty cell or one holding only spaces."""
    return raw is None or (isinstance(raw, str) and not raw.strip(" \t\r\n\u00a0"))


def clean_text(raw: Raw) -> str:
    """Cell content as the text a person typed: numbers without a trailing .0, dates in ISO."""
    if isinstance(raw, str):
        return " ".join(raw.replace("\u00a0", " ").split()) if "\n" not in raw else raw.strip()
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == time() else raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw)


def normalise_header(text: str) -> str:
    """A header as it is matched: case, surrounding and repeated spaces, curly quotes ignored."""
    text = text.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).casefold()


@functools.lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """A name as it is matched across sheets: case and repeated spaces ignored."""
    return " ".join(text.replace("\u00a0", " ").replace("\u2019", "'").split()).casefold()


def choice_key(text: str) -> str:
    """A choice as it is matched: letters and digits only, so `six monthly` finds `Six-monthly`."""
    text = unicodedata.normalize("NFKD", text).replace("+", "plus")
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def parse_text(raw: Raw) -> str:
    """Any cell as text."""
    return clean_text(raw)


def parse_date(raw: Raw) -> date:
    """A real Excel date, an Excel day number, `YYYY-MM-DD` or UK `DD/MM/YYYY` (day first, always)."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, bool | time | timedelta):
        raise CellProblem("invalid-date", f"'{clean_text(raw)}' is not a date: enter it as DD/MM/YYYY")
    if isinstance(raw, int | float):
        if 1 <= raw <= _LAST_EXCEL_SERIAL:
            return _EXCEL_EPOCH + timedelta(days=int(raw))
        raise CellProblem("invalid-date", f"{clean_text(raw)} is not a date: enter it as DD/MM/YYYY")
    text = clean_text(raw)
    iso = _ISO.fullmatch(text)
    uk = None if iso else _UK.fullmatch(text)
    if uk and len(uk[3]) != 4:
        raise CellProblem("invalid-date", f"'{text}' has a two-digit year: write the year in full, e.g. 01/04/2024")
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if uk:
            return date(int(uk[3]), int(uk[2]), int(uk[1]))
    except ValueError:
        raise CellProblem("invalid-date", f"'{text}' is not a real calendar date") from None
    raise CellProblem("invalid-date", f"'{text}' is not a date: enter it as DD/MM/YYYY (day first) or YYYY-MM-DD")


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


def parse_money(raw: Raw) -> float:
    """Pounds: a number, or text such as `£12,500`, `12500.50` or `£10m`."""
    if isinstance(raw, bool):
        raise CellProblem("invalid-money", f"'{clean_text(raw)}' is not an amount in pounds")
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = clean_text(raw)
        compact = text.casefold().replace("£", "").replace("gbp", "").replace(",", "").replace(" ", "")
        match = _MONEY.fullmatch(compact)
        if not match:
            raise CellProblem(
                "invalid-money", f"'{text}' is not an amount in pounds: enter a number such as 12500 or £12,500"
            )
        value = float(match[1]) * _MONEY_SCALE[match[2] or ""]
    if value < 0 or value != value:
        raise CellProblem(
            "invalid-money", f"'{clean_text(raw)}' is not an amount in pounds: amounts cannot be negative"
        )
    return round(value, 2)


def parse_whole_number(raw: Raw) -> int:
    """A count: 0, 1, 2, …"""
    if isinstance(raw, bool):
        raise CellProblem("invalid-number", f"'{clean_text(raw)}' is not a whole number")
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = clean_text(raw).replace(",", "")
        try:
            number = float(text)
        except ValueError:
            raise CellProblem(
                "invalid-number", f"'{clean_text(raw)}' is not a whole number: enter a count such as 12"
            ) from None
    if not number.is_integer() or number < 0:
        raise CellProblem("invalid-number", f"'{clean_text(raw)}' is not a whole number: enter a count such as 12")
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


def parse_company_number(raw: Raw) -> str:
    """8 characters: 8 digits, or 2 letters and 6 digits. Leading zeros that Excel dropped are restored."""
    text = clean_text(raw).replace(" ", "").upper()
    if text.isdigit() and len(text) < 8:
        raise PaddedCompanyNumber(text.zfill(8))
    if not _COMPANY.fullmatch(text):
        raise CellProblem(
            "invalid-company-number",
            f"'{clean_text(raw)}' is not a Companies House number: it has 8 characters, "
            "8 digits or 2 letters and 6 digits (e.g. 01234567 or SC123456)",
        )
    return text


class PaddedCompanyNumber(Exception):
    """A company number that lost its leading zeros in Excel: usable, but worth a warning."""

    def __init__(self, padded: str) -> None:
        super().__init__(padded)
        self.padded = padded


def parse_charity_number(raw: Raw) -> str:
    """6 to 8 digits, optionally with a `-N` suffix for a linked charity."""
    text = clean_text(raw).replace(" ", "")
    if not _CHARITY.fullmatch(text):
        raise CellProblem(
            "invalid-charity-number",
            f"'{clean_text(raw)}' is not a charity number: it has 6 to 8 digits, optionally followed by -N",
        )
    return text


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
        f"DBS certificate number must be 12 digits; this one has {len(text)} characters, {digits} of them digits{hint}",
    )


PARSERS: dict[Kind, Callable[[Raw], object]] = {
    Kind.TEXT: parse_text,
    Kind.DATE: parse_date,
    Kind.YES_NO: parse_yes_no,
    Kind.MONEY: parse_money,
    Kind.WHOLE_NUMBER: parse_whole_number,
    Kind.COMPANY_NUMBER: parse_company_number,
    Kind.CHARITY_NUMBER: parse_charity_number,
    Kind.DBS_NUMBER: parse_dbs_number,
}


def column_index(letters: str) -> int:
    """The zero-based column index of Excel's letters: A → 0, AA → 26 (the inverse of column_letter)."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def column_letter(index: int) -> str:
    """Excel's letters for a zero-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters

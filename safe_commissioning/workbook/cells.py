"""Turn one spreadsheet cell into a typed value, or say exactly why it cannot be.

Each parser takes a cell that is not blank and returns the value, or raises `CellProblem`
with a stable code and a message that tells the officer what to type instead.
"""

from __future__ import annotations

import functools
import html
import html.entities
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from safe_commissioning.words import noun, plural, yes_no
from safe_commissioning.workbook.schema import Kind

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
        return yes_no(raw)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == time() else raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw)


# Characters nobody means to type into a cell: C0 and C1 controls (tab, line feed and carriage
# return are ordinary whitespace), and invisible format characters that make two IDs look the
# same or reorder text on the page: soft hyphen, zero-width spaces and joiners, direction marks,
# embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069), the byte order mark and tag
# characters. One of them in a chart title makes the chart renderer abort the whole build.
_INVISIBLE_CLASS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CLASS}]")
_LINE_BREAKING = frozenset("\x85\u2028\u2029")  # read as a space rather than dropped, so words stay apart
# Excel saves a control character as `_xHHHH_`; calamine decodes some of these and leaves others
# (U+200B, U+202E) as the literal escape, so both forms are looked for.
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def has_invisible(text: str) -> bool:
    """True when `text` may hold a control or invisible format character (cheap: printable ASCII-like text is skipped)."""
    if text.isprintable() and "_x" not in text:
        return False
    return _INVISIBLE.search(text) is not None or any(
        _INVISIBLE.match(chr(int(code, 16))) for code in _ESCAPED.findall(text)
    )


def strip_invisible(text: str) -> tuple[str, tuple[str, ...]]:
    """`text` without control and invisible format characters, and a description of each one removed."""
    found: dict[str, None] = {}

    def drop(match: re.Match[str]) -> str:
        char = chr(int(match[1], 16)) if match[0].startswith("_x") else match[0]
        if not _INVISIBLE.match(char):
            return match[0]
        found[describe_character(char)] = None
        return " " if char in _LINE_BREAKING else ""

    cleaned = re.sub(f"_x([0-9A-Fa-f]{{4}})_|[{_INVISIBLE_CLASS}]", drop, text)
    return cleaned, tuple(found)


def describe_character(char: str) -> str:
    """`U+200B ZERO WIDTH SPACE`, or `U+0007 CONTROL CHARACTER` for the controls Unicode leaves unnamed."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL CHARACTER')}"


def invisible_message(what: str, removed: tuple[str, ...]) -> str:
    """The warning for a cell that held invisible characters, which have been removed from the value."""
    listed = ", ".join(removed[:3]) + (f" and {len(removed) - 3} more" if len(removed) > 3 else "")
    return (
        f"{what} holds invisible or control characters, which are ignored ({listed}): retype the cell, "
        "or paste its text as values only, to remove them"
    )


# An HTML character reference with its semicolon: &amp; &#039; &#x27;. The semicolon-less forms
# that browsers also accept are left alone: `&notes` would otherwise read `¬es`.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> tuple[str, tuple[str, ...]]:
    """`text` with HTML character references decoded (`Barnardo&#039;s` → `Barnardo's`), and each one described.

    Text copied from a web page or exported by a web system carries them; published as typed they
    would read `&#039;` on the page and in the open data. Call only when `"&" in text`.
    """
    found: dict[str, None] = {}

    def decode(match: re.Match[str]) -> str:
        if match[0][1] != "#" and match[0][1:] not in html.entities.html5:
            return match[0]  # `&notes;` is no entity, though unescape would read its `&not` as `¬`
        meant = html.unescape(match[0])
        if meant != match[0]:
            found[f"{match[0]} for {meant if meant.isprintable() else describe_character(meant[0])}"] = None
        return meant

    decoded = _ENTITY.sub(decode, text)
    return decoded, tuple(found)


def entity_message(what: str, decoded: tuple[str, ...]) -> str:
    """The warning for a cell that held HTML character references, which have been decoded."""
    listed = ", ".join(decoded[:3]) + (f" and {len(decoded) - 3} more" if len(decoded) > 3 else "")
    return (
        f"{what} holds HTML character codes ({listed}), read as the characters they stand for: "
        "retype the cell, or paste it as plain text, so the workbook says what the sites show"
    )


def normalise_header(text: str) -> str:
    """A header as it is matched: case, surrounding and repeated spaces, curly quotes ignored."""
    if has_invisible(text):
        text = strip_invisible(text)[0]
    text = text.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).casefold()


@functools.lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """A name as it is matched across sheets: case and repeated spaces ignored."""
    return " ".join(text.replace("\u00a0", " ").replace("\u2019", "'").split()).casefold()


# Dashes and minus signs that look like the hyphen-minus people type in IDs.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043"
# Capital and small letters of Greek and Cyrillic that are drawn like Latin ones (С, Е, О, Р …).
_HOMOGLYPHS = str.maketrans(
    {
        **dict.fromkeys(_DASHES, "-"),
        **dict(zip("АВЕКМНОРСТУХЅІЈаеорсухѕіј", "ABEKMHOPCTYXSIJaeopcyxsij", strict=True)),
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοα", "ABEZHIKMNOPTYXoa", strict=True)),
    }
)


@functools.lru_cache(maxsize=65536)
def fold_key(text: str) -> str:
    """A name as a reader sees it: `match_key` that also ignores invisible and look-alike characters.

    Two IDs with the same fold_key but different match_keys look identical on the page and are
    surely one ID typed twice; a reference that only matches by fold_key was pasted from elsewhere.
    """
    if text.isascii():
        return match_key(text)
    text = unicodedata.normalize("NFKC", strip_invisible(text)[0]).translate(_HOMOGLYPHS)
    return match_key(text)


def lookalike_characters(text: str) -> str:
    """The characters of `text` that fold_key changes, described: `U+2011 NON-BREAKING HYPHEN`."""
    found = dict.fromkeys(
        describe_character(char) for char in text if not char.isascii() and fold_key(char) != match_key(char)
    )
    return ", ".join(found)


def choice_key(text: str) -> str:
    """A choice as it is matched: letters and digits only, so `six monthly` finds `Six-monthly`."""
    text = unicodedata.normalize("NFKD", text).replace("+", "plus")
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def parse_text(raw: Raw) -> str:
    """Any cell as text."""
    return clean_text(raw)


def parse_date(raw: Raw) -> date:
    """A real Excel date, an Excel day number, `YYYY-MM-DD` or UK `DD/MM/YYYY` (day first, always), 1900 to 2199."""
    day = _parse_any_date(raw)
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


def _parse_any_date(raw: Raw) -> date:
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
    if value > MAX_MONEY:
        raise CellProblem(
            "invalid-money",
            f"'{clean_text(raw)}' is more than £{MAX_MONEY // 1_000_000_000}bn: check the amount "
            "(enter pounds, e.g. 12500 or £10m)",
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

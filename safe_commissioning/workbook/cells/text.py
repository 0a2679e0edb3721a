"""Cell content as text: what a person typed, without the characters nobody means to type.

Blank cells, clean text, invisible and control characters, HTML character references, and the
keys names are matched by (case, spaces, look-alike letters and punctuation ignored).
"""

from __future__ import annotations

import functools
import html
import html.entities
import re
import unicodedata
from datetime import date, datetime, time

from safe_commissioning.words import first_of, yes_no

Raw = object  # what the reader hands over: str, int, float, bool, date, datetime, time, timedelta


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


MAX_CELL_CHARACTERS = 32_767  # Excel's own limit: a longer text was not saved by Excel


def excel_length(text: str) -> int:
    """How long Excel counts `text`: in UTF-16 code units, so a character beyond the Basic Multilingual Plane
    (an emoji, a rare CJK character) counts as two."""
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


def overlong_message(what: str, raw: object) -> str | None:
    """The error for a cell holding more text than Excel can save in one cell, else None."""
    if not isinstance(raw, str) or len(raw) * 2 <= MAX_CELL_CHARACTERS:  # short enough however Excel counts it
        return None
    counted = excel_length(raw)
    if counted <= MAX_CELL_CHARACTERS:
        return None
    how = "" if counted == len(raw) else " as Excel counts them (an emoji counts as two)"
    return (
        f"{what} holds {counted:,} characters{how}, more than Excel's limit of {MAX_CELL_CHARACTERS:,} for one cell "
        "(Excel could not have saved it): shorten it"
    )


def describe_character(char: str) -> str:
    """`U+200B ZERO WIDTH SPACE`, or `U+0007 CONTROL CHARACTER` for the controls Unicode leaves unnamed."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL CHARACTER')}"


def invisible_message(what: str, removed: tuple[str, ...]) -> str:
    """The warning for a cell that held invisible characters, which have been removed from the value."""
    listed = first_of(removed, 3)
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
    listed = first_of(decoded, 3)
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

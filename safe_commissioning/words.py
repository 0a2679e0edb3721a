"""How the product writes things: money, counts, percentages, dates, days, yes/no, articles and page names.

One home for the words every page, data file, feed and the committee pack share, so that the same
value reads the same wherever it lands. Nothing here knows about the rules or the workbook.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date


def pounds(value: float | None) -> str:
    """Money as GOV.UK writes it: `£12,500`, pence only when there are some (`£12,500.50`); blank for None."""
    if value is None:
        return ""
    return f"£{value:,.0f}" if value == int(value) else f"£{value:,.2f}"


def _millions(value: float | None) -> str | None:
    """`10`, `2.5`: a sum of a million pounds or more in whole tenths of a million, in millions; else None."""
    if value is not None and value >= 1_000_000 and value % 100_000 == 0:
        return f"{value / 1_000_000:g}"
    return None


def short_pounds(value: float | None) -> str:
    """Money as people say a round large sum: `£10m`, `£2.5m`; otherwise as `pounds` writes it."""
    millions = _millions(value)
    return f"£{millions}m" if millions else pounds(value)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`0 contracts`, `1 contract`, `3 contracts`; `plural_form` for nouns that do not just take an s."""
    return f"{count} {noun(count, singular, plural_form)}"


_NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def in_words(count: int) -> str:
    """`six`, as running text writes a small count (GOV.UK: words up to twelve would read oddly as `6`); `24` beyond."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def pounds_in_words(value: float) -> str:
    """A large round sum as a sentence writes it: `£10 million`, `£2.5 million`; smaller sums as `pounds`."""
    millions = _millions(value)
    return f"£{millions} million" if millions else pounds(value)


def and_list(items: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`; nothing for no items."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def first_of(items: Sequence[str], shown: int) -> str:
    """The first `shown` items and how many more: `S1, S2, S3 and 7 more`; all of them when they are no more."""
    listed = ", ".join(items[:shown])
    return f"{listed} and {len(items) - shown} more" if len(items) > shown else listed


def comma_list(items: Sequence[str]) -> str:
    """`a`, `a, b`: names side by side in a table cell (contract managers)."""
    return ", ".join(items)


def noun(count: int, singular: str, plural_form: str | None = None) -> str:
    """The noun alone, in the number `count` asks for: `contract` for 1, `contracts` for any other count."""
    return singular if count == 1 else (plural_form or singular + "s")


def percent(part: int, whole: int, places: int = 0) -> str:
    """`42%` (or `42.9%` with one place), or an en dash when there is nothing to divide."""
    if not whole:
        return "–"
    return f"{round(100 * part / whole, places) if places else round(100 * part / whole)}%"


# What a page says for a fact the workbook leaves blank: never "No", never "0"
NOT_RECORDED = "Not recorded"


def yes_no(value: bool | None, blank: str = NOT_RECORDED) -> str:
    """A yes/no fact as a page writes it: `Yes`, `No`, or `blank` (never No) when it is not recorded."""
    return "Yes" if value is True else "No" if value is False else blank


def yes_no_word(value: bool) -> str:
    """`yes` or `no`: the fixed words of the data files."""
    return "yes" if value else "no"


def article(phrase: str) -> str:
    """`a` or `an` before a phrase as it is said: an annual value, a title, an NHS body, an SME, a URN."""
    if phrase[:2].isupper():  # an initialism is said letter by letter
        return "an" if phrase[0] in "AEFHILMNORSX" else "a"
    return "an" if phrase[:1].casefold() in ("a", "e", "i", "o", "u") else "a"


def with_article(phrase: str) -> str:
    """`an NHS body`, `a local authority`: the phrase after its indefinite article."""
    return f"{article(phrase)} {phrase}"


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: `Local authority` → `local authority`, but `NHS body` kept."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def a_or_an(label: str, opening: bool = False) -> str:
    """A label from a list (an organisation or placement type) after its article, as a sentence says it.

    `NHS body` → `an NHS body`, `Local authority` → `a local authority`; `opening` capitalises the
    article for the start of a sentence: `An NHS body`.
    """
    phrase = with_article(in_sentence(label))
    return capitalised(phrase) if opening else phrase


def capitalised(text: str) -> str:
    """Text with its first letter a capital, the rest as it is: `an NHS body` → `An NHS body`."""
    return text[:1].upper() + text[1:]


def days_text(days: int) -> str:
    """`in 59 days`, `today`, `183 days ago`."""
    if days == 0:
        return "today"
    if days > 0:
        return f"in {plural(days, 'day')}"
    return f"{plural(-days, 'day')} ago"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def iso_date(day: date | None) -> str:
    """A date as the data files write it: `2024-11-28`; blank for None."""
    return day.isoformat() if day else ""


def long_date(day: date | None) -> str:
    """A date as people read it on a page: `28 Nov 2024` (English month names whatever the locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else ""


_FULL_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def govuk_date(day: date | None) -> str:
    """A date as GOV.UK writes it on public pages: `29 November 2022` (English month names whatever the locale)."""
    return f"{day.day} {_FULL_MONTHS[day.month - 1]} {day.year}" if day else ""


ELLIPSIS = "…"


def shortened(text: str, limit: int) -> str:
    """`text` when it has at most `limit` characters, else cut to fit with an ellipsis: `Safeguarding Sub Com…`."""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + ELLIPSIS


def slugify(text: str) -> str:
    """A file-name-safe, lower-case form of an ID or name: `CSC/001 A` → `csc-001-a`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "item"


MAX_SLUG_LENGTH = 60
# Page names a record must never take: the listing page beside it (`contracts/index.html`), the
# site's own top-level pages, and names Windows reserves in any folder and with any extension
# (`con.html` cannot be created there, and a site is often copied to a Windows share).
RESERVED_SLUGS = frozenset(
    {
        "index",
        "404",
        "search",
        "sitemap",
        "con",
        "prn",
        "aux",
        "nul",
        "conin",
        "conout",
        "clock",
        *(f"{device}{digit}" for device in ("com", "lpt") for digit in "0123456789"),
    }
)


def short_slug(text: str, limit: int) -> str:
    """`slugify(text)`, cut to `limit` characters and ended with 8 of the text's SHA-256 when it is longer.

    The hash keeps two long texts that begin alike apart, and the same text always gets the same slug.
    """
    slug = slugify(text)
    if len(slug) > limit:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        slug = f"{slug[: limit - 9].rstrip('-')}-{digest}"
    return slug


def page_slug(name: str) -> str:
    """A slug that is safe as a file name anywhere: never reserved, at most MAX_SLUG_LENGTH (+ a counter) long.

    A long slug is cut and given 8 characters of the name's SHA-256, so that two long names that
    begin alike still get distinct, stable pages.
    """
    slug = short_slug(name, MAX_SLUG_LENGTH)
    if slug in RESERVED_SLUGS:
        slug = f"{slug}-page"
    return slug


def unique_slugs(names: Iterable[str]) -> dict[str, str]:
    """A distinct page slug for each name, numbering any that would collide."""
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = page_slug(name)
        slug, number = base, 2
        while slug in used:
            slug, number = f"{base}-{number}", number + 1
        used.add(slug)
        slugs[name] = slug
    return slugs

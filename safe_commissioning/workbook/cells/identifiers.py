"""Organisation identifiers: which register a company, charity or mutuals number belongs to (reference §2.4).

A number that fits a register becomes an `Identifier` with its org-id scheme (GB-COH, GB-CHC,
GB-SC, GB-NIC, GB-MPR), which the open data and OCDS publish. A number that fits no register is
kept as typed, for the internal site, with a warning; it is never published. A placeholder such
as `0` or `00000000` is read as blank, so it can never be padded into somebody's identifier.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from safe_commissioning.workbook.cells.text import Raw, clean_text
from safe_commissioning.workbook.cells.values import Noted
from safe_commissioning.workbook.schema.columns import Kind

COMPANIES_HOUSE = "GB-COH"
CHARITY_ENGLAND_WALES = "GB-CHC"
CHARITY_SCOTLAND = "GB-SC"
CHARITY_NORTHERN_IRELAND = "GB-NIC"
MUTUALS = "GB-MPR"
PPON = "GB-PPON"
REGISTERS = {
    COMPANIES_HOUSE: "Companies House",
    CHARITY_ENGLAND_WALES: "Charity Commission for England and Wales",
    CHARITY_SCOTLAND: "Scottish Charity Regulator (OSCR)",
    CHARITY_NORTHERN_IRELAND: "Charity Commission for Northern Ireland",
    MUTUALS: "FCA Mutuals Public Register",
    PPON: "Public Procurement Organisation Number (Find a Tender)",
}


@dataclass(frozen=True, slots=True)
class Identifier:
    """A registration number as typed, and the register it was recognised in ('' when none)."""

    typed: str
    number: str = ""  # as the register writes it: 01234567, SC038302, NIC100002; '' when not recognised
    scheme: str = ""  # the org-id scheme; '' when the number fits no register
    withheld: str = ""  # why a recognised number is kept off the public data (another row has it too)

    @property
    def recognised(self) -> bool:
        """True when the number fits a register."""
        return bool(self.scheme)

    @property
    def id(self) -> str:
        """The identifier within its scheme: the number, digits only for Northern Ireland charities."""
        return self.number.removeprefix("NIC") if self.scheme == CHARITY_NORTHERN_IRELAND else self.number

    @property
    def published(self) -> str:
        """The number the public data carries: '' unless it is recognised and no other provider has it."""
        return self.number if self.scheme and not self.withheld else ""

    @property
    def register(self) -> str:
        """The register's name, for the internal provider page."""
        return REGISTERS.get(self.scheme, "")

    def __str__(self) -> str:
        # Whatever renders an identifier without asking shows only what may be published.
        return self.published


# Companies House prefixes of two letters (or R0) followed by six digits: Scottish, Northern Irish,
# LLPs, limited partnerships, overseas companies, EEIGs, ICVCs, Societas Europaea, CIOs, royal
# charters, registered societies and assurance companies, in England and Wales, Scotland and
# Northern Ireland.
COMPANY_PREFIXES = frozenset(
    [
        "AC",
        "CE",
        "CS",
        "ES",
        "FC",
        "FE",
        "GE",
        "GN",
        "GS",
        "IC",
        "IP",
        "LP",
        "NA",
        "NC",
        "NF",
        "NI",
        "NL",
        "NO",
        "NP",
        "NR",
        "NV",
        "NZ",
        "OC",
        "OE",
        "PC",
        "R0",
        "RC",
        "RS",
        "SA",
        "SC",
        "SE",
        "SF",
        "SG",
        "SI",
        "SL",
        "SO",
        "SP",
        "SR",
        "SZ",
        "ZC",
    ]
)
_COMPANY = re.compile(r"(\d{8})|([A-Z][A-Z0-9])(\d{6})|((?:IP|SP|NP)\d{5}[A-Z])")
_NI_SHORT = re.compile(r"NI(\d{1,5})")
_CHARITY_ENGLAND_WALES = re.compile(r"\d{6,8}(?:-\d{1,3})?")
_CHARITY_SCOTLAND = re.compile(r"SC0\d{5}")
_CHARITY_NORTHERN_IRELAND = re.compile(r"NIC\d{1,7}")
_MUTUALS = re.compile(r"\d{1,6}(?:R|C|F|S|B|CU|RS)?|(?:IP|SP|NP)\d{1,6}R|RS\d{6}")
# A Public Procurement Organisation Number, as the central digital platform writes it: P and three
# letters or digits, then two groups of four (PXXX-XXXX-XXXX), in capitals.
_PPON = re.compile(r"(?:GB-PPON-)?(P[A-Z0-9]{3})-?([A-Z0-9]{4})-?([A-Z0-9]{4})")
_PLACEHOLDER_WORDS = frozenset({"na", "n/a", "none", "nil", "-", "--", "tbc", "unknown", "not applicable"})


def compact(raw: Raw) -> str:
    """The number without spaces, dots or dashes around it, in capitals: ` sc 038302 ` → `SC038302`."""
    return clean_text(raw).replace(" ", "").upper()


def is_placeholder(text: str) -> bool:
    """True for a value typed to fill the cell, not a number: 0, 00000000, 1111, N/A, none, TBC."""
    return (text.isdigit() and len(set(text)) == 1) or text.casefold() in _PLACEHOLDER_WORDS


def _placeholder(header: str, typed: str) -> Noted:
    return Noted(
        None,
        "placeholder-number",
        f"{header} '{typed}' is a placeholder, not a registration number: it is read as blank "
        "(leave the cell blank when the organisation has no number)",
    )


def _unrecognised(header: str, typed: str, expected: str, hint: str = "") -> Noted:
    return Noted(
        Identifier(typed),
        "unrecognised-number",
        f"{header} '{typed}' fits no register ({expected}){hint}: it is shown on the internal site as typed "
        "and left out of the open data; correct it, or leave the cell blank",
    )


COMPANY_FORMS = "8 digits, 2 letters and 6 digits such as SC123456, or a registered society's IP17093R or RS007452"
CHARITY_FORMS = (
    "England and Wales 6 to 8 digits, optionally -N; Scotland SC0 and 5 digits; Northern Ireland NIC and digits, "
    "or 6 digits from 100000"
)
PPON_FORMS = "P and three letters or digits, then two groups of four: PXXX-XXXX-XXXX, such as PBCD-1234-EFGH"
MUTUALS_FORMS = "the FCA Mutuals Public Register number, digits and a letter such as 31192R"


def company_identifier(text: str) -> Identifier | None:
    """The Companies House number `text` (compacted) is, or None."""
    match = _COMPANY.fullmatch(text)
    if match is None or (match[2] is not None and match[2] not in COMPANY_PREFIXES):
        return None
    return Identifier(text, text, COMPANIES_HOUSE)


def charity_identifier(text: str) -> Identifier | None:
    """The charity number `text` (compacted) is, with its register, or None."""
    if _CHARITY_SCOTLAND.fullmatch(text):
        return Identifier(text, text, CHARITY_SCOTLAND)
    if _CHARITY_NORTHERN_IRELAND.fullmatch(text):
        return Identifier(text, text, CHARITY_NORTHERN_IRELAND)
    if _CHARITY_ENGLAND_WALES.fullmatch(text):
        # Northern Ireland's register numbers charities from 100000; England and Wales's start at 200000.
        if len(text) == 6 and text[0] == "1":
            return Identifier(text, text, CHARITY_NORTHERN_IRELAND)
        return Identifier(text, text, CHARITY_ENGLAND_WALES)
    return None


def parse_company_number(raw: Raw) -> Identifier | Noted:
    """A Companies House number; Excel's dropped leading zeros are restored with a warning."""
    return _parse_number(
        raw,
        "Company number",
        company_identifier,
        COMPANY_FORMS,
        other=("Charity number", charity_identifier),
        restore=_padded_company_number,
    )


def parse_charity_number(raw: Raw) -> Identifier | Noted:
    """A charity number of England and Wales, Scotland or Northern Ireland, with its register."""
    return _parse_number(
        raw, "Charity number", charity_identifier, CHARITY_FORMS, other=("Company number", company_identifier)
    )


def parse_mutuals_number(raw: Raw) -> Identifier | Noted:
    """An FCA Mutuals Public Register number (a registered society, credit union or friendly society)."""
    return _parse_number(raw, "Mutuals number", _mutuals_identifier, MUTUALS_FORMS)


def ppon_identifier(text: str) -> Identifier | None:
    """The PPON `text` (compacted) is, written PXXX-XXXX-XXXX, or None."""
    match = _PPON.fullmatch(text)
    return Identifier(text, "-".join(match.groups()), PPON) if match else None


def parse_ppon(raw: Raw) -> Identifier | Noted:
    """A Public Procurement Organisation Number from the Procurement Act 2023's central digital platform."""
    return _parse_number(raw, "PPON", ppon_identifier, PPON_FORMS)


def _parse_number(
    raw: Raw,
    header: str,
    identify: Callable[[str], Identifier | None],
    forms: str,
    other: tuple[str, Callable[[str], Identifier | None]] | None = None,
    restore: Callable[[str, str], Noted | None] | None = None,
) -> Identifier | Noted:
    """The steps every registration number takes, in the column `header`.

    A placeholder is read as blank; a number `restore` mends (given it as typed and compacted) is
    read as mended, with its warning; a number its register recognises is kept; any other is kept
    as typed with a warning, which says so where the number fits the `other` column's register.
    """
    typed, text = clean_text(raw), compact(raw)
    if is_placeholder(text):
        return _placeholder(header, typed)
    restored = restore(typed, text) if restore is not None else None
    if restored is not None:
        return restored
    found = identify(text)
    if found is not None:
        return replace(found, typed=typed)
    hint = ""
    if other is not None and other[1](text):
        hint = f" (it looks like a {other[0].lower()}: put it in {other[0]})"
    return _unrecognised(header, typed, forms, hint)


def _padded_company_number(typed: str, text: str) -> Noted | None:
    """A Companies House number that lost its leading zeros, restored with a warning; None for any other."""
    if text.isdigit() and len(text) < 8:
        padded = text.zfill(8)
        return Noted(
            Identifier(typed, padded, COMPANIES_HOUSE),
            "company-number-padded",
            f"Company number '{typed}' has fewer than 8 digits (Excel drops leading zeros); "
            f"read as {padded}: format the column as Text and enter all 8 digits",
        )
    short = _NI_SHORT.fullmatch(text)
    if short:
        padded = "NI" + short[1].zfill(6)
        return Noted(
            Identifier(typed, padded, COMPANIES_HOUSE),
            "company-number-padded",
            f"Company number '{typed}' has fewer than 6 digits after NI; read as {padded}: "
            "enter all 8 characters as Companies House writes them",
        )
    return None


def _mutuals_identifier(text: str) -> Identifier | None:
    return Identifier(text, text, MUTUALS) if _MUTUALS.fullmatch(text) else None


def published_identifier(*identifiers: Identifier | None) -> Identifier | None:
    """The first of `identifiers` that may be published, or None."""
    return next((i for i in identifiers if i is not None and i.published), None)


def identifier_text(identifier: Identifier | None) -> str:
    """How the internal provider page shows a registration number: the number, its register and whether it is published."""
    if identifier is None:
        return ""
    if not identifier.recognised:
        return f"{identifier.typed} (as typed: not recognised in any register, so not published)"
    if identifier.withheld:
        return f"{identifier.number} ({identifier.register}; not published: {identifier.withheld})"
    return f"{identifier.number} ({identifier.register})"


PARSERS: dict[Kind, Callable[[Raw], object]] = {
    Kind.COMPANY_NUMBER: parse_company_number,
    Kind.CHARITY_NUMBER: parse_charity_number,
    Kind.MUTUALS_NUMBER: parse_mutuals_number,
    Kind.PPON: parse_ppon,
}


# Where each register shows an organisation, for links from the public pages. Only numbers that
# fit the register (so letters and digits only) are ever put into these.
_REGISTER_PAGES = {
    COMPANIES_HOUSE: "https://find-and-update.company-information.service.gov.uk/company/{}",
    CHARITY_ENGLAND_WALES: "https://register-of-charities.charitycommission.gov.uk/charity-search/-/charity-details/{}",
    CHARITY_SCOTLAND: "https://www.oscr.org.uk/about-charities/search-the-register/charity-details?number={}",
    CHARITY_NORTHERN_IRELAND: "https://www.charitycommissionni.org.uk/charity-details/?regId={}",
}


def register_page(identifier: Identifier | None) -> str:
    """The register's public page for a publishable number ('' when there is none, or it is withheld)."""
    if identifier is None or not identifier.published or identifier.scheme not in _REGISTER_PAGES:
        return ""
    number = identifier.id.split("-")[0]  # an England and Wales charity's linked charity (-1) is on the main page
    return _REGISTER_PAGES[identifier.scheme].format(number) if number.isalnum() else ""

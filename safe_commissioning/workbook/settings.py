"""The Settings sheet: organisation details and the intervals the rules use, with SPEC's defaults."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType
from typing import Any

from safe_commissioning.workbook.cells import (
    CellProblem,
    clean_text,
    has_invisible,
    invisible_message,
    is_blank,
    normalise_header,
    parse_date,
    parse_whole_number,
    strip_invisible,
)
from safe_commissioning.workbook.cells import column_letter as _letter
from safe_commissioning.workbook.findings import Report
from safe_commissioning.workbook.records import DEFAULT_LEAD_TIMES, DEFAULT_THEMATIC_MONTHS, Settings
from safe_commissioning.workbook.schema import PROCUREMENT_ROUTES, RISK_LEVELS, Kind


@dataclass(frozen=True, slots=True)
class SettingDefinition:
    """One setting a workbook may give, with its default as the Instructions sheet shows it."""

    name: str
    field: str
    kind: Kind
    default: str
    help: str
    key: str = ""  # the risk level or route, for settings that fill a mapping


SETTING_DEFINITIONS: tuple[SettingDefinition, ...] = (
    SettingDefinition("Organisation", "organisation", Kind.TEXT, "", "The council or organisation; the site's title."),
    SettingDefinition(
        "Department", "department", Kind.TEXT, "", "The commissioning department (published on the register)."
    ),
    SettingDefinition(
        "Safeguarding partnership",
        "partnership",
        Kind.TEXT,
        "Safeguarding Children Partnership",
        "The local safeguarding children partnership whose minimum expectations apply.",
    ),
    SettingDefinition(
        "Report date",
        "report_date",
        Kind.DATE,
        "the build date",
        "The date every 'overdue', 'expired' and 'active' figure is measured at (--as-of overrides it).",
    ),
    SettingDefinition(
        "Self-assessment interval (months)",
        "self_assessment_months",
        Kind.WHOLE_NUMBER,
        "24",
        "How recent the provider's partnership self-assessment must be.",
    ),
    *(
        SettingDefinition(
            f"Thematic check interval {risk} (months)",
            "thematic_months",
            Kind.WHOLE_NUMBER,
            str(DEFAULT_THEMATIC_MONTHS[risk]),
            f"How recent the last thematic check must be for a {risk} risk contract.",
            key=risk,
        )
        for risk in RISK_LEVELS
    ),
    SettingDefinition(
        "Policy review interval (months)",
        "policy_months",
        Kind.WHOLE_NUMBER,
        "12",
        "How recently each of the eight provider policies must have been reviewed.",
    ),
    SettingDefinition(
        "DBS recheck interval (years)",
        "dbs_recheck_years",
        Kind.WHOLE_NUMBER,
        "3",
        "When a DBS check is due again if no recheck date is recorded (issue date plus this).",
    ),
    *(
        SettingDefinition(
            f"Lead time {route} (months)",
            "lead_time_months",
            Kind.WHOLE_NUMBER,
            str(DEFAULT_LEAD_TIMES[route]),
            f"How long before the end date a re-procurement decision is due for {route}.",
            key=route,
        )
        for route in PROCUREMENT_ROUTES
    ),
    SettingDefinition(
        "Coming up window (days)",
        "coming_up_days",
        Kind.WHOLE_NUMBER,
        "60",
        "How far ahead the dashboard's Coming up list looks for evidence and dates falling due.",
    ),
    SettingDefinition(
        "Classification",
        "classification",
        Kind.TEXT,
        "OFFICIAL-SENSITIVE",
        "The security classification shown on every page of the internal site.",
    ),
    SettingDefinition(
        "OCDS prefix",
        "ocds_prefix",
        Kind.TEXT,
        "",
        "Your Open Contracting ID prefix (ocds-xxxxxx), registered with the Open Contracting Partnership.",
    ),
    SettingDefinition(
        "Organisation identifier",
        "organisation_identifier",
        Kind.TEXT,
        "",
        "Your org-id identifier for the open data's buyer and publisher: GB-LAE- and your local authority code "
        "(e.g. GB-LAE-LND) or GB-PPON- and your Public Procurement Organisation Number.",
    ),
    SettingDefinition(
        "Address", "address", Kind.TEXT, "", "The council's street address, for the open data's buyer (optional)."
    ),
    SettingDefinition("Town", "town", Kind.TEXT, "", "The town or city of that address (optional)."),
    SettingDefinition("Postcode", "postcode", Kind.TEXT, "", "The postcode of that address (optional)."),
    SettingDefinition(
        "Telephone",
        "telephone",
        Kind.TEXT,
        "",
        "A telephone number the provider market can call about the register, for the open data (optional).",
    ),
    SettingDefinition(
        "Contact",
        "contact",
        Kind.TEXT,
        "",
        "Where the provider market can ask about the register (an email address or web page).",
    ),
    SettingDefinition(
        "Public site URL",
        "public_url",
        Kind.TEXT,
        "",
        "Where the public register will be published, e.g. https://example.gov.uk/contracts/ (for its sitemap and open data).",
    ),
    SettingDefinition(
        "Notice",
        "notice",
        Kind.TEXT,
        "",
        "A notice shown at the top of every page of both sites, e.g. 'Draft: not for publication'.",
    ),
    SettingDefinition(
        "Committee",
        "committee",
        Kind.TEXT,
        "",
        "The committee the committee pack goes to, e.g. 'Safeguarding Sub Committee' (the pack's header).",
    ),
    SettingDefinition(
        "Committee date",
        "committee_date",
        Kind.DATE,
        "the report date",
        "The date of the meeting the committee pack is for (the pack's 'Dated').",
    ),
    SettingDefinition(
        "Report subject",
        "report_subject",
        Kind.TEXT,
        "Safe commissioning of services for children",
        "The subject line of the committee pack.",
    ),
    SettingDefinition(
        "Report of",
        "report_of",
        Kind.TEXT,
        "",
        "Whose report the committee pack is, e.g. 'Director of Community and Children's Services'.",
    ),
    SettingDefinition(
        "Report author",
        "report_author",
        Kind.TEXT,
        "",
        "The committee pack's author, name and role, e.g. 'A. Officer – Senior Commissioning Manager'.",
    ),
)
_OCDS_PREFIX = re.compile(r"ocds-[a-z0-9]{6}")
EXAMPLE_OCDS_PREFIX = "ocds-213czf"  # the example prefix of the OCDS documentation, used until a council has its own
# org-id.guide's lists for a UK council: Local Authorities in England (three or four capital letters, e.g.
# GB-LAE-LND) and the Public Procurement Organisation Number of the Procurement Act 2023 (letters and
# digits in groups joined by hyphens, e.g. GB-PPON-PBCD-1234-EFGH).
ORGANISATION_IDENTIFIER = re.compile(r"GB-(?:LAE-[A-Z]{3,4}|PPON-[A-Z0-9]{1,8}(?:-[A-Z0-9]{1,8}){0,3})")

# The plausible range of each interval. Months: the rules count back whole months from the
# report date, and nothing the partnership asks for is rarer than once a decade. DBS rechecks:
# the DBS update service and local policies use 1 to 3 years; 10 leaves room. Lead times: the
# longest re-procurement (a strategic one, with consultation) takes under two years; 60 months
# leaves room. Bounding them also keeps date arithmetic far from the calendar's limits.
INTERVAL_BOUNDS: Mapping[str, tuple[int, int, str]] = MappingProxyType(
    {
        "self_assessment_months": (1, 120, "months"),
        "thematic_months": (1, 120, "months"),
        "policy_months": (1, 120, "months"),
        "dbs_recheck_years": (1, 10, "years"),
        "lead_time_months": (1, 60, "months"),
        "coming_up_days": (1, 366, "days"),
    }
)

# A public site address that is safe to write into every page's canonical link and the sitemap:
# http(s), a host name of letters, digits, hyphens and dots, an optional port, and a path of
# unreserved URL characters (percent-escapes allowed); no query, fragment, credentials, quotes,
# angle brackets, backslashes, spaces or control characters.
_HOST_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_SAFE_URL = re.compile(
    rf"https?://(?:{_HOST_LABEL}\.)*{_HOST_LABEL}(?::\d{{1,5}})?(?:/(?:[A-Za-z0-9._~!$*+,;=:@-]|%[0-9A-Fa-f]{{2}})*)*"
)
_EMAIL = re.compile(rf"[A-Za-z0-9.!#$%&*+/=?^_`{{|}}~'-]+@(?:{_HOST_LABEL}\.)+[A-Za-z]{{2,63}}")
_LOOKS_LIKE_LINK = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?!\s)|www\.", re.IGNORECASE)


def safe_url(text: str) -> bool:
    """True when `text` is an http(s) address that can go into a page's HTML unescaped."""
    return _SAFE_URL.fullmatch(text) is not None


def contact_problem(text: str) -> str | None:
    """Why a Contact setting cannot be shown or linked, or None when it is an email, an https page or plain text."""
    if "@" in text and " " not in text.strip():
        return None if _EMAIL.fullmatch(text.removeprefix("mailto:")) else "is not a valid email address"
    if _LOOKS_LIKE_LINK.match(text):
        if text.startswith("https://") and safe_url(text):
            return None
        return "is a web address but not a plain https:// address (no quotes, spaces, query or fragment)"
    if any(char in text for char in '<>"\\`'):
        return 'holds markup characters (< > " \\ `)'
    return None


_BY_NAME = {normalise_header(d.name): d for d in SETTING_DEFINITIONS}
_COMBINED_THEMATIC = normalise_header("Thematic check interval High / Medium / Low (months)")


def read_settings(rows: list[list[object]], report: Report, *, sheet: str = "Settings") -> Settings:
    """Settings from the sheet's rows (header row included); problems go to `report`."""
    if not rows:
        return Settings()
    header = [normalise_header(clean_text(cell)) if not is_blank(cell) else "" for cell in rows[0]]
    try:
        name_col, value_col = header.index("setting"), header.index("value")
    except ValueError:
        for wanted in ("Setting", "Value"):
            if normalise_header(wanted) not in header:
                report.error(
                    "missing-column",
                    sheet,
                    "",
                    f"Missing required column '{wanted}': add it to row 1 of the Settings sheet",
                )
        return Settings()
    values: dict[str, Any] = {}
    thematic = dict(DEFAULT_THEMATIC_MONTHS)
    lead_times = dict(DEFAULT_LEAD_TIMES)
    seen: dict[str, str] = {}
    value_cells: dict[str, str] = {}
    for index, row in enumerate(rows[1:], start=2):
        name_raw = _visible(
            row[name_col] if name_col < len(row) else "", "Setting", report, sheet, f"{_letter(name_col)}{index}"
        )
        if is_blank(name_raw):
            continue
        name = clean_text(name_raw)
        value_cell = f"{_letter(value_col)}{index}"
        value_raw = _visible(row[value_col] if value_col < len(row) else "", name, report, sheet, value_cell)
        key = normalise_header(name)
        if key in seen:
            report.error(
                "duplicate-id",
                sheet,
                f"{_letter(name_col)}{index}",
                f"Setting '{name}' is given twice (also at {seen[key]}): keep one row",
            )
            continue
        seen[key] = f"{sheet}!{_letter(name_col)}{index}"
        if key == _COMBINED_THEMATIC:
            _read_combined_thematic(value_raw, thematic, report, sheet, value_cell)
            continue
        definition = _BY_NAME.get(key)
        if definition is not None and not definition.key:
            value_cells[definition.field] = value_cell
        if definition is None:
            report.warning(
                "unknown-setting",
                sheet,
                f"{_letter(name_col)}{index}",
                f"Unknown setting '{name}' is ignored: see the Instructions sheet for the settings available",
            )
            continue
        if is_blank(value_raw):
            if definition.field == "organisation":
                report.warning(
                    "blank-organisation", sheet, value_cell, "Organisation is blank: the sites will have no title"
                )
            continue
        try:
            value = _parse(definition, value_raw)
        except CellProblem as problem:
            report.error(problem.code, sheet, value_cell, f"{definition.name}: {problem.message}")
            continue
        if definition.field == "thematic_months":
            thematic[definition.key] = int(value)  # type: ignore[call-overload]
        elif definition.field == "lead_time_months":
            lead_times[definition.key] = int(value)  # type: ignore[call-overload]
        else:
            values[definition.field] = value
    if "organisation" not in values and normalise_header("Organisation") not in seen:
        report.warning("blank-organisation", sheet, "", "No Organisation setting: add one so the sites have a title")
    url = str(values.get("public_url", ""))
    if url and not safe_url(url):
        report.warning(
            "public-url",
            sheet,
            value_cells["public_url"],
            f"Public site URL '{url}' is not a plain web address such as https://example.gov.uk/contracts/ "
            "(http or https, a host name, a path of letters, digits and - . _ ~ /; no quotes, spaces, "
            "query or #fragment): it is not used; correct it",
        )
        values.pop("public_url")
    elif url and not url.endswith("/"):
        values["public_url"] = url + "/"
    contact = str(values.get("contact", ""))
    contact_fault = contact_problem(contact) if contact else None
    if contact_fault:
        report.warning(
            "contact",
            sheet,
            value_cells["contact"],
            f"Contact '{contact}' {contact_fault}: it is not used; give an email address, an https:// web page "
            "or plain text such as a phone number",
        )
        values.pop("contact")
    prefix = str(values.get("ocds_prefix", ""))
    if prefix and not _OCDS_PREFIX.fullmatch(prefix):
        report.warning(
            "ocds-prefix",
            sheet,
            value_cells["ocds_prefix"],
            f"OCDS prefix '{prefix}' is not of the form ocds-xxxxxx (6 letters or digits): check it with the "
            "Open Contracting Partnership",
        )
    elif prefix == EXAMPLE_OCDS_PREFIX:
        report.warning(
            "ocds-prefix",
            sheet,
            value_cells["ocds_prefix"],
            f"OCDS prefix {EXAMPLE_OCDS_PREFIX} is the OCDS documentation's example, not a council's: register your "
            "own with the Open Contracting Partnership and use it, so your ocids cannot clash with anyone else's",
        )
    elif not prefix:
        report.warning(
            "ocds-prefix",
            sheet,
            value_cells.get("ocds_prefix", ""),
            f"No OCDS prefix: the open data uses the documentation's example prefix {EXAMPLE_OCDS_PREFIX}; register "
            "your own with the Open Contracting Partnership and add it as the OCDS prefix setting",
        )
    identifier = str(values.get("organisation_identifier", ""))
    if identifier and not ORGANISATION_IDENTIFIER.fullmatch(identifier.upper()):
        report.warning(
            "organisation-identifier",
            sheet,
            value_cells["organisation_identifier"],
            f"Organisation identifier '{identifier}' is not of the form GB-LAE-xxx (your local authority code, "
            "e.g. GB-LAE-LND) or GB-PPON-xxx (your Public Procurement Organisation Number): it is not used; look "
            "yours up on org-id.guide",
        )
        values.pop("organisation_identifier")
    elif identifier:
        values["organisation_identifier"] = identifier.upper()
    return replace(
        Settings(),
        **values,
        thematic_months=MappingProxyType(thematic),
        lead_time_months=MappingProxyType(lead_times),
    )


def _visible(raw: object, what: str, report: Report, sheet: str, cell: str) -> object:
    """The cell's value without control or invisible characters, warning about any removed."""
    if isinstance(raw, str) and has_invisible(raw):
        raw, removed = strip_invisible(raw)
        report.warning("control-character", sheet, cell, invisible_message(what, removed))
    return raw


def _parse(definition: SettingDefinition, raw: object) -> object:
    if definition.kind is Kind.DATE:
        return parse_date(raw)
    if definition.kind is Kind.WHOLE_NUMBER:
        number = parse_whole_number(raw)
        low, high, unit = INTERVAL_BOUNDS[definition.field]
        if number == 0 and low == 1:
            raise CellProblem("invalid-number", "must be at least 1")
        if not low <= number <= high:
            raise CellProblem(
                "interval-out-of-bounds", f"{number:,} {unit} is outside {low} to {high} {unit}: check the number"
            )
        return number
    return clean_text(raw)


def _read_combined_thematic(raw: object, thematic: dict[str, int], report: Report, sheet: str, cell: str) -> None:
    parts = [part.strip() for part in clean_text(raw).split("/")]
    if len(parts) != 3 or not all(part.isdigit() and int(part) > 0 for part in parts):
        report.error(
            "invalid-number",
            sheet,
            cell,
            f"Thematic check intervals '{clean_text(raw)}' must be three whole numbers of months, e.g. 6 / 12 / 24",
        )
        return
    low, high, _ = INTERVAL_BOUNDS["thematic_months"]
    if not all(low <= int(part) <= high for part in parts):
        report.error(
            "interval-out-of-bounds",
            sheet,
            cell,
            f"Thematic check intervals '{clean_text(raw)}' must each be {low} to {high} months: check the numbers",
        )
        return
    for risk, part in zip(RISK_LEVELS, parts, strict=True):
        thematic[risk] = int(part)


def settings_in_force(settings: Settings) -> Mapping[str, str]:
    """Every setting's name and the value in force, for the methodology page."""
    shown: dict[str, str] = {}
    for definition in SETTING_DEFINITIONS:
        value: object = getattr(settings, definition.field)
        if definition.key:
            value = value[definition.key]  # type: ignore[index]
        if isinstance(value, date):
            value = value.isoformat()
        shown[definition.name] = str(value) if value not in (None, "") else ""
    return shown

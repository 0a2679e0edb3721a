"""The Settings sheet: organisation details and the intervals the rules use, with SPEC's defaults."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType
from typing import Any

from .cells import (
    CellProblem,
    clean_text,
    is_blank,
    normalise_header,
    parse_date,
    parse_whole_number,
)
from .cells import column_letter as _letter
from .findings import Report
from .records import DEFAULT_LEAD_TIMES, DEFAULT_THEMATIC_MONTHS, Settings
from .schema import PROCUREMENT_ROUTES, RISK_LEVELS, Kind


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
)
_OCDS_PREFIX = re.compile(r"ocds-[a-z0-9]{6}")
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
    for index, row in enumerate(rows[1:], start=2):
        name_raw = row[name_col] if name_col < len(row) else ""
        value_raw = row[value_col] if value_col < len(row) else ""
        if is_blank(name_raw):
            continue
        name = clean_text(name_raw)
        key = normalise_header(name)
        value_cell = f"{_letter(value_col)}{index}"
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
    if url and not url.startswith(("https://", "http://")):
        report.warning("public-url", sheet, "", f"Public site URL '{url}' does not start with https://: it is not used")
        values.pop("public_url")
    elif url and not url.endswith("/"):
        values["public_url"] = url + "/"
    prefix = str(values.get("ocds_prefix", ""))
    if prefix and not _OCDS_PREFIX.fullmatch(prefix):
        report.warning(
            "ocds-prefix",
            sheet,
            seen.get(normalise_header("OCDS prefix"), "").split("!")[-1],
            f"OCDS prefix '{prefix}' is not of the form ocds-xxxxxx (6 letters or digits): check it with the "
            "Open Contracting Partnership",
        )
    elif not prefix:
        report.warning(
            "ocds-prefix",
            sheet,
            "",
            "No OCDS prefix: the open data uses the documentation's example prefix ocds-213czf; register your own "
            "with the Open Contracting Partnership and add it as the OCDS prefix setting",
        )
    return replace(
        Settings(),
        **values,
        thematic_months=MappingProxyType(thematic),
        lead_time_months=MappingProxyType(lead_times),
    )


def _parse(definition: SettingDefinition, raw: object) -> object:
    if definition.kind is Kind.DATE:
        return parse_date(raw)
    if definition.kind is Kind.WHOLE_NUMBER:
        number = parse_whole_number(raw)
        if number == 0:
            raise CellProblem("invalid-number", "must be at least 1")
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

"""Read the Settings sheet: one row per setting, each value checked, the reference's default where it is blank."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from types import MappingProxyType
from typing import Any

from safe_commissioning.workbook.cells.text import (
    clean_text,
    has_invisible,
    invisible_message,
    is_blank,
    normalise_header,
    overlong_message,
    strip_invisible,
)
from safe_commissioning.workbook.cells.values import EXCEL_EPOCH, CellProblem, parse_date, parse_whole_number
from safe_commissioning.workbook.files.xlsx import SpecialCell
from safe_commissioning.workbook.findings.places import NOWHERE, Place
from safe_commissioning.workbook.findings.report import Report
from safe_commissioning.workbook.records import DEFAULT_LEAD_TIMES, DEFAULT_THEMATIC_MONTHS, Settings
from safe_commissioning.workbook.schema.choices import RISK_LEVELS
from safe_commissioning.workbook.schema.columns import Kind
from safe_commissioning.workbook.settings.definitions import (
    EXAMPLE_OCDS_PREFIX,
    INTERVAL_BOUNDS,
    MAX_PUBLIC_URL_LENGTH,
    OCDS_PREFIX,
    ORGANISATION_IDENTIFIER,
    SETTING_DEFINITIONS,
    SettingDefinition,
)
from safe_commissioning.workbook.settings.links import contact_problem, safe_url

_BY_NAME = {normalise_header(d.name): d for d in SETTING_DEFINITIONS}
_COMBINED_THEMATIC = normalise_header("Thematic check interval High / Medium / Low (months)")


def read_settings(
    rows: list[list[object]],
    report: Report,
    *,
    sheet: str = "Settings",
    special: Mapping[tuple[int, int], SpecialCell] = MappingProxyType({}),
    epoch: date = EXCEL_EPOCH,
) -> Settings:
    """Settings from the sheet's rows (header row included); problems go to `report`.

    `special` holds the cells whose value cannot be read (Excel errors, formulas with no saved value),
    by zero-based (row, column); `epoch` is day 0 of the workbook's date system.
    """
    if not rows:
        return Settings()
    columns = _setting_columns(rows[0], report, sheet)
    _report_special_cells(special, columns or (), report, sheet)
    if columns is None:
        return Settings()
    values: dict[str, Any] = {}
    thematic = dict(DEFAULT_THEMATIC_MONTHS)
    lead_times = dict(DEFAULT_LEAD_TIMES)
    seen: dict[str, str] = {}
    value_cells: dict[str, Place] = {}
    name_col, value_col = columns
    for index, row in enumerate(rows[1:], start=2):
        name_cell = Place(index, name_col + 1)
        name_raw = _visible(row[name_col] if name_col < len(row) else "", "Setting", report, sheet, name_cell)
        if is_blank(name_raw):
            continue
        name = clean_text(name_raw)
        value_cell = Place(index, value_col + 1)
        value_raw = _visible(row[value_col] if value_col < len(row) else "", name, report, sheet, value_cell)
        if (index - 1, value_col) in special:
            continue  # reported above: an Excel error or a formula with no saved value is never a setting
        key = normalise_header(name)
        if key in seen:
            report.error(
                "duplicate-id",
                sheet,
                name_cell,
                f"Setting '{name}' is given twice (also at {seen[key]}): keep one row",
            )
            continue
        seen[key] = f"{sheet}!{name_cell.cell}"
        if key == _COMBINED_THEMATIC:
            _read_combined_thematic(value_raw, thematic, report, sheet, value_cell)
            continue
        definition = _BY_NAME.get(key)
        if definition is None:
            report.warning(
                "unknown-setting",
                sheet,
                name_cell,
                f"Unknown setting '{name}' is ignored: see the Instructions sheet for the settings available",
            )
            continue
        if not definition.key:
            value_cells[definition.field] = value_cell
        value = _setting_value(definition, value_raw, report, sheet, value_cell, epoch)
        if value is None:
            continue
        if definition.field == "thematic_months":
            thematic[definition.key] = int(value)  # type: ignore[call-overload]
        elif definition.field == "lead_time_months":
            lead_times[definition.key] = int(value)  # type: ignore[call-overload]
        else:
            values[definition.field] = value
    if "organisation" not in values and normalise_header("Organisation") not in seen:
        report.warning(
            "blank-organisation", sheet, NOWHERE, "No Organisation setting: add one so the sites have a title"
        )
    for check in _ADDRESS_CHECKS:
        check(values, value_cells, report, sheet)
    return replace(
        Settings(),
        **values,
        thematic_months=MappingProxyType(thematic),
        lead_time_months=MappingProxyType(lead_times),
    )


def _report_special_cells(
    special: Mapping[tuple[int, int], SpecialCell], read: Sequence[int], report: Report, sheet: str
) -> None:
    """Excel errors, and formulas with no saved value, on the sheet.

    In the Setting and Value columns (`read`) both are errors: a setting that cannot be read never
    silently becomes its default (a Report date of =TODAY() saved by a script, read as blank, would
    measure everything at the build date). Elsewhere an unsaved formula is only a warning.
    """
    for (row, col), cell in sorted(special.items()):
        where = Place(row + 1, col + 1)
        if cell.kind == "error":
            report.error(
                "excel-error", sheet, where, f"The cell holds the Excel error {cell.text}: correct it or type the value"
            )
        elif col not in read:
            report.warning(
                "formula-no-value",
                sheet,
                where,
                f"The formula {cell.text} has no saved value and is read as blank: open the workbook in Excel and save it",
            )
        else:
            report.error(
                "unsaved-formula",
                sheet,
                where,
                f"The formula {cell.text} has no saved value, so the setting cannot be read: open the workbook in "
                "Excel and save it, or type the value in",
            )


def _setting_columns(header_row: list[object], report: Report, sheet: str) -> tuple[int, int] | None:
    """The positions of the Setting and Value columns, or None (with an error for each missing one)."""
    header = [normalise_header(clean_text(cell)) if not is_blank(cell) else "" for cell in header_row]
    try:
        return header.index("setting"), header.index("value")
    except ValueError:
        for wanted in ("Setting", "Value"):
            if normalise_header(wanted) not in header:
                report.error(
                    "missing-column",
                    sheet,
                    NOWHERE,
                    f"Missing required column '{wanted}': add it to row 1 of the Settings sheet",
                )
        return None


def _setting_value(
    definition: SettingDefinition, raw: object, report: Report, sheet: str, cell: Place, epoch: date
) -> object | None:
    """One setting's value, or None when it is blank (its default stands) or cannot be used (an error says why)."""
    if is_blank(raw):
        if definition.field == "organisation":
            report.warning("blank-organisation", sheet, cell, "Organisation is blank: the sites will have no title")
        return None
    overlong = overlong_message(definition.name, raw)
    if overlong:  # it would reach the register workbook's cells, which Excel cannot open
        report.error("text-too-long", sheet, cell, overlong)
        return None
    try:
        return _parse(definition, raw, epoch)
    except CellProblem as problem:
        report.error(problem.code, sheet, cell, f"{definition.name}: {problem.message}")
        return None


def _check_public_url(values: dict[str, Any], cells: dict[str, Place], report: Report, sheet: str) -> None:
    """A Public site URL the theme can use as it is, ending in `/`; anything else is reported and dropped."""
    url = str(values.get("public_url", ""))
    if len(url) > MAX_PUBLIC_URL_LENGTH:
        report.warning(
            "public-url-too-long",
            sheet,
            cells["public_url"],
            f"Public site URL is {len(url):,} characters long, more than the {MAX_PUBLIC_URL_LENGTH:,} that leave "
            "its pages' addresses within the 2,048 search engines read: it is not used; give the site's address, "
            "such as https://example.gov.uk/contracts/",
        )
        values.pop("public_url")
    elif url and not safe_url(url):
        report.warning(
            "public-url",
            sheet,
            cells["public_url"],
            f"Public site URL '{url}' is not a plain web address such as https://example.gov.uk/contracts/ "
            "(http or https, a host name, a path of letters, digits and - . _ ~ /; no quotes, spaces, "
            "query or #fragment): it is not used; correct it",
        )
        values.pop("public_url")
    elif url and not url.endswith("/"):
        values["public_url"] = url + "/"


def _check_contact(values: dict[str, Any], cells: dict[str, Place], report: Report, sheet: str) -> None:
    """A Contact that is an email address, an https:// page or plain text; anything else is reported and dropped."""
    contact = str(values.get("contact", ""))
    contact_fault = contact_problem(contact) if contact else None
    if contact_fault:
        report.warning(
            "contact",
            sheet,
            cells["contact"],
            f"Contact '{contact}' {contact_fault}: it is not used; give an email address, an https:// web page "
            "or plain text such as a phone number",
        )
        values.pop("contact")
    elif not contact:
        report.warning(
            "blank-contact",
            sheet,
            cells.get("contact", NOWHERE),
            "No Contact setting: the public site tells providers to use the council's main contact channels; add "
            "the email address or https:// web page where providers can ask about contracts and the sourcing plan",
        )


def _check_ocds_prefix(values: dict[str, Any], cells: dict[str, Place], report: Report, sheet: str) -> None:
    """A warning for an OCDS prefix that is malformed, the documentation's example, or missing."""
    prefix = str(values.get("ocds_prefix", ""))
    if prefix and not OCDS_PREFIX.fullmatch(prefix):
        report.warning(
            "ocds-prefix",
            sheet,
            cells["ocds_prefix"],
            f"OCDS prefix '{prefix}' is not of the form ocds-xxxxxx (6 letters or digits): check it with the "
            "Open Contracting Partnership",
        )
    elif prefix == EXAMPLE_OCDS_PREFIX:
        report.warning(
            "ocds-prefix",
            sheet,
            cells["ocds_prefix"],
            f"OCDS prefix {EXAMPLE_OCDS_PREFIX} is the OCDS documentation's example, not a council's: register your "
            "own with the Open Contracting Partnership and use it, so your ocids cannot clash with anyone else's",
        )
    elif not prefix:
        report.warning(
            "ocds-prefix",
            sheet,
            cells.get("ocds_prefix", NOWHERE),
            f"No OCDS prefix: the open data uses the documentation's example prefix {EXAMPLE_OCDS_PREFIX}; register "
            "your own with the Open Contracting Partnership and add it as the OCDS prefix setting",
        )


def _check_identifier(values: dict[str, Any], cells: dict[str, Place], report: Report, sheet: str) -> None:
    """An organisation identifier of the form GB-LAE-xxx or GB-PPON-xxx, in capitals; else reported and dropped."""
    identifier = str(values.get("organisation_identifier", ""))
    if identifier and not ORGANISATION_IDENTIFIER.fullmatch(identifier.upper()):
        report.warning(
            "organisation-identifier",
            sheet,
            cells["organisation_identifier"],
            f"Organisation identifier '{identifier}' is not of the form GB-LAE-xxx (your local authority code, "
            "e.g. GB-LAE-LND) or GB-PPON-xxx (your Public Procurement Organisation Number): it is not used; look "
            "yours up on org-id.guide",
        )
        values.pop("organisation_identifier")
    elif identifier:
        values["organisation_identifier"] = identifier.upper()


# The settings that become addresses and identifiers in the published pages and data, checked once all are read.
_ADDRESS_CHECKS = (_check_public_url, _check_contact, _check_ocds_prefix, _check_identifier)


def _visible(raw: object, what: str, report: Report, sheet: str, cell: Place) -> object:
    """The cell's value without control or invisible characters, warning about any removed."""
    if isinstance(raw, str) and has_invisible(raw):
        raw, removed = strip_invisible(raw)
        report.warning("control-character", sheet, cell, invisible_message(what, removed))
    return raw


def _parse(definition: SettingDefinition, raw: object, epoch: date) -> object:
    if definition.kind is Kind.DATE:
        return parse_date(raw, epoch=epoch)
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


def _read_combined_thematic(raw: object, thematic: dict[str, int], report: Report, sheet: str, cell: Place) -> None:
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

"""Rows that look like one another: probably one record typed twice, or one number given to two.

IDs that differ only by an invisible or look-alike character, two providers with one registration
number, provider names that differ only by punctuation, case or spaces, and one provider written
on two rows.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from safe_commissioning.words import and_list
from safe_commissioning.workbook.cells.identifiers import Identifier
from safe_commissioning.workbook.cells.text import fold_key, lookalike_characters, match_key
from safe_commissioning.workbook.findings.report import Report

if TYPE_CHECKING:
    from safe_commissioning.workbook.rows.parser import ParsedRow, ParsedSheet


def check_lookalikes(sheet: ParsedSheet, field_name: str, report: Report) -> None:
    """Two IDs that differ only by invisible or look-alike characters (CSC-001 and CSC‑001)."""
    label = sheet.sheet.column(field_name).header
    first_seen: dict[str, tuple[str, object, int]] = {}
    for row in sheet.rows:
        value = row.values.get(field_name)
        if value is None or isinstance(value, date):
            continue
        text = str(value)
        folded = fold_key(text)
        first = first_seen.get(folded)
        if first is None:
            first_seen[folded] = (match_key(text), value, row.row)
        elif first[0] != match_key(text):
            sheet.error(
                "lookalike-id",
                field_name,
                row,
                f"{label} '{value}' looks the same as '{first[1]}' (at {sheet.sheet.name}!"
                f"{sheet.cell(field_name, first[2])}) but differs by an invisible or look-alike character "
                f"({lookalike_characters(text + str(first[1]))}): retype one of them so that they differ visibly, "
                "or, if they are the same, keep one row",
                report=report,
            )


_NUMBER_FIELDS = ("company_number", "charity_number", "mutuals_number", "ppon")


def check_shared_numbers(sheet: ParsedSheet, report: Report) -> None:
    """Two providers with one registration number: warn naming both, and publish it for neither.

    Which of them the number belongs to cannot be told from the workbook, and an identifier in the
    open data names exactly one organisation.
    """
    for field_name in _NUMBER_FIELDS:
        header = sheet.sheet.column(field_name).header
        holders: dict[tuple[str, str], list[int]] = {}
        by_row = {}
        for index, row in enumerate(sheet.rows):
            number = row.values.get(field_name)
            if isinstance(number, Identifier):
                key = (number.scheme, number.id) if number.recognised else ("", number.typed.replace(" ", "").upper())
                holders.setdefault(key, []).append(index)
                by_row[index] = number
        for indexes in holders.values():
            if len(indexes) < 2:
                continue
            first = sheet.rows[indexes[0]]
            names = [str(sheet.rows[i].values.get("provider", f"row {sheet.rows[i].row}")) for i in indexes]
            for position, index in enumerate(indexes):
                row = sheet.rows[index]
                number = by_row[index]
                others = [name for i, name in enumerate(names) if i != position]
                if number.recognised:
                    row.values[field_name] = replace(number, withheld=f"also given for {_listed(others)}")
                if position == 0:
                    continue
                sheet.warning(
                    "shared-number",
                    field_name,
                    row,
                    f"{header} '{number.typed}' of '{names[position]}' is also given for '{names[0]}' (at "
                    f"{sheet.sheet.name}!{sheet.cell(field_name, first.row)}): each registration number belongs to "
                    "one organisation, so it is published for neither; correct the wrong one, or keep one row if "
                    "they are the same provider",
                    report=report,
                )


def _listed(names: list[str]) -> str:
    return and_list([f"'{name}'" for name in names])


def name_key(text: str) -> str:
    """A provider name with case, spaces and punctuation ignored: `BARNARDO'S` and `Barnardo's` read alike."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text).casefold() if ch.isalnum())


def check_similar_names(sheet: ParsedSheet, report: Report) -> None:
    """Provider names that differ only by punctuation: probably one provider entered twice."""
    first_seen: dict[str, tuple[str, int]] = {}
    for row in sheet.rows:
        name = row.values.get("provider")
        if not isinstance(name, str):
            continue
        key = name_key(name)
        if not key:
            continue
        first = first_seen.get(key)
        if first is None:
            first_seen[key] = (name, row.row)
        elif fold_key(first[0]) != fold_key(name):  # the same as typed, or by look-alikes, is an error already
            sheet.warning(
                "similar-provider-name",
                "provider",
                row,
                f"Provider '{name}' differs from '{first[0]}' (at {sheet.sheet.name}!"
                f"{sheet.cell('provider', first[1])}) only by punctuation, case or spaces: if they are one "
                "organisation, keep one row and spell it one way on every sheet",
                report=report,
            )


def merge_repeated_providers(sheet: ParsedSheet, report: Report) -> None:
    """One provider written on two rows: merged when the rows agree, an error naming what differs when not.

    Names match as references do, ignoring case, repeated spaces and HTML character codes (decoded when the
    cell was read), so `Barnardo's` and `BARNARDO&#039;S` are one provider. Rows that agree in every other
    column they both fill are one provider: the first row keeps its spelling and gains what only the later
    row fills, with a warning naming both cells; the later row is dropped. Rows that disagree are an error.
    """
    first_seen: dict[str, ParsedRow] = {}
    for row in list(sheet.rows):
        name = row.values.get("provider")
        if not isinstance(name, str):
            continue
        first = first_seen.setdefault(match_key(name), row)
        if first is row:
            continue
        where = f"{sheet.sheet.name}!{sheet.cell('provider', first.row)}"
        differing = [
            sheet.sheet.column(field).header
            for field, value in row.values.items()
            if field != "provider" and field in first.values and _same(first.values[field]) != _same(value)
        ]
        if differing:
            sheet.error(
                "duplicate-id",
                "provider",
                row,
                f"Provider '{name}' is also at {where} ('{first.values['provider']}'), with a different "
                f"{and_list(differing)}: each provider has one row; keep one, with the right details",
                report=report,
            )
            continue
        sheet.warning(
            "provider-merged",
            "provider",
            row,
            f"Provider '{name}' is also at {where} ('{first.values['provider']}') and the two rows agree in every "
            f"column both fill, so they are read as one provider, '{first.values['provider']}': delete this row "
            "(anything only it fills is kept)",
            report=report,
        )
        for field, value in row.values.items():
            first.values.setdefault(field, value)
        first.complete = first.complete and row.complete
        sheet.rows.remove(row)


def _same(value: object) -> object:
    """A value as two rows are compared: text ignoring case and spaces, a registration number by its register."""
    if isinstance(value, Identifier):
        return (value.scheme, value.number) if value.recognised else match_key(value.typed)
    return match_key(value) if isinstance(value, str) else value

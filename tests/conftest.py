"""Shared fixtures: workbooks are built in code, in temporary folders (no binary test files)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from safe_commissioning.workbook.schema import SETTINGS, SHEETS, SHEETS_BY_NAME

REPORT_DATE = date(2024, 9, 30)

Rows = Sequence[Sequence[object]]
MakeWorkbook = Callable[..., Path]


def headers(sheet: str) -> list[str]:
    """The SPEC headers of a sheet, in order."""
    return [column.header for column in SHEETS_BY_NAME[sheet].columns]


def row(sheet: str, **values: object) -> list[object]:
    """A row for `sheet` with the given fields (by record field name) and blanks elsewhere."""
    columns = SHEETS_BY_NAME[sheet].columns
    unknown = set(values) - {c.field for c in columns}
    assert not unknown, f"unknown fields for {sheet}: {unknown}"
    return [values.get(column.field) for column in columns]


class Text(str):
    """A cell written as text even if it starts with '=' (openpyxl would otherwise store a formula)."""


def write_xlsx(path: Path, sheets: Mapping[str, Rows]) -> Path:
    """Write exactly these sheets (first row is the header row) to `path` with openpyxl."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for values in rows:
            sheet.append(list(values))
            for cell, value in zip(sheet[sheet.max_row], values, strict=False):
                if isinstance(value, Text):
                    cell.value = str(value)
                    cell.data_type = "s"
    book.save(path)
    return path


def contract(**values: object) -> list[object]:
    """A valid Contracts row, overridable field by field."""
    base: dict[str, object] = {
        "contract_id": "C-1",
        "title": "Family support",
        "supplier": "Acme Care Ltd",
        "service_area": "Children's Social Care",
        "procurement_route": "Strategic purchasing",
        "start_date": date(2023, 4, 1),
        "end_date": date(2026, 3, 31),
        "works_with_children": "Yes",
        "risk": "High",
    }
    base.update(values)
    return row("Contracts", **base)


def provider(**values: object) -> list[object]:
    """A valid Providers row, overridable field by field."""
    base: dict[str, object] = {"provider": "Acme Care Ltd", "organisation_type": "Company"}
    base.update(values)
    return row("Providers", **base)


def safeguarding(**values: object) -> list[object]:
    """A valid Safeguarding row, overridable field by field."""
    base: dict[str, object] = {"contract_id": "C-1"}
    base.update(values)
    return row("Safeguarding", **base)


def minimal_sheets(**overrides: Rows) -> dict[str, Rows]:
    """The three required sheets with one valid contract, plus Settings; any sheet can be replaced or added."""
    sheets: dict[str, Rows] = {
        "Settings": [
            ["Setting", "Value"],
            ["Organisation", "Test Council"],
            ["Report date", REPORT_DATE],
            ["OCDS prefix", "ocds-abc123"],
        ],
        "Contracts": [headers("Contracts"), contract()],
        "Providers": [headers("Providers"), provider()],
        "Safeguarding": [headers("Safeguarding"), safeguarding()],
    }
    for name, rows in overrides.items():
        sheets[name.replace("_", " ")] = rows
    return sheets


OPTIONAL_SHEETS = tuple(sheet.name for sheet in SHEETS if not sheet.required and sheet is not SETTINGS)


def complete_sheets(overrides: Mapping[str, Rows] | None = None, **more: Rows) -> dict[str, Rows]:
    """The minimal valid workbook with every optional sheet present (headers only): it reads with no findings.

    Sheets are replaced by name, either in `overrides` or as keywords (underscores for spaces).
    """
    sheets = minimal_sheets()
    for name in OPTIONAL_SHEETS:
        sheets[name] = [headers(name)]
    sheets.update(overrides or {})
    for name, rows in more.items():
        sheets[name.replace("_", " ")] = rows
    return sheets


@pytest.fixture
def make_workbook(tmp_path: Path) -> MakeWorkbook:
    """`make_workbook({"Contracts": [[headers...], [row...]]})` → path of a new .xlsx in tmp_path."""
    counter = iter(range(1_000_000))

    def make(sheets: Mapping[str, Rows], name: str | None = None) -> Path:
        return write_xlsx(tmp_path / (name or f"workbook-{next(counter)}.xlsx"), sheets)

    return make


@pytest.fixture
def sample_workbook() -> Path:
    """The committed sample workbook the README builds."""
    return Path(__file__).resolve().parent.parent / "source" / "commissioning.xlsx"


def summary(findings: Any) -> list[tuple[str, str, str]]:
    """(sheet, cell, code) of each finding, for short assertions."""
    return [(f.sheet, f.cell, f.code) for f in findings]

"""A large workbook for the browser tests.

scripts/generate_workbook.py makes it when the project has that script (a synthetic, valid,
deterministic workbook of N contracts). Otherwise the sample's rows are copied until there are
enough contracts: copy 0 is the sample itself; copy k renames every contract (CSC-001 → CSC-001-0k),
provider ("Coram" → "Coram k"), staff reference and DBS number, so each copy is a new, valid set of
contracts and providers with the sample's variety of evidence, statuses, dates and charts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl

from tests.conftest import Text, write_xlsx

GENERATOR = Path(__file__).resolve().parents[2] / "scripts" / "generate_workbook.py"

# Sheets whose rows are copied per contract or provider, and the columns renamed in each copy.
CONTRACT_SHEETS = {
    "Contracts": ("Contract ID", "Supplier"),
    "Safeguarding": ("Contract ID",),
    "DBS": ("Contract ID", "Staff reference", "DBS certificate number"),
    "Monitoring": ("Contract ID",),
}
PROVIDER_SHEETS = {"Providers": ("Provider",), "Policies": ("Provider",)}


def _renamed(header: str, value: Any, copy: int) -> Any:
    if copy == 0 or value in (None, ""):
        return value
    text = str(value)
    if header == "DBS certificate number":
        return Text(f"{copy:03d}{text[3:]}")
    if header in ("Provider", "Supplier"):
        return Text(f"{text} {copy}")
    return Text(f"{text}-{copy:02d}")


def _cell(value: Any) -> Any:
    return Text(value) if isinstance(value, str) else value


def large_workbook(sample: Path, out: Path, contracts: int = 200) -> Path:
    """Write a workbook of `contracts` contracts to `out`: the project's generator's, or the sample's
    rows copied."""
    if GENERATOR.is_file():
        subprocess.run([sys.executable, str(GENERATOR), str(contracts), str(out)], check=True, capture_output=True)
        return out
    return copied_sample(sample, out, contracts)


def copied_sample(sample: Path, out: Path, contracts: int) -> Path:
    """The sample's rows, copied and renamed until there are `contracts` contracts, in `out`."""
    book = openpyxl.load_workbook(sample, data_only=True)
    sheets: dict[str, list[list[Any]]] = {}
    per_copy = book["Contracts"].max_row - 1
    copies = -(-contracts // per_copy)
    for sheet in book.worksheets:
        rows = [list(values) for values in sheet.iter_rows(values_only=True)]
        if sheet.title == "Instructions" or not rows:
            continue
        header, body = rows[0], [r for r in rows[1:] if any(v not in (None, "") for v in r)]
        renamed = CONTRACT_SHEETS.get(sheet.title) or PROVIDER_SHEETS.get(sheet.title)
        if renamed is None:
            sheets[sheet.title] = [header, *[[_cell(v) for v in r] for r in body]]
            continue
        out_rows: list[list[Any]] = [header]
        for copy in range(copies):
            for values in body:
                out_rows.append(
                    [_renamed(h, v, copy) if h in renamed else _cell(v) for h, v in zip(header, values, strict=False)]
                )
        sheets[sheet.title] = out_rows
    # exactly `contracts` contracts: drop the last copy's extra ones, and their evidence
    kept = {str(r[0]) for r in sheets["Contracts"][1 : contracts + 1]}
    for name in CONTRACT_SHEETS:
        if name in sheets:
            sheets[name] = [sheets[name][0], *[r for r in sheets[name][1:] if str(r[0]) in kept]]
    return write_xlsx(out, sheets)

"""Write the generated tables of guides/reference.md from the code: sheets and columns, settings, data files.

Run: python scripts/write_reference_tables.py

Each table sits between `<!-- generated: NAME -->` and `<!-- end generated: NAME -->` in the guide;
the text around them is written by hand. tests/test_docs.py fails while a table is out of date.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from safe_commissioning.history.snapshots import PLAN_FILE, SNAPSHOT_FILES
from safe_commissioning.opendata.datafiles import (
    ALERTS_COLUMNS,
    COMPLIANCE_COLUMNS,
    CONTRACTS_COLUMNS,
    PLACEMENTS_COLUMNS,
)
from safe_commissioning.opendata.register import REGISTER_COLUMNS, SOURCING_COLUMNS
from safe_commissioning.workbook.schema.columns import Column, Kind, Sheet
from safe_commissioning.workbook.schema.sheets import SHEETS
from safe_commissioning.workbook.settings.definitions import INTERVAL_BOUNDS, SETTING_DEFINITIONS

GUIDE = Path(__file__).resolve().parent.parent / "guides" / "reference.md"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _kind(column: Column) -> str:
    if column.kind is Kind.CHOICE:
        return "one of: " + "; ".join(column.choices)
    return str(column.kind)


def _sheet(sheet: Sheet) -> list[str]:
    standing = "required" if sheet.required else "optional"
    if sheet.restricted:
        standing += ", RESTRICTED"
    lines = [
        f"#### {sheet.name} ({standing})",
        "",
        _cell(sheet.help.removeprefix("RESTRICTED: ")),
        "",
        "| column | required | holds | what to put in it |",
        "|---|---|---|---|",
    ]
    for column in sheet.columns:
        notes = column.help
        if column.personal:
            notes += " Personal data: never shown on any page or repeated in a message."
        if column.lenient:
            notes += " A value that cannot be read is a warning, and read as blank."
        required = "yes" if column.required else ""
        lines.append(f"| {column.header} | {required} | {_cell(_kind(column))} | {_cell(notes.strip())} |")
    return [*lines, ""]


def sheets_table() -> str:
    """Every sheet the reader knows, in template order, with its columns."""
    return "\n".join(line for sheet in SHEETS for line in _sheet(sheet)).rstrip() + "\n"


def settings_table() -> str:
    """Every setting, with its default and what it does."""
    lines = ["| setting | default | what it does |", "|---|---|---|"]
    for definition in SETTING_DEFINITIONS:
        default = definition.default or "(blank)"
        bounds = INTERVAL_BOUNDS.get(definition.field)
        note = definition.help + (f" Accepts {bounds[0]}–{bounds[1]} {bounds[2]}." if bounds else "")
        lines.append(f"| {_cell(definition.name)} | {_cell(default)} | {_cell(note)} |")
    return "\n".join(lines) + "\n"


def _columns(columns: Iterable[str]) -> str:
    return ", ".join(f"`{name}`" for name in columns)


def datafiles_table() -> str:
    """The columns of every CSV file a build writes, and the files a snapshot keeps."""
    rows = [
        ("`internal/data/contracts.csv`", _columns(CONTRACTS_COLUMNS)),
        ("`internal/data/compliance.csv`", _columns(COMPLIANCE_COLUMNS)),
        ("`internal/data/placements_by_year.csv`", _columns(PLACEMENTS_COLUMNS)),
        ("`internal/data/alerts.csv`", _columns(ALERTS_COLUMNS)),
        ("`public/data/contracts.csv` (and each record of `contracts.json`)", _columns(REGISTER_COLUMNS)),
        ("`public/data/sourcing_plan.csv`", _columns(SOURCING_COLUMNS)),
        ("a snapshot, `HISTORY/YYYY-MM-DD/`", _columns((*SNAPSHOT_FILES, PLAN_FILE))),
    ]
    lines = ["| file | columns, in order |", "|---|---|", *(f"| {file} | {columns} |" for file, columns in rows)]
    return "\n".join(lines) + "\n"


TABLES: dict[str, Callable[[], str]] = {
    "sheets": sheets_table,
    "settings": settings_table,
    "datafiles": datafiles_table,
}


def block(name: str) -> re.Pattern[str]:
    """The generated block `name` of the guide, with its markers."""
    return re.compile(rf"(<!-- generated: {name} -->\n)(.*?)(<!-- end generated: {name} -->)", re.DOTALL)


def written(text: str) -> str:
    """The guide's text with every generated block written afresh."""
    for name, table in TABLES.items():
        content = table().replace("\\", "\\\\")  # a replacement template: keep backslashes as written
        text, count = block(name).subn(rf"\g<1>\n{content}\n\g<3>", text)
        if count != 1:
            raise SystemExit(f"{GUIDE}: expected one generated block '{name}', found {count}")
    return text


def main() -> None:
    """Rewrite the generated tables; run it after changing the schema, the settings or a data file's columns."""
    GUIDE.write_text(written(GUIDE.read_text(encoding="utf-8")), encoding="utf-8", newline="\n")
    print(f"wrote {GUIDE}")


if __name__ == "__main__":
    main()

"""datapackage.json: the public CSV files described as a Frictionless (Tabular) Data Package.

A re-user's tools read from it what each column holds and how (text, date, number, yes/no),
and under which licence the data is published, without reading the Open data page. The fields
come from the same column definitions as that page and the files themselves, so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from safe_commissioning.opendata.datafiles import Column, ColumnKind, json_lines
from safe_commissioning.opendata.register import LICENCE_NAME, LICENCE_URL, REGISTER_FIELDS, SOURCING_FIELDS
from safe_commissioning.words import MAX_SLUG_LENGTH, short_slug, yes_no_word
from safe_commissioning.workbook.records import Settings

# The dictionaries' words for a column's type, as Table Schema field types
FIELD_TYPES: dict[ColumnKind, str] = {
    "text": "string",
    "code": "string",
    "date": "date",
    "number": "number",
    "yes/no": "boolean",
}
LICENCE = {"name": "OGL-UK-3.0", "path": LICENCE_URL, "title": LICENCE_NAME}
# (file, title, description, columns)
RESOURCES: tuple[tuple[str, str, str, Sequence[Column[Any]]], ...] = (
    (
        "contracts.csv",
        "Contracts register",
        "One row per published contract: the Local Government Transparency Code 2015 contract fields.",
        REGISTER_FIELDS,
    ),
    (
        "sourcing_plan.csv",
        "Sourcing plan",
        "One row per planned procurement the council publishes.",
        SOURCING_FIELDS,
    ),
)


def _field(column: Column[Any]) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": FIELD_TYPES[column.kind], "description": column.meaning}
    if column.kind == "yes/no":
        field.update({"trueValues": [yes_no_word(True)], "falseValues": [yes_no_word(False)]})
    if column.kind == "date":
        field["format"] = "default"  # YYYY-MM-DD
    return field


def data_package(settings: Settings, report_date: date) -> dict[str, Any]:
    """The descriptor of the public CSV files, dated the report date."""
    organisation = settings.organisation or "the council"
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        # CKAN, which data.gov.uk runs, refuses a dataset name over 100 characters: the council's part is cut at 60.
        "name": f"{short_slug(settings.organisation or 'council', MAX_SLUG_LENGTH)}-contracts-register",
        "title": f"Contracts register and sourcing plan of {organisation}",
        "description": "The published contracts register and sourcing plan, as on the public site's Open data page.",
        "created": f"{report_date.isoformat()}T00:00:00Z",
        "licenses": [LICENCE],
    }
    if settings.public_url:
        package["homepage"] = settings.public_url
    package["resources"] = [
        {
            "profile": "tabular-data-resource",
            "name": file.removesuffix(".csv").replace("_", "-"),
            "path": file,
            "title": title,
            "description": description,
            "format": "csv",
            "mediatype": "text/csv",
            # the files begin with a byte-order mark so that Excel reads them as UTF-8
            "encoding": "utf-8-sig",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
            "schema": {
                "fields": [_field(column) for column in columns],
                "missingValues": [""],
            },
            "licenses": [LICENCE],
        }
        for file, title, description, columns in RESOURCES
    ]
    return package


def write_data_package(settings: Settings, report_date: date, path: Path) -> Path:
    """Write datapackage.json as `path`."""
    path.write_text(json_lines(data_package(settings, report_date)), encoding="utf-8")
    return path

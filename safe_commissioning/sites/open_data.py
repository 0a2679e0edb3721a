"""The public site's open data as its pages describe it: each file, why one was not written, and the Dataset.

A file is listed only when the build wrote it: with no published contract there is no `ocds.json`
(an OCDS 1.1.5 release package must hold a release), with no published sourcing-plan row no
`ocds_planning.json`, and with no procurement start date no calendar (RFC 5545 asks for an
event). The Open data page says which were not written and why. The page also carries a
schema.org `Dataset` (JSON-LD) describing every download and its licence, for search engines
and data catalogues.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypedDict, TypeVar

from markupsafe import Markup

from safe_commissioning.opendata.datafiles import Column, cell_value
from safe_commissioning.opendata.feeds import ATOM_FILE, CALENDAR_FILE
from safe_commissioning.opendata.planning import PLANNING_FILE
from safe_commissioning.opendata.register import LICENCE_NAME, LICENCE_URL
from safe_commissioning.opendata.spreadsheet import PLAN_WORKBOOK
from safe_commissioning.words import plural
from safe_commissioning.workbook.records import Settings

FILES = (
    ("contracts.csv", "CSV", "text/csv", "The contracts register, one row per published contract."),
    ("contracts.json", "JSON", "application/json", "The same register as a JSON array of objects."),
    (
        "contracts.xlsx",
        "Excel workbook",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "The same register as an Excel workbook: references as text, dates as dates, values as numbers.",
    ),
    ("sourcing_plan.csv", "CSV", "text/csv", "The published sourcing plan, one row per planned procurement."),
    (
        PLAN_WORKBOOK,
        "Excel workbook",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "The same sourcing plan as an Excel workbook: dates as dates, values as numbers.",
    ),
    (
        ATOM_FILE,
        "Atom feed",
        "application/atom+xml",
        "The sourcing plan as a feed: subscribe in a feed reader to see new and changed opportunities.",
    ),
    (
        CALENDAR_FILE,
        "iCalendar",
        "text/calendar",
        "Procurement start dates: add them to Outlook, Google or Apple Calendar.",
    ),
    ("ocds.json", "OCDS 1.1 JSON", "application/json", "The register as an Open Contracting release package."),
    (PLANNING_FILE, "OCDS 1.1 JSON", "application/json", "The sourcing plan as Open Contracting planning releases."),
    (
        "datapackage.json",
        "Frictionless Data Package",
        "application/json",
        "Describes the CSV files: every column with its type and meaning, and the licence.",
    ),
)
# Why a file may be missing: what the page says instead of listing it.
NOT_WRITTEN = {
    "ocds.json": "no contract is published, and an OCDS release package must hold at least one release",
    PLANNING_FILE: "no sourcing plan row is published, and an OCDS release package must hold at least one release",
    CALENDAR_FILE: "no published sourcing plan row has a procurement start date, and a calendar must hold at least "
    "one event",
}


class DataFile(TypedDict):
    """One open data file as the Open data page lists it."""

    name: str
    format: str
    media_type: str
    description: str
    size: str


def human_size(size: int) -> str:
    """`12 KB`, `1.4 MB`."""
    if size < 1024:
        return plural(size, "byte")
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def file_sizes(folder: Path, later: Mapping[str, str] | None = None) -> list[DataFile]:
    """The open data files the build wrote, with their formats, descriptions and sizes; `later`: the files still
    being written elsewhere (see `forks.FilesBeside`), by name, with what stands for their sizes meanwhile."""
    later = later or {}
    return [
        DataFile(
            name=name,
            format=kind,
            media_type=media,
            description=description,
            size=later[name] if name in later else human_size((folder / name).stat().st_size),
        )
        for name, kind, media, description in FILES
        if name in later or (folder / name).exists()
    ]


# A placeholder for each file's size (`sizes_held_back`), all of one width, so that none begins another
SIZE_SLOTS = {name: f"scslot7sizefile{index:03d}" for index, (name, *_) in enumerate(FILES)}


def sizes_held_back(files: Sequence[DataFile]) -> tuple[list[DataFile], dict[str, str]]:
    """The files with each size given as its placeholder (`SIZE_SLOTS`), and each placeholder with the size it stands
    for (or with the placeholder of a size still being written, see `forks.FilesBeside`), to be put in once the
    engine has run: so the main pages never hold a size, and an edit that changes only the files' sizes (most edits
    to the register), or which of them a helper writes, leaves the pages as they were, and serve takes the engine's
    last output rather than running it again."""
    shown: list[DataFile] = [{**file, "size": SIZE_SLOTS[file["name"]]} for file in files]
    return shown, {SIZE_SLOTS[file["name"]]: file["size"] for file in files}


def not_written(files: list[DataFile]) -> list[tuple[str, str]]:
    """(file, why) for each file that may be left out and was."""
    present = {file["name"] for file in files}
    return [(name, why) for name, why in NOT_WRITTEN.items() if name not in present]


def dataset(files: list[DataFile], settings: Settings, report_date: date) -> Markup:
    """The schema.org Dataset of the open data, as a JSON-LD `<script>` block safe to put in a page.

    Addresses are absolute when the Public site URL is set, else relative to the Open data page.
    """
    organisation = {"@type": "Organization", "name": settings.organisation or "The council"}
    base = settings.public_url
    found: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{settings.organisation or 'Council'} contracts register and sourcing plan",
        "description": "The council's published contracts (the Local Government Transparency Code 2015 contract "
        "fields) and its sourcing plan of procurements it expects to run, as open data.",
        "license": LICENCE_URL,
        "isAccessibleForFree": True,
        "creator": organisation,
        "publisher": organisation,
        "dateModified": report_date.isoformat(),
        "inLanguage": "en-GB",
        "distribution": [
            {
                "@type": "DataDownload",
                "name": file["name"],
                "description": file["description"],
                "encodingFormat": file["media_type"],
                "contentUrl": f"{base}data/{file['name']}" if base else f"data/{file['name']}",
                "license": LICENCE_URL,
            }
            for file in files
        ],
    }
    if base:
        found["url"] = f"{base}open-data.html"
    found["usageInfo"] = f"{LICENCE_NAME}: {LICENCE_URL}"
    text = json.dumps(found, ensure_ascii=False, indent=1)
    # Inside <script>, `</script>` or `<!--` from a setting could end the block: `\u003c` is the same JSON string.
    safe = text.replace("<", "\\u003c")
    return Markup(f'<script type="application/ld+json">\n{safe}\n</script>')


T = TypeVar("T")
_CAPITALS = {"sme": "SME", "vcse": "VCSE", "vat": "VAT", "id": "ID", "ocid": "OCID"}


def plain_header(name: str) -> str:
    """A data file's column as a person reads it: `supplier_company_number` → `Supplier company number`."""
    words = [_CAPITALS.get(word, word) for word in name.split("_")]
    first = words[0]
    return " ".join([first[:1].upper() + first[1:], *words[1:]])


def download_columns(columns: Sequence[Column[T]]) -> str:
    """The plain headers of a table's "Download what I see" file, as JSON for the table's `data-columns`."""
    return json.dumps([plain_header(column.name) for column in columns], ensure_ascii=False)


def download_row(columns: Sequence[Column[T]], source: T) -> str:
    """One row's published values as the data file writes them, as JSON for its `data-values`."""
    return json.dumps([cell_value(column.get(source)) for column in columns], ensure_ascii=False)


class DownloadRows(Mapping[Hashable, str]):
    """Each row's `download_row`, by key, made when a page asks for it (each row asks once): in serve, a long list's rows kept from
    the last build (see `PageRenderer.once_alike`) never ask. A row's values are its source's alone, so a row kept for
    its source's digest is kept with them."""

    def __init__(self, columns: Sequence[Column[T]], sources: Mapping[Hashable, T]) -> None:
        self.columns: Sequence[Column[Any]] = columns
        self.sources: Mapping[Hashable, Any] = sources

    def __getitem__(self, key: Hashable) -> str:
        return download_row(self.columns, self.sources[key])

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

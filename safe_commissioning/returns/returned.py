"""Read a provider's return: its cells with the master's own checks, and the request it answers.

A return is a file from outside, so it goes through the same door as the master
(`reading.parse_workbook`: the file traps, the size limits, every cell parsed and checked), read
with the request's sheets (`layout.RETURN_SCHEMA`). Its Return sheet says which request it answers.
Only values are ever read: formulas, links to other files and macros are reported and left behind,
and sheets the request did not have are ignored.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from safe_commissioning.returns.layout import GUIDES, RETURN, RETURN_SCHEMA
from safe_commissioning.returns.request_book import FINGERPRINT_HEADER, IDENTITY
from safe_commissioning.returns.requests import Fingerprint
from safe_commissioning.workbook.cells.text import clean_text, is_blank
from safe_commissioning.workbook.files.xlsx import RawWorkbook, open_workbook, sheet_key
from safe_commissioning.workbook.findings.places import NOWHERE
from safe_commissioning.workbook.findings.report import Report, WorkbookUnreadable
from safe_commissioning.workbook.reading import parse_workbook
from safe_commissioning.workbook.rows.parser import ParsedWorkbook

_FORMULA = re.compile(rb"<(?:\w+:)?f\b")


@dataclass(frozen=True)
class Identity:
    """Which request a return answers, as its Return sheet says."""

    provider: str
    report_date: date | None = None
    requested_on: date | None = None
    due_by: date | None = None
    fingerprints: tuple[Fingerprint, ...] = field(default_factory=tuple)


@dataclass
class Returned:
    """One return as read: its parsed sheets (with their findings) and its identity (None when unknown)."""

    path: Path
    parsed: ParsedWorkbook
    identity: Identity | None

    @property
    def report(self) -> Report:
        """Every problem found in the return."""
        return self.parsed.report


def read_return(path: Path, *, today: date) -> Returned:
    """Read the return at `path`; its report holds every problem found, its identity None if it has none."""
    parsed = parse_workbook(path, as_of=None, today=today, schema=RETURN_SCHEMA, also_known=GUIDES)
    if not parsed.sheets and not parsed.report.ok:  # the file itself is unusable: the report says why
        return Returned(path, parsed, None)
    try:
        raw = open_workbook(path)
    except WorkbookUnreadable as problem:  # e.g. replaced since it was parsed
        parsed.report.error("unreadable-file", "", NOWHERE, f"{path.name} {problem}")
        return Returned(path, parsed, None)
    _report_what_is_left_behind(path, parsed)
    identity = _identity(raw)
    if identity is None:
        parsed.report.error(
            "return-not-a-request",
            RETURN,
            NOWHERE,
            f"{path.name} has no readable Return sheet naming its provider, so it does not answer a request made "
            "by python build.py requests: nothing is merged from it",
        )
    return Returned(path, parsed, identity)


def _report_what_is_left_behind(path: Path, parsed: ParsedWorkbook) -> None:
    """One warning for formulas, links to other files and macros: their values are read, nothing else."""
    try:
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
            names = archive.namelist()
            formulas = sum(
                bool(_FORMULA.search(archive.read(name)))
                for name in names
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            )
    except (OSError, zipfile.BadZipFile):  # already reported by parse_workbook
        return
    found = []
    if formulas:
        found.append("formulas")
    if any(name.startswith("xl/externalLinks/") for name in names):
        found.append("links to other files")
    if any(name.endswith("vbaProject.bin") or name.startswith("xl/macrosheets/") for name in names):
        found.append("macros")
    if found:
        parsed.report.warning(
            "return-formulas",
            "",
            NOWHERE,
            f"{path.name} holds {' and '.join(found)}: only the values of its cells are read, and nothing else "
            "of it reaches the master",
        )


def _identity(raw: RawWorkbook) -> Identity | None:
    """The request's identity from the Return sheet, or None when there is no usable one."""
    name = next((n for n in raw.sheet_names if sheet_key(n) == sheet_key(RETURN)), None)
    if name is None:
        return None
    try:
        rows = raw.rows(name)
    except WorkbookUnreadable:
        return None
    labels: dict[str, object] = {}
    fingerprints: list[Fingerprint] = []
    in_table = False
    for cells in rows:
        text = [clean_text(cell) if not is_blank(cell) else "" for cell in (*cells, "", "", "", "")[:4]]
        if tuple(text) == FINGERPRINT_HEADER:
            in_table = True
        elif in_table and text[0] and text[1]:
            number = cells[2] if len(cells) > 2 else ""
            row = int(number) if isinstance(number, int | float) and not isinstance(number, bool) else 0
            fingerprints.append(Fingerprint(text[0], text[1], row, text[3]))
        elif not in_table and text[0] in IDENTITY:
            labels[text[0]] = cells[1] if len(cells) > 1 else ""
    provider = clean_text(labels.get("Provider", "")) if not is_blank(labels.get("Provider", "")) else ""
    if not provider:
        return None
    return Identity(
        provider,
        _date(labels.get("Report date")),
        _date(labels.get("Requested on")),
        _date(labels.get("Due by")),
        tuple(fingerprints),
    )


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value if not hasattr(value, "date") else value.date()  # a datetime is a date too
    try:
        return date.fromisoformat(clean_text(value))
    except (ValueError, TypeError):
        return None

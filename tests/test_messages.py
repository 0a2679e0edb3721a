"""Every finding code is registered once, used somewhere, and explained on the Messages page."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from safe_commissioning.resources import STATIC_DOCS, TEMPLATES
from safe_commissioning.workbook.findings.catalogue import CATALOGUE, MESSAGES, messages_page
from safe_commissioning.workbook.findings.messages import Message, Severity
from safe_commissioning.workbook.findings.places import NOWHERE, Place, place_of
from safe_commissioning.workbook.findings.report import Finding, Report

PACKAGE = Path(__file__).resolve().parent.parent / "safe_commissioning"
PAGE = STATIC_DOCS / "internal" / "messages.md"
CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # a finding's code; a message written to a log has spaces
# The calls that name a finding's code, and which of their arguments it is.
CODE_ARGUMENT = {
    "error": 0,
    "warning": 0,
    "warn": 0,
    "_sheet_error": 0,
    "CellProblem": 0,
    "Problem": 0,
    "Gap": 0,
    "Noted": 1,
    "Finding": 1,
    "at": 1,
}


def codes_in_use() -> dict[str, set[str]]:
    """Each code written in a call that makes a finding, and the modules that write it."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            position = CODE_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if (
                isinstance(argument, ast.Constant)
                and isinstance(argument.value, str)
                and CODE.fullmatch(argument.value)
            ):
                found.setdefault(argument.value, set()).add(path.name)
    return found


def test_every_code_the_package_writes_is_registered() -> None:
    unregistered = {code: sorted(where) for code, where in codes_in_use().items() if code not in MESSAGES}
    assert unregistered == {}


def test_every_registered_code_is_written_somewhere() -> None:
    assert sorted(set(MESSAGES) - set(codes_in_use())) == []


def test_each_code_is_registered_once_with_a_title_and_what_to_do() -> None:
    codes = [message.code for message in CATALOGUE]
    assert len(codes) == len(set(codes))
    for message in CATALOGUE:
        assert message.help.endswith("."), message.code
        assert message.title[:1].isupper(), message.code
        assert not message.title.endswith("."), message.code


def test_the_messages_page_is_written_from_the_catalogue() -> None:
    # After changing the catalogue: python scripts/write_messages_page.py
    assert PAGE.read_text(encoding="utf-8") == messages_page()


@pytest.mark.parametrize("message", CATALOGUE, ids=lambda message: message.code)
def test_the_messages_page_lists_each_code_with_its_severity_title_and_help(message: Message) -> None:
    prefix = f'| <code id="{message.code}">{message.code}</code> |'  # the anchor Data quality links to
    (row,) = [line for line in PAGE.read_text(encoding="utf-8").splitlines() if line.startswith(prefix)]
    assert f"| {message.severity.value}" in row
    assert message.title in row
    assert message.help in row


def test_the_data_quality_page_links_to_the_messages_page_and_each_finding_to_its_code() -> None:
    template = (TEMPLATES / "internal" / "data-quality.md.j2").read_text(encoding="utf-8")
    assert "(messages.md)" in template
    rows = [line for line in template.splitlines() if "{{ f.code }}" in line]
    assert len(rows) == 2  # the warnings, and the register's gaps
    assert all('<a href="messages.html#{{ f.code }}"><code>{{ f.code }}</code></a>' in row for row in rows)


def test_a_finding_with_an_unregistered_code_or_severity_is_refused() -> None:
    with pytest.raises(ValueError, match="not registered"):
        Report().error("no-such-check", "Contracts", NOWHERE, "…")
    with pytest.raises(ValueError, match="not registered"):
        Report().error("extra-column", "Contracts", NOWHERE, "…")  # registered as a warning only


def test_a_finding_keeps_its_row_and_column_as_numbers_and_shows_excels_cell() -> None:
    report = Report()
    report.error("date-order", "Contracts", Place(14, 6), "End date 2023-01-31 is before Start date 2024-04-01")
    report.warning("missing-sheet", "Caseload", NOWHERE, "No 'Caseload' sheet")
    report.warning("date-order", "Sourcing plan", Place(3), "…")
    cell, sheet, row = report.findings
    assert (cell.row, cell.column, cell.cell, cell.location) == (14, 6, "F14", "Contracts!F14")
    assert cell.format() == "Contracts!F14: End date 2023-01-31 is before Start date 2024-04-01"
    assert (sheet.row, sheet.column, sheet.cell, sheet.location) == (None, None, "", "Caseload")
    assert (row.cell, row.location) == ("3", "Sourcing plan!3")
    assert cell.kind.severity is Severity.ERROR
    assert cell.kind.title == "Dates are in the wrong order"


@pytest.mark.parametrize(
    ("cell", "place"), [("A1", Place(1, 1)), ("F14", Place(14, 6)), ("XFD1048576", Place(1048576, 16384))]
)
def test_a_cell_name_and_its_place_are_one_another(cell: str, place: Place) -> None:
    assert place_of(cell) == place
    assert place.cell == cell
    assert Finding.at(Severity.WARNING, "far-cell", "Contracts", place, "…").cell == cell

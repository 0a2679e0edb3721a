"""The action log's `About` column: it must name a record the workbook holds (reference §2.2 Actions).

An `About` may be a Contract ID, a Placement ID, an Alert ID, a provider's name or a sourcing-plan
project, matched as the workbook matches references (whatever the case or spacing). One that names
nothing is an error naming the cell, with the nearest match where one is close, so a mistyped ID
never leaves an action unseen beside the wrong item or none.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from safe_commissioning.workbook.cells.text import match_key
from safe_commissioning.workbook.findings.report import Report

if TYPE_CHECKING:
    from safe_commissioning.workbook.rows.parser import ParsedSheet

# (sheet, field, what it names): where an About may point, in the order a clash is resolved
ABOUT_TARGETS = (
    ("Contracts", "contract_id", "Contract ID"),
    ("Placements", "placement_id", "Placement ID"),
    ("Quality alerts", "alert_id", "Alert ID"),
    ("Providers", "provider", "provider"),
    ("Sourcing plan", "project", "Sourcing plan project"),
)
NEAREST_CUTOFF = 0.75  # how alike an About and a known name must be for the message to suggest it


def check_actions(parsed: dict[str, ParsedSheet], report: Report) -> None:
    """An error for every About that names no record; every other About takes its record's own spelling."""
    actions = parsed.get("Actions")
    if actions is None:
        return
    known: dict[str, str] = {}
    for sheet, field_name, _ in ABOUT_TARGETS:
        for row in parsed[sheet].rows if sheet in parsed else ():
            value = row.values.get(field_name)
            if isinstance(value, str):
                known.setdefault(match_key(value), value)
    for row in actions.rows:
        about = row.values.get("about")
        if not isinstance(about, str):
            continue
        found = known.get(match_key(about))
        if found is not None:
            row.values["about"] = found
            continue
        nearest = difflib.get_close_matches(about, list(known.values()), n=1, cutoff=NEAREST_CUTOFF)
        hint = f"did you mean '{nearest[0]}'? " if nearest else ""
        actions.error(
            "unknown-action-subject",
            "about",
            row,
            f"'{about}' names no contract, placement, alert, provider or sourcing-plan project: {hint}write the ID "
            "or name as its own sheet spells it",
            report=report,
        )

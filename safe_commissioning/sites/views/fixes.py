"""The fix named: for each element a rule found short, what to change and in which cell.

The rule's element knows its cells (by field and row) and why it falls short; this writes the
sentence an officer acts on, naming only the cells to change: `DBS!F3: issued 1 Mar 2021, so the
recheck fell due on 1 Mar 2024: enter the new certificate's issue date in DBS!F3, or a recheck date
in DBS!G3`. A DBS record's certificate number, read to weigh it, needs no change and is not named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from safe_commissioning.rules.provider_assurance import INSURANCE_MINIMUMS
from safe_commissioning.rules.results import IGNORED_FUTURE, Element, Status
from safe_commissioning.words import capitalised, long_date, short_pounds
from safe_commissioning.workbook.records import Workbook
from safe_commissioning.workbook.schema.choices import CLAUSE_FIELDS, POLICY_FIELDS

# Dated evidence: (what it is, what to enter). The field is the element's first cell's.
DATED = {
    "self_assessment_date": ("self-assessment", "the date of the provider's latest partnership self-assessment"),
    "last_thematic_check": ("thematic check", "the date of the latest thematic check"),
    **dict.fromkeys(POLICY_FIELDS, ("review", "the date of its latest review")),
}
# Yes/No evidence: what makes the answer Yes.
ANSWERED = {
    "partnership_updates": "once the provider receives the partnership's updates and can join its training",
    "safeguarding_metrics": "once safeguarding metrics are in the contract",
    **dict.fromkeys(CLAUSE_FIELDS, "once the contract includes it"),
}
COVERS = {field: minimum for field, _, minimum in INSURANCE_MINIMUMS}
SHORT = frozenset({Status.NOT_MET, Status.PARTLY_MET, Status.NOT_EVIDENCED})


@dataclass(frozen=True)
class Fix:
    """What to change for one element, and where."""

    where: str  # only the cells to change, as the pages print them: `DBS!F3, DBS!G3`
    sentence: str


def element_fixes(elements: Sequence[Element], workbook: Workbook) -> list[Fix]:
    """The fix for each element short of met, in the elements' order (none for elements with nothing to change)."""
    return [fix for e in elements if e.status in SHORT and (fix := element_fix(e, workbook)) is not None]


def element_fix(element: Element, workbook: Workbook) -> Fix | None:
    """What to change for one element short of met, or None when no cell of the workbook would change it."""
    if not element.cells:
        return _no_cells(element)
    first = element.cells[0]
    address = workbook.cell(first.sheet, first.field, first.row)
    if first.sheet == "DBS":
        return _dbs(element, workbook)
    if first.field in DATED:
        return _dated(element, address, *DATED[first.field])
    if first.field in ANSWERED:
        return _answered(element, address, ANSWERED[first.field])
    if first.field in COVERS:
        return _cover(element, address, COVERS[first.field])
    if first.field == "insurance_expiry_date":
        return _insurance_expiry(element, address)
    if first.field == "staff_in_contact":
        return Fix(
            address,
            f"{address}: {element.value} declared in contact with children, {element.note}: add a row on the "
            f"DBS sheet for each, or correct the number in {address}",
        )
    if first.field == "meeting_date":
        return _meeting(element, address)
    if first.field == "safeguarding_discussed":
        return _discussed(element)
    return None


def _dated(element: Element, address: str, thing: str, what: str) -> Fix:
    day = element.value if isinstance(element.value, date) else None
    if day is None:
        return Fix(address, f"{address}: no {thing} date recorded: enter {what} in {address}")
    if element.note == IGNORED_FUTURE:
        return Fix(
            address,
            f"{address}: {thing} dated {long_date(day)}, after the report date, so it is ignored: "
            f"correct the date in {address} if it was mistyped",
        )
    cutoff = element.required if isinstance(element.required, date) else None
    before = f", before {long_date(cutoff)}" if cutoff else ""
    return Fix(address, f"{address}: {thing} dated {long_date(day)}{before}: enter {what} in {address}")


def _answered(element: Element, address: str, when: str) -> Fix:
    if element.value is None:
        return Fix(address, f"{address}: {element.name}: not recorded: enter Yes or No in {address}")
    return Fix(address, f"{address}: {element.name}: No: enter Yes in {address} {when}")


def _cover(element: Element, address: str, minimum: float) -> Fix:
    if element.value is None:
        return Fix(address, f"{address}: {element.note}: enter the cover on the provider's certificate in {address}")
    return Fix(
        address,
        f"{address}: {element.note}: enter in {address} the cover of a certificate of at least "
        f"{short_pounds(minimum)} once the provider has one",
    )


def _insurance_expiry(element: Element, address: str) -> Fix:
    if element.value is None:
        return Fix(address, f"{address}: no expiry date recorded: enter the certificate's expiry date in {address}")
    return Fix(address, f"{address}: {element.note}: enter the new certificate's expiry date in {address}")


def _dbs(element: Element, workbook: Workbook) -> Fix | None:
    """A member of staff: name only the cells that would change, never the certificate number if it is there."""
    row = element.cells[0].row
    record = next((r for r in workbook.dbs if r.row == row), None)

    def at(field: str) -> str:
        return workbook.cell("DBS", field, row)

    issue, recheck, number = at("issue_date"), at("recheck_date"), at("certificate_number")
    parts: list[tuple[tuple[str, ...], str]] = []
    if "no DBS number" in element.note:
        parts.append(((number,), f"{number}: no DBS number: enter the certificate number in {number}"))
    issued = record.issue_date if record is not None else None
    due = element.value if isinstance(element.value, date) else None
    if "issued after the report date" in element.note:
        parts.append(
            (
                (issue,),
                f"{issue}: issued {long_date(issued)}, after the report date, so it is ignored: "
                f"correct the date in {issue} if it was mistyped",
            )
        )
    elif "no issue or recheck date" in element.note:
        parts.append(
            (
                (issue, recheck),
                f"{issue}: no issue date: enter the certificate's issue date in {issue}, or a recheck date in {recheck}",
            )
        )
    elif "recheck date passed" in element.note and record is not None and record.recheck_date is not None:
        parts.append(
            (
                (recheck,),
                f"{recheck}: the recheck fell due on {long_date(due)}: once it is done, enter the new "
                f"certificate's issue date in {issue} and the next recheck date in {recheck}",
            )
        )
    elif "recheck date passed" in element.note:
        parts.append(
            (
                (issue, recheck),
                f"{issue}: issued {long_date(issued)}, so the recheck fell due on {long_date(due)}: enter the "
                f"new certificate's issue date in {issue}, or a recheck date in {recheck}",
            )
        )
    if not parts:
        return None
    cells = dict.fromkeys(cell for where, _ in parts for cell in where)
    return Fix(", ".join(cells), "; ".join(sentence for _, sentence in parts))


def _meeting(element: Element, address: str) -> Fix:
    cutoff = element.required if isinstance(element.required, date) else None
    day = element.value if isinstance(element.value, date) else None
    return Fix(
        "Monitoring",
        f"{address}: last monitoring meeting {long_date(day)}; the schedule needs one on or after "
        f"{long_date(cutoff)}: hold a monitoring meeting and add it to the Monitoring sheet",
    )


def _no_cells(element: Element) -> Fix | None:
    if element.name.startswith("Monitoring on schedule"):
        return Fix("Monitoring", "No monitoring meeting recorded: hold one and add it to the Monitoring sheet")
    return None


def _discussed(element: Element) -> Fix:
    if element.note.startswith("no meeting"):
        return Fix(
            "Monitoring",
            f"{capitalised(element.note)}: hold a monitoring meeting, discuss safeguarding at it and add it to "
            "the Monitoring sheet",
        )
    return Fix(
        "Monitoring",
        f"Monitoring sheet: safeguarding {element.note}: discuss it at the next monitoring meeting and record Yes in that "
        "meeting's Safeguarding discussed column on the Monitoring sheet",
    )

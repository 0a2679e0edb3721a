"""What a rule gives back: a status, the sentence that explains it, and the evidence it weighed.

The evidence is data, element by element (a policy, a type of cover, a clause element, a member
of staff): the value as recorded, the cells it came from and that element's own status. The
sentence, the tables on the pages, the data files and the action list all read this one object,
so none of them can disagree with the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    """A rule's outcome, in the fixed words of the data files."""

    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NOT_EVIDENCED = "not_evidenced"
    NOT_APPLICABLE = "not_applicable"


# A rule status in words, as every page, the committee pack and the CLI write it
RULE_STATUS_LABELS = {
    Status.MET: "Met",
    Status.PARTLY_MET: "Partly met",
    Status.NOT_MET: "Not met",
    Status.NOT_EVIDENCED: "Not evidenced",
    Status.NOT_APPLICABLE: "Not applicable",
}

IGNORED_FUTURE = "dated after the report date: ignored"

Value = date | float | int | bool | str | None


@dataclass(frozen=True, slots=True)
class Cell:
    """Where a value was read: a sheet, the record's field, and the record's row."""

    sheet: str
    field: str
    row: int


@dataclass(frozen=True, slots=True)
class Element:
    """One piece of evidence a rule weighed, with its own status: a policy, a cover, a clause element."""

    name: str  # as the pages name it: "Safeguarding policy", "Employer's liability", "S-104"
    value: Value  # as recorded (None when blank); a date after the report date is kept, and ignored
    status: Status
    note: str = ""  # why, in a few words: "below the £10m minimum", "dated after the report date: ignored"
    required: Value = None  # the bar it is held to: a minimum amount, the earliest date that counts
    due: date | None = None  # when it falls due again (a review, a recheck, an expiry); None when ignored
    cells: tuple[Cell, ...] = ()
    where: str = ""  # the cells as the pages print them (`Policies!C4`), filled in by the assessment

    @property
    def label(self) -> str:
        """The element's status in words."""
        return RULE_STATUS_LABELS[self.status]


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One rule's outcome for one contract (or provider): status, the human reason, the evidence."""

    rule_id: str
    status: Status
    detail: str
    # The status in words where the rule knows better ones (OFS: "Not yet inspected"); else the status's own.
    label: str | None = None
    elements: tuple[Element, ...] = ()

    def element(self, name: str) -> Element:
        """The element of this name."""
        return next(e for e in self.elements if e.name == name)


def not_applicable(rule_id: str, reason: str = "The contract does not work with children.") -> RuleResult:
    """The result every rule gives for a contract outside the minimum expectations."""
    return RuleResult(rule_id, Status.NOT_APPLICABLE, reason)


def ignoring_future(day: date | None, report_date: date) -> date | None:
    """The date if it is on or before the report date, else None: later evidence is ignored."""
    return day if day is not None and day <= report_date else None

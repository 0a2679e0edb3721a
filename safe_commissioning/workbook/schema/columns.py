"""What a sheet and a column are: a header, the record field it fills, and how its cells are read."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from enum import StrEnum


class Kind(StrEnum):
    """What a column holds, and so how its cells are parsed."""

    TEXT = "text"
    DATE = "date"
    YES_NO = "Yes/No"
    MONEY = "money (£)"
    WHOLE_NUMBER = "whole number"
    CHOICE = "choice"
    COMPANY_NUMBER = "company number"
    CHARITY_NUMBER = "charity number"
    MUTUALS_NUMBER = "mutuals number"
    PPON = "PPON"
    DBS_NUMBER = "DBS certificate number"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet: its header, the record field it fills and how it is parsed."""

    header: str
    field: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    personal: bool = False  # never echoed in a message or shown on any page
    width: int = 16
    # A value that does not parse is a warning and read as blank, not an error: for optional columns
    # added after the first template, so that a typo in one of them never stops the build.
    lenient: bool = False


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet of the workbook."""

    name: str
    columns: tuple[Column, ...]
    required: bool = False
    help: str = ""
    restricted: bool = False
    record: type | None = None  # the dataclass one row becomes; its fields are the columns' fields and `row`
    # False for a sheet a command creates when first needed (Returns): its absence is no gap in the data.
    warn_if_missing: bool = True

    def __post_init__(self) -> None:
        """Refuse a sheet whose columns do not fill its record's fields exactly: the two must never drift apart."""
        if self.record is None:
            return
        declared = [f.name for f in dataclasses.fields(self.record) if f.name != "row"]
        filled = [column.field for column in self.columns]
        if sorted(declared) != sorted(filled) or len(set(filled)) != len(filled):
            raise TypeError(
                f"the {self.name} sheet's columns fill {sorted(set(filled) - set(declared))} that "
                f"{self.record.__name__} lacks, and leave {sorted(set(declared) - set(filled))} unfilled"
            )

    @property
    def attribute(self) -> str:
        """The Workbook field holding this sheet's records: `Quality alerts` → `quality_alerts`."""
        return self.name.casefold().replace(" ", "_")

    def column(self, field: str) -> Column:
        """Return the column that fills `field`."""
        for column in self.columns:
            if column.field == field:
                return column
        raise KeyError(field)


def text(
    header: str, field: str, help: str = "", *, required: bool = False, width: int = 16, personal: bool = False
) -> Column:
    """A text column."""
    return Column(header, field, Kind.TEXT, required=required, help=help, personal=personal, width=width)


def date(header: str, field: str, help: str = "", required: bool = False) -> Column:
    """A date column."""
    return Column(header, field, Kind.DATE, required=required, help=help, width=14)


def yes_no(header: str, field: str, help: str = "", required: bool = False) -> Column:
    """A Yes/No column."""
    return Column(header, field, Kind.YES_NO, required=required, help=help, width=12)


def money(header: str, field: str, help: str = "") -> Column:
    """A column of pounds."""
    return Column(header, field, Kind.MONEY, help=help, width=14)


def count(header: str, field: str, help: str = "") -> Column:
    """A whole-number column."""
    return Column(header, field, Kind.WHOLE_NUMBER, help=help, width=12)


def choice(header: str, field: str, choices: tuple[str, ...], help: str = "", required: bool = False) -> Column:
    """A column whose cells are one of `choices`, as wide as the longest."""
    width = max(14, min(34, max(len(c) for c in choices) + 2))
    return Column(header, field, Kind.CHOICE, required=required, choices=choices, help=help, width=width)


def lenient(column: Column) -> Column:
    """`column`, read leniently: a value that does not parse is a warning and read as blank."""
    return replace(column, lenient=True)

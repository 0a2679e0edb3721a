"""What a request holds: its sheets and columns, taken from the master's own schema.

A request uses the master's sheet names, headers and column definitions, so one reader and one set
of cell checks serve the master and a return alike. It carries fewer columns (only what the
provider can answer) and two more on the DBS sheet: `Still on this contract`, and `We hold its
number`, which marks a certificate number the council holds and does not send out.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from safe_commissioning.workbook.cells.text import match_key
from safe_commissioning.workbook.schema.choices import POLICY_FIELDS
from safe_commissioning.workbook.schema.columns import Column, Sheet, text, yes_no
from safe_commissioning.workbook.schema.sheets import CONTRACTS, DBS, POLICIES_SHEET, PROVIDERS, SAFEGUARDING

INSTRUCTIONS = "Instructions"
WHAT_WE_NEED = "What we need"
RETURN = "Return"
STILL_ON_CONTRACT = yes_no(
    "Still on this contract",
    "still_on_contract",
    "No if this member of staff no longer works on the contract: we then remove their row (blank: Yes).",
)
NUMBER_HELD = text(
    "We hold its number",
    "number_held",
    "Yes where we already hold the DBS certificate number: we do not send it out. Leave the number blank "
    "unless the certificate has changed.",
    width=14,
)


def _subset(sheet: Sheet, fields: tuple[str, ...], *extra: Column) -> Sheet:
    """`sheet` with only the columns filling `fields` (in the master's order) and then `extra`."""
    columns = tuple(column for column in sheet.columns if column.field in fields)
    return Sheet(sheet.name, (*columns, *extra), required=True, help=sheet.help)


REQUEST_PROVIDERS = _subset(PROVIDERS, tuple(column.field for column in PROVIDERS.columns))
REQUEST_POLICIES = _subset(POLICIES_SHEET, ("provider", *POLICY_FIELDS))
REQUEST_SAFEGUARDING = _subset(SAFEGUARDING, ("contract_id", "self_assessment_date", "staff_in_contact"))
REQUEST_DBS = _subset(DBS, tuple(column.field for column in DBS.columns), NUMBER_HELD, STILL_ON_CONTRACT)
REQUEST_CONTRACTS = _subset(CONTRACTS, ("contract_id", "title", "start_date", "end_date"))

# The sheets a return is read with, in the order a request shows them after its two guides.
RETURN_SCHEMA: tuple[Sheet, ...] = (
    REQUEST_PROVIDERS,
    REQUEST_POLICIES,
    REQUEST_SAFEGUARDING,
    REQUEST_DBS,
    REQUEST_CONTRACTS,
)
GUIDES = frozenset({INSTRUCTIONS, WHAT_WE_NEED, RETURN})

# Each answerable sheet's key (the fields naming its row) and the fields a return may change.
KEYS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "Providers": ("provider",),
        "Policies": ("provider",),
        "Safeguarding": ("contract_id",),
        "DBS": ("contract_id", "staff_reference"),
    }
)
EDITABLE: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        sheet.name: tuple(
            column.field
            for column in sheet.columns
            if column.field not in KEYS[sheet.name] and column not in (NUMBER_HELD, STILL_ON_CONTRACT)
        )
        for sheet in RETURN_SCHEMA
        if sheet.name in KEYS
    }
)
# The fields a fingerprint covers: what the request showed of the row.
SHOWN: Mapping[str, tuple[str, ...]] = MappingProxyType({name: (*KEYS[name], *EDITABLE[name]) for name in KEYS})


def key_of(sheet: str, values: Mapping[str, object]) -> tuple[str, ...]:
    """A row's key as rows are matched: case and repeated spaces ignored."""
    return tuple(match_key(str(values.get(field, "") or "")) for field in KEYS[sheet])


def key_text(sheet: str, values: Mapping[str, object]) -> str:
    """A row's key as written on the Return sheet and in messages: `C-1 / S-004`."""
    return " / ".join(str(values.get(field, "") or "") for field in KEYS[sheet])

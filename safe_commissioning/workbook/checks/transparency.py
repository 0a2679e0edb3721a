"""Gaps in the published register against the Local Government Transparency Code 2015.

The Code asks a council to publish every contract worth more than £5,000 with, among other
details, its value, a description, its start, end and review dates and the supplier's details.
A published contract (Publish not No) whose annual or total value is over £5,000 and lacks one
of these gets a warning naming the cell to fill in, quoting what the Code asks for. The
warnings go into the build's one report; the Data quality page lists them as "Register gaps".

Two of the checks cannot fire from a workbook today, and are kept so the rule reads whole and
holds for records made in code: a contract is only known to be over £5,000 through a value, and
Start date and End date are required cells (a blank one is an error that stops the build). A
published contract with no value at all is not reported: nobody can tell whether the Code
covers it, and most small spot purchases are below the threshold.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from safe_commissioning.words import a_or_an, pounds
from safe_commissioning.workbook.findings.messages import Severity
from safe_commissioning.workbook.findings.places import NOWHERE, Place, column_index
from safe_commissioning.workbook.findings.report import Finding
from safe_commissioning.workbook.records import Contract, Provider, Workbook
from safe_commissioning.workbook.schema.sheets import SHEETS_BY_NAME

THRESHOLD = 5_000  # pounds: the Code covers contracts whose value exceeds this
CODE = "Local Government Transparency Code 2015"
GAP_CODES = ("register-gap-value", "register-gap-description", "register-gap-dates", "register-gap-supplier-id")

# What the Code asks for, in its words, for each gap.
ASKS = {
    "register-gap-value": "the sum to be paid over the length of the contract or the estimated annual spending "
    "or budget for the contract",
    "register-gap-description": "a description of the goods and/or services being provided",
    "register-gap-dates": "the start, end and review dates",
    "register-gap-supplier-id": "the supplier name and details, with the relevant registration number",
}
COMPANY_TYPES = frozenset({"Company", "Community interest company"})  # both are on the Companies House register


@dataclass(frozen=True, slots=True)
class Gap:
    """One missing Transparency Code field of one published contract."""

    code: str
    sheet: str
    field: str  # the record field to fill in
    row: int
    what: str  # what is missing, as the message says it: "has no description"


def in_scope(contract: Contract) -> bool:
    """True for a published contract whose annual or total value is over the Code's £5,000."""
    values = (contract.annual_value, contract.total_value)
    return contract.publish and any(value is not None and value > THRESHOLD for value in values)


def gaps(contract: Contract, supplier: Provider) -> Iterator[Gap]:
    """Every Transparency Code field a published contract over £5,000 lacks."""
    if not in_scope(contract):
        return
    row = contract.row
    if contract.annual_value is None and contract.total_value is None:  # see the module's docstring
        yield Gap("register-gap-value", "Contracts", "total_value", row, "has no annual or total value")
    if not contract.description:
        yield Gap("register-gap-description", "Contracts", "description", row, "has no description")
    for field, label in (("start_date", "start date"), ("end_date", "end date")):
        if getattr(contract, field, None) is None:
            yield Gap("register-gap-dates", "Contracts", field, row, f"has no {label}")
    if supplier.organisation_type in COMPANY_TYPES and not supplier.company_number:
        yield Gap(
            "register-gap-supplier-id",
            "Providers",
            "company_number",
            supplier.row,
            f"its supplier {supplier.provider} is {a_or_an(supplier.organisation_type)} with no Company number",
        )
    elif supplier.organisation_type == "Charity" and not supplier.charity_number:
        yield Gap(
            "register-gap-supplier-id",
            "Providers",
            "charity_number",
            supplier.row,
            f"its supplier {supplier.provider} is a charity with no Charity number",
        )


def _header(gap: Gap) -> str:
    """The column to fill in, as its header reads; for a missing value, either of the two."""
    sheet = SHEETS_BY_NAME[gap.sheet]
    header = sheet.column(gap.field).header
    return f"{header} (or {sheet.column('annual_value').header})" if gap.field == "total_value" else header


def register_gaps(workbook: Workbook) -> list[Finding]:
    """A warning, naming the cell to fill in, for each Transparency Code field a published contract lacks."""
    providers = {p.provider: p for p in workbook.providers}
    findings = []
    for contract in workbook.contracts:
        supplier = providers.get(contract.supplier)
        if supplier is None:
            continue
        for gap in gaps(contract, supplier):
            letter = workbook.columns.get(gap.sheet, {}).get(gap.field, "")
            fix = (
                f"fill in {_header(gap)}"
                if letter
                else f"add a {_header(gap)} column to the {gap.sheet} sheet and fill in row {gap.row}"
            )
            findings.append(
                Finding.at(
                    Severity.WARNING,
                    gap.code,
                    gap.sheet,
                    Place(gap.row, column_index(letter) + 1) if letter else NOWHERE,
                    f"Published contract {contract.contract_id} is over {pounds(THRESHOLD)} but {gap.what}: the {CODE} asks for "
                    f"{ASKS[gap.code]}; {fix}",
                )
            )
    return findings

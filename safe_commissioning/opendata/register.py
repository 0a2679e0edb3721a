"""The public register as open data: contracts.csv/.json and sourcing_plan.csv (SPEC §4).

Only published rows, and only the Local Government Transparency Code 2015 contract fields:
nothing from DBS, placements, monitoring, alerts, managers, leads or notes can reach these
files, because they are built from an explicit list of public fields and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from safe_commissioning.opendata.datafiles import json_lines, write_csv
from safe_commissioning.workbook.records import Contract, Provider, SourcingPlanItem, Workbook

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
TENDERED = {
    "Request for quotation": "invitation_to_quote",
    "Operational purchasing": "invitation_to_quote",
    "Strategic purchasing": "invitation_to_tender",
    "Framework call-off": "framework",
    "Spot purchase": "direct_award",
    "Service level agreement": "other",
    "Delegated to another authority": "other",
}

REGISTER_COLUMNS = (
    "reference",
    "title",
    "department",
    "service_area",
    "description",
    "supplier_name",
    "supplier_company_number",
    "supplier_charity_number",
    "sme",
    "vcse",
    "procurement_route",
    "tendered",
    "start_date",
    "end_date",
    "review_date",
    "extension_end_date",
    "annual_value",
    "total_value",
    "irrecoverable_vat",
)
SOURCING_COLUMNS = (
    "project",
    "service_area",
    "related_contract_id",
    "estimated_total_value",
    "procurement_route",
    "procurement_start",
    "contract_start",
    "status",
    "description",
    "estimated_contract_end",
    "lots",
    "contact",
    "notice_url",
    "main_category",
    "suitable_for_sme_vcse",
)

# The data dictionary of the open-data page: column → (type, meaning)
REGISTER_DICTIONARY = {
    "reference": ("text", "The council's reference for the contract."),
    "title": ("text", "Title of the contract."),
    "department": (
        "text",
        "The department responsible (the contract's own, else the council's commissioning department).",
    ),
    "service_area": ("text", "The service area that commissions it."),
    "description": ("text", "What the contract provides."),
    "supplier_name": ("text", "The organisation the contract is with."),
    "supplier_company_number": (
        "text",
        "Companies House number, 8 characters (blank if not a company, or if the number is not recognised).",
    ),
    "supplier_charity_number": (
        "text",
        "Charity number: England and Wales 6 to 8 digits (optionally -N), Scotland SC0 and 5 digits, "
        "Northern Ireland NIC and digits (blank if not a charity, or if the number is not recognised).",
    ),
    "sme": ("yes/no", "Whether the supplier is a small or medium-sized enterprise (blank if not recorded)."),
    "vcse": ("yes/no", "Whether the supplier is a voluntary, community or social enterprise (blank if not recorded)."),
    "procurement_route": ("text", "How the contract was bought, under the council's procurement code."),
    "tendered": (
        "code",
        "invitation_to_quote, invitation_to_tender, framework, direct_award or other, from the procurement route.",
    ),
    "start_date": ("date", "First day of the contract (YYYY-MM-DD)."),
    "end_date": ("date", "Last day of the current term (YYYY-MM-DD)."),
    "review_date": ("date", "Next review date (YYYY-MM-DD), if set."),
    "extension_end_date": ("date", "Last day if every extension is used (YYYY-MM-DD), if any."),
    "annual_value": ("number", "Value per year in pounds sterling."),
    "total_value": ("number", "Whole-life value in pounds sterling."),
    "irrecoverable_vat": ("number", "VAT the council cannot recover, in pounds sterling."),
}
SOURCING_DICTIONARY = {
    "project": ("text", "The planned procurement."),
    "service_area": ("text", "The service area it is for."),
    "related_contract_id": ("text", "The register reference of the contract it replaces or extends, if any."),
    "estimated_total_value": ("number", "Estimated whole-life value in pounds sterling."),
    "procurement_route": ("text", "The intended procurement route."),
    "procurement_start": ("date", "When the procurement is expected to start (YYYY-MM-DD)."),
    "contract_start": ("date", "When the new contract is expected to start (YYYY-MM-DD)."),
    "status": ("text", "Planned, In progress, Awarded or Cancelled."),
    "description": ("text", "What will be bought."),
    "estimated_contract_end": ("date", "When the new contract is expected to end (YYYY-MM-DD)."),
    "lots": ("text", "How the procurement is divided into lots, if it is."),
    "contact": ("text", "Who to ask about it: an email address or a web page."),
    "notice_url": ("text", "The Find a Tender or Contracts Finder notice, once published."),
    "main_category": ("text", "Goods, Services or Works."),
    "suitable_for_sme_vcse": (
        "yes/no",
        "Whether it is suitable for small and medium-sized enterprises and voluntary, community and social "
        "enterprises (blank if not recorded).",
    ),
}


@dataclass(frozen=True)
class RegisterEntry:
    """One published contract as the public register shows it."""

    contract: Contract
    supplier: Provider
    department: str

    @property
    def tendered(self) -> str:
        return TENDERED[self.contract.procurement_route]

    def row(self) -> tuple[object, ...]:
        """The entry in REGISTER_COLUMNS order."""
        c, s = self.contract, self.supplier
        return (
            c.contract_id,
            c.title,
            self.department,
            c.service_area,
            c.description,
            s.provider,
            s.public_company_number,
            s.public_charity_number,
            s.sme,
            s.vcse,
            c.procurement_route,
            self.tendered,
            c.start_date,
            c.end_date,
            c.review_date,
            c.extension_end_date,
            c.annual_value,
            c.total_value,
            c.irrecoverable_vat,
        )


def register(workbook: Workbook) -> list[RegisterEntry]:
    """Every contract whose Publish is not No, by reference."""
    providers = {p.provider: p for p in workbook.providers}
    department = workbook.settings.department
    return [
        RegisterEntry(contract, providers[contract.supplier], contract.department or department)
        for contract in sorted(workbook.contracts, key=lambda c: c.contract_id)
        if contract.publish
    ]


def published_plan(workbook: Workbook) -> list[SourcingPlanItem]:
    """Sourcing plan rows whose Publish is not No, by expected procurement start.

    A row's related contract ID is kept only when that contract is itself published.
    """
    published = {c.contract_id for c in workbook.contracts if c.publish}
    return sorted(
        (
            item if item.related_contract_id in published else replace(item, related_contract_id="")
            for item in workbook.sourcing_plan
            if item.publish
        ),
        key=lambda i: (i.procurement_start or date.max, i.contract_start or date.max, i.project.casefold()),
    )


def _plan_row(item: SourcingPlanItem) -> tuple[object, ...]:
    return (
        item.project,
        item.service_area,
        item.related_contract_id,
        item.estimated_total_value,
        item.procurement_route,
        item.procurement_start,
        item.contract_start,
        item.status,
        item.description,
        item.estimated_contract_end,
        item.lots,
        item.contact,
        item.notice_url,
        item.main_category,
        item.suitable_for_sme_vcse,
    )


def _json_value(value: object) -> object:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def write_open_data(entries: Sequence[RegisterEntry], plan: Sequence[SourcingPlanItem], folder: Path) -> list[Path]:
    """Write contracts.csv, contracts.json and sourcing_plan.csv into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [entry.row() for entry in entries]
    write_csv(folder / "contracts.csv", REGISTER_COLUMNS, rows)
    records = [dict(zip(REGISTER_COLUMNS, (_json_value(v) for v in row), strict=True)) for row in rows]
    (folder / "contracts.json").write_text(json_lines(records), encoding="utf-8")
    write_csv(folder / "sourcing_plan.csv", SOURCING_COLUMNS, [_plan_row(item) for item in plan])
    return [folder / "contracts.csv", folder / "contracts.json", folder / "sourcing_plan.csv"]

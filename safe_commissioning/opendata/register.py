"""The public register as open data: contracts.csv/.json and sourcing_plan.csv (reference §4.2).

Only published rows, and only the Local Government Transparency Code 2015 contract fields:
nothing from DBS, placements, monitoring, alerts, managers, leads or notes can reach these
files, because they are built from an explicit list of public fields and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from safe_commissioning.opendata.datafiles import Column, json_lines, names, rows_of, write_csv
from safe_commissioning.words import page_slug
from safe_commissioning.workbook.records import Contract, Provider, Settings, SourcingPlanItem, Workbook
from safe_commissioning.workbook.settings.definitions import EXAMPLE_OCDS_PREFIX

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
WITHHELD_NAME = "Individual (name withheld)"


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
        return tuple(column.get(self) for column in REGISTER_FIELDS)


@dataclass(frozen=True)
class PlanRow:
    """One published sourcing-plan row with its stable key and the ocid of its planning release."""

    item: SourcingPlanItem
    key: str
    ocid: str


def plan_keys(plan: Sequence[SourcingPlanItem]) -> dict[int, str]:
    """A stable key for each published plan row, by its row: a slug of its Reference, else of its project.

    The ocids of the planning releases, the feeds' ids, the calendar's UIDs and the page anchors use
    it, so an opportunity keeps its identity from one publication to the next: always when it has a
    Reference, while its project keeps its name when it has none. Rows with a Reference claim their
    keys first; a key two rows would share is numbered (`-2`, `-3`) in row order.
    """
    keys: dict[int, str] = {}
    used: set[str] = set()
    for item in sorted(plan, key=lambda i: (not i.reference, i.row)):
        base = page_slug(item.reference or item.project)
        key, number = base, 2
        while key in used:
            key, number = f"{base}-{number}", number + 1
        used.add(key)
        keys[item.row] = key
    return keys


def plan_ocid(settings: Settings, key: str) -> str:
    """The ocid of a plan row's planning release: the OCDS prefix, `plan-` and the row's key."""
    return f"{settings.ocds_prefix or EXAMPLE_OCDS_PREFIX}-plan-{key}"


def plan_rows(plan: Sequence[SourcingPlanItem], settings: Settings) -> list[PlanRow]:
    """The published plan's rows, in its order, each with its key and ocid."""
    keys = plan_keys(plan)
    return [PlanRow(item, keys[item.row], plan_ocid(settings, keys[item.row])) for item in plan]


def public_supplier(provider: Provider) -> Provider:
    """The provider as the public site may show it: an individual's name and numbers withheld (reference §2.2).

    A provider whose name is not to be published (Publish name No; a Sole trader unless Yes) is
    shown as `Individual (name withheld)`, with no registration number, PPON or postcode, in every
    public page and file. Whether it is an SME or VCSE stays: that names nobody.
    """
    if provider.name_published:
        return provider
    return replace(
        provider,
        provider=WITHHELD_NAME,
        company_number=None,
        charity_number=None,
        mutuals_number=None,
        ppon=None,
        postcode="",
    )


# The register's columns (the Transparency Code's contract fields) and the sourcing plan's, each
# with its data dictionary entry: its type and what it means, as the Open data page and
# datapackage.json publish them.
REGISTER_FIELDS: tuple[Column[RegisterEntry], ...] = (
    Column("reference", lambda e: e.contract.contract_id, "text", "The council's reference for the contract."),
    Column("title", lambda e: e.contract.title, "text", "Title of the contract."),
    Column(
        "department",
        lambda e: e.department,
        "text",
        "The department responsible (the contract's own, else the council's commissioning department).",
    ),
    Column("service_area", lambda e: e.contract.service_area, "text", "The service area that commissions it."),
    Column("description", lambda e: e.contract.description, "text", "What the contract provides."),
    Column("supplier_name", lambda e: e.supplier.provider, "text", "The organisation the contract is with."),
    Column(
        "supplier_company_number",
        lambda e: e.supplier.public_company_number,
        "text",
        "Companies House number, 8 characters (blank if not a company, or if the number is not recognised).",
    ),
    Column(
        "supplier_charity_number",
        lambda e: e.supplier.public_charity_number,
        "text",
        "Charity number: England and Wales 6 to 8 digits (optionally -N), Scotland SC0 and 5 digits, "
        "Northern Ireland NIC and digits (blank if not a charity, or if the number is not recognised).",
    ),
    Column(
        "sme",
        lambda e: e.supplier.sme,
        "yes/no",
        "Whether the supplier is a small or medium-sized enterprise (blank if not recorded).",
    ),
    Column(
        "vcse",
        lambda e: e.supplier.vcse,
        "yes/no",
        "Whether the supplier is a voluntary, community or social enterprise (blank if not recorded).",
    ),
    Column(
        "procurement_route",
        lambda e: e.contract.procurement_route,
        "text",
        "How the contract was bought, under the council's procurement code.",
    ),
    Column(
        "tendered",
        lambda e: e.tendered,
        "code",
        "invitation_to_quote, invitation_to_tender, framework, direct_award or other, from the procurement route.",
    ),
    Column("start_date", lambda e: e.contract.start_date, "date", "First day of the contract (YYYY-MM-DD)."),
    Column("end_date", lambda e: e.contract.end_date, "date", "Last day of the current term (YYYY-MM-DD)."),
    Column("review_date", lambda e: e.contract.review_date, "date", "Next review date (YYYY-MM-DD), if set."),
    Column(
        "extension_end_date",
        lambda e: e.contract.extension_end_date,
        "date",
        "Last day if every extension is used (YYYY-MM-DD), if any.",
    ),
    Column("annual_value", lambda e: e.contract.annual_value, "number", "Value per year in pounds sterling."),
    Column("total_value", lambda e: e.contract.total_value, "number", "Whole-life value in pounds sterling."),
    Column(
        "irrecoverable_vat",
        lambda e: e.contract.irrecoverable_vat,
        "number",
        "VAT the council cannot recover, in pounds sterling.",
    ),
)
SOURCING_FIELDS: tuple[Column[PlanRow], ...] = (
    Column("project", lambda r: r.item.project, "text", "The planned procurement."),
    Column("service_area", lambda r: r.item.service_area, "text", "The service area it is for."),
    Column(
        "related_contract_id",
        lambda r: r.item.related_contract_id,
        "text",
        "The register reference of the contract it replaces or extends, if any.",
    ),
    Column(
        "estimated_total_value",
        lambda r: r.item.estimated_total_value,
        "number",
        "Estimated whole-life value in pounds sterling.",
    ),
    Column("procurement_route", lambda r: r.item.procurement_route, "text", "The intended procurement route."),
    Column(
        "procurement_start",
        lambda r: r.item.procurement_start,
        "date",
        "When the procurement is expected to start (YYYY-MM-DD).",
    ),
    Column(
        "contract_start",
        lambda r: r.item.contract_start,
        "date",
        "When the new contract is expected to start (YYYY-MM-DD).",
    ),
    Column("status", lambda r: r.item.status, "text", "Planned, In progress, Awarded or Cancelled."),
    Column("description", lambda r: r.item.description, "text", "What will be bought."),
    Column(
        "estimated_contract_end",
        lambda r: r.item.estimated_contract_end,
        "date",
        "When the new contract is expected to end (YYYY-MM-DD).",
    ),
    Column("lots", lambda r: r.item.lots, "text", "How the procurement is divided into lots, if it is."),
    Column("contact", lambda r: r.item.contact, "text", "Who to ask about it: an email address or a web page."),
    Column(
        "notice_url",
        lambda r: r.item.notice_url,
        "text",
        "The Find a Tender or Contracts Finder notice, once published.",
    ),
    Column("main_category", lambda r: r.item.main_category, "text", "Goods, Services or Works."),
    Column(
        "suitable_for_sme_vcse",
        lambda r: r.item.suitable_for_sme_vcse,
        "yes/no",
        "Whether it is suitable for small and medium-sized enterprises and voluntary, community and social "
        "enterprises (blank if not recorded).",
    ),
    Column("reference", lambda r: r.item.reference, "text", "The council's own reference for the planned procurement."),
    Column(
        "ocid",
        lambda r: r.ocid,
        "text",
        "Its Open Contracting ID: the ocid of its planning release in ocds_planning.json, the same from one "
        "publication to the next.",
    ),
)
REGISTER_COLUMNS = names(REGISTER_FIELDS)
SOURCING_COLUMNS = names(SOURCING_FIELDS)


def register(workbook: Workbook) -> list[RegisterEntry]:
    """Every contract whose Publish is not No, by reference."""
    providers = {p.provider: p for p in workbook.providers}
    department = workbook.settings.department
    return [
        RegisterEntry(contract, public_supplier(providers[contract.supplier]), contract.department or department)
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


def _json_value(value: object) -> object:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def register_rows(entries: Sequence[RegisterEntry]) -> list[tuple[object, ...]]:
    """The rows of contracts.csv and contracts.json: each entry's values in the order of REGISTER_COLUMNS."""
    return rows_of(REGISTER_FIELDS, entries)


def write_register_csv(rows: Sequence[tuple[object, ...]], path: Path) -> None:
    """Write contracts.csv as `path`, from `register_rows`."""
    write_csv(path, REGISTER_COLUMNS, rows)


def write_register_json(rows: Sequence[tuple[object, ...]], path: Path) -> None:
    """Write contracts.json as `path`, from `register_rows`: each row an object, each value in its JSON type."""
    records = [dict(zip(REGISTER_COLUMNS, (_json_value(v) for v in row), strict=True)) for row in rows]
    path.write_text(json_lines(records), encoding="utf-8")


def write_plan_csv(plan: Sequence[PlanRow], path: Path) -> None:
    """Write sourcing_plan.csv as `path`."""
    write_csv(path, SOURCING_COLUMNS, rows_of(SOURCING_FIELDS, plan))

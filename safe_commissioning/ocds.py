"""The published contracts as an Open Contracting Data Standard 1.1 release package.

One release per published contract: the council as buyer, the supplier in `parties` (identified
by its recognised Companies House, charity or Mutuals Public Register number), one award and one contract
with their period and value in GBP. The package validates against the OCDS 1.1.5 schemas.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .datafiles import json_lines
from .expiry import ContractStatus, contract_status
from .identifiers import published_identifier
from .opendata import RegisterEntry
from .records import Provider, Settings
from .views import slugify

DEFAULT_PREFIX = "ocds-213czf"  # the example prefix of the OCDS documentation, until a council registers its own
LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
PROCUREMENT_METHOD = {
    "Strategic purchasing": "open",
    "Request for quotation": "selective",
    "Operational purchasing": "selective",
    "Framework call-off": "selective",
    "Spot purchase": "direct",
    "Service level agreement": "direct",
    "Delegated to another authority": "direct",
}
CONTRACT_STATUS = {
    ContractStatus.NOT_STARTED: "pending",
    ContractStatus.ACTIVE: "active",
    ContractStatus.EXPIRED: "terminated",
}


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _supplier_party(provider: Provider) -> dict[str, Any]:
    party: dict[str, Any] = {"name": provider.provider, "roles": ["supplier"]}
    # Only a number recognised in its register, and given for no other provider, identifies a party.
    identifier = published_identifier(provider.company_number, provider.charity_number, provider.mutuals_number)
    if identifier is not None:
        party["id"] = f"{identifier.scheme}-{identifier.id}"
        party["identifier"] = {"scheme": identifier.scheme, "id": identifier.id, "legalName": provider.provider}
    else:
        party["id"] = f"supplier-{slugify(provider.provider)}"
    if provider.sme is not None:
        party["details"] = {"scale": "sme" if provider.sme else "large"}
    if provider.postcode:
        party["address"] = {"postalCode": provider.postcode, "countryName": "United Kingdom"}
    return {key: party[key] for key in ("id", "name", "identifier", "address", "roles", "details") if key in party}


def _value(amount: float | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    return {"amount": int(amount) if float(amount).is_integer() else amount, "currency": "GBP"}


def release(entry: RegisterEntry, settings: Settings, report_date: date, buyer: dict[str, str]) -> dict[str, Any]:
    """One OCDS release for one published contract."""
    contract = entry.contract
    ocid = f"{settings.ocds_prefix or DEFAULT_PREFIX}-{contract.contract_id}"
    supplier = _supplier_party(entry.supplier)
    period: dict[str, str] = {"startDate": _timestamp(contract.start_date), "endDate": _timestamp(contract.end_date)}
    if contract.extension_end_date:
        period["maxExtentDate"] = _timestamp(contract.extension_end_date)
    award: dict[str, Any] = {
        "id": f"{contract.contract_id}-award",
        "title": contract.title,
        "status": "active",
        "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
        "contractPeriod": dict(period),
    }
    ocds_contract: dict[str, Any] = {
        "id": contract.contract_id,
        "awardID": award["id"],
        "title": contract.title,
        "status": CONTRACT_STATUS[contract_status(contract.start_date, contract.end_date, report_date)],
        "period": period,
    }
    if contract.description:
        award["description"] = ocds_contract["description"] = contract.description
    value = _value(contract.total_value if contract.total_value is not None else contract.annual_value)
    if value:
        award["value"] = ocds_contract["value"] = value
    return {
        "ocid": ocid,
        "id": f"{ocid}-{report_date.isoformat()}",
        "date": _timestamp(report_date),
        "tag": ["award", "contract"],
        "initiationType": "tender",
        "language": "en",
        "parties": [{**buyer, "roles": ["buyer", "procuringEntity"]}, supplier],
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "tender": {
            "id": f"{contract.contract_id}-tender",
            "title": contract.title,
            "status": "complete",
            "procurementMethod": PROCUREMENT_METHOD[contract.procurement_route],
            "procurementMethodDetails": contract.procurement_route,
            "mainProcurementCategory": "services",
        },
        "awards": [award],
        "contracts": [ocds_contract],
    }


def release_package(entries: Sequence[RegisterEntry], settings: Settings, report_date: date) -> dict[str, Any]:
    """The release package of every published contract, dated the report date."""
    organisation = settings.organisation or "Contracting authority"
    buyer = {"id": f"buyer-{slugify(organisation)}", "name": organisation}
    prefix = settings.ocds_prefix or DEFAULT_PREFIX
    return {
        "uri": f"{settings.public_url}data/ocds.json"
        if settings.public_url
        else f"urn:ocds:{prefix}:release-package:{report_date.isoformat()}",
        "version": "1.1",
        "publishedDate": _timestamp(report_date),
        "publisher": {"name": organisation},
        "license": LICENCE,
        "releases": [release(entry, settings, report_date, buyer) for entry in entries],
    }


def write_ocds(entries: Sequence[RegisterEntry], settings: Settings, report_date: date, path: Path) -> Path:
    """Write the release package as `path`."""
    package = release_package(entries, settings, report_date)
    path.write_text(json_lines(package), encoding="utf-8")
    return path

"""The published contracts as an Open Contracting Data Standard 1.1 release package.

One release per published contract: the council as buyer (identified by its org-id identifier
where the settings give one), the supplier in `parties` (identified by its recognised Companies
House, charity or Mutuals Public Register number, never by one that fits no register or is given
for two providers), one award and one contract with their period and value in GBP. The package
validates against the OCDS 1.1.5 schemas (`planning` writes the second package, of the sourcing
plan); anything outside core 1.1.5 it uses is declared in
`extensions`, by the extension's URL in the OCDS extension registry (written here as data:
nothing is fetched).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from safe_commissioning.opendata.datafiles import json_lines
from safe_commissioning.opendata.register import LICENCE_URL, RegisterEntry
from safe_commissioning.rules.expiry import ContractStatus, contract_status
from safe_commissioning.words import slugify
from safe_commissioning.workbook.checks.platform import platform_notice
from safe_commissioning.workbook.records import Contract, Provider, Settings
from safe_commissioning.workbook.settings.definitions import EXAMPLE_OCDS_PREFIX
from safe_commissioning.workbook.settings.links import contact_problem

DEFAULT_PREFIX = EXAMPLE_OCDS_PREFIX
LICENCE = LICENCE_URL
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


# Party details outside core 1.1.5, and the extension that defines each. `details.scale` is the
# registry's Party scale extension; `details.vcse` is the one Contracts Finder declares for it.
EXTENSIONS = {
    "scale": "https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyScale_extension/v1.1.5/extension.json",
    "vcse": "https://raw.githubusercontent.com/Crown-Commercial-Service/ocds_partyDetails_vcse_extension/main/extension.json",
}
MAIN_PROCUREMENT_CATEGORY = {"Goods": "goods", "Services": "services", "Works": "works"}


def timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def ocid_part(contract_id: str) -> str:
    """The contract ID as it goes into an ocid: unreserved URL characters kept, anything else percent-encoded.

    Percent-encoding (UTF-8) is deterministic and, unlike a slug, one-to-one: `C 1` and `C-1`
    stay two ocids.
    """
    return quote(contract_id, safe="")


def _identifiers(provider: Provider) -> list[dict[str, str]]:
    """The provider's publishable identifiers: its legal-entity registers first (Companies House, charity,
    mutuals), then its PPON.

    OCDS asks for the primary legal entity identifier in `identifier`, and for others in
    `additionalIdentifiers`: a PPON identifies a supplier on the Procurement Act platform, not a
    legal entity, so it is the main identifier only when no register number is published. Party
    ids built from the register number also stay as they were before the PPON was added.
    """
    return [
        {"scheme": identifier.scheme, "id": identifier.id, "legalName": provider.provider}
        for identifier in (provider.company_number, provider.charity_number, provider.mutuals_number, provider.ppon)
        if identifier is not None and identifier.published
    ]


def party_ids(providers: Iterable[Provider]) -> dict[str, str]:
    """A party id for each supplier, by provider name; no two suppliers ever share one.

    `scheme-identifier` when the provider has a register number, else `supplier-` and a slug of its
    name. Two providers that would share an id (the same number typed on two rows, or names with
    the same slug such as `Acme Care` and `ACME-Care`) are told apart by `-2`, `-3`, … in the order
    of their rows on the Providers sheet, so the ids stay the same from one build to the next.
    """
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for provider in sorted(providers, key=lambda p: p.row):
        identifiers = _identifiers(provider)
        base = (
            f"{identifiers[0]['scheme']}-{identifiers[0]['id']}"
            if identifiers
            else f"supplier-{slugify(provider.provider)}"
        )
        candidate, n = base, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate.casefold())
        ids[provider.provider] = candidate
    return ids


def _supplier_party(provider: Provider, party_id: str) -> dict[str, Any]:
    party: dict[str, Any] = {"id": party_id, "name": provider.provider}
    identifiers = _identifiers(provider)
    if identifiers:
        party["identifier"] = identifiers[0]
    if len(identifiers) > 1:
        party["additionalIdentifiers"] = identifiers[1:]
    if provider.postcode:
        party["address"] = {"postalCode": provider.postcode, "countryName": "United Kingdom"}
    party["roles"] = ["supplier"]
    details: dict[str, Any] = {}
    if provider.sme is not None:
        details["scale"] = "sme" if provider.sme else "large"
    if provider.vcse is not None:
        details["vcse"] = provider.vcse
    if details:
        party["details"] = details
    return party


def _org_id(settings: Settings) -> tuple[str, str] | None:
    """The org-id scheme and identifier of the council (`GB-LAE`, `LND`), or None when not set."""
    if not settings.organisation_identifier:
        return None
    country, list_code, identifier = settings.organisation_identifier.split("-", 2)
    return f"{country}-{list_code}", identifier


def buyer_party(settings: Settings) -> dict[str, Any]:
    """The council as buyer: its org-id identifier, address and contact point where the settings give them."""
    organisation = settings.organisation or "Contracting authority"
    org_id = _org_id(settings)
    party: dict[str, Any] = {"id": settings.organisation_identifier or f"buyer-{slugify(organisation)}"}
    party["name"] = organisation
    if org_id:
        party["identifier"] = {"scheme": org_id[0], "id": org_id[1], "legalName": organisation}
    address = {
        key: value
        for key, value in (
            ("streetAddress", settings.address),
            ("locality", settings.town),
            ("postalCode", settings.postcode),
        )
        if value
    }
    if address:
        party["address"] = {**address, "countryName": "United Kingdom"}
    contact: dict[str, str] = {}
    if settings.contact and contact_problem(settings.contact) is None:
        if "@" in settings.contact and " " not in settings.contact.strip():
            contact["email"] = settings.contact.removeprefix("mailto:")
        elif settings.contact.startswith("https://"):
            contact["url"] = settings.contact
    if settings.telephone:
        contact["telephone"] = settings.telephone
    if contact:
        party["contactPoint"] = {"name": settings.department or organisation, **contact}
    party["roles"] = ["buyer", "procuringEntity"]
    return party


def money_value(amount: float | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    return {"amount": int(amount) if float(amount).is_integer() else amount, "currency": "GBP"}


def release_date(entry: RegisterEntry, report_date: date) -> date:
    """The release's `date`: when what it says last became true, from the contract's own dates.

    An ended contract's release records it as ended on its end date, a running one as in force
    from its start date. A contract not yet started has no date of its own that has passed (the
    award date is not recorded), so its release is dated the report date, the day it is
    published as pending. A release date is never after the report date.
    """
    contract = entry.contract
    status = contract_status(contract.start_date, contract.end_date, report_date)
    if status is ContractStatus.EXPIRED:
        return contract.end_date
    if status is ContractStatus.ACTIVE:
        return contract.start_date
    return report_date


def release(
    entry: RegisterEntry, settings: Settings, report_date: date, buyer: dict[str, Any], supplier_id: str
) -> dict[str, Any]:
    """One OCDS release for one published contract."""
    contract = entry.contract
    ocid = f"{settings.ocds_prefix or DEFAULT_PREFIX}-{ocid_part(contract.contract_id)}"
    supplier = _supplier_party(entry.supplier, supplier_id)
    period: dict[str, str] = {"startDate": timestamp(contract.start_date), "endDate": timestamp(contract.end_date)}
    if contract.extension_end_date:
        period["maxExtentDate"] = timestamp(contract.extension_end_date)
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
    value = money_value(contract.total_value if contract.total_value is not None else contract.annual_value)
    if value:
        award["value"] = ocds_contract["value"] = value
    found: dict[str, Any] = {
        "ocid": ocid,
        # a new id each publication: what a release says (status, values) may change between them
        "id": f"{ocid}-{report_date.isoformat()}",
        "date": timestamp(release_date(entry, report_date)),
        "tag": ["award", "contract"],
        "initiationType": "tender",
        "language": "en",
        "parties": [buyer, supplier],
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "tender": {
            "id": f"{contract.contract_id}-tender",
            "title": contract.title,
            "status": "complete",
            "procurementMethod": PROCUREMENT_METHOD[contract.procurement_route],
            "procurementMethodDetails": contract.procurement_route,
            "mainProcurementCategory": MAIN_PROCUREMENT_CATEGORY[contract.main_category],
        },
        "awards": [award],
        "contracts": [ocds_contract],
    }
    related = platform_process(contract)
    if related:
        found["relatedProcesses"] = [related]
    return found


def platform_process(contract: Contract) -> dict[str, Any] | None:
    """The contract's procurement on Find a Tender as a related process, or None when none is named.

    The platform publishes that procurement under its own ocid (prefix `ocds-h6vhtk`); the register's
    release records the contract under the council's. The relationship is `parent`: the platform's
    process is the one the contract came from. With a notice ID alone the ocid is not known, so the
    related process gives the address of the notice's OCDS release package instead.
    """
    notice = platform_notice(contract.find_a_tender_notice) if contract.find_a_tender_notice else None
    if notice is None:
        return None
    found: dict[str, Any] = {
        "id": "find-a-tender",
        "relationship": ["parent"],
        "title": f"Find a Tender: {notice.label}",
    }
    if notice.ocid:
        found.update({"scheme": "ocid", "identifier": notice.ocid})
    found["uri"] = notice.data_url
    return found


def extensions_used(releases: Iterable[dict[str, Any]]) -> list[str]:
    """The extension URLs for the party details the releases use, in EXTENSIONS order."""
    used = {key for r in releases for party in r["parties"] for key in party.get("details", {})}
    return [url for key, url in EXTENSIONS.items() if key in used]


def publisher(settings: Settings) -> dict[str, str]:
    """The package's publisher: the council, with the scheme and uid of its org-id identifier when set."""
    found = {"name": settings.organisation or "Contracting authority"}
    org_id = _org_id(settings)
    if org_id:
        found.update({"scheme": org_id[0], "uid": org_id[1]})
    if settings.public_url:
        found["uri"] = settings.public_url
    return found


def release_package(entries: Sequence[RegisterEntry], settings: Settings, report_date: date) -> dict[str, Any]:
    """The release package of every published contract, published on the report date."""
    buyer = buyer_party(settings)
    prefix = settings.ocds_prefix or DEFAULT_PREFIX
    ids = party_ids({e.supplier.provider: e.supplier for e in entries}.values())
    releases = [release(entry, settings, report_date, buyer, ids[entry.supplier.provider]) for entry in entries]
    package: dict[str, Any] = {
        "uri": f"{settings.public_url}data/ocds.json"
        if settings.public_url
        else f"urn:ocds:{prefix}:release-package:{report_date.isoformat()}",
        "version": "1.1",
    }
    extensions = extensions_used(releases)
    if extensions:
        package["extensions"] = extensions
    package.update(
        {
            "publishedDate": timestamp(report_date),
            "publisher": publisher(settings),
            "license": LICENCE,
            "releases": releases,
        }
    )
    return package


def write_ocds(entries: Sequence[RegisterEntry], settings: Settings, report_date: date, path: Path) -> Path | None:
    """Write the release package as `path`; None, writing nothing, when no contract is published.

    The 1.1.5 package schema asks for at least one release: an empty package would not validate.
    """
    if not entries:
        return None
    package = release_package(entries, settings, report_date)
    path.write_text(json_lines(package), encoding="utf-8")
    return path

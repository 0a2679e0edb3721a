"""The facets of the list tables: what each row is, in words a filter can match exactly.

A list table names its facets (`data-facets`), each with its label and, for fixed words, its values
in order; each row carries its own value of each facet (`data-rag="red"`). tables.js turns them into
drop-downs with counts and keeps the choice in the address (`compliance.html?rag=red&area=SEND`).
The values in the address are the fixed words of the data files (reference §4.3) where there are some, and the
workbook's own text otherwise, so a facet matches whole values only: "Red" is never found in "Expired".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from safe_commissioning.rules.expiry import (
    CONTRACT_STATUS_LABELS,
    EXPIRY_BAND_LABELS,
    EXPIRY_BANDS,
    ContractStatus,
    contract_status,
    days_to_expiry,
)
from safe_commissioning.rules.expiry import expiry_band as band_of
from safe_commissioning.rules.rag import RAG_LABELS, Rag
from safe_commissioning.rules.results import Status
from safe_commissioning.sites.pages import inert
from safe_commissioning.sites.views.labels import status_look

if TYPE_CHECKING:
    from safe_commissioning.opendata.register import RegisterEntry
    from safe_commissioning.rules.assessment import ContractAssessment
    from safe_commissioning.rules.evidence import Traced

FACET_LABELS = {
    "rag": "RAG",
    "status": "Contract status",
    "area": "Service area",
    "band": "Expiry band",
    "provider": "Provider",
    "supplier": "Supplier",
    "manager": "Contract manager",
    "route": "Procurement route",
}
FIXED_VALUES: dict[str, Sequence[tuple[str, str]]] = {
    "rag": [(rag.value, RAG_LABELS[rag]) for rag in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_APPLICABLE)],
    "status": [(status.value, CONTRACT_STATUS_LABELS[status]) for status in ContractStatus],
    "band": [(band, EXPIRY_BAND_LABELS[band]) for band in EXPIRY_BANDS],
}
INTERNAL_CONTRACT_FACETS = ("rag", "status", "area", "band", "provider", "manager", "route")
PUBLIC_CONTRACT_FACETS = ("status", "area", "band", "supplier", "route")


def _attributes(values: Mapping[str, str]) -> Markup:
    return Markup("".join(f' data-{key}="{inert(value)}"' for key, value in values.items()))


def table_facets(keys: Iterable[str]) -> Markup:
    """The attributes a list table carries to name its facets (see tables.js)."""
    keys = tuple(keys)
    values: dict[str, str] = {"facets": " ".join(keys)}
    for key in keys:
        values[f"facet-{key}"] = FACET_LABELS[key]
        if key in FIXED_VALUES:
            values[f"facet-{key}-values"] = ";".join(f"{value}={label}" for value, label in FIXED_VALUES[key])
    return _attributes(values)


def contract_facets(c: ContractAssessment) -> Markup:
    """A row's facet values for one contract of the internal site."""
    contract = c.contract
    return _attributes(
        {
            "rag": c.rag.value,
            "status": c.status.value,
            "area": contract.service_area,
            "band": c.expiry_band,
            "provider": contract.supplier,
            "manager": contract.contract_manager,
            "route": contract.procurement_route,
        }
    )


def register_facets(entry: RegisterEntry, report_date: date) -> Markup:
    """A row's facet values for one contract of the public register (nothing the public site does not show)."""
    contract = entry.contract
    return _attributes(
        {
            "status": contract_status(contract.start_date, contract.end_date, report_date).value,
            "area": contract.service_area,
            "band": band_of(days_to_expiry(contract.end_date, report_date)),
            "supplier": entry.supplier.provider,
            "route": contract.procurement_route,
        }
    )


# The compliance matrix shows every rule of a contract in one row: a symbol and a short word each, the
# whole verdict for screen readers, the reason on the contract page.
SHORT_STATUS = {
    Status.MET: "Met",
    Status.PARTLY_MET: "Partly",
    Status.NOT_MET: "Not met",
    Status.NOT_EVIDENCED: "No evidence",
    Status.NOT_APPLICABLE: "N/A",
}
SHORT_LABEL_LENGTH = 11  # a rule's own word up to this long is short enough ("Outstanding", "Inadequate")


def compact_verdict(result: Traced) -> Markup:
    """A rule result as a compact badge: symbol and short word shown, the full verdict read out.

    The symbol is joined to its word by a no-break space: a narrow column wraps "Not met", never "✔ Met".
    """
    status = result.status
    label = result.label
    look, icon = status_look(result.rule_id, status)
    short = label if len(label) <= SHORT_LABEL_LENGTH or look == "neutral" else SHORT_STATUS[status]
    badge = f'<span class="sc-status sc-status--{look} sc-status--compact">'
    if short == label:
        return Markup(f'{badge}<span aria-hidden="true">{icon}</span>\u00a0{inert(label)}</span>')
    return Markup(
        f'{badge}<span aria-hidden="true">{icon}\u00a0{inert(short)}</span>'
        f'<span class="sc-visually-hidden">{inert(label)}</span></span>'
    )


Listing = Mapping[str, Any]  # the list macros' helpers and facets, by name

LISTING: Listing = {
    "table": table_facets,
    "contract": contract_facets,
    "register": register_facets,
    "internal_contracts": INTERNAL_CONTRACT_FACETS,
    "public_contracts": PUBLIC_CONTRACT_FACETS,
    "compact": compact_verdict,
}

"""What the council needs from one provider: the items of Needs attention and Coming up it can answer.

This is the one place the returns read the dashboard's action lists (`rules.attention`). It reads only
each item's subject, provider, contract and words, through `_fields`, so the lists can change shape
(links becoming record IDs) with one change here. To those it adds the gaps the lists leave to the
contract's RAG: evidence the provider has not given at all (MS1, MS4, POL and INS not evidenced or
partly met), which is exactly what a request is for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from safe_commissioning.rules.assessment import Assessment, ContractAssessment
from safe_commissioning.rules.attention import needs_attention
from safe_commissioning.rules.expiry import ContractStatus
from safe_commissioning.rules.results import Status
from safe_commissioning.rules.upcoming import coming_up
from safe_commissioning.workbook.cells.text import match_key

# The rules whose evidence a provider holds, the sheet it goes on, and what to ask for in plain words.
ASKS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "MS1": (
            "Safeguarding",
            "The date you last completed the safeguarding partnership's self-assessment (Self-assessment date).",
        ),
        "MS4": (
            "DBS",
            "For each member of staff with direct or regular contact with children on this contract: their DBS "
            "certificate number, issue date and recheck date; and how many such staff there are (Safeguarding "
            "sheet, Staff in contact with children).",
        ),
        "POL": ("Policies", "The date each of your policies was last reviewed."),
        "INS": (
            "Providers",
            "Your employer's liability, public liability and professional indemnity cover, and when the "
            "certificates expire.",
        ),
        "OFS": ("Providers", "If you have been inspected since, your latest Ofsted judgement and its date."),
    }
)
_RULE = re.compile(r"\b(MS[1-6]|POL|INS|OFS)\b")
_GAPS = (Status.NOT_EVIDENCED, Status.PARTLY_MET, Status.NOT_MET)


@dataclass(frozen=True)
class Need:
    """One thing a provider can answer, and where in the request they answer it."""

    rule_id: str
    subject: str  # as the dashboard names it: "C-1 Family support", or the provider's name
    what: str  # what is wrong or falling due, in the dashboard's words
    ask: str  # what we need from them
    sheet: str  # the request's sheet to fill
    contract_id: str = ""  # the contract's row to fill ("" for the provider's own rows)
    due: date | None = None  # when it falls due (Coming up), if it is not already due
    source: str = field(default="Needs attention")  # or "Coming up", "Not yet evidenced"


def provider_needs(assessment: Assessment, provider: str) -> list[Need]:
    """Every item `provider` can answer, in the lists' order, each once."""
    contracts = {
        match_key(c.contract_id): c
        for c in assessment.contracts
        if match_key(c.provider.provider) == match_key(provider) and c.status is not ContractStatus.EXPIRED
    }
    found: list[Need] = []
    seen: set[tuple[str, str]] = set()

    def add(need: Need) -> None:
        if (need.rule_id, need.contract_id) not in seen:
            seen.add((need.rule_id, need.contract_id))
            found.append(need)

    days = assessment.workbook.settings.coming_up_days
    for item, source in (
        *((item, "Needs attention") for item in needs_attention(assessment)),
        *((item, "Coming up") for item in coming_up(assessment, days)),
    ):
        need = _need(item, source, provider, contracts)
        if need is not None:
            add(need)
    for need in _gaps(assessment, provider, contracts.values()):
        add(need)
    return found


def _fields(item: object) -> tuple[str, str, str, str, date | None]:
    """An item's subject, provider, contract, words and due date: all the returns read of it."""
    return (
        str(getattr(item, "subject", "")),
        str(getattr(item, "provider", "") or ""),
        str(getattr(item, "contract_id", "") or ""),
        str(getattr(item, "what", "")),
        getattr(item, "due", None),
    )


def _need(item: object, source: str, provider: str, contracts: Mapping[str, ContractAssessment]) -> Need | None:
    subject, about, contract_id, what, due = _fields(item)
    rule = _RULE.search(what)
    if rule is None or rule[1] not in ASKS:
        return None
    if not contract_id:  # Coming up names a contract by its subject, "C-1 Family support"
        first = subject.split(" ", 1)[0]
        contract_id = contracts[match_key(first)].contract_id if match_key(first) in contracts else ""
    if contract_id and match_key(contract_id) not in contracts:
        return None
    if not contract_id and match_key(about or subject) != match_key(provider):
        return None
    sheet, ask = ASKS[rule[1]]
    own_row = sheet in ("Providers", "Policies")
    return Need(rule[1], subject, what, ask, sheet, "" if own_row else contract_id, due, source)


def _gaps(assessment: Assessment, provider: str, contracts: Iterable[ContractAssessment]) -> Iterable[Need]:
    """The evidence not given at all, or only in part, on the provider's contracts and its own rows."""
    for c in contracts:
        if not c.in_scope:
            continue
        for rule_id in ("MS1", "MS4"):
            result = c.result(rule_id)
            if result.status in _GAPS:
                sheet, ask = ASKS[rule_id]
                subject = f"{c.contract_id} {c.contract.title}"
                what = f"{rule_id} {result.status.value.replace('_', ' ')}: {result.detail}"
                yield Need(rule_id, subject, what, ask, sheet, c.contract_id, None, "Not yet evidenced")
    assessed = assessment.by_provider.get(provider)
    if assessed is None:
        return
    for rule_id in ("POL", "INS", "OFS"):
        result = assessed.result(rule_id)
        if result.status in _GAPS:
            sheet, ask = ASKS[rule_id]
            what = f"{rule_id} {result.status.value.replace('_', ' ')}: {result.detail}"
            yield Need(rule_id, provider, what, ask, sheet, "", None, "Not yet evidenced")

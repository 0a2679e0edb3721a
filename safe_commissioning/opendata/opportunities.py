"""What the provider market plans around: each published opportunity's links and standing, and what ends soon.

Pure functions of the published register, the published sourcing plan and the report date: the
public pages, the feeds and the Data quality page all read these, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from safe_commissioning.dates import add_months
from safe_commissioning.opendata.register import RegisterEntry, plan_keys
from safe_commissioning.rules.expiry import ContractStatus, contract_status
from safe_commissioning.workbook.checks.sourcing_plan import contact_link, notice_link, start_passed
from safe_commissioning.workbook.records import SourcingPlanItem

ENDING_SOON_MONTHS = 12
PASSED_START_NOTE = "date passed — check with the commissioning team"
# How the public pages say a contract's standing (reference §3.3's status, in a provider's words).
STANDING = {
    ContractStatus.ACTIVE: "Running",
    ContractStatus.NOT_STARTED: "Not started",
    ContractStatus.EXPIRED: "Ended",
}


def standing(entry: RegisterEntry, report_date: date) -> ContractStatus:
    """Whether a published contract is running, has ended or has not started on the report date."""
    return contract_status(entry.contract.start_date, entry.contract.end_date, report_date)


def replacements(plan: Sequence[SourcingPlanItem]) -> dict[str, list[SourcingPlanItem]]:
    """Published, not cancelled, sourcing-plan rows by the published contract each replaces or extends."""
    found: dict[str, list[SourcingPlanItem]] = {}
    for item in plan:
        if item.related_contract_id and item.status != "Cancelled":
            found.setdefault(item.related_contract_id, []).append(item)
    return found


@dataclass(frozen=True)
class Opportunity:
    """One published sourcing-plan row as the public pages show it: its key, its links and whether its date has passed."""

    item: SourcingPlanItem
    key: str
    passed: bool
    notice: str | None  # the notice's address when it can be linked
    contact: str | None  # mailto: or https:// when the contact can be linked


def opportunities(plan: Sequence[SourcingPlanItem], report_date: date) -> list[Opportunity]:
    """The published plan's rows, in its order, with what the pages need to show each."""
    keys = plan_keys(plan)
    return [
        Opportunity(
            item,
            keys[item.row],
            start_passed(item, report_date),
            notice_link(item.notice_url),
            contact_link(item.contact),
        )
        for item in plan
    ]


@dataclass(frozen=True)
class EndingSoon:
    """A published contract that ends within the next twelve months, and what the plan says will follow it."""

    entry: RegisterEntry
    planned: tuple[SourcingPlanItem, ...]


def ending_soon(
    entries: Sequence[RegisterEntry], plan: Sequence[SourcingPlanItem], report_date: date
) -> list[EndingSoon]:
    """Published contracts running on the report date whose end date falls in the next 12 months, soonest first."""
    until = add_months(report_date, ENDING_SOON_MONTHS)
    planned = replacements(plan)
    return [
        EndingSoon(entry, tuple(planned.get(entry.contract.contract_id, ())))
        for entry in sorted(entries, key=lambda e: (e.contract.end_date, e.contract.contract_id))
        if standing(entry, report_date) is ContractStatus.ACTIVE and entry.contract.end_date <= until
    ]

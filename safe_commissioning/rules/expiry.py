"""Contract status, days to expiry, expiry band and the re-procurement decision date (reference §3.3)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

from safe_commissioning.dates import add_months


class ContractStatus(StrEnum):
    """Where a contract stands on the report date."""

    NOT_STARTED = "not_started"
    ACTIVE = "active"
    EXPIRED = "expired"


EXPIRY_BANDS = ("expired", "0-90", "91-180", "181-365", "over-365")
EXPIRY_BAND_LABELS = {
    "expired": "Expired",
    "0-90": "0–90 days",
    "91-180": "91–180 days",
    "181-365": "181–365 days",
    "over-365": "Over a year",
}
CONTRACT_STATUS_LABELS = {
    ContractStatus.NOT_STARTED: "Not started",
    ContractStatus.ACTIVE: "Active",
    ContractStatus.EXPIRED: "Expired",
}


def contract_status(start: date, end: date, report_date: date) -> ContractStatus:
    """Not started before its start date, expired after its end date, active on both days themselves."""
    if report_date < start:
        return ContractStatus.NOT_STARTED
    if end < report_date:
        return ContractStatus.EXPIRED
    return ContractStatus.ACTIVE


def days_to_expiry(end: date, report_date: date) -> int:
    """Days from the report date to the end date (0 on the last day, negative once ended)."""
    return (end - report_date).days


def expiry_band(days: int) -> str:
    """The band of reference §3.3 for a number of days to expiry."""
    if days < 0:
        return "expired"
    if days <= 90:
        return "0-90"
    if days <= 180:
        return "91-180"
    if days <= 365:
        return "181-365"
    return "over-365"


def decision_due(end: date, route: str, lead_time_months: Mapping[str, int]) -> date:
    """When the re-procurement decision is due: the end date less the route's lead time."""
    return add_months(end, -lead_time_months[route])


def no_reprocurement_planned(due: date, end: date, report_date: date, planned: bool) -> bool:
    """The decision date has passed, the contract has not ended, and no sourcing plan row covers it."""
    return due < report_date <= end and not planned

"""When each provider last returned its evidence (the Returns sheet), and who is due to be asked again.

reference §6: a provider page says when the provider last returned; Coming up lists a provider whose last
return is more than a year old. A provider that has never returned is not listed: until the council
starts asking, an empty Returns sheet is no gap. Pure functions of the records and the report date.
"""

from __future__ import annotations

from datetime import date, timedelta

from safe_commissioning.dates import add_years
from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.expiry import ContractStatus
from safe_commissioning.rules.upcoming import Upcoming
from safe_commissioning.words import long_date
from safe_commissioning.workbook.records import ProviderReturn, Workbook

RETURN_AGAIN_YEARS = 1  # a provider's evidence is asked for again a year after its last return


def last_returns(workbook: Workbook) -> dict[str, ProviderReturn]:
    """Each provider's latest return on or before the report date, by the provider's name."""
    latest: dict[str, ProviderReturn] = {}
    for item in workbook.returns:
        day = item.returned_on
        if day is None or day > workbook.report_date:
            continue
        held = latest.get(item.provider)
        if held is None or (held.returned_on or date.min) < day:
            latest[item.provider] = item
    return latest


def returns_due(assessment: Assessment, days: int) -> list[Upcoming]:
    """Providers with a contract for children whose last return is a year old within `days` of the report date."""
    report_date = assessment.report_date
    until = report_date + timedelta(days=days)
    asked = {
        c.provider.provider
        for c in assessment.contracts
        if c.contract.works_with_children and c.status is not ContractStatus.EXPIRED
    }
    due: list[Upcoming] = []
    for name, last in sorted(last_returns(assessment.workbook).items()):
        returned = last.returned_on
        if name not in asked or returned is None:
            continue
        anniversary = add_years(returned, RETURN_AGAIN_YEARS)
        if anniversary <= until:
            old = "more than a year ago" if anniversary < report_date else "a year ago by then"
            due.append(
                Upcoming(
                    max(anniversary, report_date),
                    name,
                    f"Last return {long_date(returned)}, {old}: send a new request (python build.py requests "
                    f'--provider "{name}").',
                    provider=name,
                )
            )
    return due

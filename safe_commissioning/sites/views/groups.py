"""The contracts in exactly one list each: the one definition behind every contract count on the sites."""

from __future__ import annotations

from dataclasses import dataclass

from safe_commissioning.dates import add_months
from safe_commissioning.rules.assessment import Assessment, ContractAssessment
from safe_commissioning.rules.expiry import EXPIRY_BANDS, ContractStatus
from safe_commissioning.rules.rag import Rag
from safe_commissioning.sites.views.labels import RAG_ORDER
from safe_commissioning.words import plural

EXPIRING_SOON_MONTHS = 6
# What the ratings count, in the words written beside every figure that counts it.
RATED = "active contracts working with children"


def rated_phrase(count: int) -> str:
    """`13 active contracts working with children`: what every RAG count is out of."""
    return f"{plural(count, 'active contract')} working with children"


def in_scope(assessment: Assessment) -> list[ContractAssessment]:
    """Active contracts that work with children: the contracts every RAG count and headline compliance figure counts."""
    return [c for c in assessment.contracts if c.in_scope and c.status is ContractStatus.ACTIVE]


@dataclass(frozen=True)
class ContractGroups:
    """Every contract on the Contracts sheet in exactly one group: the one definition of each contract count.

    The CLI summary, the dashboard, the compliance page, the contracts index and data quality all
    read these groups, so "3 red" means the same wherever it is written.
    """

    rated: dict[Rag, list[ContractAssessment]]  # active, working with children, by RAG (red, amber, green)
    not_started: list[ContractAssessment]  # work with children, not started: rated on their page, not counted
    expired: list[ContractAssessment]  # worked with children and ended before the report date: listed apart
    without_children: list[ContractAssessment]  # do not work with children (any status): no expectations apply

    @property
    def in_scope(self) -> list[ContractAssessment]:
        """The rated contracts, red first."""
        return [c for rag in RAG_ORDER for c in self.rated[rag]]

    @property
    def total(self) -> int:
        """Every row of the Contracts sheet."""
        return len(self.in_scope) + len(self.not_started) + len(self.expired) + len(self.without_children)

    def count(self, rag: Rag) -> int:
        """How many of the rated contracts have this RAG."""
        return len(self.rated[rag])

    def not_counted(self) -> list[str]:
        """Why the other contracts are not in the RAG counts: `2 expired`, `3 that do not work with children`."""
        parts = []
        if self.not_started:
            parts.append(f"{len(self.not_started)} not yet started")
        if self.expired:
            parts.append(f"{len(self.expired)} expired")
        if self.without_children:
            n = len(self.without_children)
            parts.append(f"{n} that {'does' if n == 1 else 'do'} not work with children")
        return parts


def contract_groups(assessment: Assessment) -> ContractGroups:
    """Split the contracts into the rated ones (by RAG) and the three groups the ratings leave out."""
    rated: dict[Rag, list[ContractAssessment]] = {rag: [] for rag in RAG_ORDER}
    for c in in_scope(assessment):
        rated[c.rag].append(c)
    with_children = [c for c in assessment.contracts if c.in_scope]
    return ContractGroups(
        rated=rated,
        not_started=[c for c in with_children if c.status is ContractStatus.NOT_STARTED],
        expired=[c for c in with_children if c.status is ContractStatus.EXPIRED],
        without_children=[c for c in assessment.contracts if not c.in_scope],
    )


def rating_summary(groups: ContractGroups) -> str:
    """`Of the 13 active contracts working with children: 3 red, 5 amber, 5 green.` and what is left out."""
    text = (
        f"Of the {rated_phrase(len(groups.in_scope))}: {groups.count(Rag.RED)} red, "
        f"{groups.count(Rag.AMBER)} amber, {groups.count(Rag.GREEN)} green."
    )
    left_out = groups.not_counted()
    if left_out:
        text += " Not counted: " + ", ".join(left_out) + "."
    return text


def by_status(assessment: Assessment) -> dict[ContractStatus, list[ContractAssessment]]:
    """Every contract by where it stands on the report date: active, not started, expired."""
    groups: dict[ContractStatus, list[ContractAssessment]] = {
        status: [] for status in (ContractStatus.ACTIVE, ContractStatus.NOT_STARTED, ContractStatus.EXPIRED)
    }
    for c in assessment.contracts:
        groups[c.status].append(c)
    return groups


def expiring_soon(assessment: Assessment) -> list[ContractAssessment]:
    """Active contracts ending within six calendar months of the report date."""
    horizon = add_months(assessment.report_date, EXPIRING_SOON_MONTHS)
    return [c for c in assessment.contracts if c.status is ContractStatus.ACTIVE and c.contract.end_date <= horizon]


def decisions_passed(assessment: Assessment) -> list[ContractAssessment]:
    """Contracts that have not ended whose re-procurement decision date has passed, by decision date."""
    return sorted((c for c in assessment.contracts if c.decision_passed), key=lambda c: (c.decision_due, c.contract_id))


def by_band(assessment: Assessment) -> dict[str, list[ContractAssessment]]:
    """Contracts grouped by expiry band, soonest first within each band."""
    groups: dict[str, list[ContractAssessment]] = {band: [] for band in EXPIRY_BANDS}
    for contract in sorted(assessment.contracts, key=lambda c: (c.contract.end_date, c.contract_id)):
        groups[contract.expiry_band].append(contract)
    return groups


def decisions(assessment: Assessment) -> list[ContractAssessment]:
    """Contracts that have not ended, by decision date."""
    return sorted(
        (c for c in assessment.contracts if c.status is not ContractStatus.EXPIRED),
        key=lambda c: (c.decision_due, c.contract_id),
    )

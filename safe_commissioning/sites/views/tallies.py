"""How the rated contracts stand against each rule, and by service area: the counts and their charts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from safe_commissioning.rules.assessment import ContractAssessment
from safe_commissioning.rules.catalogue import MINIMUM_EXPECTATIONS, RULE_IDS, RULE_TITLES
from safe_commissioning.rules.rag import RAG_LABELS
from safe_commissioning.rules.results import Status
from safe_commissioning.sites.views.labels import RAG_ORDER


@dataclass(frozen=True)
class RuleCounts:
    """How the contracts in scope stand against one rule."""

    rule_id: str
    counts: dict[Status, int]
    total: int

    @property
    def met_percent(self) -> float:
        return round(100 * self.counts[Status.MET] / self.total, 1) if self.total else 0.0


def rule_counts(contracts: Sequence[ContractAssessment]) -> list[RuleCounts]:
    """Counts of each status per rule among `contracts` (not-applicable results excluded from the total)."""
    counts = []
    for rule in RULE_IDS:
        tally = Counter(c.result(rule).status for c in contracts)
        applicable = sum(n for status, n in tally.items() if status is not Status.NOT_APPLICABLE)
        counts.append(RuleCounts(rule, {status: tally[status] for status in Status}, applicable))
    return counts


def rag_by_service_area(contracts: Sequence[ContractAssessment]) -> list[dict[str, object]]:
    """Rows of (service area, RAG, count) for the chart and its table."""
    tally = Counter((c.contract.service_area, c.rag) for c in contracts)
    areas = sorted({c.contract.service_area for c in contracts})
    return [
        {"area": area, "rag": RAG_LABELS[rag], "contracts": tally[area, rag]} for area in areas for rag in RAG_ORDER
    ]


def expectation_shares(contracts: Sequence[ContractAssessment]) -> list[dict[str, object]]:
    """The share of contracts meeting each minimum expectation."""
    return [
        {
            "rule": f"{c.rule_id} {RULE_TITLES[c.rule_id]}",
            "met": c.met_percent,
            "count": c.counts[Status.MET],
            "of": c.total,
        }
        for c in rule_counts(contracts)
        if c.rule_id in MINIMUM_EXPECTATIONS
    ]

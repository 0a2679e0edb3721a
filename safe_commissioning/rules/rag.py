"""A contract's red, amber or green rating from its rule results (SPEC §3.3)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from safe_commissioning.rules.results import MINIMUM_EXPECTATIONS, RuleResult, Status


class Rag(StrEnum):
    """A contract's overall rating."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NOT_APPLICABLE = "not_applicable"


# A rating in words, beside its symbol wherever a page or the pack shows one
RAG_LABELS = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green", Rag.NOT_APPLICABLE: "Not applicable"}


def rag_effect(rule_id: str, status: Status) -> Rag | None:
    """What one rule's status does to a contract's RAG (SPEC §3.3): Red, Amber, or nothing.

    A minimum expectation not met is red, partly met or not evidenced amber; POL and INS short
    in any way are amber; OFS counts only when the provider is rated Inadequate (red).
    """
    if rule_id in MINIMUM_EXPECTATIONS:
        if status is Status.NOT_MET:
            return Rag.RED
        if status in (Status.PARTLY_MET, Status.NOT_EVIDENCED):
            return Rag.AMBER
    elif rule_id == "OFS":
        if status is Status.NOT_MET:
            return Rag.RED
    elif status in (Status.PARTLY_MET, Status.NOT_MET, Status.NOT_EVIDENCED):  # POL, INS
        return Rag.AMBER
    return None


def rag(results: Iterable[RuleResult]) -> Rag:
    """Red, amber or green from a contract's rule results, as SPEC §3.3 defines."""
    by_rule = {result.rule_id: result.status for result in results}
    if by_rule["MS1"] is Status.NOT_APPLICABLE:  # the contract does not work with children
        return Rag.NOT_APPLICABLE
    effects = {rag_effect(rule, status) for rule, status in by_rule.items()}
    if Rag.RED in effects:
        return Rag.RED
    if Rag.AMBER in effects:
        return Rag.AMBER
    return Rag.GREEN

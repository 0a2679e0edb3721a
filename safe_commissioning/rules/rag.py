"""A contract's red, amber or green rating from its rule results (reference §3.3)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from safe_commissioning.rules.catalogue import MINIMUM_EXPECTATIONS, RULES
from safe_commissioning.rules.results import RuleResult, Status


class Rag(StrEnum):
    """A contract's overall rating."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NOT_APPLICABLE = "not_applicable"


# A rating in words, beside its symbol wherever a page or the pack shows one
RAG_LABELS = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green", Rag.NOT_APPLICABLE: "Not applicable"}


def rag_effect(rule_id: str, status: Status) -> Rag | None:
    """What one rule's status does to a contract's RAG (reference §3.3): Red, Amber or nothing, as its entry says."""
    rule = RULES[rule_id]
    if status in rule.makes_red:
        return Rag.RED
    if status in rule.makes_amber:
        return Rag.AMBER
    return None


def rag(results: Iterable[RuleResult]) -> Rag:
    """Red, amber or green from a contract's rule results, as reference §3.3 defines."""
    by_rule = {result.rule_id: result.status for result in results}
    if all(by_rule[rule] is Status.NOT_APPLICABLE for rule in MINIMUM_EXPECTATIONS):  # not working with children
        return Rag.NOT_APPLICABLE
    effects = {rag_effect(rule, status) for rule, status in by_rule.items()}
    if Rag.RED in effects:
        return Rag.RED
    if Rag.AMBER in effects:
        return Rag.AMBER
    return Rag.GREEN

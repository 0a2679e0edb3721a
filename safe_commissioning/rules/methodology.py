"""How each rule is worked out, in words, from the catalogue: the Methodology page and the committee pack's appendix."""

from __future__ import annotations

from dataclasses import dataclass

from safe_commissioning.rules.catalogue import CONTRACT_RULES, RULE_IDS, RULES
from safe_commissioning.workbook.records import Settings


@dataclass(frozen=True)
class RuleDefinition:
    """When one rule is met, partly met, not met and not evidenced ("—" where a status cannot happen)."""

    rule_id: str
    title: str
    met: str
    partly_met: str
    not_met: str
    not_evidenced: str


def expectations() -> dict[str, str]:
    """The partnership's minimum expectations (MS1–MS6), in its own words, by rule."""
    return {rule.rule_id: rule.checks for rule in CONTRACT_RULES}


def rule_definitions(settings: Settings) -> list[RuleDefinition]:
    """Every rule, in rule order, with the intervals in force."""
    definitions = []
    for rule_id in RULE_IDS:
        rule = RULES[rule_id]
        decided = rule.decided(settings)
        definitions.append(
            RuleDefinition(rule_id, rule.title, decided.met, decided.partly_met, decided.not_met, decided.not_evidenced)
        )
    return definitions

"""The verdict a Member reads first: how many contracts are red, amber and green, and what needs attention.

The dashboard opens with it and the committee pack's Summary says the same in the same words
(`needs_attention_words`), so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from safe_commissioning.rules.attention import Action
from safe_commissioning.rules.rag import RAG_LABELS, Rag
from safe_commissioning.sites.views.groups import ContractGroups, rated_phrase
from safe_commissioning.sites.views.labels import RAG_ICONS, RAG_ORDER
from safe_commissioning.words import and_list, percent, plural


@dataclass(frozen=True)
class RagCount:
    """One rating's count on the report date, with its change since the baseline."""

    rag: Rag
    count: int
    change: str  # "up 1, was 2 on 30 Jun 2024"; "" without a baseline
    link: str  # the compliance list of exactly these contracts

    @property
    def label(self) -> str:
        return RAG_LABELS[self.rag]

    @property
    def icon(self) -> str:
        return RAG_ICONS[self.rag]


@dataclass(frozen=True)
class Verdict:
    """The position in words and figures: of N rated contracts, how many red, amber and green."""

    scope: int
    counts: tuple[RagCount, ...]  # red, amber, green
    position: str  # "Of the 13 active contracts working with children, 3 are red, 5 amber and 5 green."
    attention: str  # "9 things need attention, including …" (no full stop)
    attention_count: int


def needs_attention_words(actions: Sequence[Action]) -> str:
    """`9 things need attention, including 1 child placed with …`, or `Nothing needs attention` (no full stop)."""
    if not actions:
        return "Nothing needs attention on the report date"
    placed = sum(a.kind == "inadequate-placement" for a in actions)
    concerns = sum(a.kind == "safeguarding-concern" for a in actions)
    worst = []
    if placed:
        worst.append(plural(placed, "child placed", "children placed") + " with a provider rated Inadequate")
    if concerns:
        worst.append(plural(concerns, "open safeguarding concern"))
    return f"{plural(len(actions), 'thing needs', 'things need')} attention" + (
        f", including {and_list(worst)}" if worst else ""
    )


def position_words(groups: ContractGroups) -> str:
    """`Of the 13 active contracts working with children, 3 are red, 5 amber and 5 green: 38% meet every expectation.`"""
    scope = len(groups.in_scope)
    if not scope:
        return "No active contract works with children on the report date, so no contract is rated."
    red, amber, green = (groups.count(rag) for rag in RAG_ORDER)
    return (
        f"Of the {rated_phrase(scope)}, {red} {'is' if red == 1 else 'are'} rated red, {amber} amber and "
        f"{green} green: {percent(green, scope)} meet every expectation."
    )


def verdict(
    groups: ContractGroups, actions: Sequence[Action], trend_words: Mapping[str, str], links: Mapping[str, str]
) -> Verdict:
    """The dashboard's first words, from the same groups, list and trend words as every other page.

    `links`: each headline figure's page by key, so a rating's card opens the list its headline card did.
    """
    counts = tuple(
        RagCount(rag, groups.count(rag), trend_words.get(rag.value, ""), links[rag.value]) for rag in RAG_ORDER
    )
    return Verdict(len(groups.in_scope), counts, position_words(groups), needs_attention_words(actions), len(actions))

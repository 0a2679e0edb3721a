"""The symbols a status or RAG is shown with, beside its words (`RULE_STATUS_LABELS`, `RAG_LABELS`), and the RAG order."""

from __future__ import annotations

from safe_commissioning.rules.rag import Rag, rag_effect
from safe_commissioning.rules.results import Status

STATUS_ICONS = {
    Status.MET: "✔",
    Status.PARTLY_MET: "◐",
    Status.NOT_MET: "✖",
    Status.NOT_EVIDENCED: "?",
    Status.NOT_APPLICABLE: "–",
}
RAG_ICONS = {Rag.RED: "✖", Rag.AMBER: "▲", Rag.GREEN: "✔", Rag.NOT_APPLICABLE: "–"}
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN)
NEUTRAL_ICON = "○"  # a rule's answer noted, that cannot change the rating (OFS: not yet inspected)
_SETTLED = (Status.MET, Status.NOT_APPLICABLE)


def neutral(rule_id: str, status: Status) -> bool:
    """Whether a rule's status short of Met is one its rule never lets change a rating (OFS Not yet inspected):
    shown in grey, in the rule's own words, never in a rating's colour."""
    return status not in _SETTLED and rag_effect(rule_id, status) is None


def status_look(rule_id: str, status: Status) -> tuple[str, str]:
    """The badge's class modifier and symbol for a rule's status: its own, or neutral where it cannot count."""
    if neutral(rule_id, status):
        return "neutral", NEUTRAL_ICON
    return status.value, STATUS_ICONS[status]

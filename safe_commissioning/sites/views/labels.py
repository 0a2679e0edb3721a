"""The symbols a status or RAG is shown with, beside its words (`RULE_STATUS_LABELS`, `RAG_LABELS`), and the RAG order."""

from __future__ import annotations

from safe_commissioning.rules.rag import Rag
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

"""The words and symbols a status or RAG is shown with, wherever a page or the pack shows one."""

from __future__ import annotations

from safe_commissioning.rules.rag import Rag
from safe_commissioning.rules.results import STATUS_WORDS, Status

STATUS_LABELS = STATUS_WORDS
STATUS_ICONS = {
    Status.MET: "✔",
    Status.PARTLY_MET: "◐",
    Status.NOT_MET: "✖",
    Status.NOT_EVIDENCED: "?",
    Status.NOT_APPLICABLE: "–",
}
RAG_LABELS = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green", Rag.NOT_APPLICABLE: "Not applicable"}
RAG_ICONS = {Rag.RED: "✖", Rag.AMBER: "▲", Rag.GREEN: "✔", Rag.NOT_APPLICABLE: "–"}
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN)

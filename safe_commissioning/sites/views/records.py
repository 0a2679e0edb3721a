"""What a contract's page adds: the reasons behind its rating, its open alerts, its decision date."""

from __future__ import annotations

from dataclasses import dataclass

from safe_commissioning.rules.assessment import ContractAssessment
from safe_commissioning.rules.evidence import Traced
from safe_commissioning.rules.rag import Rag, rag_effect
from safe_commissioning.rules.results import Status
from safe_commissioning.words import days_text, long_date
from safe_commissioning.workbook.records import QualityAlert


@dataclass(frozen=True)
class Reason:
    """A rule that keeps a contract from green, or is short without affecting its rating."""

    result: Traced
    effect: Rag | None  # Red or Amber: what it does to the RAG; None: short, but the RAG ignores it


SHORT = (Status.NOT_MET, Status.PARTLY_MET, Status.NOT_EVIDENCED)


def rating_reasons(contract: ContractAssessment) -> list[Reason]:
    """The rules not met, partly met or not evidenced: those behind the RAG first (red, then amber), in rule order."""
    reasons = [Reason(t, rag_effect(t.rule_id, t.status)) for t in contract.results if t.status in SHORT]
    rank = {Rag.RED: 0, Rag.AMBER: 1, None: 2}
    return sorted(reasons, key=lambda r: rank[r.effect])


def contract_open_alerts(contract: ContractAssessment) -> list[QualityAlert]:
    """The quality alerts about this contract that are still open, newest first."""
    return sorted(
        (a for a in contract.alerts if a.status == "Open"), key=lambda a: (a.date_raised, a.alert_id), reverse=True
    )


def decision_due_text(contract: ContractAssessment) -> str:
    """`31 May 2024 — passed`, or the date and how far off it is."""
    due = contract.decision_due
    if due < contract.report_date:
        return f"{long_date(due)} — passed"
    return f"{long_date(due)} ({days_text((due - contract.report_date).days)})"


def short_hash(content_hash: str) -> str:
    """The first 12 hex digits of the workbook's SHA-256: enough to tell versions apart."""
    return content_hash[:12]

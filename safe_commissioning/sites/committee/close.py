"""How the pack ends: the conclusion and Appendix 1, the minimum expectations and how each rule is decided."""

from __future__ import annotations

from collections.abc import Sequence

from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.attention import Action
from safe_commissioning.rules.methodology import expectations, rule_definitions
from safe_commissioning.rules.rag import RAG_LABELS, Rag
from safe_commissioning.sites.committee.pack import Block, Paragraph, Table
from safe_commissioning.sites.committee.position import RAG_WORDS
from safe_commissioning.words import capitalised, in_words, plural
from safe_commissioning.workbook.schema.choices import CLAUSE_ELEMENTS


def conclusion(assessment: Assessment, actions: Sequence[Action]) -> list[Paragraph | Table | str]:
    settings = assessment.workbook.settings
    return [
        Paragraph(
            f"The minimum expectations form part of {settings.organisation or 'the council'}'s commitment to "
            "safeguarding children and young people in the services it commissions. "
            + (
                "The actions listed in this report are for the contract managers named; their progress will be "
                "reported to the next meeting."
                if actions
                else "No action is outstanding on the report date."
            )
        )
    ]


def appendix(assessment: Assessment) -> list[Block]:
    settings = assessment.workbook.settings
    thematic = ", ".join(f"{risk} {plural(months, 'month')}" for risk, months in settings.thematic_months.items())
    return [
        Paragraph(
            f"The {settings.partnership}'s safe commissioning minimum expectations. Every organisation that "
            "commissions services for children and young people should:",
            bullets=tuple(f"{rule}. {text}" for rule, text in expectations().items()),
        ),
        Paragraph(
            f"The {in_words(len(CLAUSE_ELEMENTS))} elements of the standard safeguarding clause (MS2):",
            bullets=tuple(f"{capitalised(short)}: {full}" for _, short, full in CLAUSE_ELEMENTS),
        ),
        Paragraph(
            "Each rule gives one of: met, partly met, not met, not evidenced, not applicable; where a rule can be not "
            "evidenced, that is tested first. The rules apply to contracts that work with children, on the report "
            "date; evidence dated after it is ignored. Table A1 sets out when each result is given, with the "
            f"intervals in force: thematic checks by risk {thematic}; a DBS recheck is due "
            f"{plural(settings.dbs_recheck_years, 'year')} after issue when no recheck date is recorded."
        ),
        Table(
            "Table A1: How each rule is decided",
            ("Rule", "Met", "Partly met", "Not met", "Not evidenced"),
            tuple(
                (f"{r.rule_id} {r.title}", r.met, r.partly_met, r.not_met, r.not_evidenced)
                for r in rule_definitions(settings)
            ),
        ),
        Paragraph(
            "A contract is rated "
            + "; ".join(f"{RAG_LABELS[rag].lower()} for {RAG_WORDS[rag]}" for rag in (Rag.RED, Rag.AMBER, Rag.GREEN))
            + ". Only a rating of Inadequate from Ofsted affects the rating; the ratings count active contracts "
            "only."
        ),
    ]

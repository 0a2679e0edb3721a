"""How each rule is worked out, in words: one home for the Methodology page and the committee pack's appendix."""

from __future__ import annotations

from dataclasses import dataclass

from safe_commissioning.rules.results import RULE_TITLES
from safe_commissioning.words import plural
from safe_commissioning.workbook.records import Settings

# The partnership's six safe commissioning minimum expectations (seed 003), as every organisation that
# commissions services for children and young people should meet them.
EXPECTATIONS = {
    "MS1": "Ensure externally commissioned organisations have completed a partnership self-assessment and that they "
    "are continuing to engage in the self-assessment process at intervals agreed by the partnership.",
    "MS2": "Have a standard safeguarding clause within the contract that includes the ten elements below.",
    "MS3": "Enable contractors and sub-contractors to receive partnership information and updates and participate "
    "in partnership training.",
    "MS4": "Record the DBS numbers and DBS expiry dates for staff within contracted services who work directly with, "
    "or have regular contact with, children and young people, based on levels of contact.",
    "MS5": "Evidence adherence to these standards through robust performance management and a good quality "
    "assurance framework of commissioned services on a regular basis, including safeguarding discussions at each "
    "contract monitoring meeting and safeguarding metrics included within the contract.",
    "MS6": "Undertake thematic checks as part of the quality assurance process to ensure these standards are met, at "
    "a regularity decided by a risk-based approach.",
}


@dataclass(frozen=True)
class RuleDefinition:
    """When one rule is met, partly met, not met and not evidenced ("—" where a status cannot happen)."""

    rule_id: str
    title: str
    met: str
    partly_met: str
    not_met: str
    not_evidenced: str


def rule_definitions(settings: Settings) -> list[RuleDefinition]:
    """Every rule MS1–MS6, POL, OFS, INS, with the intervals in force."""
    months = settings.self_assessment_months
    rows = [
        (
            "MS1",
            f"Self-assessment date within {plural(months, 'month')}",
            "—",
            f"Older than {plural(months, 'month')}",
            "No date (or no Safeguarding row)",
        ),
        ("MS2", "All ten elements Yes", "At least one Yes, not all ten", "No Yes and at least one No", "All ten blank"),
        ("MS3", "Yes", "—", "No", "Blank"),
        (
            "MS4",
            "At least one member of staff with Direct or Regular contact; every one has a DBS number and a recheck "
            "date not passed; as many rows as the declared staff in contact with children, when given",
            "All rows valid, but fewer than the declared number",
            "Any such member of staff with no number, or a recheck date before the report date (a row with neither a "
            "recheck date nor an issue date counts as passed)",
            "No such staff rows",
        ),
        (
            "MS5",
            "All three of: (a) safeguarding metrics in the contract; (b) monitoring on schedule; (c) at least one "
            "meeting in the last 12 months, with safeguarding discussed at every one of them",
            "One or two of the three",
            "None of the three",
            "Metrics blank and no meetings at all",
        ),
        (
            "MS6",
            "Last thematic check within the interval for the contract's risk",
            "—",
            "Older",
            "No date",
        ),
        (
            "POL",
            f"All eight policies reviewed within {plural(settings.policy_months, 'month')}",
            "Some, not all",
            "None within the interval (all stale or blank)",
            "No Policies row, or no dates",
        ),
        (
            "OFS",
            "Outstanding, Good or Requires improvement",
            "—",
            "Inadequate: an alert for every active contract and placement with the provider",
            "Not yet inspected, or no rating recorded (the pages say which, never Met). A rating of Not applicable "
            "makes the rule not applicable. Only Inadequate affects the RAG.",
        ),
        (
            "INS",
            "Employer's liability and public liability at least £10m, professional indemnity at least £2m, "
            "certificates not expired",
            "—",
            "Any cover below its minimum or not recorded, or expired",
            "All four cells blank (not applicable to a local authority or NHS body)",
        ),
    ]
    return [RuleDefinition(rule, RULE_TITLES[rule], *words) for rule, *words in rows]

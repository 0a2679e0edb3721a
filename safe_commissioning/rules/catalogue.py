"""The rule catalogue: one entry per rule of reference §3, and everything the product says or does about it.

Each entry holds a rule's ID and title, what it checks, when it is met, partly met, not met and not
evidenced (the methodology page and the committee pack's appendix), how its status moves a
contract's RAG, the next step an officer takes when it is not met (the action list), and the
function that assesses it, fed with a contract's or a provider's evidence. The assessment, the
RAG, the methodology, the action list, the data files and the pages all read the rules from here:
adding a rule is one entry (and its pure function in `minimum_expectations` or `provider_assurance`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from safe_commissioning.rules.evidence import ContractEvidence, ProviderEvidence, Traced, cells_of, joined, rows_of
from safe_commissioning.rules.minimum_expectations import (
    dbs_records,
    partnership_updates,
    performance_management,
    safeguarding_clause,
    self_assessment,
    thematic_checks,
)
from safe_commissioning.rules.positions import CONTACT_IN_SCOPE
from safe_commissioning.rules.provider_assurance import insurance, ofsted, policies_reviewed
from safe_commissioning.rules.results import Status
from safe_commissioning.words import plural
from safe_commissioning.workbook.records import Settings
from safe_commissioning.workbook.schema.choices import CLAUSE_FIELDS, POLICY_FIELDS

# The statuses that move a contract's RAG, as the entries below name them (reference §3.3)
NEVER: frozenset[Status] = frozenset()
NOT_MET = frozenset({Status.NOT_MET})
SHORT = frozenset({Status.PARTLY_MET, Status.NOT_EVIDENCED})  # a minimum expectation short of not met
ANY_SHORT = frozenset({Status.PARTLY_MET, Status.NOT_MET, Status.NOT_EVIDENCED})


@dataclass(frozen=True)
class Decided:
    """When a rule is met, partly met, not met and not evidenced, in words ("—" where a status cannot happen)."""

    met: str
    partly_met: str
    not_met: str
    not_evidenced: str


@dataclass(frozen=True)
class Rule:
    """One rule of reference §3: what it checks, how it is decided, what it does to the RAG, what to do about it."""

    scope: ClassVar[str]  # "contract" (a minimum expectation) or "provider" (the provider's assurance)

    rule_id: str  # the reference's ID, as compliance.csv and every page write it
    title: str
    checks: str  # what it checks; for a minimum expectation, the partnership's own words (seed 003)
    decided: Callable[[Settings], Decided]  # the methodology's words, with the intervals in force
    makes_red: frozenset[Status]  # the statuses that make a contract red
    makes_amber: frozenset[Status]  # the statuses that make it amber (when nothing makes it red)
    # What the contract manager does when the rule is not met and the contract is red; None when it
    # never makes a contract red (then the action list has no row for it).
    next_step: str | None


@dataclass(frozen=True)
class ContractRule(Rule):
    """A minimum expectation, weighed for each contract that works with children."""

    scope: ClassVar[str] = "contract"
    assess: Callable[[ContractEvidence], Traced]


@dataclass(frozen=True)
class ProviderRule(Rule):
    """A provider assurance check, weighed once per provider and shared by its contracts."""

    scope: ClassVar[str] = "provider"
    assess: Callable[[ProviderEvidence], Traced]


def _always(decided: Decided) -> Callable[[Settings], Decided]:
    """The words of a rule that no setting changes."""
    return lambda _settings: decided


# How each rule is fed (its entry's `assess`): its pure function given the evidence it weighs,
# and the cells it read, which the pages and compliance.csv cite.


def _ms1(given: ContractEvidence) -> Traced:
    months = given.settings.self_assessment_months
    result = self_assessment(given.safeguarding, given.report_date, months)
    return given.traced(result, given.cells("self_assessment_date"))


def _ms2(given: ContractEvidence) -> Traced:
    return given.traced(safeguarding_clause(given.safeguarding), given.cells(*CLAUSE_FIELDS))


def _ms3(given: ContractEvidence) -> Traced:
    result = partnership_updates(given.safeguarding, given.settings.partnership)
    return given.traced(result, given.cells("partnership_updates"))


def _ms4(given: ContractEvidence) -> Traced:
    evidence = given.safeguarding
    declared = evidence.staff_in_contact if evidence else None
    result = dbs_records(given.dbs, declared, evidence.row if evidence else None)
    in_scope = [r.row for r in given.dbs_rows if r.contact_level in CONTACT_IN_SCOPE]
    return given.traced(
        result, joined(rows_of("DBS", in_scope), given.cells("staff_in_contact") if declared is not None else "")
    )


def _ms5(given: ContractEvidence) -> Traced:
    result = performance_management(given.safeguarding, given.monitoring)
    meetings = rows_of("Monitoring", [m.row for m in given.meetings])
    return given.traced(result, joined(given.cells("safeguarding_metrics"), meetings))


def _ms6(given: ContractEvidence) -> Traced:
    risk = given.contract.risk
    result = thematic_checks(given.safeguarding, risk, given.report_date, given.settings.thematic_months[risk])
    risk_cell = given.workbook.cell("Contracts", "risk", given.contract.row)
    return given.traced(result, joined(given.cells("last_thematic_check"), risk_cell))


def _pol(given: ProviderEvidence) -> Traced:
    reviews = given.policies
    result = policies_reviewed(reviews, given.report_date, given.settings.policy_months)
    return given.traced(result, cells_of(given.workbook, "Policies", POLICY_FIELDS, reviews.row) if reviews else "")


def _ofs(given: ProviderEvidence) -> Traced:
    return given.traced(ofsted(given.provider), given.workbook.cell("Providers", "ofsted_rating", given.provider.row))


def _ins(given: ProviderEvidence) -> Traced:
    covers = ("employers_liability", "public_liability", "professional_indemnity", "insurance_expiry_date")
    result = insurance(given.provider, given.report_date)
    return given.traced(result, cells_of(given.workbook, "Providers", covers, given.provider.row))


CATALOGUE: tuple[ContractRule | ProviderRule, ...] = (
    ContractRule(
        "MS1",
        "Partnership self-assessment",
        checks="Ensure externally commissioned organisations have completed a partnership self-assessment and that "
        "they are continuing to engage in the self-assessment process at intervals agreed by the partnership.",
        decided=lambda settings: Decided(
            f"Self-assessment date within {plural(settings.self_assessment_months, 'month')}",
            "—",
            f"Older than {plural(settings.self_assessment_months, 'month')}",
            "No date (or no Safeguarding row)",
        ),
        makes_red=NOT_MET,
        makes_amber=SHORT,
        next_step="Ask the provider to complete the partnership's safeguarding self-assessment.",
        assess=_ms1,
    ),
    ContractRule(
        "MS2",
        "Standard safeguarding clause",
        checks="Have a standard safeguarding clause within the contract that includes the ten elements below.",
        decided=_always(
            Decided(
                "All ten elements Yes", "At least one Yes, not all ten", "No Yes and at least one No", "All ten blank"
            )
        ),
        makes_red=NOT_MET,
        makes_amber=SHORT,
        next_step="Vary the contract to include every element of the standard safeguarding clause.",
        assess=_ms2,
    ),
    ContractRule(
        "MS3",
        "Partnership updates and training",
        checks="Enable contractors and sub-contractors to receive partnership information and updates and "
        "participate in partnership training.",
        decided=_always(Decided("Yes", "—", "No", "Blank")),
        makes_red=NOT_MET,
        makes_amber=SHORT,
        next_step="Make sure the provider receives the partnership's updates and training.",
        assess=_ms3,
    ),
    ContractRule(
        "MS4",
        "DBS records for staff in contact",
        checks="Record the DBS numbers and DBS expiry dates for staff within contracted services who work directly "
        "with, or have regular contact with, children and young people, based on levels of contact.",
        decided=_always(
            Decided(
                "At least one member of staff with Direct or Regular contact; every one has a DBS number and a "
                "recheck date not passed; as many rows as the declared staff in contact with children, when given",
                "All rows valid, but fewer than the declared number",
                "Any such member of staff with no number, or a recheck date before the report date (a row with "
                "neither a recheck date nor an issue date counts as passed)",
                "No such staff rows",
            )
        ),
        makes_red=NOT_MET,
        makes_amber=SHORT,
        next_step="Ask the provider for the DBS numbers and rechecks of the staff concerned.",
        assess=_ms4,
    ),
    ContractRule(
        "MS5",
        "Performance management",
        checks="Evidence adherence to these standards through robust performance management and a good quality "
        "assurance framework of commissioned services on a regular basis, including safeguarding discussions at "
        "each contract monitoring meeting and safeguarding metrics included within the contract.",
        decided=_always(
            Decided(
                "All three of: (a) safeguarding metrics in the contract; (b) monitoring on schedule; (c) at least "
                "one meeting in the last 12 months, with safeguarding discussed at every one of them",
                "One or two of the three",
                "None of the three",
                "Metrics blank and no meetings at all",
            )
        ),
        makes_red=NOT_MET,
        makes_amber=SHORT,
        next_step="Hold a contract monitoring meeting that discusses safeguarding, and add safeguarding metrics.",
        assess=_ms5,
    ),
    ContractRule(
        "MS6",
        "Thematic checks",
        checks="Undertake thematic checks as part of the quality assurance process to ensure these standards are "
        "met, at a regularity decided by a risk-based approach.",
        decided=_always(
            Decided("Last thematic check within the interval for the contract's risk", "—", "Older", "No date")
        ),
        makes_red=NOT_MET,
        makes_amber=SHORT,
        next_step="Arrange a thematic safeguarding check.",
        assess=_ms6,
    ),
    ProviderRule(
        "POL",
        "Provider policies reviewed",
        checks="The eight policies of the Policies sheet reviewed within the policy interval.",
        decided=lambda settings: Decided(
            f"All eight policies reviewed within {plural(settings.policy_months, 'month')}",
            "Some, not all",
            "None within the interval (all stale or blank)",
            "No Policies row, or no dates",
        ),
        makes_red=NEVER,
        makes_amber=ANY_SHORT,
        next_step=None,
        assess=_pol,
    ),
    ProviderRule(
        "OFS",
        "Ofsted rating",
        checks="The provider's Ofsted rating: Inadequate raises an alert for every active contract and placement "
        "with it.",
        decided=_always(
            Decided(
                "Outstanding, Good or Requires improvement",
                "—",
                "Inadequate: an alert for every active contract and placement with the provider",
                "Not yet inspected, or no rating recorded (the pages say which, never Met). A rating of Not "
                "applicable makes the rule not applicable. Only Inadequate affects the RAG.",
            )
        ),
        makes_red=NOT_MET,
        makes_amber=NEVER,
        next_step="Review the contract against the provider's Ofsted action plan.",
        assess=_ofs,
    ),
    ProviderRule(
        "INS",
        "Insurance cover",
        checks="Employer's liability and public liability of at least £10m, professional indemnity of at least "
        "£2m, and insurance not expired; not for a local authority or NHS body.",
        decided=_always(
            Decided(
                "Employer's liability and public liability at least £10m, professional indemnity at least £2m, "
                "certificates not expired",
                "—",
                "Any cover below its minimum or not recorded, or expired",
                "All four cells blank (not applicable to a local authority or NHS body)",
            )
        ),
        makes_red=NEVER,
        makes_amber=ANY_SHORT,
        next_step=None,
        assess=_ins,
    ),
)

# The catalogue read the ways the rest of the package needs it. Contract rules come first, as
# compliance.csv, the matrix and every table list them.
RULES: dict[str, ContractRule | ProviderRule] = {rule.rule_id: rule for rule in CATALOGUE}
CONTRACT_RULES: tuple[ContractRule, ...] = tuple(rule for rule in CATALOGUE if isinstance(rule, ContractRule))
PROVIDER_CHECKS: tuple[ProviderRule, ...] = tuple(rule for rule in CATALOGUE if isinstance(rule, ProviderRule))
MINIMUM_EXPECTATIONS: tuple[str, ...] = tuple(rule.rule_id for rule in CONTRACT_RULES)
PROVIDER_RULES: tuple[str, ...] = tuple(rule.rule_id for rule in PROVIDER_CHECKS)
RULE_IDS: tuple[str, ...] = MINIMUM_EXPECTATIONS + PROVIDER_RULES
RULE_TITLES: dict[str, str] = {rule_id: RULES[rule_id].title for rule_id in RULE_IDS}

"""Typed records: one dataclass per sheet row, fields named as the schema names them.

Every record keeps the spreadsheet row it came from so that any figure can be traced back
to its cells. A field is None when its cell was blank ("not recorded").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from safe_commissioning.workbook.cells.identifiers import Identifier
from safe_commissioning.workbook.schema.choices import CLAUSE_FIELDS, POLICY_FIELDS, PROCUREMENT_ROUTES, RISK_LEVELS

DEFAULT_LEAD_TIMES: Mapping[str, int] = MappingProxyType(
    {
        "Strategic purchasing": 9,
        "Operational purchasing": 4,
        "Request for quotation": 3,
        "Framework call-off": 3,
        "Service level agreement": 3,
        "Delegated to another authority": 6,
        "Spot purchase": 1,
    }
)
DEFAULT_THEMATIC_MONTHS: Mapping[str, int] = MappingProxyType({"High": 6, "Medium": 12, "Low": 24})
assert set(DEFAULT_LEAD_TIMES) == set(PROCUREMENT_ROUTES)
assert set(DEFAULT_THEMATIC_MONTHS) == set(RISK_LEVELS)


@dataclass(frozen=True, slots=True)
class Settings:
    """Organisation details and the intervals in force."""

    organisation: str = ""
    department: str = ""
    partnership: str = "Safeguarding Children Partnership"
    report_date: date | None = None
    self_assessment_months: int = 24
    thematic_months: Mapping[str, int] = field(default_factory=lambda: DEFAULT_THEMATIC_MONTHS)
    policy_months: int = 12
    dbs_recheck_years: int = 3
    lead_time_months: Mapping[str, int] = field(default_factory=lambda: DEFAULT_LEAD_TIMES)
    coming_up_days: int = 60
    return_window_days: int = 28
    placements_lead: str = ""
    classification: str = "OFFICIAL-SENSITIVE"
    ocds_prefix: str = ""
    organisation_identifier: str = ""
    address: str = ""
    town: str = ""
    postcode: str = ""
    telephone: str = ""
    contact: str = ""
    public_url: str = ""
    notice: str = ""
    committee: str = ""
    committee_date: date | None = None
    report_subject: str = "Safe commissioning of services for children"
    report_of: str = ""
    report_author: str = ""


@dataclass(frozen=True, slots=True)
class Contract:
    row: int
    contract_id: str
    title: str
    supplier: str
    service_area: str
    procurement_route: str
    start_date: date
    end_date: date
    works_with_children: bool
    risk: str
    description: str = ""
    extension_end_date: date | None = None
    review_date: date | None = None
    annual_value: float | None = None
    total_value: float | None = None
    irrecoverable_vat: float | None = None
    monitoring_frequency: str = "Quarterly"
    contract_manager: str = ""
    publish: bool = True
    notes: str = ""
    department: str = ""
    main_category: str = "Services"
    find_a_tender_notice: str = ""


@dataclass(frozen=True, slots=True)
class Provider:
    row: int
    provider: str
    organisation_type: str | None = None
    company_number: Identifier | None = None
    charity_number: Identifier | None = None
    mutuals_number: Identifier | None = None
    postcode: str = ""
    sme: bool | None = None
    vcse: bool | None = None
    ofsted_urn: str = ""
    ofsted_rating: str | None = None
    ofsted_inspection_date: date | None = None
    safeguarding_lead: str = ""
    employers_liability: float | None = None
    public_liability: float | None = None
    professional_indemnity: float | None = None
    insurance_expiry_date: date | None = None
    ppon: Identifier | None = None
    publish_name: bool | None = None

    @property
    def identifiers(self) -> tuple[Identifier, ...]:
        """The registration numbers given, recognised or not: company, charity, mutuals, PPON."""
        return tuple(
            i for i in (self.company_number, self.charity_number, self.mutuals_number, self.ppon) if i is not None
        )

    @property
    def name_published(self) -> bool:
        """Whether the public site may name the provider: Publish name, else not for a Sole trader (an individual)."""
        return self.publish_name if self.publish_name is not None else self.organisation_type != "Sole trader"

    @property
    def public_company_number(self) -> str:
        """The Companies House number the open data carries ('' when blank, unrecognised or withheld)."""
        return self.company_number.published if self.company_number else ""

    @property
    def public_charity_number(self) -> str:
        """The charity number the open data carries ('' when blank, unrecognised or withheld)."""
        return self.charity_number.published if self.charity_number else ""

    @property
    def public_mutuals_number(self) -> str:
        """The Mutuals Public Register number the open data carries ('' when blank, unrecognised or withheld)."""
        return self.mutuals_number.published if self.mutuals_number else ""


@dataclass(frozen=True, slots=True)
class SafeguardingEvidence:
    row: int
    contract_id: str
    self_assessment_date: date | None = None
    clause_safeguarding_reference: bool | None = None
    clause_legislation_reference: bool | None = None
    clause_safer_recruitment: bool | None = None
    clause_safeguarding_policy: bool | None = None
    clause_whistleblowing_policy: bool | None = None
    clause_induction_and_training: bool | None = None
    clause_cascade_of_partnership_messages: bool | None = None
    clause_signs_of_abuse_and_extra_familial_harm: bool | None = None
    clause_reporting_and_co_operation: bool | None = None
    clause_allegations_and_lado: bool | None = None
    partnership_updates: bool | None = None
    safeguarding_metrics: bool | None = None
    last_thematic_check: date | None = None
    staff_in_contact: int | None = None

    @property
    def clauses(self) -> tuple[bool | None, ...]:
        """The ten clause elements in the partnership's order."""
        return tuple(getattr(self, name) for name in CLAUSE_FIELDS)


@dataclass(frozen=True, slots=True)
class PolicyReviews:
    row: int
    provider: str
    safeguarding_policy_reviewed: date | None = None
    safer_recruitment_policy_reviewed: date | None = None
    whistleblowing_policy_reviewed: date | None = None
    complaints_policy_reviewed: date | None = None
    anti_bullying_policy_reviewed: date | None = None
    equality_and_diversity_policy_reviewed: date | None = None
    health_and_safety_policy_reviewed: date | None = None
    data_protection_policy_reviewed: date | None = None

    @property
    def reviewed(self) -> tuple[date | None, ...]:
        """The eight review dates in the order of the Policies sheet."""
        return tuple(getattr(self, name) for name in POLICY_FIELDS)


@dataclass(frozen=True, slots=True)
class DbsRecord:
    row: int
    contract_id: str
    staff_reference: str
    contact_level: str
    role: str = ""
    certificate_number: str = ""
    issue_date: date | None = None
    recheck_date: date | None = None


@dataclass(frozen=True, slots=True)
class MonitoringMeeting:
    row: int
    contract_id: str
    meeting_date: date
    safeguarding_discussed: bool
    kpis_reviewed: bool | None = None
    concerns_raised: int | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Placement:
    row: int
    placement_id: str
    placement_type: str
    provider: str
    source: str
    start_date: date
    child_reference: str = ""
    cohort: str | None = None
    age_band: str | None = None
    end_date: date | None = None
    weekly_cost: float | None = None


@dataclass(frozen=True, slots=True)
class QualityAlert:
    row: int
    alert_id: str
    date_raised: date
    provider: str
    category: str
    status: str
    contract_id: str = ""
    placement_id: str = ""
    date_closed: date | None = None


@dataclass(frozen=True, slots=True)
class CaseloadSnapshot:
    row: int
    date: date
    children_in_care: int | None = None
    of_which_uasc: int | None = None
    children_in_need: int | None = None
    care_leavers: int | None = None


@dataclass(frozen=True, slots=True)
class SourcingPlanItem:
    row: int
    project: str
    service_area: str | None = None
    related_contract_id: str = ""
    estimated_total_value: float | None = None
    procurement_route: str | None = None
    procurement_start: date | None = None
    contract_start: date | None = None
    status: str | None = None
    publish: bool = True
    description: str = ""
    estimated_contract_end: date | None = None
    lots: str = ""
    contact: str = ""
    notice_url: str = ""
    main_category: str | None = None
    suitable_for_sme_vcse: bool | None = None
    reference: str = ""


@dataclass(frozen=True, slots=True)
class DevelopmentAction:
    row: int
    area: str
    explanation: str = ""
    owner: str = ""
    target_date: date | None = None
    rag: str | None = None


@dataclass(frozen=True, slots=True)
class ProviderReturn:
    row: int
    provider: str
    requested_on: date | None = None
    due_by: date | None = None
    received_on: date | None = None
    merged_on: date | None = None
    changes: int | None = None
    file: str = ""

    @property
    def returned_on(self) -> date | None:
        """When the provider returned: the day received, else the day merged."""
        return self.received_on or self.merged_on


@dataclass(frozen=True, slots=True)
class LoggedAction:
    """One row of the action log: what an officer did about a record, and when to look again."""

    row: int
    about: str  # a Contract ID, Placement ID, Alert ID, provider name or sourcing-plan project, as that sheet spells it
    taken_on: date  # the Date column
    action_taken: str
    by: str = ""
    next_review: date | None = None


@dataclass(frozen=True)
class Workbook:
    """Everything read from one master workbook, validated and typed."""

    file_name: str
    content_hash: str
    settings: Settings
    report_date: date
    contracts: tuple[Contract, ...] = ()
    providers: tuple[Provider, ...] = ()
    safeguarding: tuple[SafeguardingEvidence, ...] = ()
    policies: tuple[PolicyReviews, ...] = ()
    dbs: tuple[DbsRecord, ...] = ()
    monitoring: tuple[MonitoringMeeting, ...] = ()
    placements: tuple[Placement, ...] = ()
    quality_alerts: tuple[QualityAlert, ...] = ()
    caseload: tuple[CaseloadSnapshot, ...] = ()
    sourcing_plan: tuple[SourcingPlanItem, ...] = ()
    development_plan: tuple[DevelopmentAction, ...] = ()
    returns: tuple[ProviderReturn, ...] = ()
    actions: tuple[LoggedAction, ...] = ()
    sheets_present: frozenset[str] = frozenset()
    # sheet name → record field → the column letter it was read from in this workbook
    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def cell(self, sheet: str, field_name: str, row: int) -> str:
        """`Sheet!B7` for a record's field, in this workbook's own column layout."""
        letter = self.columns.get(sheet, {}).get(field_name)
        return f"{sheet}!{letter}{row}" if letter else f"{sheet} row {row}"

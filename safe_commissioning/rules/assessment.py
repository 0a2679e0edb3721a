"""Assess a whole workbook: every contract's rules, RAG and expiry, providers, placements, alerts.

This is where the rules meet the records. It groups the rows once (by contract, by provider),
runs the pure rules, and records for each result the cells it read, so every figure on the
sites can be traced back to the workbook.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from safe_commissioning.rules.compliance import (
    MINIMUM_EXPECTATIONS,
    PROVIDER_RULES,
    RULE_STATUS_LABELS,
    DbsPosition,
    MonitoringPosition,
    Rag,
    RuleResult,
    Status,
    dbs_position,
    dbs_records,
    insurance,
    monitoring_position,
    not_applicable,
    ofsted,
    partnership_updates,
    performance_management,
    policies_reviewed,
    rag,
    safeguarding_clause,
    self_assessment,
    thematic_checks,
)
from safe_commissioning.rules.expiry import (
    ContractStatus,
    contract_status,
    days_to_expiry,
    decision_due,
    expiry_band,
    no_reprocurement_planned,
)
from safe_commissioning.rules.placements import YearCount, is_active, placements_by_year
from safe_commissioning.workbook.cells import column_index
from safe_commissioning.workbook.records import (
    Contract,
    DbsRecord,
    MonitoringMeeting,
    Placement,
    PolicyReviews,
    Provider,
    QualityAlert,
    SafeguardingEvidence,
    SourcingPlanItem,
    Workbook,
)
from safe_commissioning.workbook.schema import CLAUSE_FIELDS, POLICY_FIELDS

R = TypeVar("R")


@dataclass(frozen=True)
class Traced:
    """A rule result with the workbook cells it was computed from."""

    result: RuleResult
    evidence: str = ""

    @property
    def rule_id(self) -> str:
        return self.result.rule_id

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def detail(self) -> str:
        return self.result.detail

    @property
    def label(self) -> str:
        """The status in words, as every page shows it (the rule's own words where it has them)."""
        return self.result.label or RULE_STATUS_LABELS[self.result.status]


@dataclass(frozen=True)
class ProviderAssessment:
    """A provider's assurance (POL, OFS, INS) and everything the council has with it."""

    provider: Provider
    policies: PolicyReviews | None
    results: tuple[Traced, ...]
    contract_ids: tuple[str, ...] = ()
    placements: tuple[Placement, ...] = ()
    alerts: tuple[QualityAlert, ...] = ()

    def result(self, rule_id: str) -> Traced:
        """The result of one provider rule."""
        return next(r for r in self.results if r.rule_id == rule_id)


@dataclass(frozen=True)
class ContractAssessment:
    """One contract on the report date: rules, RAG, status and expiry, and the evidence behind them."""

    contract: Contract
    provider: Provider
    report_date: date
    status: ContractStatus
    days_to_expiry: int
    expiry_band: str
    decision_due: date
    planned: tuple[SourcingPlanItem, ...]
    no_reprocurement_planned: bool
    results: tuple[Traced, ...]
    rag: Rag
    safeguarding: SafeguardingEvidence | None
    dbs: DbsPosition | None
    monitoring: MonitoringPosition
    meetings: tuple[MonitoringMeeting, ...]
    alerts: tuple[QualityAlert, ...]

    @property
    def contract_id(self) -> str:
        return self.contract.contract_id

    @property
    def in_scope(self) -> bool:
        """True when the minimum expectations apply (the contract works with children)."""
        return self.contract.works_with_children

    @property
    def decision_passed(self) -> bool:
        """The decision date has passed and the contract has not ended."""
        return self.decision_due < self.report_date <= self.contract.end_date

    def result(self, rule_id: str) -> Traced:
        """The result of one rule."""
        return next(r for r in self.results if r.rule_id == rule_id)


@dataclass(frozen=True)
class OfstedAlert:
    """A provider rated Inadequate, with the active contracts and placements that need review."""

    provider: Provider
    contract_ids: tuple[str, ...]
    placement_ids: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    """Everything the sites show, computed once from one workbook on one report date."""

    workbook: Workbook
    contracts: tuple[ContractAssessment, ...]
    providers: tuple[ProviderAssessment, ...]
    placements_by_year: tuple[YearCount, ...]
    active_placements: tuple[Placement, ...]
    ofsted_alerts: tuple[OfstedAlert, ...]
    by_contract: Mapping[str, ContractAssessment] = field(default_factory=dict)
    by_provider: Mapping[str, ProviderAssessment] = field(default_factory=dict)

    @property
    def report_date(self) -> date:
        return self.workbook.report_date


def _group(records: Iterable[R], attribute: str) -> dict[str, list[R]]:
    grouped: dict[str, list[R]] = defaultdict(list)
    for record in records:
        grouped[getattr(record, attribute)].append(record)
    return grouped


def assess(workbook: Workbook) -> Assessment:
    """Run every rule for every contract and provider on the workbook's report date."""
    report_date = workbook.report_date
    settings = workbook.settings
    providers = {p.provider: p for p in workbook.providers}
    safeguarding = {s.contract_id: s for s in workbook.safeguarding}
    policies = {p.provider: p for p in workbook.policies}
    dbs_by_contract: dict[str, list[DbsRecord]] = _group(workbook.dbs, "contract_id")
    meetings_by_contract: dict[str, list[MonitoringMeeting]] = _group(workbook.monitoring, "contract_id")
    alerts_by_contract: dict[str, list[QualityAlert]] = _group(
        (a for a in workbook.quality_alerts if a.contract_id), "contract_id"
    )
    alerts_by_provider: dict[str, list[QualityAlert]] = _group(workbook.quality_alerts, "provider")
    placements_by_provider: dict[str, list[Placement]] = _group(workbook.placements, "provider")
    contracts_by_provider: dict[str, list[Contract]] = _group(workbook.contracts, "supplier")
    plan_by_contract: dict[str, list[SourcingPlanItem]] = _group(
        (item for item in workbook.sourcing_plan if item.related_contract_id and item.status != "Cancelled"),
        "related_contract_id",
    )

    provider_assessments = {
        name: ProviderAssessment(
            provider=provider,
            policies=policies.get(name),
            results=_provider_results(workbook, provider, policies.get(name), report_date),
            contract_ids=tuple(sorted(c.contract_id for c in contracts_by_provider.get(name, []))),
            placements=tuple(
                sorted(placements_by_provider.get(name, []), key=lambda p: (p.start_date, p.placement_id))
            ),
            alerts=tuple(sorted(alerts_by_provider.get(name, []), key=lambda a: (a.date_raised, a.alert_id))),
        )
        for name, provider in providers.items()
    }

    contract_assessments = []
    for contract in sorted(workbook.contracts, key=lambda c: c.contract_id):
        evidence = safeguarding.get(contract.contract_id)
        meetings = sorted(meetings_by_contract.get(contract.contract_id, []), key=lambda m: m.meeting_date)
        frequency = contract.monitoring_frequency
        position = monitoring_position(meetings, frequency, report_date)
        dbs_rows = dbs_by_contract.get(contract.contract_id, [])
        dbs = dbs_position(dbs_rows, report_date, settings.dbs_recheck_years)
        provider_assessment = provider_assessments[contract.supplier]
        if contract.works_with_children:
            results = (
                *_minimum_expectations(workbook, contract, evidence, dbs, dbs_rows, position, meetings),
                *provider_assessment.results,
            )
        else:
            results = tuple(Traced(not_applicable(rule)) for rule in MINIMUM_EXPECTATIONS + PROVIDER_RULES)
        due = decision_due(contract.end_date, contract.procurement_route, settings.lead_time_months)
        planned = tuple(plan_by_contract.get(contract.contract_id, []))
        days = days_to_expiry(contract.end_date, report_date)
        contract_assessments.append(
            ContractAssessment(
                contract=contract,
                provider=providers[contract.supplier],
                report_date=report_date,
                status=contract_status(contract.start_date, contract.end_date, report_date),
                days_to_expiry=days,
                expiry_band=expiry_band(days),
                decision_due=due,
                planned=planned,
                no_reprocurement_planned=no_reprocurement_planned(due, contract.end_date, report_date, bool(planned)),
                results=results,
                rag=rag(t.result for t in results),
                safeguarding=evidence,
                dbs=dbs if contract.works_with_children else None,
                monitoring=position,
                meetings=tuple(meetings),
                alerts=tuple(
                    sorted(alerts_by_contract.get(contract.contract_id, []), key=lambda a: (a.date_raised, a.alert_id))
                ),
            )
        )

    active = tuple(
        sorted(
            (p for p in workbook.placements if is_active(p, report_date)), key=lambda p: (p.start_date, p.placement_id)
        )
    )
    ofsted_alerts = _ofsted_alerts(provider_assessments.values(), contract_assessments, active)
    return Assessment(
        workbook=workbook,
        contracts=tuple(contract_assessments),
        providers=tuple(sorted(provider_assessments.values(), key=lambda p: p.provider.provider.casefold())),
        placements_by_year=tuple(placements_by_year(workbook.placements)),
        active_placements=active,
        ofsted_alerts=ofsted_alerts,
        by_contract={c.contract_id: c for c in contract_assessments},
        by_provider=provider_assessments,
    )


def _minimum_expectations(
    workbook: Workbook,
    contract: Contract,
    evidence: SafeguardingEvidence | None,
    dbs: DbsPosition,
    dbs_rows: Sequence[DbsRecord],
    position: MonitoringPosition,
    meetings: Sequence[MonitoringMeeting],
) -> tuple[Traced, ...]:
    settings = workbook.settings
    report_date = workbook.report_date
    row = evidence.row if evidence else None

    def cells(*fields: str) -> str:
        return _cells(workbook, "Safeguarding", fields, row) if row else ""

    in_scope_rows = [r.row for r in dbs_rows if r.contact_level in ("Direct", "Regular")]
    meeting_rows = [m.row for m in meetings]
    return (
        Traced(self_assessment(evidence, report_date, settings.self_assessment_months), cells("self_assessment_date")),
        Traced(safeguarding_clause(evidence), cells(*CLAUSE_FIELDS)),
        Traced(partnership_updates(evidence, settings.partnership), cells("partnership_updates")),
        Traced(
            dbs_records(dbs, evidence.staff_in_contact if evidence else None),
            _join(
                _rows("DBS", in_scope_rows),
                cells("staff_in_contact") if evidence and evidence.staff_in_contact is not None else "",
            ),
        ),
        Traced(
            performance_management(evidence, position),
            _join(cells("safeguarding_metrics"), _rows("Monitoring", meeting_rows)),
        ),
        Traced(
            thematic_checks(evidence, contract.risk, report_date, settings.thematic_months[contract.risk]),
            _join(cells("last_thematic_check"), workbook.cell("Contracts", "risk", contract.row)),
        ),
    )


def _provider_results(
    workbook: Workbook, provider: Provider, reviews: PolicyReviews | None, report_date: date
) -> tuple[Traced, ...]:
    settings = workbook.settings
    return (
        Traced(
            policies_reviewed(reviews, report_date, settings.policy_months),
            _cells(workbook, "Policies", POLICY_FIELDS, reviews.row) if reviews else "",
        ),
        Traced(ofsted(provider), workbook.cell("Providers", "ofsted_rating", provider.row)),
        Traced(
            insurance(provider, report_date),
            _cells(
                workbook,
                "Providers",
                ("employers_liability", "public_liability", "professional_indemnity", "insurance_expiry_date"),
                provider.row,
            ),
        ),
    )


def _ofsted_alerts(
    providers: Iterable[ProviderAssessment],
    contracts: Sequence[ContractAssessment],
    active_placements: Sequence[Placement],
) -> tuple[OfstedAlert, ...]:
    alerts = []
    for assessment in providers:
        if assessment.result("OFS").status is not Status.NOT_MET:
            continue
        name = assessment.provider.provider
        alerts.append(
            OfstedAlert(
                provider=assessment.provider,
                contract_ids=tuple(
                    c.contract_id
                    for c in contracts
                    if c.contract.supplier == name and c.status is ContractStatus.ACTIVE
                ),
                placement_ids=tuple(p.placement_id for p in active_placements if p.provider == name),
            )
        )
    return tuple(sorted(alerts, key=lambda a: a.provider.provider.casefold()))


def _cells(workbook: Workbook, sheet: str, fields: Sequence[str], row: int) -> str:
    """The cells of `fields` on one row: a range when their columns are side by side, else a list."""
    letters = [workbook.columns.get(sheet, {}).get(f) for f in fields]
    present = [letter for letter in letters if letter]
    if not present:
        return f"{sheet} row {row}"
    indexes = sorted(column_index(letter) for letter in present)
    if len(present) > 1 and indexes == list(range(indexes[0], indexes[0] + len(indexes))):
        first, last = min(present, key=column_index), max(present, key=column_index)
        return f"{sheet}!{first}{row}:{last}{row}"
    return ", ".join(f"{sheet}!{letter}{row}" for letter in sorted(present, key=column_index))


def _rows(sheet: str, rows: Sequence[int]) -> str:
    """`DBS rows 2–4, 9`: row numbers compacted into runs."""
    if not rows:
        return ""
    runs: list[list[int]] = []
    for number in sorted(rows):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    text = ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)
    return f"{sheet} {'row' if len(rows) == 1 else 'rows'} {text}"


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)

"""Assess a whole workbook: every contract's rules, RAG and expiry, providers, placements, alerts.

This is where the rules meet the records. It groups the rows once (by contract, by provider),
runs the pure rules, and records for each result the cells it read, so every figure on the
sites can be traced back to the workbook.

`serve` assesses the workbook again after every save, most of it as it was: given the last build's
assessments (`KeptAssessments`), a contract or provider whose every input is unchanged keeps its last
assessment, the very same object, rather than running its rules again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from safe_commissioning.digests import fingerprint
from safe_commissioning.rules.catalogue import CONTRACT_RULES, PROVIDER_CHECKS, RULE_IDS
from safe_commissioning.rules.evidence import ContractEvidence, ProviderEvidence, Traced
from safe_commissioning.rules.expiry import (
    ContractStatus,
    contract_status,
    days_to_expiry,
    decision_due,
    expiry_band,
    no_reprocurement_planned,
)
from safe_commissioning.rules.placements import YearCount, is_active, placements_by_year
from safe_commissioning.rules.positions import DbsPosition, MonitoringPosition, dbs_position, monitoring_position
from safe_commissioning.rules.rag import Rag, rag
from safe_commissioning.rules.results import Status, not_applicable
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

R = TypeVar("R")
A = TypeVar("A")


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


@dataclass(frozen=True)
class _Rows:
    """The workbook's rows grouped once, by the contract or provider they belong to."""

    safeguarding: Mapping[str, SafeguardingEvidence]
    policies: Mapping[str, PolicyReviews]
    dbs: Mapping[str, list[DbsRecord]]
    meetings: Mapping[str, list[MonitoringMeeting]]
    contract_alerts: Mapping[str, list[QualityAlert]]
    provider_alerts: Mapping[str, list[QualityAlert]]
    provider_placements: Mapping[str, list[Placement]]
    provider_contracts: Mapping[str, list[Contract]]
    plans: Mapping[
        str, list[SourcingPlanItem]
    ]  # the sourcing plan rows that follow a contract, cancelled ones left out

    @classmethod
    def of(cls, workbook: Workbook) -> _Rows:
        return cls(
            safeguarding={s.contract_id: s for s in workbook.safeguarding},
            policies={p.provider: p for p in workbook.policies},
            dbs=_group(workbook.dbs, "contract_id"),
            meetings=_group(workbook.monitoring, "contract_id"),
            contract_alerts=_group((a for a in workbook.quality_alerts if a.contract_id), "contract_id"),
            provider_alerts=_group(workbook.quality_alerts, "provider"),
            provider_placements=_group(workbook.placements, "provider"),
            provider_contracts=_group(workbook.contracts, "supplier"),
            plans=_group(
                (item for item in workbook.sourcing_plan if item.related_contract_id and item.status != "Cancelled"),
                "related_contract_id",
            ),
        )


@dataclass
class KeptAssessments:
    """The last build's contract and provider assessments, each with the digest of everything it was made from."""

    contracts: dict[str, tuple[bytes, ContractAssessment]] = field(default_factory=dict)
    providers: dict[str, tuple[bytes, ProviderAssessment]] = field(default_factory=dict)
    reused: int = 0  # assessments the last build took from the one before

    def by_identity(self) -> dict[int, tuple[object, bytes]]:
        """Each assessment by its id, with the digest of its inputs: a page's digest takes it as that (`fingerprint`)."""
        kept = [*self.contracts.values(), *self.providers.values()]
        return {id(assessed): (assessed, digest) for digest, assessed in kept if digest}


class _Reuse:
    """Assesses each contract and provider, or takes its last assessment when every input it reads is unchanged.

    The inputs are all that its rules may read: its own record, its rows on the other sheets, the settings, the
    report date and the workbook's column layout (the cells a result cites); a contract's, its provider's too.
    """

    def __init__(self, workbook: Workbook, kept: KeptAssessments | None) -> None:
        self.workbook, self.kept = workbook, kept
        self.last = KeptAssessments()
        if kept is not None:  # what this build assesses replaces the last build's
            self.last = KeptAssessments(kept.contracts, kept.providers)
            kept.contracts, kept.providers, kept.reused = {}, {}, 0
        self.shared = (
            fingerprint(workbook.report_date, workbook.settings, workbook.columns) if kept is not None else b""
        )
        self.providers: dict[str, bytes] = {}  # a provider's name → the digest of its inputs

    def provider(self, provider: Provider, rows: _Rows) -> ProviderAssessment:
        name = provider.provider
        inputs = (
            provider,
            rows.policies.get(name),
            [c.contract_id for c in rows.provider_contracts.get(name, [])],
            rows.provider_placements.get(name),
            rows.provider_alerts.get(name),
        )
        assessed, self.providers[name] = self._take(
            self.last.providers,
            self.kept.providers if self.kept else {},
            name,
            inputs,
            lambda: _assess_provider(self.workbook, provider, rows),
        )
        return assessed

    def contract(self, contract: Contract, rows: _Rows, provider: ProviderAssessment) -> ContractAssessment:
        key = contract.contract_id
        inputs = (
            contract,
            rows.safeguarding.get(key),
            rows.meetings.get(key),
            rows.dbs.get(key),
            rows.plans.get(key),
            rows.contract_alerts.get(key),
            self.providers.get(provider.provider.provider, b""),
        )
        assessed, _ = self._take(
            self.last.contracts,
            self.kept.contracts if self.kept else {},
            key,
            inputs,
            lambda: _assess_contract(self.workbook, contract, rows, provider),
        )
        return assessed

    def _take(
        self,
        last: Mapping[str, tuple[bytes, A]],
        new: dict[str, tuple[bytes, A]],
        key: str,
        inputs: tuple[object, ...],
        assess: Callable[[], A],
    ) -> tuple[A, bytes]:
        """The last assessment made from the same inputs, else a new one; and the inputs' digest (b"": none)."""
        if self.kept is None:
            return assess(), b""
        digest = fingerprint(self.shared, *inputs) if self.shared else b""
        before = last.get(key)
        if digest and before is not None and before[0] == digest:
            self.kept.reused += 1
            assessed = before[1]
        else:
            assessed = assess()
        new[key] = (digest, assessed)
        return assessed, digest


def assess(workbook: Workbook, kept: KeptAssessments | None = None) -> Assessment:
    """Run every rule for every contract and provider on the workbook's report date.

    With `kept` (serve), a contract or provider assessed from the same inputs at the last build is not assessed again.
    """
    report_date = workbook.report_date
    rows = _Rows.of(workbook)
    reuse = _Reuse(workbook, kept)
    provider_assessments = {p.provider: reuse.provider(p, rows) for p in workbook.providers}
    contract_assessments = [
        reuse.contract(contract, rows, provider_assessments[contract.supplier])
        for contract in sorted(workbook.contracts, key=lambda c: c.contract_id)
    ]
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


def _assess_provider(workbook: Workbook, provider: Provider, rows: _Rows) -> ProviderAssessment:
    """A provider's own checks (POL, OFS, INS), with its contracts, placements and alerts."""
    name = provider.provider
    given = ProviderEvidence(workbook, provider, rows.policies.get(name))
    return ProviderAssessment(
        provider=provider,
        policies=rows.policies.get(name),
        results=tuple(rule.assess(given) for rule in PROVIDER_CHECKS),
        contract_ids=tuple(sorted(c.contract_id for c in rows.provider_contracts.get(name, []))),
        placements=tuple(sorted(rows.provider_placements.get(name, []), key=lambda p: (p.start_date, p.placement_id))),
        alerts=tuple(sorted(rows.provider_alerts.get(name, []), key=lambda a: (a.date_raised, a.alert_id))),
    )


def _assess_contract(
    workbook: Workbook, contract: Contract, rows: _Rows, provider: ProviderAssessment
) -> ContractAssessment:
    """One contract: its minimum expectations (and its provider's checks), RAG, expiry and decision date."""
    report_date, settings = workbook.report_date, workbook.settings
    contract_id = contract.contract_id
    evidence = rows.safeguarding.get(contract_id)
    meetings = sorted(rows.meetings.get(contract_id, []), key=lambda m: m.meeting_date)
    position = monitoring_position(meetings, contract.monitoring_frequency, report_date)
    dbs_rows = rows.dbs.get(contract_id, [])
    dbs = dbs_position(dbs_rows, report_date, settings.dbs_recheck_years)
    if contract.works_with_children:
        given = ContractEvidence(workbook, contract, evidence, dbs, dbs_rows, position, meetings)
        results = (*(rule.assess(given) for rule in CONTRACT_RULES), *provider.results)
    else:
        results = tuple(Traced(not_applicable(rule)) for rule in RULE_IDS)
    due = decision_due(contract.end_date, contract.procurement_route, settings.lead_time_months)
    planned = tuple(rows.plans.get(contract_id, []))
    days = days_to_expiry(contract.end_date, report_date)
    return ContractAssessment(
        contract=contract,
        provider=provider.provider,
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
        alerts=tuple(sorted(rows.contract_alerts.get(contract_id, []), key=lambda a: (a.date_raised, a.alert_id))),
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

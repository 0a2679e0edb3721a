"""What needs attention now, and what is coming up: the dashboard's action lists.

Each `Action` names one thing to act on (a placement, an alert, a failing rule of a red contract,
a decision, a plan row), says what is wrong in plain words, since when, and the next step. The
list is ordered by `KINDS`, most severe first, then oldest first; the Methodology page prints the
same order from `KINDS`. Nothing here reads files or the clock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from safe_commissioning.rules.assessment import Assessment, ContractAssessment
from safe_commissioning.rules.compliance import Status, recheck_date
from safe_commissioning.rules.expiry import ContractStatus
from safe_commissioning.words import a_or_an, long_date, noun, plural
from safe_commissioning.workbook.dates import add_months
from safe_commissioning.workbook.records import Provider
from safe_commissioning.workbook.schema import POLICIES, POLICY_FIELDS
from safe_commissioning.workbook.sourcing_plan import start_passed

ENDING_SOON_DAYS = 90  # a contract ending within this many days with no plan under way needs attention


class Pages(Protocol):
    """Where each contract's and provider's page lives, relative to the site root."""

    @property
    def contract(self) -> Mapping[str, str]: ...

    @property
    def provider(self) -> Mapping[str, str]: ...


@dataclass(frozen=True)
class Kind:
    """One kind of action, in severity order."""

    code: str
    title: str
    why: str  # for the Methodology page: why it sits where it does


KINDS: tuple[Kind, ...] = (
    Kind(
        "inadequate-placement",
        "Child placed with a provider rated Inadequate",
        "a child is living today in a setting Ofsted has judged Inadequate",
    ),
    Kind("safeguarding-concern", "Open safeguarding concern", "a concern about a child's safety is not yet resolved"),
    Kind(
        "red-rule",
        "Red contract: expectation not met",
        "a service working with children fails a minimum expectation (or its provider is rated Inadequate)",
    ),
    Kind("open-alert", "Open quality alert", "a quality alert, issue or complaint is not yet closed"),
    Kind(
        "decision-overdue",
        "Decision overdue, no re-procurement planned",
        "the re-procurement decision date has passed and nothing is in the sourcing plan",
    ),
    Kind(
        "ending-unplanned",
        f"Ending within {ENDING_SOON_DAYS} days without a plan under way",
        "the service ends soon and its replacement has not started",
    ),
    Kind(
        "plan-start-passed",
        "Sourcing plan: procurement start passed, still Planned",
        "the forward plan the market reads is out of date",
    ),
)
_RANK = {kind.code: rank for rank, kind in enumerate(KINDS)}
_TITLES = {kind.code: kind.title for kind in KINDS}

NEXT_STEPS = {
    "MS1": "Ask the provider to complete the partnership's safeguarding self-assessment.",
    "MS2": "Vary the contract to include every element of the standard safeguarding clause.",
    "MS3": "Make sure the provider receives the partnership's updates and training.",
    "MS4": "Ask the provider for the DBS numbers and rechecks of the staff concerned.",
    "MS5": "Hold a contract monitoring meeting that discusses safeguarding, and add safeguarding metrics.",
    "MS6": "Arrange a thematic safeguarding check.",
    "OFS": "Review the contract against the provider's Ofsted action plan.",
}


@dataclass(frozen=True)
class Action:
    """One thing to act on."""

    kind: str  # a code of KINDS
    subject: str  # what it is about, as people name it: "Placement P-2302", "CSC-001 Family support"
    link: str  # the page that shows it (relative to the site root), or ""
    what: str  # what is wrong, in plain words
    since: date | None
    next_step: str
    manager: str = ""  # the contract manager whose action it is ("" when no contract names one)
    contract_id: str = ""  # the contract it concerns, if one
    provider: str = ""  # the provider it concerns, if one

    @property
    def title(self) -> str:
        return _TITLES[self.kind]

    @property
    def rank(self) -> int:
        return _RANK[self.kind]


@dataclass(frozen=True)
class Upcoming:
    """Evidence or a date that falls due within the coming-up window."""

    due: date
    subject: str
    link: str
    what: str
    manager: str = ""


def days_open(since: date, report_date: date) -> str:
    """`open 72 days`, `since today`."""
    days = (report_date - since).days
    return "since today" if days == 0 else plural(days, "day")


def needs_attention(assessment: Assessment, links: Pages) -> list[Action]:
    """Every action on the report date, most severe first, then oldest first."""
    managers = _managers_by_provider(assessment)
    actions = [
        *_inadequate_placements(assessment, links, managers),
        *_open_alerts(assessment, links, managers),
        *_red_rules(assessment, links, _rechecks_by_contract(assessment)),
        *_decisions_and_endings(assessment, links),
        *_plan_rows(assessment, links),
    ]
    return sorted(actions, key=lambda a: (a.rank, a.since or date.max, a.subject))


def _contract_subject(c: ContractAssessment) -> str:
    return f"{c.contract_id} {c.contract.title}"


def _managers_by_provider(assessment: Assessment) -> dict[str, str]:
    """Each provider's contract managers (of its active contracts), as one name or a list."""
    names: dict[str, set[str]] = {}
    for c in assessment.contracts:
        if c.contract.contract_manager and c.status is ContractStatus.ACTIVE:
            names.setdefault(c.contract.supplier, set()).add(c.contract.contract_manager)
    return {provider: ", ".join(sorted(managers)) for provider, managers in names.items()}


def _rechecks_by_contract(assessment: Assessment) -> dict[str, list[date]]:
    """The DBS recheck dates of each contract's Direct/Regular staff (where one is recorded or implied)."""
    years = assessment.workbook.settings.dbs_recheck_years
    rechecks: dict[str, list[date]] = {}
    for record in assessment.workbook.dbs:
        if record.contact_level in ("Direct", "Regular"):
            due = recheck_date(record, years)
            if due is not None:
                rechecks.setdefault(record.contract_id, []).append(due)
    return rechecks


def _inadequate_placements(assessment: Assessment, links: Pages, managers: Mapping[str, str]) -> Iterable[Action]:
    inadequate = {alert.provider.provider: alert for alert in assessment.ofsted_alerts}
    for placement in assessment.active_placements:
        alert = inadequate.get(placement.provider)
        if alert is None:
            continue
        inspected = alert.provider.ofsted_inspection_date
        yield Action(
            "inadequate-placement",
            f"Placement {placement.placement_id}",
            links.provider.get(placement.provider, ""),
            f"{a_or_an(placement.placement_type, opening=True)} placement with {placement.provider}, rated Inadequate by Ofsted"
            + (f" on {long_date(inspected)}" if inspected else "")
            + f"; placed since {long_date(placement.start_date)}.",
            inspected or placement.start_date,
            "Review the placement with the child's social worker today and record the decision.",
            managers.get(placement.provider, ""),
            provider=placement.provider,
        )


def _open_alerts(assessment: Assessment, links: Pages, managers: Mapping[str, str]) -> Iterable[Action]:
    report_date = assessment.report_date
    for alert in assessment.workbook.quality_alerts:
        if alert.status != "Open" or alert.date_raised > report_date:
            continue
        contract = assessment.by_contract.get(alert.contract_id) if alert.contract_id else None
        about = [f"with {alert.provider}"]
        if alert.placement_id:
            about.append(f"placement {alert.placement_id}")
        if contract is not None:
            about.append(f"contract {contract.contract_id}")
        concern = alert.category == "Safeguarding concern"
        yield Action(
            "safeguarding-concern" if concern else "open-alert",
            f"Alert {alert.alert_id}",
            links.contract.get(alert.contract_id, "") if contract else links.provider.get(alert.provider, ""),
            f"{alert.category} {', '.join(about)}, open {days_open(alert.date_raised, report_date)} "
            f"(raised {long_date(alert.date_raised)}).",
            alert.date_raised,
            "Check the concern has been referred (LADO or children's social care) and record the outcome; close it "
            "when resolved."
            if concern
            else "Follow it up with the provider and close it when resolved.",
            contract.contract.contract_manager if contract else managers.get(alert.provider, ""),
            contract_id=contract.contract_id if contract else "",
            provider=alert.provider,
        )


def _red_rules(assessment: Assessment, links: Pages, rechecks: Mapping[str, Sequence[date]]) -> Iterable[Action]:
    for c in assessment.contracts:
        if not c.in_scope or c.status is not ContractStatus.ACTIVE:
            continue
        for result in c.results:
            if result.status is not Status.NOT_MET or result.rule_id not in NEXT_STEPS:
                continue
            yield Action(
                "red-rule",
                _contract_subject(c),
                links.contract.get(c.contract_id, ""),
                f"{result.rule_id} not met: {result.detail}",
                _rule_since(c, result.rule_id) or (_dbs_since(c, rechecks) if result.rule_id == "MS4" else None),
                NEXT_STEPS[result.rule_id],
                c.contract.contract_manager,
                c.contract_id,
                c.contract.supplier,
            )


def _rule_since(c: ContractAssessment, rule_id: str) -> date | None:
    """Since when a rule has failed, where the evidence says: the date it went out of date."""
    evidence = c.safeguarding
    if rule_id == "MS1" and evidence and evidence.self_assessment_date:
        return evidence.self_assessment_date
    if rule_id == "MS6" and evidence and evidence.last_thematic_check:
        return evidence.last_thematic_check
    if rule_id == "MS5" and c.monitoring.last_meeting:
        return c.monitoring.last_meeting
    if rule_id == "OFS" and c.provider.ofsted_inspection_date:
        return c.provider.ofsted_inspection_date
    return None


def _dbs_since(c: ContractAssessment, rechecks: Mapping[str, Sequence[date]]) -> date | None:
    """The earliest recheck date that has passed among a contract's Direct/Regular staff."""
    return min((due for due in rechecks.get(c.contract_id, ()) if due < c.report_date), default=None)


def _decisions_and_endings(assessment: Assessment, links: Pages) -> Iterable[Action]:
    report_date = assessment.report_date
    horizon = report_date + timedelta(days=ENDING_SOON_DAYS)
    for c in assessment.contracts:
        link = links.contract.get(c.contract_id, "")
        if c.no_reprocurement_planned:
            yield Action(
                "decision-overdue",
                _contract_subject(c),
                link,
                f"The re-procurement decision was due on {long_date(c.decision_due)}; the contract ends on "
                f"{long_date(c.contract.end_date)} and no sourcing-plan row refers to it.",
                c.decision_due,
                "Decide whether to re-procure, extend or end the service, and add it to the sourcing plan.",
                c.contract.contract_manager,
                c.contract_id,
                c.contract.supplier,
            )
        elif c.status is ContractStatus.ACTIVE and c.contract.end_date <= horizon:
            started = [item for item in c.planned if item.status in ("In progress", "Awarded")]
            if started:
                continue
            plan = (
                f"its sourcing-plan row ({c.planned[0].project}) is still {c.planned[0].status or 'without a status'}"
                if c.planned
                else "no sourcing-plan row refers to it"
            )
            yield Action(
                "ending-unplanned",
                _contract_subject(c),
                link,
                f"Ends on {long_date(c.contract.end_date)} ({plural(c.days_to_expiry, 'day')}); {plan}.",
                c.contract.end_date,
                "Start the re-procurement, or agree an extension or the end of the service.",
                c.contract.contract_manager,
                c.contract_id,
                c.contract.supplier,
            )


def _plan_rows(assessment: Assessment, links: Pages) -> Iterable[Action]:
    report_date = assessment.report_date
    for item in assessment.workbook.sourcing_plan:
        if not start_passed(item, report_date) or item.procurement_start is None:
            continue
        contract = assessment.by_contract.get(item.related_contract_id) if item.related_contract_id else None
        yield Action(
            "plan-start-passed",
            f"Sourcing plan: {item.project}",
            links.contract.get(item.related_contract_id, "") if contract else "sourcing-plan.html",
            f"Procurement was to start on {long_date(item.procurement_start)} and the row still says Planned.",
            item.procurement_start,
            "Update the row's status and dates: providers plan around them.",
            contract.contract.contract_manager if contract else "",
            contract.contract_id if contract else "",
        )


def coming_up(assessment: Assessment, links: Pages, days: int) -> list[Upcoming]:
    """Evidence going out of date, and dates falling due, within `days` of the report date, soonest first.

    Only active contracts that work with children, and their providers, are looked at: what is
    already out of date is in the action list or the contract's RAG, not here.
    """
    report_date = assessment.report_date
    until = report_date + timedelta(days=days)
    settings = assessment.workbook.settings
    found: list[Upcoming] = []

    def add(due: date | None, subject: str, link: str, what: str, manager: str = "") -> None:
        if due is not None and report_date <= due <= until:
            found.append(Upcoming(due, subject, link, what, manager))

    providers: dict[str, Provider] = {}
    staff_rechecks = _rechecks_by_contract(assessment)
    for c in assessment.contracts:
        if c.status is ContractStatus.EXPIRED:
            continue
        subject, link, manager = (
            _contract_subject(c),
            links.contract.get(c.contract_id, ""),
            c.contract.contract_manager,
        )
        if not c.no_reprocurement_planned and not c.decision_passed:
            add(c.decision_due, subject, link, "Re-procurement decision due.", manager)
        if not c.in_scope or c.status is not ContractStatus.ACTIVE:
            continue
        providers[c.provider.provider] = c.provider
        evidence = c.safeguarding
        if evidence is not None:
            if evidence.self_assessment_date:
                add(
                    add_months(evidence.self_assessment_date, settings.self_assessment_months),
                    subject,
                    link,
                    f"Self-assessment of {long_date(evidence.self_assessment_date)} goes out of date (MS1).",
                    manager,
                )
            if evidence.last_thematic_check:
                add(
                    add_months(evidence.last_thematic_check, settings.thematic_months[c.contract.risk]),
                    subject,
                    link,
                    f"Thematic check of {long_date(evidence.last_thematic_check)} goes out of date (MS6).",
                    manager,
                )
        rechecks = Counter(due for due in staff_rechecks.get(c.contract_id, ()) if report_date <= due <= until)
        for due, count in sorted(rechecks.items()):
            add(
                due,
                subject,
                link,
                f"DBS recheck due for {plural(count, 'member')} of staff (MS4).",
                manager,
            )
    policies = {p.provider: p for p in assessment.workbook.policies}
    managers = _managers_by_provider(assessment)
    for name, provider in sorted(providers.items()):
        link, manager = links.provider.get(name, ""), managers.get(name, "")
        add(provider.insurance_expiry_date, name, link, "Insurance expires (INS).", manager)
        reviews = policies.get(name)
        if reviews is None:
            continue
        due_policies: dict[date, list[str]] = {}
        for (_, short), field in zip(POLICIES, POLICY_FIELDS, strict=True):
            reviewed: date | None = getattr(reviews, field)
            if reviewed is not None:
                due_policies.setdefault(add_months(reviewed, settings.policy_months), []).append(short)
        for due, names in sorted(due_policies.items()):
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            add(
                due,
                name,
                link,
                f"Review of the {listed} {noun(len(names), 'policy', 'policies')} goes out of date (POL).",
                manager,
            )
    return sorted(found, key=lambda u: (u.due, u.subject, u.what))


def by_manager(
    actions: Iterable[Action], upcoming: Iterable[Upcoming]
) -> dict[str, tuple[list[Action], list[Upcoming]]]:
    """Each contract manager's actions and coming-up items ("" for those no contract manager is named for)."""
    grouped: dict[str, tuple[list[Action], list[Upcoming]]] = {}
    for action in actions:
        for name in action.manager.split(", ") if action.manager else [""]:
            grouped.setdefault(name, ([], []))[0].append(action)
    for item in upcoming:
        for name in item.manager.split(", ") if item.manager else [""]:
            grouped.setdefault(name, ([], []))[1].append(item)
    return dict(sorted(grouped.items(), key=lambda pair: (pair[0] == "", pair[0].casefold())))

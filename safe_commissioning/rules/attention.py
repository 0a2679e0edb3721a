"""What needs attention now, and what is coming up: the dashboard's action lists.

Each `Action` names one thing to act on (a placement, an alert, a failing rule of a red contract,
a decision, a plan row), says what is wrong in plain words, since when, and the next step. The
list is ordered by `KINDS`, most severe first, then oldest first; the Methodology page prints the
same order from `KINDS`. Nothing here reads files or the clock.

Each item names what it is about by the records' own IDs (a contract ID, a provider's name, a
placement or alert ID, a sourcing-plan project), never by a page: the sites turn IDs into links.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from safe_commissioning.rules.action_log import latest_by_about, log_key, record_ids
from safe_commissioning.rules.assessment import Assessment, ContractAssessment
from safe_commissioning.rules.catalogue import RULES
from safe_commissioning.rules.evidence import Traced
from safe_commissioning.rules.expiry import ContractStatus
from safe_commissioning.rules.results import Status
from safe_commissioning.words import a_or_an, long_date, plural
from safe_commissioning.workbook.checks.sourcing_plan import start_passed
from safe_commissioning.workbook.records import LoggedAction

ENDING_SOON_DAYS = 90  # a contract ending within this many days with no plan under way needs attention


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
        "a service working with children fails a minimum expectation (or its provider is rated Inadequate), "
        "whether it is running or yet to start",
    ),
    Kind("open-alert", "Open quality alert", "a quality alert, issue or complaint is not yet closed"),
    Kind(
        "review-overdue",
        "Next review passed",
        "an officer set a date to look at an item again (the Actions sheet), and it has passed",
    ),
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


Managers = tuple[str, ...]  # the contract managers whose item it is, sorted; () when no contract names one


@dataclass(frozen=True)
class Action:
    """One thing to act on, naming the records it concerns by their IDs.

    The page that shows it is the site's to choose (see `sites/internal/links.py`): the contract's
    when it names one, else the provider's, else the sourcing plan's for a plan row.
    """

    kind: str  # a code of KINDS
    subject: str  # what it is about, as people name it: "Placement P-2302", "CSC-001 Family support"
    what: str  # what is wrong, in plain words
    since: date | None
    next_step: str
    managers: Managers = ()
    contract_id: str = ""  # the contract it concerns, if one (and the workbook has it)
    provider: str = ""  # the provider it concerns, if one
    placement_id: str = ""  # the placement it concerns, if one
    alert_id: str = ""  # the quality alert it concerns, if one
    project: str = ""  # the sourcing-plan row it concerns, if one
    latest: LoggedAction | None = None  # the latest action logged about it (the Actions sheet), if any

    @property
    def title(self) -> str:
        return _TITLES[self.kind]

    @property
    def about(self) -> str:
        """The record the Actions sheet logs it under: its placement, alert, contract, plan row or provider."""
        return self.placement_id or self.alert_id or self.contract_id or self.project or self.provider

    @property
    def rank(self) -> int:
        return _RANK[self.kind]


def days_open(since: date, report_date: date) -> str:
    """`open 72 days`, `since today`."""
    days = (report_date - since).days
    return "since today" if days == 0 else plural(days, "day")


def needs_attention(assessment: Assessment) -> list[Action]:
    """Every action on the report date, most severe first, then oldest first, each with its latest logged action.

    A logged action never removes an item: only the data that caused it does. Each item has an owner
    where one can be named (`owned`).
    """
    managers = managers_by_provider(assessment)
    actions = [
        *_inadequate_placements(assessment, managers),
        *_open_alerts(assessment, managers),
        *_red_rules(assessment),
        *_decisions_and_endings(assessment),
        *_plan_rows(assessment),
    ]
    latest = latest_by_about(assessment.workbook.actions, assessment.report_date)
    logged = [replace(a, latest=latest.get(log_key(a.about))) for a in actions]
    every = [*logged, *_reviews_passed(assessment, latest)]
    lead = assessment.workbook.settings.placements_lead
    return sorted((owned(a, lead) for a in every), key=lambda a: (a.rank, a.since or date.max, a.subject))


def owned(action: Action, lead: str) -> Action:
    """The item with its owner: its contract's manager, else for a placement or alert the Placements lead."""
    if action.managers or action.contract_id or not (action.placement_id or action.alert_id) or not lead:
        return action
    return replace(action, managers=(lead,))


def _reviews_passed(assessment: Assessment, latest: Mapping[str, LoggedAction]) -> Iterable[Action]:
    """An item for each record whose latest logged action set a next review that has passed."""
    report_date = assessment.report_date
    for entry in latest.values():
        if entry.next_review is None or entry.next_review >= report_date:
            continue
        contract = assessment.by_contract.get(entry.about)
        ids = record_ids(assessment, entry.about)
        named = {"placement_id": "Placement ", "alert_id": "Alert ", "project": "Sourcing plan: "}
        prefix = next((named[key] for key in named if ids.get(key) == entry.about), "")
        yield Action(
            "review-overdue",
            contract_subject(contract) if contract else f"{prefix}{entry.about}",
            f"The next review was due on {long_date(entry.next_review)} "
            f"({plural((report_date - entry.next_review).days, 'day')} ago); the last action logged was on "
            f"{long_date(entry.taken_on)}.",
            entry.next_review,
            "Review it, and log what was done and the next review date on the Actions sheet.",
            manager_of(contract) if contract else (),
            latest=entry,
            **ids,
        )


def contract_subject(c: ContractAssessment) -> str:
    return f"{c.contract_id} {c.contract.title}"


def manager_of(c: ContractAssessment) -> Managers:
    return (c.contract.contract_manager,) if c.contract.contract_manager else ()


def managers_by_provider(assessment: Assessment) -> dict[str, Managers]:
    """Each provider's contract managers (of its active contracts), sorted."""
    names: dict[str, set[str]] = {}
    for c in assessment.contracts:
        if c.contract.contract_manager and c.status is ContractStatus.ACTIVE:
            names.setdefault(c.contract.supplier, set()).add(c.contract.contract_manager)
    return {provider: tuple(sorted(managers)) for provider, managers in names.items()}


def _inadequate_placements(assessment: Assessment, managers: Mapping[str, Managers]) -> Iterable[Action]:
    inadequate = {alert.provider.provider: alert for alert in assessment.ofsted_alerts}
    for placement in assessment.active_placements:
        alert = inadequate.get(placement.provider)
        if alert is None:
            continue
        inspected = alert.provider.ofsted_inspection_date
        yield Action(
            "inadequate-placement",
            f"Placement {placement.placement_id}",
            f"{a_or_an(placement.placement_type, opening=True)} placement with {placement.provider}, rated Inadequate by Ofsted"
            + (f" on {long_date(inspected)}" if inspected else "")
            + f"; placed since {long_date(placement.start_date)}.",
            inspected or placement.start_date,
            "Review the placement with the child's social worker today and record the decision.",
            managers.get(placement.provider, ()),
            provider=placement.provider,
            placement_id=placement.placement_id,
        )


def _open_alerts(assessment: Assessment, managers: Mapping[str, Managers]) -> Iterable[Action]:
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
            f"{alert.category} {', '.join(about)}, open {days_open(alert.date_raised, report_date)} "
            f"(raised {long_date(alert.date_raised)}).",
            alert.date_raised,
            "Check the concern has been referred (LADO or children's social care) and record the outcome; close it "
            "when resolved."
            if concern
            else "Follow it up with the provider and close it when resolved.",
            manager_of(contract) if contract else managers.get(alert.provider, ()),
            contract_id=contract.contract_id if contract else "",
            provider=alert.provider,
            alert_id=alert.alert_id,
        )


def _red_rules(assessment: Assessment) -> Iterable[Action]:
    for c in assessment.contracts:
        # Safeguarding is settled before a service starts: a contract not yet started is listed too.
        if not c.in_scope or c.status is ContractStatus.EXPIRED:
            continue
        starts = ""
        if c.status is ContractStatus.NOT_STARTED:
            starts = f"Starts in {plural((c.contract.start_date - c.report_date).days, 'day')}: "
        for result in c.results:
            next_step = RULES[result.rule_id].next_step  # the catalogue's; None for a rule that is never red
            if result.status is not Status.NOT_MET or next_step is None:
                continue
            yield Action(
                "red-rule",
                contract_subject(c),
                f"{starts}{result.rule_id} not met: {result.detail}",
                _rule_since(c, result),
                next_step,
                manager_of(c),
                c.contract_id,
                c.contract.supplier,
            )


def _rule_since(c: ContractAssessment, result: Traced) -> date | None:
    """Since when a rule has failed, as its evidence says: the date that went out of date.

    MS1, MS5 and MS6 give the date they weighed; MS4 the earliest recheck passed; OFS the inspection.
    """
    if result.rule_id == "OFS":
        return c.provider.ofsted_inspection_date
    if result.rule_id == "MS4":
        return min((e.due for e in result.elements if e.due is not None and e.due < c.report_date), default=None)
    if result.rule_id in ("MS1", "MS5", "MS6"):
        dated = [e.value for e in result.elements if isinstance(e.value, date) and e.value <= c.report_date]
        return dated[0] if dated else None
    return None


def _decisions_and_endings(assessment: Assessment) -> Iterable[Action]:
    report_date = assessment.report_date
    horizon = report_date + timedelta(days=ENDING_SOON_DAYS)
    for c in assessment.contracts:
        if c.no_reprocurement_planned:
            yield Action(
                "decision-overdue",
                contract_subject(c),
                f"The re-procurement decision was due on {long_date(c.decision_due)}; the contract ends on "
                f"{long_date(c.contract.end_date)} and no sourcing-plan row refers to it.",
                c.decision_due,
                "Decide whether to re-procure, extend or end the service, and add it to the sourcing plan.",
                manager_of(c),
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
                contract_subject(c),
                f"Ends on {long_date(c.contract.end_date)} ({plural(c.days_to_expiry, 'day')}); {plan}.",
                c.contract.end_date,
                "Start the re-procurement, or agree an extension or the end of the service.",
                manager_of(c),
                c.contract_id,
                c.contract.supplier,
            )


def _plan_rows(assessment: Assessment) -> Iterable[Action]:
    report_date = assessment.report_date
    for item in assessment.workbook.sourcing_plan:
        if not start_passed(item, report_date) or item.procurement_start is None:
            continue
        contract = assessment.by_contract.get(item.related_contract_id) if item.related_contract_id else None
        yield Action(
            "plan-start-passed",
            f"Sourcing plan: {item.project}",
            f"Procurement was to start on {long_date(item.procurement_start)} and the row still says Planned.",
            item.procurement_start,
            "Update the row's status and dates: providers plan around them.",
            manager_of(contract) if contract else (),
            contract.contract_id if contract else "",
            project=item.project,
        )

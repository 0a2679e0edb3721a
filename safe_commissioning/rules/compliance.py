"""The minimum expectation rules (MS1–MS6), provider assurance (POL, OFS, INS) and the RAG.

Every rule is a pure function of typed records, the intervals in force and the report date:
no clock, no files. Each returns a status from SPEC §3 and a detail that names the evidence,
so a Member can see why a contract is red without opening the workbook. Evidence dated after
the report date is ignored: the sites show the position on the report date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from safe_commissioning.words import a_or_an, capitalised, in_sentence, plural, short_pounds, yes_no
from safe_commissioning.workbook.dates import add_months, add_years, months_before, whole_months_between
from safe_commissioning.workbook.records import (
    DbsRecord,
    MonitoringMeeting,
    PolicyReviews,
    Provider,
    SafeguardingEvidence,
)
from safe_commissioning.workbook.schema import CLAUSE_ELEMENTS, POLICIES


class Status(StrEnum):
    """A rule's outcome, in the fixed words of the data files."""

    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NOT_EVIDENCED = "not_evidenced"
    NOT_APPLICABLE = "not_applicable"


# A rule status in words, as every page, the committee pack and the CLI write it
RULE_STATUS_LABELS = {
    Status.MET: "Met",
    Status.PARTLY_MET: "Partly met",
    Status.NOT_MET: "Not met",
    Status.NOT_EVIDENCED: "Not evidenced",
    Status.NOT_APPLICABLE: "Not applicable",
}


class Rag(StrEnum):
    """A contract's overall rating."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NOT_APPLICABLE = "not_applicable"


RAG_LABELS = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green", Rag.NOT_APPLICABLE: "Not applicable"}

MINIMUM_EXPECTATIONS = ("MS1", "MS2", "MS3", "MS4", "MS5", "MS6")
PROVIDER_RULES = ("POL", "OFS", "INS")
RULE_IDS = MINIMUM_EXPECTATIONS + PROVIDER_RULES
RULE_TITLES = {
    "MS1": "Partnership self-assessment",
    "MS2": "Standard safeguarding clause",
    "MS3": "Partnership updates and training",
    "MS4": "DBS records for staff in contact",
    "MS5": "Performance management",
    "MS6": "Thematic checks",
    "POL": "Provider policies reviewed",
    "OFS": "Ofsted rating",
    "INS": "Insurance cover",
}
MONITORING_PERIOD_MONTHS = {"Monthly": 1, "Quarterly": 3, "Six-monthly": 6, "Annual": 12}
SCHEDULE_GRACE_MONTHS = 1
RECENT_MEETINGS_MONTHS = 12
INSURANCE_MINIMUMS = (
    ("employers_liability", "employer's liability", 10_000_000.0),
    ("public_liability", "public liability", 10_000_000.0),
    ("professional_indemnity", "professional indemnity", 2_000_000.0),
)
INSURANCE_EXEMPT = frozenset({"Local authority", "NHS body"})
CONTACT_IN_SCOPE = frozenset({"Direct", "Regular"})


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One rule's outcome for one contract (or provider), with the human reason."""

    rule_id: str
    status: Status
    detail: str
    # The status in words where the rule knows better ones (OFS: "Not yet inspected"); else the status's own.
    label: str | None = None


def not_applicable(rule_id: str, reason: str = "The contract does not work with children.") -> RuleResult:
    """The result every rule gives for a contract outside the minimum expectations."""
    return RuleResult(rule_id, Status.NOT_APPLICABLE, reason)


def _ignored_future(day: date | None, report_date: date) -> date | None:
    return day if day is not None and day <= report_date else None


def _future_note(day: date | None, report_date: date, what: str) -> str:
    if day is not None and day > report_date:
        return f" {what} dated {day.isoformat()} is after the report date and is ignored."
    return ""


def _age(day: date, report_date: date) -> str:
    months = whole_months_between(day, report_date)
    if months >= 24:
        return f"{months // 12} years old"
    if months >= 1:
        return f"{plural(months, 'month')} old"
    return "less than a month old"


def _dated_within(
    rule_id: str, what: str, day: date | None, report_date: date, months: int, interval: str
) -> RuleResult:
    """Shared shape of MS1 and MS6: a date that must fall within an interval of the report date."""
    cutoff = months_before(report_date, months)
    note = _future_note(day, report_date, what)
    day = _ignored_future(day, report_date)
    if day is None:
        return RuleResult(rule_id, Status.NOT_EVIDENCED, f"No {in_sentence(what)} date recorded.{note}".strip())
    if day >= cutoff:
        return RuleResult(
            rule_id,
            Status.MET,
            f"{what} {day.isoformat()} ({_age(day, report_date)}) is within the {interval} "
            f"(on or after {cutoff.isoformat()}).{note}",
        )
    return RuleResult(
        rule_id,
        Status.NOT_MET,
        f"{what} {day.isoformat()} ({_age(day, report_date)}) is older than the {interval}: "
        f"one on or after {cutoff.isoformat()} is needed.{note}",
    )


def self_assessment(evidence: SafeguardingEvidence | None, report_date: date, months: int) -> RuleResult:
    """MS1: the provider completed the partnership self-assessment within the interval."""
    if evidence is None:
        return RuleResult("MS1", Status.NOT_EVIDENCED, "No row on the Safeguarding sheet for this contract.")
    return _dated_within(
        "MS1", "Self-assessment", evidence.self_assessment_date, report_date, months, f"{months}-month interval"
    )


def safeguarding_clause(evidence: SafeguardingEvidence | None) -> RuleResult:
    """MS2: the contract's standard safeguarding clause has all ten elements."""
    if evidence is None:
        return RuleResult("MS2", Status.NOT_EVIDENCED, "No row on the Safeguarding sheet for this contract.")
    answers = list(zip((short for _, short, _ in CLAUSE_ELEMENTS), evidence.clauses, strict=True))
    present = [name for name, answer in answers if answer is True]
    absent = [name for name, answer in answers if answer is False]
    unknown = [name for name, answer in answers if answer is None]
    parts = []
    if absent:
        parts.append("missing: " + ", ".join(absent))
    if unknown:
        parts.append("not recorded: " + ", ".join(unknown))
    tail = "; ".join(parts)
    if len(unknown) == len(answers):
        return RuleResult("MS2", Status.NOT_EVIDENCED, "None of the ten clause elements is recorded.")
    if len(present) == len(answers):
        return RuleResult("MS2", Status.MET, "All ten clause elements are in the contract.")
    if present:
        return RuleResult("MS2", Status.PARTLY_MET, f"{len(present)} of 10 clause elements in the contract; {tail}.")
    return RuleResult("MS2", Status.NOT_MET, f"No clause element is in the contract; {tail}.")


def partnership_updates(evidence: SafeguardingEvidence | None, partnership: str) -> RuleResult:
    """MS3: the provider receives the partnership's updates and training."""
    answer = evidence.partnership_updates if evidence is not None else None
    if evidence is None:
        return RuleResult("MS3", Status.NOT_EVIDENCED, "No row on the Safeguarding sheet for this contract.")
    if answer is None:
        return RuleResult(
            "MS3", Status.NOT_EVIDENCED, "Not recorded whether the provider receives partnership updates and training."
        )
    if answer:
        return RuleResult("MS3", Status.MET, f"The provider receives {partnership} updates and can join its training.")
    return RuleResult("MS3", Status.NOT_MET, f"The provider does not receive {partnership} updates and training.")


@dataclass(frozen=True, slots=True)
class DbsPosition:
    """The DBS records of one contract's Direct/Regular staff on the report date (counts, references)."""

    in_scope: int
    missing_number: tuple[str, ...]
    recheck_passed: tuple[str, ...]
    ignored_future: int
    earliest_recheck: date | None

    @property
    def failing(self) -> int:
        """Staff with a missing number or a passed recheck date."""
        return len(set(self.missing_number) | set(self.recheck_passed))


def recheck_date(record: DbsRecord, recheck_years: int) -> date | None:
    """The recorded recheck date, else the issue date plus the recheck interval, else None."""
    if record.recheck_date is not None:
        return record.recheck_date
    if record.issue_date is not None:
        return add_years(record.issue_date, recheck_years)
    return None


def dbs_position(records: Iterable[DbsRecord], report_date: date, recheck_years: int) -> DbsPosition:
    """Summarise a contract's DBS rows for staff with Direct or Regular contact."""
    in_scope = 0
    ignored = 0
    missing: list[str] = []
    passed: list[str] = []
    earliest: date | None = None
    for record in records:
        if record.contact_level not in CONTACT_IN_SCOPE:
            continue
        if record.issue_date is not None and record.issue_date > report_date:
            ignored += 1
            continue
        in_scope += 1
        if not record.certificate_number:
            missing.append(record.staff_reference)
        due = recheck_date(record, recheck_years)
        if due is None or due < report_date:
            passed.append(record.staff_reference)
        elif earliest is None or due < earliest:
            earliest = due
    return DbsPosition(in_scope, tuple(missing), tuple(passed), ignored, earliest)


def dbs_records(position: DbsPosition, declared: int | None) -> RuleResult:
    """MS4: DBS numbers and recheck dates recorded for every member of staff in Direct/Regular contact."""
    ignored = (
        f" {plural(position.ignored_future, 'record')} issued after the report date ignored."
        if position.ignored_future
        else ""
    )
    declared_text = f" ({declared} declared in contact with children)" if declared is not None else ""
    if position.in_scope == 0:
        return RuleResult(
            "MS4",
            Status.NOT_EVIDENCED,
            f"No DBS records for staff with Direct or Regular contact{declared_text}.{ignored}",
        )
    if position.missing_number or position.recheck_passed:
        problems = []
        if position.missing_number:
            problems.append(f"no DBS number: {', '.join(position.missing_number)}")
        if position.recheck_passed:
            problems.append(f"recheck date passed or not recorded: {', '.join(position.recheck_passed)}")
        return RuleResult(
            "MS4",
            Status.NOT_MET,
            f"{position.failing} of {position.in_scope} Direct/Regular staff fail: {'; '.join(problems)}.{ignored}",
        )
    earliest = f" (next recheck due {position.earliest_recheck.isoformat()})" if position.earliest_recheck else ""
    if declared is not None and position.in_scope < declared:
        return RuleResult(
            "MS4",
            Status.PARTLY_MET,
            f"{position.in_scope} Direct/Regular staff recorded, all valid{earliest}, but {declared} are "
            f"declared in contact with children: {declared - position.in_scope} not recorded.{ignored}",
        )
    return RuleResult(
        "MS4",
        Status.MET,
        f"All {position.in_scope} Direct/Regular staff have a DBS number and a recheck date not passed"
        f"{earliest}{declared_text}.{ignored}",
    )


@dataclass(frozen=True, slots=True)
class MonitoringPosition:
    """Contract monitoring on the report date."""

    frequency: str
    last_meeting: date | None
    schedule_cutoff: date
    on_schedule: bool
    recent: int
    recent_without_safeguarding: tuple[date, ...]
    ignored_future: int

    @property
    def next_due(self) -> date | None:
        """When the next meeting is due by the schedule (before the grace month)."""
        if self.last_meeting is None:
            return None
        return add_months(self.last_meeting, MONITORING_PERIOD_MONTHS[self.frequency])

    @property
    def safeguarding_at_every_recent(self) -> bool:
        """Condition (c): a meeting in the last 12 months, safeguarding discussed at each."""
        return self.recent > 0 and not self.recent_without_safeguarding


def monitoring_position(meetings: Sequence[MonitoringMeeting], frequency: str, report_date: date) -> MonitoringPosition:
    """Where a contract's monitoring stands: last meeting, schedule, the last 12 months."""
    held = [m for m in meetings if m.meeting_date <= report_date]
    last = max((m.meeting_date for m in held), default=None)
    cutoff = months_before(report_date, MONITORING_PERIOD_MONTHS[frequency] + SCHEDULE_GRACE_MONTHS)
    recent_from = months_before(report_date, RECENT_MEETINGS_MONTHS)
    recent = [m for m in held if m.meeting_date >= recent_from]
    return MonitoringPosition(
        frequency=frequency,
        last_meeting=last,
        schedule_cutoff=cutoff,
        on_schedule=last is not None and last >= cutoff,
        recent=len(recent),
        recent_without_safeguarding=tuple(sorted(m.meeting_date for m in recent if not m.safeguarding_discussed)),
        ignored_future=len(meetings) - len(held),
    )


def performance_management(evidence: SafeguardingEvidence | None, position: MonitoringPosition) -> RuleResult:
    """MS5: (a) safeguarding metrics in the contract, (b) monitoring on schedule, (c) safeguarding at every recent meeting."""
    metrics = evidence.safeguarding_metrics if evidence is not None else None
    ignored = (
        f" {plural(position.ignored_future, 'meeting')} dated after the report date ignored."
        if position.ignored_future
        else ""
    )
    if metrics is None and position.last_meeting is None:
        return RuleResult(
            "MS5",
            Status.NOT_EVIDENCED,
            f"Safeguarding metrics not recorded and no monitoring meetings recorded.{ignored}",
        )
    a = metrics is True
    b = position.on_schedule
    c = position.safeguarding_at_every_recent
    metrics_text = yes_no(metrics).lower()
    if position.last_meeting is None:
        schedule_text = f"no meeting recorded ({position.frequency})"
    else:
        schedule_text = (
            f"last meeting {position.last_meeting.isoformat()}, {position.frequency} monitoring needs one on or "
            f"after {position.schedule_cutoff.isoformat()}"
        )
    if position.recent == 0:
        recent_text = "no meeting in the last 12 months"
    elif position.recent_without_safeguarding:
        missed = ", ".join(d.isoformat() for d in position.recent_without_safeguarding)
        recent_text = (
            f"safeguarding discussed at {position.recent - len(position.recent_without_safeguarding)} of "
            f"{plural(position.recent, 'meeting')} in the last 12 months (not on {missed})"
        )
    else:
        meetings = {1: "the one meeting", 2: "both meetings"}.get(position.recent, f"all {position.recent} meetings")
        recent_text = f"safeguarding discussed at {meetings} in the last 12 months"
    detail = (
        f"(a) safeguarding metrics in contract: {metrics_text}; "
        f"(b) monitoring on schedule: {'yes' if b else 'no'}, {schedule_text}; "
        f"(c) {recent_text}.{ignored}"
    )
    met = sum((a, b, c))
    status = Status.MET if met == 3 else Status.NOT_MET if met == 0 else Status.PARTLY_MET
    return RuleResult("MS5", status, detail)


def thematic_checks(evidence: SafeguardingEvidence | None, risk: str, report_date: date, months: int) -> RuleResult:
    """MS6: the last thematic check falls within the contract's risk-based interval."""
    if evidence is None:
        return RuleResult("MS6", Status.NOT_EVIDENCED, "No row on the Safeguarding sheet for this contract.")
    return _dated_within(
        "MS6",
        "Last thematic check",
        evidence.last_thematic_check,
        report_date,
        months,
        f"{months}-month interval for {risk} risk",
    )


def policies_reviewed(reviews: PolicyReviews | None, report_date: date, months: int) -> RuleResult:
    """POL: the provider's eight policies were each reviewed within the policy interval."""
    if reviews is None:
        return RuleResult("POL", Status.NOT_EVIDENCED, "No row on the Policies sheet for this provider.")
    cutoff = months_before(report_date, months)
    current, stale, unknown, future = [], [], [], []
    for (_, short), day in zip(POLICIES, reviews.reviewed, strict=True):
        if day is not None and day > report_date:
            future.append(short)
            day = None
        if day is None:
            unknown.append(short)
        elif day >= cutoff:
            current.append(short)
        else:
            stale.append(f"{short} ({day.isoformat()})")
    parts = []
    if stale:
        parts.append("not reviewed since before " + cutoff.isoformat() + ": " + ", ".join(stale))
    if unknown:
        parts.append("no review date: " + ", ".join(unknown))
    if future:
        parts.append("dated after the report date and ignored: " + ", ".join(future))
    tail = ("; " + "; ".join(parts)) if parts else ""
    if len(unknown) == len(POLICIES):
        return RuleResult("POL", Status.NOT_EVIDENCED, "No policy review dates recorded" + tail + ".")
    if len(current) == len(POLICIES):
        return RuleResult(
            "POL",
            Status.MET,
            f"All 8 policies reviewed within {plural(months, 'month')} (on or after {cutoff.isoformat()}).",
        )
    if current:
        return RuleResult(
            "POL", Status.PARTLY_MET, f"{len(current)} of 8 policies reviewed within {plural(months, 'month')}{tail}."
        )
    return RuleResult("POL", Status.NOT_MET, f"No policy reviewed within {plural(months, 'month')}{tail}.")


def ofsted(provider: Provider) -> RuleResult:
    """OFS: not met when rated Inadequate; not evidenced when not yet inspected or blank (SPEC §3.2)."""
    rating = provider.ofsted_rating
    when = f" (inspected {provider.ofsted_inspection_date.isoformat()})" if provider.ofsted_inspection_date else ""
    if rating is None:
        return RuleResult("OFS", Status.NOT_EVIDENCED, "No Ofsted rating recorded.", "Not recorded")
    if rating == "Not yet inspected":
        return RuleResult("OFS", Status.NOT_EVIDENCED, "Not yet inspected by Ofsted.", "Not yet inspected")
    if rating == "Not applicable":
        return RuleResult(
            "OFS",
            Status.NOT_APPLICABLE,
            "Ofsted does not inspect this provider (rating: Not applicable).",
            "Not applicable",
        )
    if rating == "Inadequate":
        return RuleResult(
            "OFS",
            Status.NOT_MET,
            f"Rated Inadequate by Ofsted{when}: review every active contract and placement with this provider.",
            "Inadequate",
        )
    return RuleResult("OFS", Status.MET, f"Ofsted rating: {rating}{when}.", rating)


def insurance(provider: Provider, report_date: date) -> RuleResult:
    """INS: employer's and public liability of at least £10m, professional indemnity £2m, not expired."""
    if provider.organisation_type in INSURANCE_EXEMPT:
        return RuleResult(
            "INS",
            Status.NOT_APPLICABLE,
            f"{a_or_an(provider.organisation_type, opening=True)} is not asked for insurance certificates.",
        )
    amounts = [getattr(provider, name) for name, _, _ in INSURANCE_MINIMUMS]
    expiry = provider.insurance_expiry_date
    if all(amount is None for amount in amounts) and expiry is None:
        return RuleResult("INS", Status.NOT_EVIDENCED, "No insurance cover or expiry date recorded.")
    shortfalls = []
    for (_, label, minimum), amount in zip(INSURANCE_MINIMUMS, amounts, strict=True):
        if amount is None:
            shortfalls.append(f"{label} not recorded (minimum {short_pounds(minimum)})")
        elif amount < minimum:
            shortfalls.append(f"{label} {short_pounds(amount)} is below the {short_pounds(minimum)} minimum")
    if expiry is None:
        shortfalls.append("no insurance expiry date recorded")
    elif expiry < report_date:
        shortfalls.append(f"insurance expired on {expiry.isoformat()}")
    if shortfalls:
        return RuleResult("INS", Status.NOT_MET, _sentence("; ".join(shortfalls)))
    assert expiry is not None
    covered = ", ".join(
        f"{label} {short_pounds(amount)}" for (_, label, _), amount in zip(INSURANCE_MINIMUMS, amounts, strict=True)
    )
    return RuleResult("INS", Status.MET, _sentence(f"{covered}; valid until {expiry.isoformat()}"))


def _sentence(text: str) -> str:
    return capitalised(text) + "."


def rag_effect(rule_id: str, status: Status) -> Rag | None:
    """What one rule's status does to a contract's RAG (SPEC §3.3): Red, Amber, or nothing.

    A minimum expectation not met is red, partly met or not evidenced amber; POL and INS short
    in any way are amber; OFS counts only when the provider is rated Inadequate (red).
    """
    if rule_id in MINIMUM_EXPECTATIONS:
        if status is Status.NOT_MET:
            return Rag.RED
        if status in (Status.PARTLY_MET, Status.NOT_EVIDENCED):
            return Rag.AMBER
    elif rule_id == "OFS":
        if status is Status.NOT_MET:
            return Rag.RED
    elif status in (Status.PARTLY_MET, Status.NOT_MET, Status.NOT_EVIDENCED):  # POL, INS
        return Rag.AMBER
    return None


def rag(results: Iterable[RuleResult]) -> Rag:
    """Red, amber or green from a contract's rule results, as SPEC §3.3 defines."""
    by_rule = {result.rule_id: result.status for result in results}
    if by_rule["MS1"] is Status.NOT_APPLICABLE:  # the contract does not work with children
        return Rag.NOT_APPLICABLE
    effects = {rag_effect(rule, status) for rule, status in by_rule.items()}
    if Rag.RED in effects:
        return Rag.RED
    if Rag.AMBER in effects:
        return Rag.AMBER
    return Rag.GREEN

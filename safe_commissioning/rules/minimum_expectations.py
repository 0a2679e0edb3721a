"""The six minimum expectations (MS1–MS6) of a contract that works with children.

Every rule is a pure function of typed records, the intervals in force and the report date: no
clock, no files. Each returns a status from reference §3.1, a detail that says why, and the elements
it weighed, so a Member can see why a contract is red without opening the workbook. Evidence
dated after the report date is ignored: the sites show the position on the report date.
"""

from __future__ import annotations

from datetime import date

from safe_commissioning.dates import add_months, months_before, whole_months_between
from safe_commissioning.rules.positions import DbsPosition, MonitoringPosition
from safe_commissioning.rules.results import IGNORED_FUTURE, Cell, Element, RuleResult, Status, ignoring_future
from safe_commissioning.words import capitalised, first_of, in_sentence, plural, yes_no
from safe_commissioning.workbook.records import SafeguardingEvidence
from safe_commissioning.workbook.schema.choices import CLAUSE_ELEMENTS, CLAUSE_FIELDS

NO_ROW = "No row on the Safeguarding sheet for this contract."
# The staff MS4's sentence names in each list before saying how many more: the evidence table names every
# one, and a sentence naming hundreds of 100-character references would outgrow a cell of compliance.csv
# that Excel can open (32,767 characters).
NAMED_STAFF = 10
ANSWER_STATUS = {True: Status.MET, False: Status.NOT_MET, None: Status.NOT_EVIDENCED}


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


def _dated_element(name: str, day: date | None, report_date: date, months: int, cell: Cell) -> Element:
    """A date that counts when it falls within `months` of the report date (MS1, MS6)."""
    cutoff = months_before(report_date, months)
    if day is None:
        return Element(name, None, Status.NOT_EVIDENCED, "not recorded", cutoff, cells=(cell,))
    if day > report_date:
        return Element(name, day, Status.NOT_EVIDENCED, IGNORED_FUTURE, cutoff, cells=(cell,))
    status, note = (Status.MET, "") if day >= cutoff else (Status.NOT_MET, f"before {cutoff.isoformat()}")
    return Element(name, day, status, note, cutoff, add_months(day, months), (cell,))


def _dated_within(rule_id: str, what: str, element: Element, report_date: date, interval: str) -> RuleResult:
    """Shared shape of MS1 and MS6: the sentence for a date that must fall within an interval."""
    recorded = element.value if isinstance(element.value, date) else None
    note = _future_note(recorded, report_date, what)
    day = ignoring_future(recorded, report_date)
    cutoff = element.required
    assert isinstance(cutoff, date)
    if day is None:
        detail = f"No {in_sentence(what)} date recorded.{note}".strip()
    elif element.status is Status.MET:
        detail = (
            f"{what} {day.isoformat()} ({_age(day, report_date)}) is within the {interval} "
            f"(on or after {cutoff.isoformat()}).{note}"
        )
    else:
        detail = (
            f"{what} {day.isoformat()} ({_age(day, report_date)}) is older than the {interval}: "
            f"one on or after {cutoff.isoformat()} is needed.{note}"
        )
    return RuleResult(rule_id, element.status, detail, elements=(element,))


def self_assessment(evidence: SafeguardingEvidence | None, report_date: date, months: int) -> RuleResult:
    """MS1: the provider completed the partnership self-assessment within the interval."""
    if evidence is None:
        return RuleResult("MS1", Status.NOT_EVIDENCED, NO_ROW)
    cell = Cell("Safeguarding", "self_assessment_date", evidence.row)
    element = _dated_element("Self-assessment", evidence.self_assessment_date, report_date, months, cell)
    return _dated_within("MS1", "Self-assessment", element, report_date, f"{months}-month interval")


def safeguarding_clause(evidence: SafeguardingEvidence | None) -> RuleResult:
    """MS2: the contract's standard safeguarding clause has all ten elements."""
    if evidence is None:
        return RuleResult("MS2", Status.NOT_EVIDENCED, NO_ROW)
    elements = tuple(
        Element(
            capitalised(short),
            answer,
            ANSWER_STATUS[answer],
            {True: "", False: "missing", None: "not recorded"}[answer],
            cells=(Cell("Safeguarding", field, evidence.row),),
        )
        for (_, short, _), field, answer in zip(CLAUSE_ELEMENTS, CLAUSE_FIELDS, evidence.clauses, strict=True)
    )
    shorts = [(short, e.status) for (_, short, _), e in zip(CLAUSE_ELEMENTS, elements, strict=True)]
    present = [short for short, status in shorts if status is Status.MET]
    absent = [short for short, status in shorts if status is Status.NOT_MET]
    unknown = [short for short, status in shorts if status is Status.NOT_EVIDENCED]
    parts = []
    if absent:
        parts.append("missing: " + ", ".join(absent))
    if unknown:
        parts.append("not recorded: " + ", ".join(unknown))
    tail = "; ".join(parts)
    if len(unknown) == len(elements):
        return RuleResult("MS2", Status.NOT_EVIDENCED, "None of the ten clause elements is recorded.", None, elements)
    if len(present) == len(elements):
        return RuleResult("MS2", Status.MET, "All ten clause elements are in the contract.", None, elements)
    if present:
        detail = f"{len(present)} of 10 clause elements in the contract; {tail}."
        return RuleResult("MS2", Status.PARTLY_MET, detail, None, elements)
    return RuleResult("MS2", Status.NOT_MET, f"No clause element is in the contract; {tail}.", None, elements)


def partnership_updates(evidence: SafeguardingEvidence | None, partnership: str) -> RuleResult:
    """MS3: the provider receives the partnership's updates and training."""
    if evidence is None:
        return RuleResult("MS3", Status.NOT_EVIDENCED, NO_ROW)
    answer = evidence.partnership_updates
    element = Element(
        "Receives partnership updates and training",
        answer,
        ANSWER_STATUS[answer],
        "not recorded" if answer is None else "",
        cells=(Cell("Safeguarding", "partnership_updates", evidence.row),),
    )
    if answer is None:
        detail = "Not recorded whether the provider receives partnership updates and training."
    elif answer:
        detail = f"The provider receives {partnership} updates and can join its training."
    else:
        detail = f"The provider does not receive {partnership} updates and training."
    return RuleResult("MS3", element.status, detail, elements=(element,))


def _declared(position: DbsPosition, declared: int | None, row: int | None) -> tuple[Element, ...]:
    """The staff the Safeguarding sheet declares in contact with children, against those recorded."""
    if declared is None or row is None:
        return ()
    short = declared - position.in_scope
    return (
        Element(
            "Declared in contact with children",
            declared,
            Status.PARTLY_MET if short > 0 else Status.MET,
            f"{short} not recorded on the DBS sheet" if short > 0 else "",
            cells=(Cell("Safeguarding", "staff_in_contact", row),),
        ),
    )


def dbs_records(position: DbsPosition, declared: int | None, row: int | None = None) -> RuleResult:
    """MS4: DBS numbers and recheck dates recorded for every member of staff in Direct/Regular contact.

    `row` is the contract's Safeguarding row, where the number declared in contact is recorded.
    """
    elements = position.staff + _declared(position, declared, row)
    ignored = (
        f" {plural(position.ignored_future, 'record')} issued after the report date ignored."
        if position.ignored_future
        else ""
    )
    declared_text = f" ({declared} declared in contact with children)" if declared is not None else ""
    if position.in_scope == 0:
        detail = f"No DBS records for staff with Direct or Regular contact{declared_text}.{ignored}"
        return RuleResult("MS4", Status.NOT_EVIDENCED, detail, None, elements)
    if position.missing_number or position.recheck_passed:
        problems = []
        if position.missing_number:
            problems.append(f"no DBS number: {first_of(position.missing_number, NAMED_STAFF)}")
        if position.recheck_passed:
            problems.append(f"recheck date passed or not recorded: {first_of(position.recheck_passed, NAMED_STAFF)}")
        detail = f"{position.failing} of {position.in_scope} Direct/Regular staff fail: {'; '.join(problems)}.{ignored}"
        return RuleResult("MS4", Status.NOT_MET, detail, None, elements)
    earliest = f" (next recheck due {position.earliest_recheck.isoformat()})" if position.earliest_recheck else ""
    if declared is not None and position.in_scope < declared:
        detail = (
            f"{position.in_scope} Direct/Regular staff recorded, all valid{earliest}, but {declared} are "
            f"declared in contact with children: {declared - position.in_scope} not recorded.{ignored}"
        )
        return RuleResult("MS4", Status.PARTLY_MET, detail, None, elements)
    detail = (
        f"All {position.in_scope} Direct/Regular staff have a DBS number and a recheck date not passed"
        f"{earliest}{declared_text}.{ignored}"
    )
    return RuleResult("MS4", Status.MET, detail, None, elements)


def _monitoring_elements(evidence: SafeguardingEvidence | None, position: MonitoringPosition) -> tuple[Element, ...]:
    """MS5's three conditions as elements: (a) metrics, (b) on schedule, (c) safeguarding at each recent meeting."""
    metrics = evidence.safeguarding_metrics if evidence is not None else None
    discussed = position.recent - len(position.recent_without_safeguarding)
    last_cells = () if position.last_row is None else (Cell("Monitoring", "meeting_date", position.last_row),)
    return (
        Element(
            "Safeguarding metrics in the contract",
            metrics,
            ANSWER_STATUS[metrics],
            "not recorded" if metrics is None else "",
            cells=() if evidence is None else (Cell("Safeguarding", "safeguarding_metrics", evidence.row),),
        ),
        Element(
            f"Monitoring on schedule ({position.frequency})",
            position.last_meeting,
            Status.MET
            if position.on_schedule
            else Status.NOT_EVIDENCED
            if position.last_meeting is None
            else Status.NOT_MET,
            "no meeting recorded" if position.last_meeting is None else "",
            position.schedule_cutoff,
            cells=last_cells,
        ),
        Element(
            "Safeguarding discussed at each meeting in the last 12 months",
            f"{discussed} of {position.recent}",
            Status.MET if position.safeguarding_at_every_recent else Status.NOT_MET,
            "no meeting in the last 12 months"
            if position.recent == 0
            else "not discussed on " + ", ".join(d.isoformat() for d in position.recent_without_safeguarding)
            if position.recent_without_safeguarding
            else "",
            cells=tuple(Cell("Monitoring", "safeguarding_discussed", row) for row in position.recent_rows),
        ),
    )


def performance_management(evidence: SafeguardingEvidence | None, position: MonitoringPosition) -> RuleResult:
    """MS5: (a) safeguarding metrics in the contract, (b) monitoring on schedule, (c) safeguarding at every recent meeting."""
    elements = _monitoring_elements(evidence, position)
    metrics = evidence.safeguarding_metrics if evidence is not None else None
    ignored = (
        f" {plural(position.ignored_future, 'meeting')} dated after the report date ignored."
        if position.ignored_future
        else ""
    )
    if metrics is None and position.last_meeting is None:
        detail = f"Safeguarding metrics not recorded and no monitoring meetings recorded.{ignored}"
        return RuleResult("MS5", Status.NOT_EVIDENCED, detail, None, elements)
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
        f"(b) monitoring on schedule: {'yes' if position.on_schedule else 'no'}, {schedule_text}; "
        f"(c) {recent_text}.{ignored}"
    )
    met = sum(e.status is Status.MET for e in elements)
    status = Status.MET if met == 3 else Status.NOT_MET if met == 0 else Status.PARTLY_MET
    return RuleResult("MS5", status, detail, None, elements)


def thematic_checks(evidence: SafeguardingEvidence | None, risk: str, report_date: date, months: int) -> RuleResult:
    """MS6: the last thematic check falls within the contract's risk-based interval."""
    if evidence is None:
        return RuleResult("MS6", Status.NOT_EVIDENCED, NO_ROW)
    cell = Cell("Safeguarding", "last_thematic_check", evidence.row)
    element = _dated_element("Last thematic check", evidence.last_thematic_check, report_date, months, cell)
    return _dated_within("MS6", "Last thematic check", element, report_date, f"{months}-month interval for {risk} risk")

"""Where a contract's DBS records and its monitoring stand on the report date (read by MS4 and MS5)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from safe_commissioning.dates import add_months, add_years, months_before
from safe_commissioning.rules.results import Cell, Element, Status
from safe_commissioning.workbook.records import DbsRecord, MonitoringMeeting

MONITORING_PERIOD_MONTHS = {"Monthly": 1, "Quarterly": 3, "Six-monthly": 6, "Annual": 12}
SCHEDULE_GRACE_MONTHS = 1
RECENT_MEETINGS_MONTHS = 12
CONTACT_IN_SCOPE = frozenset({"Direct", "Regular"})


@dataclass(frozen=True, slots=True)
class DbsPosition:
    """The DBS records of one contract's Direct/Regular staff on the report date (counts, references)."""

    in_scope: int
    missing_number: tuple[str, ...]
    recheck_passed: tuple[str, ...]
    ignored_future: int
    earliest_recheck: date | None
    staff: tuple[Element, ...] = ()  # one per Direct/Regular record, those issued after the report date too

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


def _staff_element(record: DbsRecord, report_date: date, recheck_years: int) -> Element:
    """One member of staff's DBS record as MS4 weighs it (the certificate number itself is never kept)."""
    due = recheck_date(record, recheck_years)
    cells = (
        Cell("DBS", "certificate_number", record.row),
        Cell("DBS", "recheck_date" if record.recheck_date is not None else "issue_date", record.row),
    )
    if record.issue_date is not None and record.issue_date > report_date:
        return Element(
            record.staff_reference, due, Status.NOT_EVIDENCED, "issued after the report date: ignored", cells=cells
        )
    problems = []
    if not record.certificate_number:
        problems.append("no DBS number")
    if due is None:
        problems.append("no issue or recheck date")
    elif due < report_date:
        problems.append("recheck date passed")
    status = Status.NOT_MET if problems else Status.MET
    return Element(record.staff_reference, due, status, "; ".join(problems), required=report_date, due=due, cells=cells)


def dbs_position(records: Iterable[DbsRecord], report_date: date, recheck_years: int) -> DbsPosition:
    """Summarise a contract's DBS rows for staff with Direct or Regular contact."""
    staff = tuple(
        _staff_element(record, report_date, recheck_years)
        for record in records
        if record.contact_level in CONTACT_IN_SCOPE
    )
    counted = [e for e in staff if e.status is not Status.NOT_EVIDENCED]
    passed = [e for e in counted if e.due is None or e.due < report_date]
    current = [e.due for e in counted if e.due is not None and e.due >= report_date]
    return DbsPosition(
        in_scope=len(counted),
        missing_number=tuple(e.name for e in counted if "no DBS number" in e.note),
        recheck_passed=tuple(e.name for e in passed),
        ignored_future=len(staff) - len(counted),
        earliest_recheck=min(current, default=None),
        staff=staff,
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
    last_row: int | None = None  # the Monitoring row of the last meeting
    recent_rows: tuple[int, ...] = ()  # the Monitoring rows of the meetings in the last 12 months

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
    last = max(held, key=lambda m: m.meeting_date, default=None)
    cutoff = months_before(report_date, MONITORING_PERIOD_MONTHS[frequency] + SCHEDULE_GRACE_MONTHS)
    recent_from = months_before(report_date, RECENT_MEETINGS_MONTHS)
    recent = [m for m in held if m.meeting_date >= recent_from]
    return MonitoringPosition(
        frequency=frequency,
        last_meeting=last.meeting_date if last else None,
        schedule_cutoff=cutoff,
        on_schedule=last is not None and last.meeting_date >= cutoff,
        recent=len(recent),
        recent_without_safeguarding=tuple(sorted(m.meeting_date for m in recent if not m.safeguarding_discussed)),
        ignored_future=len(meetings) - len(held),
        last_row=last.row if last else None,
        recent_rows=tuple(m.row for m in recent),
    )

"""The minimum expectation rules (MS1–MS6) and provider assurance (POL, OFS, INS), table by table.

An independent reading of SPEC §3.1 and §3.2: every expected status is worked out from SPEC's
words, not from the code. Each test starts from one contract that meets everything on the
report date and changes only the evidence the rule under test reads, then runs the whole
assessment (so the intervals in force, the contract's Risk and Monitoring frequency, and the
grouping of rows by contract all take part). Passing and failing cases sit in separate tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import date
from typing import Any

import pytest

from safe_commissioning.rules.assessment import ContractAssessment, assess
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.records import (
    Contract,
    DbsRecord,
    MonitoringMeeting,
    Placement,
    PolicyReviews,
    Provider,
    SafeguardingEvidence,
    Settings,
    SourcingPlanItem,
    Workbook,
)

from .conftest import MakeWorkbook, contract, headers, minimal_sheets, row, safeguarding

REPORT = date(2025, 6, 30)
CERTIFICATE = "123456789012"
RULES = ("MS1", "MS2", "MS3", "MS4", "MS5", "MS6", "POL", "OFS", "INS")
STATUSES = ("met", "partly_met", "not_met", "not_evidenced", "not_applicable")

CLAUSES = tuple(f.name for f in fields(SafeguardingEvidence) if f.name.startswith("clause_"))
POLICY_DATES = tuple(f.name for f in fields(PolicyReviews) if f.name.endswith("_policy_reviewed"))

# One contract that meets every rule on 2025-06-30: the baseline each case changes.
GOOD_CONTRACT = Contract(
    row=2,
    contract_id="C-1",
    title="Family support",
    supplier="Acme Care Ltd",
    service_area="Children's Social Care",
    procurement_route="Strategic purchasing",
    start_date=date(2024, 4, 1),
    end_date=date(2027, 3, 31),
    works_with_children=True,
    risk="High",
)
GOOD_PROVIDER = Provider(
    row=2,
    provider="Acme Care Ltd",
    organisation_type="Company",
    ofsted_rating="Good",
    employers_liability=10_000_000.0,
    public_liability=10_000_000.0,
    professional_indemnity=2_000_000.0,
    insurance_expiry_date=date(2026, 3, 31),
)
GOOD_EVIDENCE = SafeguardingEvidence(
    row=2,
    contract_id="C-1",
    self_assessment_date=date(2024, 6, 30),
    partnership_updates=True,
    safeguarding_metrics=True,
    last_thematic_check=date(2025, 5, 1),
    **dict.fromkeys(CLAUSES, True),
)
GOOD_DBS = (
    DbsRecord(
        row=2,
        contract_id="C-1",
        staff_reference="S1",
        contact_level="Direct",
        certificate_number=CERTIFICATE,
        issue_date=date(2024, 1, 15),
    ),
)
GOOD_MEETINGS = (
    MonitoringMeeting(row=2, contract_id="C-1", meeting_date=date(2025, 5, 15), safeguarding_discussed=True),
)
GOOD_POLICIES = PolicyReviews(row=2, provider="Acme Care Ltd", **dict.fromkeys(POLICY_DATES, date(2025, 1, 15)))


def test_the_baseline_has_the_ten_clause_elements_and_eight_policies() -> None:
    assert len(CLAUSES) == 10
    assert len(POLICY_DATES) == 8


def workbook_of(
    *,
    contracts: Sequence[Contract] = (GOOD_CONTRACT,),
    providers: Sequence[Provider] = (GOOD_PROVIDER,),
    safeguarding: Sequence[SafeguardingEvidence] = (GOOD_EVIDENCE,),
    dbs: Sequence[DbsRecord] = GOOD_DBS,
    meetings: Sequence[MonitoringMeeting] = GOOD_MEETINGS,
    policies: Sequence[PolicyReviews] = (GOOD_POLICIES,),
    placements: Sequence[Placement] = (),
    sourcing_plan: Sequence[SourcingPlanItem] = (),
    report_date: date = REPORT,
    settings: Settings | None = None,
) -> Workbook:
    """A validated workbook built straight from typed records."""
    return Workbook(
        file_name="records.xlsx",
        content_hash="",
        settings=settings or Settings(report_date=report_date),
        report_date=report_date,
        contracts=tuple(contracts),
        providers=tuple(providers),
        safeguarding=tuple(safeguarding),
        policies=tuple(policies),
        dbs=tuple(dbs),
        monitoring=tuple(meetings),
        placements=tuple(placements),
        sourcing_plan=tuple(sourcing_plan),
        sheets_present=frozenset(
            {"Contracts", "Providers", "Safeguarding", "Policies", "DBS", "Monitoring", "Placements", "Sourcing plan"}
        ),
    )


def assess_contract(
    *,
    contract: Contract = GOOD_CONTRACT,
    provider: Provider = GOOD_PROVIDER,
    evidence: SafeguardingEvidence | None = GOOD_EVIDENCE,
    dbs: Sequence[DbsRecord] = GOOD_DBS,
    meetings: Sequence[MonitoringMeeting] = GOOD_MEETINGS,
    policies: PolicyReviews | None = GOOD_POLICIES,
    sourcing_plan: Sequence[SourcingPlanItem] = (),
    report_date: date = REPORT,
    settings: Settings | None = None,
) -> ContractAssessment:
    """Assess one contract (C-1) with its provider; `None` evidence or policies means no row on that sheet."""
    workbook = workbook_of(
        contracts=(contract,),
        providers=(provider,),
        safeguarding=() if evidence is None else (evidence,),
        dbs=dbs,
        meetings=meetings,
        policies=() if policies is None else (policies,),
        sourcing_plan=sourcing_plan,
        report_date=report_date,
        settings=settings,
    )
    return assess(workbook).by_contract[contract.contract_id]


def status(assessment: ContractAssessment, rule_id: str) -> str:
    """One rule's status as the data files write it."""
    return str(assessment.result(rule_id).status.value)


def statuses(assessment: ContractAssessment) -> dict[str, str]:
    """Every rule's status, by rule ID."""
    return {rule: status(assessment, rule) for rule in RULES}


def evidence(**changes: Any) -> SafeguardingEvidence:
    """The baseline Safeguarding row with some cells changed."""
    return replace(GOOD_EVIDENCE, **changes)


def staff(reference: str = "S1", **changes: Any) -> DbsRecord:
    """A valid DBS row for a member of staff in Direct contact, with some cells changed."""
    return replace(GOOD_DBS[0], staff_reference=reference, **changes)


def meeting(day: date, discussed: bool = True) -> MonitoringMeeting:
    """A contract monitoring meeting for C-1."""
    return MonitoringMeeting(row=2, contract_id="C-1", meeting_date=day, safeguarding_discussed=discussed)


def reviews(*days: date | None) -> PolicyReviews:
    """A Policies row with the eight review dates in sheet order."""
    assert len(days) == 8
    return PolicyReviews(row=2, provider="Acme Care Ltd", **dict(zip(POLICY_DATES, days, strict=True)))


def test_the_baseline_contract_meets_every_rule() -> None:
    assessment = assess_contract()
    assert statuses(assessment) == dict.fromkeys(RULES, "met")
    assert assessment.rag.value == "green"


def test_every_rule_gives_one_result_with_a_human_detail() -> None:
    results = assess_contract().results
    assert [r.rule_id for r in results] == list(RULES)
    assert all(r.detail.strip() for r in results)


# --- MS1: partnership self-assessment within the interval (24 months by default) -------------------------

MS1_MET = [
    pytest.param(REPORT, date(2023, 6, 30), None, id="exactly 24 months before (SPEC example)"),
    pytest.param(REPORT, date(2023, 7, 1), None, id="one day inside the interval"),
    pytest.param(REPORT, REPORT, None, id="on the report date"),
    pytest.param(date(2024, 2, 29), date(2022, 2, 28), None, id="report on a leap day: 24 months is 28 Feb"),
    pytest.param(REPORT, date(2024, 6, 30), 12, id="12-month interval from Settings, exactly"),
]
MS1_SHORT = [
    pytest.param(REPORT, date(2023, 6, 29), None, "not_met", id="one day older than 24 months"),
    pytest.param(REPORT, date(2019, 1, 1), None, "not_met", id="years old"),
    pytest.param(date(2024, 2, 29), date(2022, 2, 27), None, "not_met", id="leap-day report, one day older"),
    pytest.param(REPORT, date(2024, 6, 29), 12, "not_met", id="12-month interval from Settings, one day older"),
    pytest.param(REPORT, None, None, "not_evidenced", id="no date"),
    pytest.param(REPORT, date(2025, 7, 1), None, "not_evidenced", id="dated after the report date: ignored"),
]


def _ms1(report_date: date, day: date | None, months: int | None) -> str:
    settings = Settings(report_date=report_date, self_assessment_months=months) if months else None
    return status(
        assess_contract(evidence=evidence(self_assessment_date=day), report_date=report_date, settings=settings), "MS1"
    )


@pytest.mark.parametrize(("report_date", "day", "months"), MS1_MET)
def test_ms1_met(report_date: date, day: date, months: int | None) -> None:
    assert _ms1(report_date, day, months) == "met"


@pytest.mark.parametrize(("report_date", "day", "months", "expected"), MS1_SHORT)
def test_ms1_not_met(report_date: date, day: date | None, months: int | None, expected: str) -> None:
    assert _ms1(report_date, day, months) == expected


def test_without_a_safeguarding_row_the_evidence_rules_are_not_evidenced() -> None:
    found = statuses(assess_contract(evidence=None, dbs=(), meetings=()))
    assert {rule: found[rule] for rule in ("MS1", "MS2", "MS3", "MS4", "MS5", "MS6")} == dict.fromkeys(
        ("MS1", "MS2", "MS3", "MS4", "MS5", "MS6"), "not_evidenced"
    )


# --- MS2: the standard safeguarding clause has all ten elements ---------------------------------------------


def clauses(*answers: bool | None) -> dict[str, bool | None]:
    """The ten clause cells, in order (one answer repeated when only one is given)."""
    values = answers * 10 if len(answers) == 1 else answers
    assert len(values) == 10
    return dict(zip(CLAUSES, values, strict=True))


MS2_CASES = [
    pytest.param(clauses(True), "met", id="all ten Yes"),
    pytest.param(clauses(True, *[False] * 9), "partly_met", id="one Yes, nine No"),
    pytest.param(clauses(*[True] * 9, False), "partly_met", id="nine Yes, one No"),
    pytest.param(clauses(*[True] * 9, None), "partly_met", id="nine Yes, one blank"),
    pytest.param(clauses(True, *[None] * 9), "partly_met", id="one Yes, nine blank"),
    pytest.param(clauses(False), "not_met", id="all ten No"),
    pytest.param(clauses(False, *[None] * 9), "not_met", id="one No, nine blank"),
    pytest.param(clauses(None), "not_evidenced", id="all ten blank"),
]


@pytest.mark.parametrize(("answers", "expected"), [c for c in MS2_CASES if c.values[1] == "met"])
def test_ms2_met(answers: dict[str, bool | None], expected: str) -> None:
    assert status(assess_contract(evidence=evidence(**answers)), "MS2") == expected


@pytest.mark.parametrize(("answers", "expected"), [c for c in MS2_CASES if c.values[1] != "met"])
def test_ms2_not_met(answers: dict[str, bool | None], expected: str) -> None:
    assert status(assess_contract(evidence=evidence(**answers)), "MS2") == expected


def test_ms2_detail_names_the_missing_clause_element() -> None:
    detail = assess_contract(evidence=evidence(clause_allegations_and_lado=False)).result("MS2").detail
    assert "LADO" in detail


# --- MS3: partnership updates and training ------------------------------------------------------------------

MS3_CASES = [
    pytest.param(True, "met", id="Yes"),
    pytest.param(False, "not_met", id="No"),
    pytest.param(None, "not_evidenced", id="blank"),
]


@pytest.mark.parametrize(("answer", "expected"), [c for c in MS3_CASES if c.values[1] == "met"])
def test_ms3_met(answer: bool | None, expected: str) -> None:
    assert status(assess_contract(evidence=evidence(partnership_updates=answer)), "MS3") == expected


@pytest.mark.parametrize(("answer", "expected"), [c for c in MS3_CASES if c.values[1] != "met"])
def test_ms3_not_met(answer: bool | None, expected: str) -> None:
    assert status(assess_contract(evidence=evidence(partnership_updates=answer)), "MS3") == expected


# --- MS4: DBS numbers and recheck dates for staff with Direct/Regular contact -------------------------------
# Recheck interval 3 years by default; report date 2025-06-30.

MS4_MET = [
    pytest.param([staff()], None, id="one Direct, valid"),
    pytest.param([staff(contact_level="Regular")], None, id="one Regular, valid"),
    pytest.param([staff(recheck_date=REPORT)], None, id="recheck date equal to the report date is not past"),
    pytest.param(
        [staff(issue_date=date(2022, 6, 30), recheck_date=None)], None, id="blank recheck: issue + 3 years = today"
    ),
    pytest.param(
        [staff(issue_date=date(2015, 1, 1), recheck_date=date(2026, 1, 1))], None, id="recorded recheck date wins"
    ),
    pytest.param([staff(), staff("S2")], 2, id="rows equal to the declared count"),
    pytest.param([staff(), staff("S2")], 1, id="rows above the declared count"),
    pytest.param(
        [staff(), staff("S2", contact_level="Occasional", certificate_number="", issue_date=None)],
        None,
        id="Occasional staff without a number are out of scope",
    ),
    pytest.param(
        [staff(), staff("S2", contact_level="None", certificate_number="", issue_date=None)],
        None,
        id="no-contact staff without a number are out of scope",
    ),
]
MS4_SHORT = [
    pytest.param([staff()], 3, "partly_met", id="all valid but fewer rows than declared"),
    pytest.param(
        [staff(), staff("S2", contact_level="Occasional")],
        2,
        "partly_met",
        id="Occasional rows do not make up the count",
    ),
    pytest.param([staff(certificate_number="")], None, "not_met", id="missing DBS number"),
    pytest.param([staff(recheck_date=date(2025, 6, 29))], None, "not_met", id="recheck date the day before"),
    pytest.param(
        [staff(issue_date=date(2022, 6, 29), recheck_date=None)], None, "not_met", id="blank recheck: issue + 3y passed"
    ),
    pytest.param(
        [staff(issue_date=None, recheck_date=None)], None, "not_met", id="neither issue nor recheck date counts as past"
    ),
    pytest.param([staff(), staff("S2", certificate_number="")], None, "not_met", id="one of two without a number"),
    pytest.param(
        [staff(contact_level="Regular", recheck_date=date(2024, 1, 1))], None, "not_met", id="Regular staff, past"
    ),
    pytest.param([staff(certificate_number="")], 5, "not_met", id="not_met wins over a short count"),
    pytest.param([], None, "not_evidenced", id="no DBS rows"),
    pytest.param([], 4, "not_evidenced", id="no DBS rows though staff are declared"),
    pytest.param(
        [staff(contact_level="Occasional"), staff("S2", contact_level="None")],
        None,
        "not_evidenced",
        id="only Occasional and None contact",
    ),
    pytest.param(
        [staff(issue_date=date(2025, 7, 1))], None, "not_evidenced", id="only a check issued after the report date"
    ),
]


def _ms4(rows: list[DbsRecord], declared: int | None, report_date: date = REPORT, years: int | None = None) -> str:
    settings = Settings(report_date=report_date, dbs_recheck_years=years) if years else None
    return status(
        assess_contract(
            evidence=evidence(staff_in_contact=declared), dbs=rows, report_date=report_date, settings=settings
        ),
        "MS4",
    )


@pytest.mark.parametrize(("rows", "declared"), MS4_MET)
def test_ms4_met(rows: list[DbsRecord], declared: int | None) -> None:
    assert _ms4(rows, declared) == "met"


@pytest.mark.parametrize(("rows", "declared", "expected"), MS4_SHORT)
def test_ms4_not_met(rows: list[DbsRecord], declared: int | None, expected: str) -> None:
    assert _ms4(rows, declared) == expected


@pytest.mark.parametrize(
    ("report_date", "expected"),
    [
        pytest.param(date(2023, 2, 28), "met", id="leap-day issue + 3 years is 28 Feb: not past on that day"),
        pytest.param(date(2023, 3, 1), "not_met", id="leap-day issue + 3 years: past on 1 March"),
    ],
)
def test_ms4_recheck_from_a_leap_day_issue(report_date: date, expected: str) -> None:
    rows = [staff(issue_date=date(2020, 2, 29), recheck_date=None)]
    assert _ms4(rows, None, report_date) == expected


@pytest.mark.parametrize(
    ("issue", "expected"),
    [
        pytest.param(date(2020, 6, 30), "met", id="5-year interval from Settings: exactly today"),
        pytest.param(date(2020, 6, 29), "not_met", id="5-year interval from Settings: one day past"),
    ],
)
def test_ms4_recheck_interval_from_settings(issue: date, expected: str) -> None:
    assert _ms4([staff(issue_date=issue, recheck_date=None)], None, years=5) == expected


def test_ms4_detail_says_how_many_records_fail() -> None:
    rows = [
        staff("S1", recheck_date=date(2025, 1, 1)),
        staff("S3", recheck_date=date(2024, 1, 1)),
        staff("S4"),
    ]
    detail = assess_contract(dbs=rows).result("MS4").detail
    assert re.search(r"\b2\b", detail), detail


def test_ms4_detail_names_ten_staff_a_list_and_counts_the_rest() -> None:
    # Every one is in the evidence; a sentence naming hundreds would outgrow a spreadsheet cell.
    rows = [staff(f"S{n:03}", certificate_number="", recheck_date=date(2024, 1, 1)) for n in range(1, 401)]
    detail = assess_contract(dbs=rows).result("MS4").detail
    named = ", ".join(f"S{n:03}" for n in range(1, 11))
    assert detail == (
        f"400 of 400 Direct/Regular staff fail: no DBS number: {named} and 390 more; "
        f"recheck date passed or not recorded: {named} and 390 more."
    )
    assert len(assess_contract(dbs=rows).result("MS4").elements) >= 400


def test_ms4_reads_only_the_contracts_own_dbs_rows() -> None:
    other = replace(GOOD_CONTRACT, row=3, contract_id="C-2")
    rows = [staff(), replace(staff("X1", certificate_number=""), contract_id="C-2")]
    workbook = workbook_of(
        contracts=(GOOD_CONTRACT, other),
        safeguarding=(GOOD_EVIDENCE, replace(GOOD_EVIDENCE, row=3, contract_id="C-2")),
        dbs=rows,
    )
    assessment = assess(workbook)
    assert status(assessment.by_contract["C-1"], "MS4") == "met"
    assert status(assessment.by_contract["C-2"], "MS4") == "not_met"


# --- MS5: performance management (a) metrics, (b) monitoring on schedule, (c) safeguarding at recent meetings --
# Quarterly by default: on schedule when the last meeting is on or after 2025-02-28 (30 June less 4 months,
# clamped); "the last 12 months" runs from 2024-06-30.

MS5_MET = [
    pytest.param(True, [(date(2025, 5, 15), True)], id="metrics, recent meeting, safeguarding discussed"),
    pytest.param(
        True,
        [(date(2024, 6, 29), False), (date(2025, 5, 15), True)],
        id="a meeting without safeguarding just over 12 months ago does not count",
    ),
    pytest.param(
        True,
        [(date(2025, 5, 15), True), (date(2025, 7, 15), False)],
        id="a future meeting without safeguarding ignored",
    ),
    pytest.param(True, [(date(2025, 2, 28), True)], id="quarterly: last meeting exactly 4 months ago"),
]
MS5_SHORT = [
    pytest.param(True, [], "partly_met", id="one of three: metrics only, no meetings"),
    pytest.param(False, [(date(2024, 12, 1), True)], "partly_met", id="one of three: (c) only"),
    pytest.param(False, [(date(2025, 5, 15), False)], "partly_met", id="one of three: (b) only"),
    pytest.param(True, [(date(2024, 12, 1), True)], "partly_met", id="two of three: (a) and (c), off schedule"),
    pytest.param(False, [(date(2025, 5, 15), True)], "partly_met", id="two of three: (b) and (c), no metrics"),
    pytest.param(None, [(date(2025, 5, 15), True)], "partly_met", id="two of three: metrics blank is not Yes"),
    pytest.param(
        True,
        [(date(2024, 9, 1), False), (date(2025, 5, 15), True)],
        "partly_met",
        id="two of three: a meeting without safeguarding in the last 12 months",
    ),
    pytest.param(
        True,
        [(date(2024, 6, 30), False), (date(2025, 5, 15), True)],
        "partly_met",
        id="a meeting without safeguarding exactly 12 months ago counts",
    ),
    pytest.param(
        True,
        [(date(2025, 1, 15), True), (date(2025, 7, 1), True)],
        "partly_met",
        id="a future meeting does not put monitoring on schedule",
    ),
    pytest.param(True, [(date(2025, 2, 27), True)], "partly_met", id="quarterly: one day older than 4 months"),
    pytest.param(False, [], "not_met", id="none of three: metrics No, no meetings"),
    pytest.param(False, [(date(2024, 1, 1), True)], "not_met", id="none of three: only an old meeting"),
    pytest.param(None, [(date(2024, 1, 1), True)], "not_met", id="metrics blank but meetings held: not_met"),
    pytest.param(None, [], "not_evidenced", id="metrics blank and no meetings at all"),
    pytest.param(None, [(date(2025, 7, 1), True)], "not_evidenced", id="metrics blank, only a future meeting"),
]


def _ms5(
    metrics: bool | None, held: list[tuple[date, bool]], frequency: str = "Quarterly", report: date = REPORT
) -> str:
    contract = replace(GOOD_CONTRACT, monitoring_frequency=frequency)
    return status(
        assess_contract(
            contract=contract,
            evidence=evidence(safeguarding_metrics=metrics),
            meetings=[meeting(day, discussed) for day, discussed in held],
            report_date=report,
        ),
        "MS5",
    )


@pytest.mark.parametrize(("metrics", "held"), MS5_MET)
def test_ms5_met(metrics: bool | None, held: list[tuple[date, bool]]) -> None:
    assert _ms5(metrics, held) == "met"


@pytest.mark.parametrize(("metrics", "held", "expected"), MS5_SHORT)
def test_ms5_not_met(metrics: bool | None, held: list[tuple[date, bool]], expected: str) -> None:
    assert _ms5(metrics, held) == expected


def test_ms5_without_a_safeguarding_row_or_meetings_is_not_evidenced() -> None:
    assert status(assess_contract(evidence=None, meetings=()), "MS5") == "not_evidenced"


# Condition (b) alone: metrics No and safeguarding not discussed, so (a) and (c) fail and the status is
# partly_met exactly when the meeting is on schedule, not_met when it is one day too old.
SCHEDULE = [
    pytest.param("Monthly", REPORT, date(2025, 4, 30), date(2025, 4, 29), id="Monthly: 2 months"),
    pytest.param("Quarterly", REPORT, date(2025, 2, 28), date(2025, 2, 27), id="Quarterly: 4 months (clamped)"),
    pytest.param("Six-monthly", REPORT, date(2024, 11, 30), date(2024, 11, 29), id="Six-monthly: 7 months"),
    pytest.param("Annual", REPORT, date(2024, 5, 30), date(2024, 5, 29), id="Annual: 13 months"),
    pytest.param(
        "Monthly", date(2024, 4, 30), date(2024, 2, 29), date(2024, 2, 28), id="Monthly from 30 Apr: the leap day"
    ),
    pytest.param("Monthly", date(2025, 4, 30), date(2025, 2, 28), date(2025, 2, 27), id="Monthly from 30 Apr: 28 Feb"),
]


@pytest.mark.parametrize(("frequency", "report", "on_time", "late"), SCHEDULE)
def test_ms5_monitoring_on_schedule_at_period_plus_one_month(
    frequency: str, report: date, on_time: date, late: date
) -> None:
    assert _ms5(False, [(on_time, False)], frequency, report) == "partly_met"


@pytest.mark.parametrize(("frequency", "report", "on_time", "late"), SCHEDULE)
def test_ms5_monitoring_one_day_older_is_off_schedule(frequency: str, report: date, on_time: date, late: date) -> None:
    assert _ms5(False, [(late, False)], frequency, report) == "not_met"


def test_ms5_reads_only_the_contracts_own_meetings() -> None:
    other = replace(GOOD_CONTRACT, row=3, contract_id="C-2")
    workbook = workbook_of(
        contracts=(GOOD_CONTRACT, other),
        safeguarding=(GOOD_EVIDENCE, replace(GOOD_EVIDENCE, row=3, contract_id="C-2", safeguarding_metrics=None)),
        meetings=GOOD_MEETINGS,
    )
    assessment = assess(workbook)
    assert status(assessment.by_contract["C-1"], "MS5") == "met"
    assert status(assessment.by_contract["C-2"], "MS5") == "not_evidenced"


# --- MS6: thematic checks at a risk-based interval (High 6, Medium 12, Low 24 months) --------------------------

MS6_MET = [
    pytest.param("High", date(2024, 12, 30), id="High: exactly 6 months"),
    pytest.param("High", REPORT, id="High: on the report date"),
    pytest.param("Medium", date(2024, 6, 30), id="Medium: exactly 12 months"),
    pytest.param("Low", date(2023, 6, 30), id="Low: exactly 24 months"),
    pytest.param("Medium", date(2024, 12, 29), id="Medium: a check too old for High is fine for Medium"),
    pytest.param("Low", date(2024, 6, 29), id="Low: a check too old for Medium is fine for Low"),
]
MS6_SHORT = [
    pytest.param("High", date(2024, 12, 29), "not_met", id="High: one day older than 6 months"),
    pytest.param("Medium", date(2024, 6, 29), "not_met", id="Medium: one day older than 12 months"),
    pytest.param("Low", date(2023, 6, 29), "not_met", id="Low: one day older than 24 months"),
    *(pytest.param(risk, None, "not_evidenced", id=f"{risk}: no date") for risk in ("High", "Medium", "Low")),
    *(
        pytest.param(risk, date(2025, 7, 1), "not_evidenced", id=f"{risk}: only a check after the report date")
        for risk in ("High", "Medium", "Low")
    ),
]


def _ms6(risk: str, day: date | None, report: date = REPORT) -> str:
    contract = replace(GOOD_CONTRACT, risk=risk)
    return status(
        assess_contract(contract=contract, evidence=evidence(last_thematic_check=day), report_date=report), "MS6"
    )


@pytest.mark.parametrize(("risk", "day"), MS6_MET)
def test_ms6_met(risk: str, day: date) -> None:
    assert _ms6(risk, day) == "met"


@pytest.mark.parametrize(("risk", "day", "expected"), MS6_SHORT)
def test_ms6_not_met(risk: str, day: date | None, expected: str) -> None:
    assert _ms6(risk, day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2024, 2, 29), "met", id="31 Aug less 6 months is the leap day"),
        pytest.param(date(2024, 2, 28), "not_met", id="the day before the leap day is too old"),
    ],
)
def test_ms6_month_end_clamping(day: date, expected: str) -> None:
    assert _ms6("High", day, date(2024, 8, 31)) == expected


def test_ms6_intervals_come_from_settings() -> None:
    settings = Settings(report_date=REPORT, thematic_months={"High": 3, "Medium": 12, "Low": 24})
    found = assess_contract(evidence=evidence(last_thematic_check=date(2025, 3, 29)), settings=settings)
    assert status(found, "MS6") == "not_met"  # 3 months back from 30 June is 30 March


# --- POL: the eight policies reviewed within the policy interval (12 months: on or after 2024-06-30) -----------

CURRENT, STALE, FUTURE = date(2025, 1, 15), date(2024, 6, 29), date(2025, 7, 1)

POL_MET = [
    pytest.param(reviews(*[CURRENT] * 8), id="all eight within 12 months"),
    pytest.param(reviews(*[date(2024, 6, 30)] * 8), id="all eight exactly 12 months ago"),
    pytest.param(reviews(*[REPORT] * 8), id="all eight on the report date"),
]
POL_SHORT = [
    pytest.param(reviews(*[CURRENT] * 7, STALE), "partly_met", id="seven current, one a day too old"),
    pytest.param(reviews(CURRENT, *[STALE] * 7), "partly_met", id="one current, seven stale"),
    pytest.param(reviews(*[CURRENT] * 7, None), "partly_met", id="seven current, one blank"),
    pytest.param(reviews(*[CURRENT] * 7, FUTURE), "partly_met", id="seven current, one dated after the report date"),
    pytest.param(reviews(*[STALE] * 8), "not_met", id="all eight stale"),
    pytest.param(reviews(*[date(2020, 1, 1)] * 8), "not_met", id="all eight years old"),
    pytest.param(reviews(*[None] * 8), "not_evidenced", id="all eight blank"),
    pytest.param(reviews(*[FUTURE] * 8), "not_evidenced", id="all eight dated after the report date"),
    pytest.param(None, "not_evidenced", id="no row on the Policies sheet"),
]


@pytest.mark.parametrize("policies", POL_MET)
def test_pol_met(policies: PolicyReviews) -> None:
    assert status(assess_contract(policies=policies), "POL") == "met"


@pytest.mark.parametrize(("policies", "expected"), POL_SHORT)
def test_pol_not_met(policies: PolicyReviews | None, expected: str) -> None:
    assert status(assess_contract(policies=policies), "POL") == expected


def test_pol_interval_comes_from_settings() -> None:
    settings = Settings(report_date=REPORT, policy_months=6)
    assert status(assess_contract(policies=reviews(*[CURRENT] * 8), settings=settings), "POL") == "met"
    assert status(assess_contract(policies=reviews(*[date(2024, 12, 29)] * 8), settings=settings), "POL") == "not_met"


# --- OFS: Ofsted rating ---------------------------------------------------------------------------------------

# SPEC §3.2 (revised): only a real rating is met; "Not yet inspected" or blank is never shown as met.
OFS_MET = ["Outstanding", "Good", "Requires improvement"]
OFS_SHORT = [
    pytest.param("Inadequate", "not_met", "Inadequate", id="Inadequate"),
    pytest.param("Not yet inspected", "not_evidenced", "Not yet inspected", id="Not yet inspected"),
    pytest.param(None, "not_evidenced", "Not recorded", id="blank"),
    pytest.param("Not applicable", "not_applicable", "Not applicable", id="Not applicable"),
]


@pytest.mark.parametrize("rating", OFS_MET)
def test_ofs_met_for_a_rating_better_than_inadequate(rating: str) -> None:
    result = assess_contract(provider=replace(GOOD_PROVIDER, ofsted_rating=rating)).result("OFS")
    assert (result.status.value, result.label) == ("met", rating)


@pytest.mark.parametrize(("rating", "expected", "words"), OFS_SHORT)
def test_ofs_not_met(rating: str | None, expected: str, words: str) -> None:
    result = assess_contract(provider=replace(GOOD_PROVIDER, ofsted_rating=rating)).result("OFS")
    assert (result.status.value, result.label) == (expected, words)


# --- INS: £10m employer's and public liability, £2m professional indemnity, not expired ------------------------

INS_MET = [
    pytest.param({}, id="exactly the minimums"),
    pytest.param(
        {"employers_liability": 15_000_000.0, "public_liability": 20_000_000.0, "professional_indemnity": 5_000_000.0},
        id="above the minimums",
    ),
    pytest.param({"insurance_expiry_date": REPORT}, id="expiring on the report date is not expired"),
]
INS_SHORT = [
    pytest.param({"employers_liability": 9_999_999.99}, "not_met", id="employer's liability a penny short"),
    pytest.param({"public_liability": 5_000_000.0}, "not_met", id="public liability £5m"),
    pytest.param({"professional_indemnity": 1_999_999.0}, "not_met", id="professional indemnity below £2m"),
    pytest.param({"insurance_expiry_date": date(2025, 6, 29)}, "not_met", id="expired the day before"),
    pytest.param({"public_liability": None}, "not_met", id="one amount blank"),
    pytest.param({"insurance_expiry_date": None}, "not_met", id="expiry date blank, amounts fine"),
    pytest.param(
        {
            "employers_liability": None,
            "public_liability": None,
            "professional_indemnity": None,
            "insurance_expiry_date": None,
        },
        "not_evidenced",
        id="all four blank",
    ),
    pytest.param(
        {"organisation_type": "Local authority", "employers_liability": None, "insurance_expiry_date": None},
        "not_applicable",
        id="Local authority",
    ),
    pytest.param(
        {"organisation_type": "NHS body", "public_liability": 1.0, "insurance_expiry_date": date(2020, 1, 1)},
        "not_applicable",
        id="NHS body",
    ),
]


@pytest.mark.parametrize("changes", INS_MET)
def test_ins_met(changes: dict[str, Any]) -> None:
    assert status(assess_contract(provider=replace(GOOD_PROVIDER, **changes)), "INS") == "met"


@pytest.mark.parametrize(("changes", "expected"), INS_SHORT)
def test_ins_not_met(changes: dict[str, Any], expected: str) -> None:
    assert status(assess_contract(provider=replace(GOOD_PROVIDER, **changes)), "INS") == expected


@pytest.mark.parametrize("organisation_type", ["Charity", "Community interest company", "Sole trader", "Other", None])
def test_ins_applies_to_every_other_organisation_type(organisation_type: str | None) -> None:
    provider = replace(GOOD_PROVIDER, organisation_type=organisation_type, professional_indemnity=None)
    assert status(assess_contract(provider=provider), "INS") == "not_met"


# --- Contracts that do not work with children -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "evidence_row"),
    [
        pytest.param(GOOD_PROVIDER, GOOD_EVIDENCE, id="with full evidence"),
        pytest.param(replace(GOOD_PROVIDER, ofsted_rating="Inadequate"), None, id="Inadequate provider, no evidence"),
        pytest.param(replace(GOOD_PROVIDER, employers_liability=None), None, id="insurance short, no evidence"),
    ],
)
def test_a_contract_not_working_with_children_is_not_applicable_throughout(
    provider: Provider, evidence_row: SafeguardingEvidence | None
) -> None:
    contract = replace(GOOD_CONTRACT, works_with_children=False)
    assessment = assess_contract(contract=contract, provider=provider, evidence=evidence_row, policies=None)
    assert statuses(assessment) == dict.fromkeys(RULES, "not_applicable")
    assert assessment.rag.value == "not_applicable"
    assert all(r.detail.strip() for r in assessment.results)


def test_statuses_are_the_fixed_words() -> None:
    found = statuses(assess_contract(evidence=None, dbs=(), meetings=(), policies=None))
    assert set(found.values()) <= set(STATUSES)


# --- The same rules read from a whole workbook: intervals from the Settings sheet, default frequency ----------------

INTERVAL_SETTINGS = [
    ["Self-assessment interval (months)", 12],
    ["Thematic check interval High / Medium / Low (months)", "3 / 12 / 24"],
    ["Policy review interval (months)", 6],
    ["DBS recheck interval (years)", 5],
]


@pytest.mark.parametrize(
    ("extra_settings", "expected"),
    [
        pytest.param([], {"MS1": "met", "MS4": "not_met", "MS6": "met", "POL": "met"}, id="SPEC defaults"),
        pytest.param(
            INTERVAL_SETTINGS,
            {"MS1": "not_met", "MS4": "met", "MS6": "not_met", "POL": "not_met"},
            id="intervals from the Settings sheet",
        ),
    ],
)
def test_intervals_in_force_come_from_the_settings_sheet(
    make_workbook: MakeWorkbook, extra_settings: list[list[object]], expected: dict[str, str]
) -> None:
    sheets = minimal_sheets(
        Settings=[["Setting", "Value"], ["Organisation", "Test Council"], ["Report date", REPORT], *extra_settings],
        Safeguarding=[
            headers("Safeguarding"),
            safeguarding(self_assessment_date=date(2024, 6, 29), last_thematic_check=date(2025, 3, 29)),
        ],
        Policies=[
            headers("Policies"),
            row("Policies", provider="Acme Care Ltd", **dict.fromkeys(POLICY_DATES, date(2024, 12, 29))),
        ],
        DBS=[
            headers("DBS"),
            row(
                "DBS",
                contract_id="C-1",
                staff_reference="S1",
                contact_level="Direct",
                certificate_number=CERTIFICATE,
                issue_date=date(2020, 6, 30),
            ),
        ],
    )
    workbook, report = read_workbook(make_workbook(sheets), as_of=None, today=REPORT)
    assert workbook is not None, report.summary()
    found = statuses(assess(workbook).by_contract["C-1"])
    assert {rule: found[rule] for rule in expected} == expected


@pytest.mark.parametrize(
    ("meeting_date", "expected"),
    [
        pytest.param(date(2025, 2, 28), "met", id="blank frequency is Quarterly: exactly 4 months"),
        pytest.param(date(2025, 2, 27), "partly_met", id="blank frequency is Quarterly: one day older"),
    ],
)
def test_a_blank_monitoring_frequency_means_quarterly(
    make_workbook: MakeWorkbook, meeting_date: date, expected: str
) -> None:
    sheets = minimal_sheets(
        Settings=[["Setting", "Value"], ["Organisation", "Test Council"], ["Report date", REPORT]],
        Contracts=[headers("Contracts"), contract(monitoring_frequency=None)],
        Safeguarding=[headers("Safeguarding"), safeguarding(safeguarding_metrics="Yes")],
        Monitoring=[
            headers("Monitoring"),
            row("Monitoring", contract_id="C-1", meeting_date=meeting_date, safeguarding_discussed="Yes"),
        ],
    )
    workbook, report = read_workbook(make_workbook(sheets), as_of=None, today=REPORT)
    assert workbook is not None, report.summary()
    assert status(assess(workbook).by_contract["C-1"], "MS5") == expected

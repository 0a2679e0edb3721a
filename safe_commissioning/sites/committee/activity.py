"""The pack's sections on what is coming and going.

Expiries and decisions due, placements, caseload, the sourcing plan and the development plan.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date

from safe_commissioning.dates import financial_year
from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.attention import ENDING_SOON_DAYS, Action
from safe_commissioning.rules.placements import caseload_series, off_framework_share
from safe_commissioning.sites.committee.pack import Paragraph, Part, Table
from safe_commissioning.sites.committee.summaries import listed
from safe_commissioning.sites.views.groups import EXPIRING_SOON_MONTHS, decisions_passed, expiring_soon
from safe_commissioning.sites.views.placements import placement_year_table
from safe_commissioning.words import and_list, long_date, percent, plural
from safe_commissioning.workbook.schema.choices import PLACEMENT_TYPES

Parts = list[Part]
_Write = Callable[[Assessment], Parts]  # writes one section of the pack
PLACEMENT_YEARS = 3  # financial years in the placements section, up to the report date's
DECISION_KINDS = ("decision-overdue", "ending-unplanned", "plan-start-passed")


def _about_sheet(sheet: str) -> Callable[[_Write], _Write]:
    """A section about one optional sheet: "Not recorded" when the workbook has no such sheet."""

    def guard(section: _Write) -> _Write:
        @functools.wraps(section)
        def guarded(assessment: Assessment) -> Parts:
            if sheet not in assessment.workbook.sheets_present:
                return [Paragraph(f"Not recorded: the workbook has no {sheet} sheet.")]
            return section(assessment)

        return guarded

    return guard


def expiries(assessment: Assessment, actions: Sequence[Action]) -> Parts:
    soon = expiring_soon(assessment)
    passed = decisions_passed(assessment)
    parts: Parts = [
        Paragraph(
            f"{plural(len(soon), 'active contract ends', 'active contracts end')} within {EXPIRING_SOON_MONTHS} months "
            f"of the report date. A re-procurement decision falls due a lead time before each end date, set by the "
            f"procurement route; {plural(len(passed), 'decision has', 'decisions have')} passed for contracts still "
            "running."
        )
    ]
    if soon:
        parts.extend(
            listed(
                Table(
                    f"Active contracts ending within {EXPIRING_SOON_MONTHS} months",
                    ("Contract", "Provider", "End date", "Decision due", "Sourcing plan"),
                    tuple(
                        (
                            f"{c.contract_id} {c.contract.title}",
                            c.contract.supplier,
                            long_date(c.contract.end_date),
                            long_date(c.decision_due),
                            "; ".join(f"{p.project} ({p.status or 'no status'})" for p in c.planned)
                            or "Nothing planned",
                        )
                        for c in soon
                    ),
                ),
                f"every active contract ending within {EXPIRING_SOON_MONTHS} months",
                (
                    ("Provider", [c.contract.supplier for c in soon]),
                    ("Month ending", [f"{c.contract.end_date:%B %Y}" for c in soon]),
                ),
            )
        )
    due = [a for a in actions if a.kind in DECISION_KINDS]
    if due:
        parts.append(
            Paragraph(f"{plural(len(due), 'decision or plan needs', 'decisions and plans need')} acting on now.")
        )
        parts.extend(
            listed(
                Table(
                    "Decisions and plans to act on",
                    ("What", "About", "What is wrong", "Next step"),
                    tuple((a.title, a.subject, a.what, a.next_step) for a in due),
                ),
                "every decision and plan to act on",
                (("What", [a.title for a in due]),),
            )
        )
    else:
        parts.append(
            Paragraph(
                f"No decision is overdue without a plan, and every contract ending within {ENDING_SOON_DAYS} days has its "
                "replacement under way."
            )
        )
    parts.append("timeline")
    return parts


@_about_sheet("Placements")
def placements(assessment: Assessment) -> Parts:
    workbook = assessment.workbook
    current = financial_year(workbook.report_date)
    years = [row for row in placement_year_table(assessment) if str(row["year"]) <= current][-PLACEMENT_YEARS:]
    parts: Parts = []
    for row in years:
        year = str(row["year"])
        so_far = f" so far (to {long_date(workbook.report_date)})" if year == current else ""
        parts.append(
            Paragraph(
                f"{plural(int(str(row['commissioned'])), 'placement was', 'placements were')} commissioned within the "
                f"financial year {year}{so_far}. {plural(int(str(row['decommissioned'])), 'placement', 'placements')} "
                f"came to an end within that period, as summarised in the table below" + ":"
            )
        )
        kinds = [k for k in PLACEMENT_TYPES if row.get(f"{k}:c") or row.get(f"{k}:d")]
        parts.append(
            Table(
                f"Placements commissioned and decommissioned in {year}",
                ("Placement type", "Number commissioned", "Number decommissioned"),
                tuple((kind, str(row.get(f"{kind}:c", 0)), str(row.get(f"{kind}:d", 0))) for kind in kinds),
                frozenset({1, 2}),
            )
        )
    if not years:
        parts.append(Paragraph("No placement started or ended in a financial year up to the report date."))
    active = assessment.active_placements
    share = off_framework_share(active)
    parts.append(
        Paragraph(
            f"{plural(len(active), 'placement was', 'placements were')} active on the report date"
            + (
                f"; {share.part} of them ({percent(share.part, share.whole)}) sourced off the Commissioning "
                "Alliance framework."
                if active
                else "."
            )
        )
    )
    parts.append("placements_by_year")
    return parts


@_about_sheet("Caseload")
def caseload(assessment: Assessment) -> Parts:
    series = caseload_series(assessment.workbook.caseload)
    if not series:
        return [Paragraph("The Caseload sheet has no rows.")]
    latest = series[-1]
    said = []
    if latest.children_in_care is not None:
        said.append(
            plural(latest.children_in_care, "child in care", "children in care")
            + (
                f", {latest.of_which_uasc} of them unaccompanied asylum-seeking children"
                if latest.of_which_uasc is not None
                else ""
            )
        )
    if latest.children_in_need is not None:
        said.append(plural(latest.children_in_need, "child in need", "children in need"))
    if latest.care_leavers is not None:
        said.append(plural(latest.care_leavers, "care leaver"))
    parts: Parts = [
        Paragraph(
            f"As of {long_date(latest.date)}, there were {and_list(said)}."
            if said
            else f"The latest snapshot, of {long_date(latest.date)}, records no counts."
        )
    ]
    if len(series) >= 2:
        parts.append("caseload")
    else:
        parts.append(
            Table(
                "Headcount snapshot",
                ("Date", "Children in care", "Of which UASC", "Children in need", "Care leavers"),
                tuple(
                    (
                        long_date(s.date),
                        *(
                            "" if v is None else str(v)
                            for v in (s.children_in_care, s.of_which_uasc, s.children_in_need, s.care_leavers)
                        ),
                    )
                    for s in series
                ),
                frozenset({1, 2, 3, 4}),
            )
        )
    return parts


@_about_sheet("Sourcing plan")
def sourcing_plan(assessment: Assessment) -> Parts:
    workbook = assessment.workbook
    plan = sorted(workbook.sourcing_plan, key=lambda i: (i.procurement_start or date.max, i.project.casefold()))
    if not plan:
        return [Paragraph("The Sourcing plan sheet has no rows.")]
    statuses: dict[str, int] = {}
    for item in plan:
        statuses[item.status or "no status"] = statuses.get(item.status or "no status", 0) + 1
    return [
        Paragraph(
            f"The sourcing plan holds {plural(len(plan), 'procurement')} ("
            + ", ".join(f"{n} {status.lower() if status != 'no status' else status}" for status, n in statuses.items())
            + "), by expected procurement start. Rows not marked for publication are kept off the public register."
        ),
        *listed(
            Table(
                "The sourcing plan",
                ("Project", "Replaces", "Route", "Procurement start", "Contract start", "Status"),
                tuple(
                    (
                        item.project,
                        item.related_contract_id,
                        item.procurement_route or "",
                        long_date(item.procurement_start),
                        long_date(item.contract_start),
                        item.status or "",
                    )
                    for item in plan
                ),
            ),
            "the whole sourcing plan",
            (
                ("Status", [item.status or "No status" for item in plan]),
                ("Route", [item.procurement_route or "No route" for item in plan]),
            ),
        ),
    ]


@_about_sheet("Development plan")
def development_plan(assessment: Assessment) -> Parts:
    workbook = assessment.workbook
    actions = workbook.development_plan
    if not actions:
        return [Paragraph("The Development plan sheet has no rows.")]
    return [
        Paragraph(
            "The following table identifies areas for development within the commissioning work programme, "
            "required to improve practice and strengthen evidence of quality."
        ),
        Table(
            "Areas for development",
            ("Area", "Explanation", "Owner", "Target date", "RAG"),
            tuple((a.area, a.explanation, a.owner, long_date(a.target_date), a.rag or "") for a in actions),
        ),
    ]

"""The committee pack: the quarterly report to Members, laid out as the council's committee reports are.

A header block (committee, date, subject, report of, author, classification, For Information),
Summary, Recommendation, the main report in numbered sections and paragraphs, and an appendix
(seed 000's layout; the placements table is seed 001's table 5.8, the development plan its §7.1).
Everything the pack says is gathered here once, as sections of paragraphs, tables and charts:
the Word document (`committee_docx`) and the print-ready page lay out the same `Pack`. Nothing
here reads files or the clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from safe_commissioning.history.changes import Changes
from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.attention import Action, Pages, needs_attention
from safe_commissioning.rules.compliance import (
    MINIMUM_EXPECTATIONS,
    RAG_LABELS,
    RULE_IDS,
    RULE_STATUS_LABELS,
    RULE_TITLES,
    Rag,
    Status,
)
from safe_commissioning.rules.methodology import EXPECTATIONS, rule_definitions
from safe_commissioning.rules.placements import caseload_series, off_framework_share
from safe_commissioning.sites.charts import Chart
from safe_commissioning.sites.views import (
    EXPIRING_SOON_MONTHS,
    Headline,
    contract_groups,
    decisions_passed,
    expiring_soon,
    placement_year_table,
    rated_phrase,
    rule_counts,
    short_hash,
)
from safe_commissioning.words import capitalised, long_date, percent, plural
from safe_commissioning.workbook.dates import financial_year
from safe_commissioning.workbook.schema import CLAUSE_ELEMENTS, PLACEMENT_TYPES

PACK_CHARTS = ("rag_by_area", "expectations", "timeline", "placements_by_year", "caseload")
PLACEMENT_YEARS = 3  # financial years in the placements section, up to the report date's
# The headline figures the compliance position compares with the last report, in this order.
COMPARED = (
    "Contracts in scope",
    "Red",
    "Amber",
    "Green",
    "Staff with expired DBS",
    "Monitoring overdue",
    "Open quality alerts",
    "Ofsted alerts",
    "Expiring within 6 months",
    "Decisions overdue",
    "Active placements",
)
ALERT_KINDS = ("inadequate-placement", "safeguarding-concern", "open-alert")
DECISION_KINDS = ("decision-overdue", "ending-unplanned", "plan-start-passed")
RAG_WORDS = {
    Rag.RED: "at least one minimum expectation not met, or the provider rated Inadequate by Ofsted",
    Rag.AMBER: "an expectation partly met or not evidenced, or the provider's policies or insurance falling short",
    Rag.GREEN: "every minimum expectation met, and the provider's policies and insurance in order",
}


def not_set(setting: str) -> str:
    """What the header shows for a setting left blank, and how to fill it."""
    return f"Not set: add the '{setting}' setting to the workbook"


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph of the main report ("2.1"), or plain text where `number` is empty."""

    text: str
    number: str = ""
    bullets: tuple[str, ...] = ()  # a list that follows the text
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class Table:
    """A table with its caption ("Table 5.1: …"); `numeric` columns are aligned right."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class Figure:
    """A chart, drawn as an image with its text alternative, followed by the table of its numbers."""

    number: str  # "Figure 2.1"
    chart: Chart
    kind: ClassVar[str] = "figure"

    @property
    def table(self) -> Table:
        """The chart's numbers."""
        rows = tuple(tuple("" if value is None else str(value) for value in row) for row in self.chart.rows)
        numeric = frozenset(
            index
            for index in range(1, len(self.chart.columns))
            if all(_is_number(row[index]) for row in rows if row[index])
        )
        return Table(f"The numbers behind {self.number.lower()}", self.chart.columns, rows, numeric)


Block = Paragraph | Table | Figure


@dataclass(frozen=True)
class Section:
    """One heading and what follows it; `number` is set for the main report's sections."""

    title: str
    anchor: str
    blocks: tuple[Block, ...]
    number: str = ""

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(frozen=True)
class HeaderRow:
    """One row of the header block: a labelled value on the left, another on the right."""

    label: str
    value: str
    right_label: str = ""
    right_value: str = ""


@dataclass(frozen=True)
class Previously:
    """The figures of the last report (an earlier build's data), for the change since last quarter.

    `headlines` holds the dashboard's headline values by label, as `build.json` records them;
    `rag_changes` the contracts whose rating moved: (contract, title, rating then, rating now).
    """

    report_date: date | None
    headlines: Mapping[str, str]
    rag_changes: tuple[tuple[str, str, str, str], ...] = ()


def previously(changes: Changes | None) -> Previously | None:
    """The last report's figures from the What changed comparison, when the build has a baseline."""
    if changes is None:
        return None
    return Previously(
        changes.baseline.report_date,
        dict(changes.baseline.headlines),
        tuple((c.contract_id, c.title, c.before, c.after) for c in changes.rag),
    )


@dataclass(frozen=True)
class Pack:
    """Everything the committee pack says, in order."""

    file_name: str  # committee-pack-2024-09-30.docx
    title: str  # the subject
    classification: str
    report_date: date
    organisation: str
    author: str
    header: tuple[HeaderRow, ...]
    sections: tuple[Section, ...]  # Summary, Recommendation, then the main report
    appendices: tuple[Section, ...]
    charts: tuple[str, ...] = field(default=())  # keys of the charts drawn in it

    @property
    def headings(self) -> list[str]:
        """Every section heading in order, appendices last."""
        return [s.heading for s in (*self.sections, *self.appendices)]


def pack_file_name(report_date: date) -> str:
    """`committee-pack-2024-09-30.docx`."""
    return f"committee-pack-{report_date.isoformat()}.docx"


def committee_pack(
    assessment: Assessment,
    figures: Sequence[Headline],
    drawn: Mapping[str, Chart | None],
    links: Pages,
    before: Previously | None = None,
    actions: Sequence[Action] | None = None,
) -> Pack:
    """The committee pack for the report date: header, summary, recommendation, main report and appendix.

    `actions` is the dashboard's Needs attention list, when the caller has it already.
    """
    workbook = assessment.workbook
    settings = workbook.settings
    actions = list(actions) if actions is not None else needs_attention(assessment, links)
    main = _Numbered(drawn)
    sections = (
        Section("Summary", "summary", tuple(_summary(assessment, actions, before))),
        Section(
            "Recommendation",
            "recommendation",
            (Paragraph("Members are asked to:", bullets=("Note the report.",)),),
        ),
        main.section("Background", "background", _background(assessment)),
        main.section("Compliance position", "compliance", _compliance(assessment, figures, before)),
        main.section("Red contracts and open alerts", "red-and-alerts", _red_and_alerts(assessment, actions)),
        main.section("Expiries and decisions due", "expiries", _expiries(assessment, actions)),
        main.section("Placements", "placements", _placements(assessment)),
        main.section("Caseload", "caseload", _caseload(assessment)),
        main.section("Sourcing plan", "sourcing-plan", _sourcing_plan(assessment)),
        main.section("Development plan", "development-plan", _development_plan(assessment)),
        main.section("Conclusion", "conclusion", _conclusion(assessment, actions)),
    )
    appendix = Section(
        "Appendix 1: Safe commissioning minimum expectations, and how each rule is worked out",
        "appendix-1",
        tuple(_appendix(assessment)),
    )
    report_date = workbook.report_date
    subject = settings.report_subject or "Safe commissioning of services for children"
    header = (
        HeaderRow(
            "Committee(s):",
            settings.committee or not_set("Committee"),
            "Dated:",
            long_date(settings.committee_date or report_date),
        ),
        HeaderRow("Subject:", f"{subject}: position on {long_date(report_date)}", "", settings.classification),
        HeaderRow("Report of:", settings.report_of or not_set("Report of"), "", "For Information"),
        HeaderRow("Report author:", settings.report_author or not_set("Report author")),
    )
    return Pack(
        pack_file_name(report_date),
        subject,
        settings.classification,
        report_date,
        settings.organisation,
        settings.report_author,
        header,
        sections,
        (appendix,),
        tuple(key for key in PACK_CHARTS if drawn.get(key) is not None),
    )


class _Numbered:
    """Numbers the main report's sections, paragraphs, tables and figures as committee reports do: 5.8."""

    def __init__(self, drawn: Mapping[str, Chart | None]) -> None:
        self.drawn = drawn
        self.count = 0

    def section(self, title: str, anchor: str, parts: Sequence[Paragraph | Table | str]) -> Section:
        self.count += 1
        number = str(self.count)
        blocks: list[Block] = []
        paragraphs = tables = figures = 0
        for part in parts:
            if isinstance(part, Paragraph):
                paragraphs += 1
                blocks.append(Paragraph(part.text, f"{number}.{paragraphs}", part.bullets))
            elif isinstance(part, Table):
                tables += 1
                blocks.append(Table(f"Table {number}.{tables}: {part.caption}", part.columns, part.rows, part.numeric))
            else:  # a chart's key
                chart = self.drawn.get(part)
                if chart is not None:
                    figures += 1
                    blocks.append(Figure(f"Figure {number}.{figures}", chart))
        return Section(title, anchor, tuple(blocks), number)


def _is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()


def _and(items: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _was(before: Previously | None, label: str, now: str) -> str:
    """` (4 on 30 Jun 2024)` when the last report gave a different figure, else nothing."""
    if before is None or before.headlines.get(label, now) == now:
        return ""
    when = f"on {long_date(before.report_date)}" if before.report_date else "at the last report"
    return f" ({before.headlines[label]} {when})"


def _summary(assessment: Assessment, actions: Sequence[Action], before: Previously | None) -> list[Paragraph]:
    workbook = assessment.workbook
    settings = workbook.settings
    groups = contract_groups(assessment)
    scope = len(groups.in_scope)
    red, amber, green = (groups.count(rag) for rag in (Rag.RED, Rag.AMBER, Rag.GREEN))
    who = settings.organisation or "the council"
    text = [
        Paragraph(
            f"This report sets out how {who}'s commissioned services for children meet the "
            f"{settings.partnership}'s six safe commissioning minimum expectations on "
            f"{long_date(workbook.report_date)}, with the contracts ending soon, placements by financial year, "
            "caseload, and the sourcing and development plans."
        ),
        Paragraph(
            f"Of the {rated_phrase(scope)}, {red} {'is' if red == 1 else 'are'} rated red{_was(before, 'Red', str(red))}, "
            f"{amber} amber{_was(before, 'Amber', str(amber))} and {green} green{_was(before, 'Green', str(green))}: "
            f"{percent(green, scope)} meet every expectation."
            if scope
            else "No active contract works with children on the report date, so no contract is rated."
        ),
    ]
    concerns = sum(a.kind == "safeguarding-concern" for a in actions)
    placed = sum(a.kind == "inadequate-placement" for a in actions)
    if actions:
        worst = []
        if placed:
            worst.append(plural(placed, "child placed", "children placed") + " with a provider rated Inadequate")
        if concerns:
            worst.append(plural(concerns, "open safeguarding concern"))
        text.append(
            Paragraph(
                f"{plural(len(actions), 'thing needs', 'things need')} attention"
                + (f", including {_and(worst)}" if worst else "")
                + ". The main report lists every red contract and open alert with its reasons, and the decisions "
                "due."
            )
        )
    else:
        text.append(Paragraph("Nothing needs attention on the report date."))
    soon, passed = expiring_soon(assessment), decisions_passed(assessment)
    unplanned = sum(c.no_reprocurement_planned for c in passed)
    text.append(
        Paragraph(
            f"{plural(len(soon), 'active contract ends', 'active contracts end')} within {EXPIRING_SOON_MONTHS} "
            f"months; {plural(len(passed), 're-procurement decision is', 're-procurement decisions are')} overdue, "
            f"{unplanned} with nothing in the sourcing plan."
        )
    )
    return text


def _background(assessment: Assessment) -> list[Paragraph | Table | str]:
    workbook = assessment.workbook
    settings = workbook.settings
    parts: list[Paragraph | Table | str] = [
        Paragraph(
            "The commissioning team keeps one master workbook of the services it buys for children: contracts, "
            "providers, safeguarding evidence, staff DBS records, monitoring meetings, placements, quality alerts "
            "and the sourcing and development plans. The figures in this report are worked out from that workbook "
            f"({workbook.file_name}, SHA-256 {short_hash(workbook.content_hash)}) as of "
            f"{long_date(workbook.report_date)}, the same figures as the internal dashboard shows."
        ),
        Paragraph(
            "Every contract that works with children is tested against the six minimum expectations and three "
            "provider checks (policies, Ofsted rating and insurance), and rated "
            + "; ".join(f"{RAG_LABELS[rag].lower()}: {RAG_WORDS[rag]}" for rag in (Rag.RED, Rag.AMBER, Rag.GREEN))
            + ". Appendix 1 sets out the expectations and how each rule is worked out."
        ),
    ]
    if settings.notice:
        parts.append(Paragraph(f"Note: {settings.notice}"))
    return parts


def _compliance(
    assessment: Assessment, figures: Sequence[Headline], before: Previously | None
) -> list[Paragraph | Table | str]:
    groups = contract_groups(assessment)
    scope = groups.in_scope
    parts: list[Paragraph | Table | str] = []
    left_out = groups.not_counted()
    parts.append(
        Paragraph(
            f"The ratings count the {rated_phrase(len(scope))} on the report date: "
            f"{groups.count(Rag.RED)} red, {groups.count(Rag.AMBER)} amber and {groups.count(Rag.GREEN)} green."
            + (f" Not counted: {', '.join(left_out)}." if left_out else "")
        )
    )
    values = {h.label: h.value for h in figures}
    if before is None:
        parts.append(
            Paragraph(
                "No earlier report's figures were available to this build, so the change since last quarter is not "
                "shown (build with the previous quarter's data to show it)."
            )
        )
        parts.append(
            Table(
                "Headline figures",
                ("Figure", long_date(assessment.report_date)),
                tuple((label, values[label]) for label in COMPARED if label in values),
                frozenset({1}),
            )
        )
    else:
        then = long_date(before.report_date) if before.report_date else "Last report"
        parts.append(
            Paragraph(
                "The table below compares the headline figures with the last report"
                + (f", of {long_date(before.report_date)}" if before.report_date else "")
                + "."
                + (
                    " Contracts whose rating changed: "
                    + "; ".join(
                        f"{cid} {title}, {_rag_word(was)} to {_rag_word(now)}"
                        for cid, title, was, now in before.rag_changes
                    )
                    + "."
                    if before.rag_changes
                    else " No contract's rating changed."
                )
            )
        )
        parts.append(
            Table(
                "Headline figures: now and at the last report",
                ("Figure", long_date(assessment.report_date), then, "Change"),
                tuple(
                    (
                        label,
                        values[label],
                        before.headlines.get(label, "—"),
                        _change(before.headlines.get(label), values[label]),
                    )
                    for label in COMPARED
                    if label in values
                ),
                frozenset({1, 2, 3}),
            )
        )
    counts = rule_counts(scope)
    parts.append(
        Paragraph(
            "The table below shows how the rated contracts stand against each rule. "
            + (
                "The expectations met least often: "
                + _and(
                    [
                        f"{c.rule_id} {RULE_TITLES[c.rule_id]} ({c.counts[Status.MET]} of {c.total})"
                        for c in sorted(
                            (c for c in counts if c.rule_id in MINIMUM_EXPECTATIONS and c.total),
                            key=lambda c: (c.met_percent, c.rule_id),
                        )[:2]
                    ]
                )
                + "."
                if scope
                else ""
            )
        )
    )
    shown = (Status.MET, Status.PARTLY_MET, Status.NOT_MET, Status.NOT_EVIDENCED)
    parts.append(
        Table(
            "Rated contracts by rule and result",
            ("Rule", *(RULE_STATUS_LABELS[s] for s in shown), "Of"),
            tuple(
                (f"{c.rule_id} {RULE_TITLES[c.rule_id]}", *(str(c.counts[s]) for s in shown), str(c.total))
                for c in counts
            ),
            frozenset({1, 2, 3, 4, 5}),
        )
    )
    parts += ["rag_by_area", "expectations"]
    return parts


def _rag_word(value: str) -> str:
    return {"red": "red", "amber": "amber", "green": "green"}.get(value, "not rated")


def _change(then: str | None, now: str) -> str:
    """`+2`, `−1`, `no change`, or `—` when either figure is not a number."""
    if then is None or not then.isdigit() or not now.isdigit():
        return "—"
    delta = int(now) - int(then)
    return "no change" if delta == 0 else f"+{delta}" if delta > 0 else f"−{-delta}"


def _red_and_alerts(assessment: Assessment, actions: Sequence[Action]) -> list[Paragraph | Table | str]:
    parts: list[Paragraph | Table | str] = []
    by_contract: dict[str, list[Action]] = {}
    for action in actions:
        if action.kind == "red-rule":
            by_contract.setdefault(action.contract_id, []).append(action)
    if by_contract:
        parts.append(
            Paragraph(
                f"{plural(len(by_contract), 'active contract is', 'active contracts are')} rated red. The table below gives "
                "each one, every expectation it does not meet with the reason, and the next step."
            )
        )
        rows = []
        for contract_id, found in by_contract.items():
            c = assessment.by_contract[contract_id]
            rows.append(
                (
                    f"{c.contract_id} {c.contract.title}",
                    c.contract.supplier,
                    "\n".join(a.what for a in found),
                    "\n".join(dict.fromkeys(a.next_step for a in found)),
                    c.contract.contract_manager or "Not recorded",
                )
            )
        parts.append(
            Table(
                "Red contracts and their reasons",
                ("Contract", "Provider", "Why red", "Next step", "Contract manager"),
                tuple(rows),
            )
        )
    else:
        parts.append(Paragraph("No active contract that works with children is rated red."))
    alerts = [a for a in actions if a.kind in ALERT_KINDS]
    if alerts:
        concerns = sum(a.kind == "safeguarding-concern" for a in alerts)
        parts.append(
            Paragraph(
                f"{plural(concerns, 'safeguarding concern is', 'safeguarding concerns are')} open. The table below lists "
                "them first after any child placed with a provider rated Inadequate, then the other open quality "
                "alerts, oldest first."
            )
        )
        parts.append(
            Table(
                "Open safeguarding concerns and alerts",
                ("What", "About", "What is wrong", "Since", "Next step"),
                tuple(
                    (a.title, a.subject, a.what, long_date(a.since) if a.since else "—", a.next_step) for a in alerts
                ),
            )
        )
    else:
        parts.append(
            Paragraph(
                "No safeguarding concern or quality alert is open, and no child is placed with a provider rated Inadequate."
            )
        )
    return parts


def _expiries(assessment: Assessment, actions: Sequence[Action]) -> list[Paragraph | Table | str]:
    soon = expiring_soon(assessment)
    passed = decisions_passed(assessment)
    parts: list[Paragraph | Table | str] = [
        Paragraph(
            f"{plural(len(soon), 'active contract ends', 'active contracts end')} within {EXPIRING_SOON_MONTHS} months "
            f"of the report date. A re-procurement decision falls due a lead time before each end date, set by the "
            f"procurement route; {plural(len(passed), 'decision has', 'decisions have')} passed for contracts still "
            "running."
        )
    ]
    if soon:
        parts.append(
            Table(
                f"Active contracts ending within {EXPIRING_SOON_MONTHS} months",
                ("Contract", "Provider", "End date", "Decision due", "Sourcing plan"),
                tuple(
                    (
                        f"{c.contract_id} {c.contract.title}",
                        c.contract.supplier,
                        long_date(c.contract.end_date),
                        long_date(c.decision_due),
                        "; ".join(f"{p.project} ({p.status or 'no status'})" for p in c.planned) or "Nothing planned",
                    )
                    for c in soon
                ),
            )
        )
    due = [a for a in actions if a.kind in DECISION_KINDS]
    if due:
        parts.append(Paragraph("The table below lists the decisions and plans that need acting on now."))
        parts.append(
            Table(
                "Decisions and plans to act on",
                ("What", "About", "What is wrong", "Next step"),
                tuple((a.title, a.subject, a.what, a.next_step) for a in due),
            )
        )
    else:
        parts.append(
            Paragraph(
                "No decision is overdue without a plan, and every contract ending within 90 days has its replacement under way."
            )
        )
    parts.append("timeline")
    return parts


def _placements(assessment: Assessment) -> list[Paragraph | Table | str]:
    workbook = assessment.workbook
    if "Placements" not in workbook.sheets_present:
        return [Paragraph("Not recorded: the workbook has no Placements sheet.")]
    current = financial_year(workbook.report_date)
    years = [row for row in placement_year_table(assessment) if str(row["year"]) <= current][-PLACEMENT_YEARS:]
    parts: list[Paragraph | Table | str] = []
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


def _caseload(assessment: Assessment) -> list[Paragraph | Table | str]:
    workbook = assessment.workbook
    if "Caseload" not in workbook.sheets_present:
        return [Paragraph("Not recorded: the workbook has no Caseload sheet.")]
    series = caseload_series(workbook.caseload)
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
    parts: list[Paragraph | Table | str] = [
        Paragraph(
            f"As of {long_date(latest.date)}, there were {_and(said)}."
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


def _sourcing_plan(assessment: Assessment) -> list[Paragraph | Table | str]:
    workbook = assessment.workbook
    if "Sourcing plan" not in workbook.sheets_present:
        return [Paragraph("Not recorded: the workbook has no Sourcing plan sheet.")]
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
    ]


def _development_plan(assessment: Assessment) -> list[Paragraph | Table | str]:
    workbook = assessment.workbook
    if "Development plan" not in workbook.sheets_present:
        return [Paragraph("Not recorded: the workbook has no Development plan sheet.")]
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


def _conclusion(assessment: Assessment, actions: Sequence[Action]) -> list[Paragraph | Table | str]:
    settings = assessment.workbook.settings
    return [
        Paragraph(
            f"The minimum expectations form part of {settings.organisation or 'the council'}'s commitment to "
            "safeguarding children and young people in the services it commissions. "
            + (
                "The actions listed in this report are for the contract managers named; their progress will be "
                "reported to the next meeting."
                if actions
                else "No action is outstanding on the report date."
            )
        )
    ]


def _appendix(assessment: Assessment) -> list[Block]:
    settings = assessment.workbook.settings
    thematic = ", ".join(f"{risk} {plural(months, 'month')}" for risk, months in settings.thematic_months.items())
    return [
        Paragraph(
            f"The {settings.partnership}'s safe commissioning minimum expectations. Every organisation that "
            "commissions services for children and young people should:",
            bullets=tuple(f"{rule}. {EXPECTATIONS[rule]}" for rule in MINIMUM_EXPECTATIONS),
        ),
        Paragraph(
            "The ten elements of the standard safeguarding clause (MS2):",
            bullets=tuple(f"{capitalised(short)}: {full}" for _, short, full in CLAUSE_ELEMENTS),
        ),
        Paragraph(
            "Each rule gives one of: met, partly met, not met, not evidenced, not applicable; where a rule can be not "
            "evidenced, that is tested first. The rules apply to contracts that work with children, on the report "
            "date; evidence dated after it is ignored. Table A1 sets out when each result is given, with the "
            f"intervals in force: thematic checks by risk {thematic}; a DBS recheck is due "
            f"{plural(settings.dbs_recheck_years, 'year')} after issue when no recheck date is recorded."
        ),
        Table(
            "Table A1: How each rule is decided",
            ("Rule", "Met", "Partly met", "Not met", "Not evidenced"),
            tuple(
                (f"{r.rule_id} {r.title}", r.met, r.partly_met, r.not_met, r.not_evidenced)
                for r in rule_definitions(settings)
                if r.rule_id in RULE_IDS
            ),
        ),
        Paragraph(
            "A contract is rated "
            + "; ".join(f"{RAG_LABELS[rag].lower()} for {RAG_WORDS[rag]}" for rag in (Rag.RED, Rag.AMBER, Rag.GREEN))
            + ". Only a rating of Inadequate from Ofsted affects the rating; the ratings count active contracts "
            "only."
        ),
    ]

"""The pack's summary and its compliance sections.

Background, the compliance position against the last report, red contracts and open alerts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from safe_commissioning.rules.assessment import Assessment, ContractAssessment
from safe_commissioning.rules.attention import Action
from safe_commissioning.rules.catalogue import MINIMUM_EXPECTATIONS, PROVIDER_RULES, RULE_TITLES, RULES
from safe_commissioning.rules.rag import RAG_LABELS, Rag
from safe_commissioning.rules.results import RULE_STATUS_LABELS, Status
from safe_commissioning.sites.committee.pack import (
    LIST_LIMIT,
    Paragraph,
    Part,
    Previously,
    Table,
    latest_words,
    was_before,
)
from safe_commissioning.sites.committee.summaries import listed, red_summary
from safe_commissioning.sites.views.groups import (
    EXPIRING_SOON_MONTHS,
    ContractGroups,
    decisions_passed,
    expiring_soon,
    rated_phrase,
)
from safe_commissioning.sites.views.headlines import HEADLINE_LABELS, Headline, headline_values
from safe_commissioning.sites.views.records import short_hash
from safe_commissioning.sites.views.tallies import rule_counts
from safe_commissioning.sites.views.verdict import needs_attention_words
from safe_commissioning.words import and_list, in_words, long_date, percent, plural

# The headline figures (by key) the compliance position compares with the last report, in this order.
COMPARED = (
    "contracts_in_scope",
    "red",
    "amber",
    "green",
    "staff_with_expired_dbs",
    "monitoring_overdue",
    "open_quality_alerts",
    "ofsted_alerts",
    "expiring_soon",
    "decisions_overdue",
    "active_placements",
)
ALERT_KINDS = ("inadequate-placement", "safeguarding-concern", "open-alert")
RAG_WORDS = {
    Rag.RED: "at least one minimum expectation not met, or the provider rated Inadequate by Ofsted",
    Rag.AMBER: "an expectation partly met or not evidenced, or the provider's policies or insurance falling short",
    Rag.GREEN: "every minimum expectation met, and the provider's policies and insurance in order",
}


def summary(
    assessment: Assessment, groups: ContractGroups, actions: Sequence[Action], before: Previously | None
) -> list[Paragraph]:
    workbook = assessment.workbook
    settings = workbook.settings
    scope = len(groups.in_scope)
    red, amber, green = (groups.count(rag) for rag in (Rag.RED, Rag.AMBER, Rag.GREEN))
    who = settings.organisation or "the council"
    text = [
        Paragraph(
            f"This report sets out how {who}'s commissioned services for children meet the "
            f"{settings.partnership}'s {in_words(len(MINIMUM_EXPECTATIONS))} safe commissioning minimum expectations on "
            f"{long_date(workbook.report_date)}, with the contracts ending soon, placements by financial year, "
            "caseload, and the sourcing and development plans."
        ),
        Paragraph(
            f"Of the {rated_phrase(scope)}, {red} {'is' if red == 1 else 'are'} rated red{was_before(before, 'red', str(red))}, "
            f"{amber} amber{was_before(before, 'amber', str(amber))} and {green} green{was_before(before, 'green', str(green))}: "
            f"{percent(green, scope)} meet every expectation."
            if scope
            else "No active contract works with children on the report date, so no contract is rated."
        ),
    ]
    if actions:
        text.append(
            Paragraph(
                f"{needs_attention_words(actions)}. The main report lists every red contract and open alert with its "
                "reasons, and the decisions due."
            )
        )
    else:
        text.append(Paragraph(f"{needs_attention_words(actions)}."))
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


def background(assessment: Assessment) -> list[Paragraph | Table | str]:
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
            f"Every contract that works with children is tested against the {in_words(len(MINIMUM_EXPECTATIONS))} minimum "
            f"expectations and {in_words(len(PROVIDER_RULES))} provider checks (policies, Ofsted rating and insurance), "
            "and rated "
            + "; ".join(f"{RAG_LABELS[rag].lower()}: {RAG_WORDS[rag]}" for rag in (Rag.RED, Rag.AMBER, Rag.GREEN))
            + ". Appendix 1 sets out the expectations and how each rule is worked out."
        ),
    ]
    if settings.notice:
        parts.append(Paragraph(f"Note: {settings.notice}"))
    return parts


def compliance_position(
    assessment: Assessment, groups: ContractGroups, figures: Sequence[Headline], before: Previously | None
) -> list[Paragraph | Table | str]:
    """Section 4: the ratings, the headline figures against the last report, and each rule's results."""
    left_out = groups.not_counted()
    ratings = Paragraph(
        f"The ratings count the {rated_phrase(len(groups.in_scope))} on the report date: "
        f"{groups.count(Rag.RED)} red, {groups.count(Rag.AMBER)} amber and {groups.count(Rag.GREEN)} green."
        + (f" Not counted: {', '.join(left_out)}." if left_out else "")
    )
    values = headline_values(figures)
    return [
        ratings,
        *_headline_comparison(assessment.report_date, values, before),
        *_rule_results(groups.in_scope),
        "rag_by_area",
        "expectations",
    ]


def _headline_comparison(
    report_date: date, values: Mapping[str, str], before: Previously | None
) -> list[Paragraph | Table]:
    """The headline figures, beside the last report's and the change, where an earlier report is known."""
    if before is None:
        return [
            Paragraph(
                "No earlier report's figures were available to this build, so the change since last quarter is not "
                "shown (build with the previous quarter's data to show it)."
            ),
            Table(
                "Headline figures",
                ("Figure", long_date(report_date)),
                tuple((HEADLINE_LABELS[key], values[key]) for key in COMPARED if key in values),
                frozenset({1}),
            ),
        ]
    then = long_date(before.report_date) if before.report_date else "Last report"
    changed = (
        " Contracts whose rating changed: "
        + "; ".join(
            f"{cid} {title}, {_rag_word(was)} to {_rag_word(now)}" for cid, title, was, now in before.rag_changes
        )
        + "."
        if before.rag_changes
        else " No contract's rating changed."
    )
    return [
        Paragraph(
            "The table below compares the headline figures with the last report"
            + (f", of {long_date(before.report_date)}" if before.report_date else "")
            + "."
            + changed
        ),
        Table(
            "Headline figures: now and at the last report",
            ("Figure", long_date(report_date), then, "Change"),
            tuple(
                (
                    HEADLINE_LABELS[key],
                    values[key],
                    before.headlines.get(key, "—"),
                    _change(before.headlines.get(key), values[key]),
                )
                for key in COMPARED
                if key in values
            ),
            frozenset({1, 2, 3}),
        ),
    ]


def _rule_results(scope: Sequence[ContractAssessment]) -> list[Paragraph | Table]:
    """How the rated contracts stand against each rule, naming the expectations met least often."""
    counts = rule_counts(scope)
    least = sorted(
        (c for c in counts if c.rule_id in MINIMUM_EXPECTATIONS and c.total),
        key=lambda c: (c.met_percent, c.rule_id),
    )[:2]
    shown = (Status.MET, Status.PARTLY_MET, Status.NOT_MET, Status.NOT_EVIDENCED)
    return [
        Paragraph(
            "The table below shows how the rated contracts stand against each rule. "
            + (
                "The expectations met least often: "
                + and_list(
                    [f"{c.rule_id} {RULE_TITLES[c.rule_id]} ({c.counts[Status.MET]} of {c.total})" for c in least]
                )
                + "."
                if scope
                else ""
            )
        ),
        Table(
            "Rated contracts by rule and result",
            ("Rule", *(RULE_STATUS_LABELS[s] for s in shown), "Of"),
            tuple(
                (f"{c.rule_id} {RULE_TITLES[c.rule_id]}", *(str(c.counts[s]) for s in shown), str(c.total))
                for c in counts
            ),
            frozenset({1, 2, 3, 4, 5}),
        ),
    ]


def _rag_word(value: str) -> str:
    return {"red": "red", "amber": "amber", "green": "green"}.get(value, "not rated")


def _change(then: str | None, now: str) -> str:
    """`+2`, `−1`, `no change`, or `—` when either figure is not a number."""
    if then is None or not then.isdigit() or not now.isdigit():
        return "—"
    delta = int(now) - int(then)
    return "no change" if delta == 0 else f"+{delta}" if delta > 0 else f"−{-delta}"


def red_and_alerts(assessment: Assessment, actions: Sequence[Action]) -> list[Part]:
    parts: list[Part] = []
    by_contract: dict[str, list[Action]] = {}
    for action in actions:
        if action.kind == "red-rule":
            by_contract.setdefault(action.contract_id, []).append(action)
    if by_contract:
        parts.extend(_red_contracts(assessment, by_contract))
    else:
        parts.append(Paragraph("No active contract that works with children is rated red."))
    alerts = [a for a in actions if a.kind in ALERT_KINDS]
    if alerts:
        concerns = sum(a.kind == "safeguarding-concern" for a in alerts)
        parts.append(
            Paragraph(
                f"{plural(concerns, 'safeguarding concern is', 'safeguarding concerns are')} open. Their list gives "
                "them first, after any child placed with a provider rated Inadequate, then the other open quality "
                "alerts, oldest first."
            )
        )
        parts.extend(
            listed(
                Table(
                    "Open safeguarding concerns and alerts",
                    ("What", "About", "What is wrong", "Since", "Next step", "Latest action"),
                    tuple(
                        (
                            a.title,
                            a.subject,
                            a.what,
                            long_date(a.since) if a.since else "—",
                            a.next_step,
                            latest_words(a),
                        )
                        for a in alerts
                    ),
                ),
                "every open safeguarding concern and alert",
                (
                    ("What", [a.title for a in alerts]),
                    ("Provider", [a.provider or "No provider named" for a in alerts]),
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


def _red_contracts(assessment: Assessment, by_contract: Mapping[str, Sequence[Action]]) -> list[Part]:
    """Every red contract with its reasons; past LIST_LIMIT, a summary here and the list in an appendix."""
    rows = []
    for contract_id, found in by_contract.items():
        c = assessment.by_contract[contract_id]
        rows.append(
            (
                f"{c.contract_id} {c.contract.title}",
                c.contract.supplier,
                "\n".join(a.what for a in found),
                "\n".join(dict.fromkeys(a.next_step for a in found)),
                c.contract.contract_manager or "Not assigned",
                latest_words(found[0]),
            )
        )
    columns = ("Contract", "Provider", "Why red", "Next step", "Owner", "Latest action")
    if len(rows) > LIST_LIMIT:
        failed = (
            (
                c.contract.supplier,
                [r.rule_id for r in c.results if r.status is Status.NOT_MET and RULES[r.rule_id].next_step is not None],
            )
            for c in (assessment.by_contract[contract_id] for contract_id in by_contract)
        )
        return [red_summary(Table("every red contract", columns, tuple(rows)), failed)]
    lead = Paragraph(
        f"{plural(len(by_contract), 'contract is', 'contracts are')} rated red (a contract yet to start "
        "included: safeguarding is settled before a service starts). The table below gives each one, every "
        "expectation it does not meet with the reason, the next step and the latest action logged."
    )
    return [lead, Table("Red contracts and their reasons", columns, tuple(rows))]

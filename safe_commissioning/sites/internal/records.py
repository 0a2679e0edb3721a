"""A page per contract and per provider: most of a large site, kept out of the navigation.

The tables on these pages are the rules' own evidence (each result's elements), never worked out
again from the records: what the page shows is what the rule weighed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from safe_commissioning.rules.action_log import about
from safe_commissioning.rules.assessment import Assessment, ContractAssessment, ProviderAssessment
from safe_commissioning.rules.attention import Action
from safe_commissioning.rules.catalogue import MINIMUM_EXPECTATIONS
from safe_commissioning.rules.expiry import ContractStatus
from safe_commissioning.rules.provider_returns import last_returns
from safe_commissioning.rules.results import Status
from safe_commissioning.sites.internal.links import Links
from safe_commissioning.sites.internal.lists import RAG_SECTION_NOTES
from safe_commissioning.sites.model import BuildView
from safe_commissioning.sites.pages import Page
from safe_commissioning.sites.trends import Trends
from safe_commissioning.sites.views.fixes import SHORT, element_fix, element_fixes
from safe_commissioning.sites.views.records import contract_open_alerts, decision_due_text, rating_reasons
from safe_commissioning.workbook.records import LoggedAction, ProviderReturn, Workbook

OTHER_CONTRACT_ACTIONS = ("ending-unplanned", "plan-start-passed")


def record_pages(view: BuildView) -> list[Page]:
    """A page per contract and per provider, each with the actions that concern it."""
    assessment, links, series, actions = view.assessment, view.links, view.trends, view.lists.actions
    for_contract: dict[str, list[Action]] = {}
    for_provider: dict[str, list[Action]] = {}
    for action in actions:
        if action.contract_id:
            for_contract.setdefault(action.contract_id, []).append(action)
        if action.provider:
            for_provider.setdefault(action.provider, []).append(action)
    placed = [a for a in actions if a.kind == "inadequate-placement"]
    inadequate = {alert.provider.provider for alert in assessment.ofsted_alerts}
    active_ids = {placement.placement_id for placement in assessment.active_placements}
    with_history = series if series is not None and series.earlier > 0 else None
    returned = last_returns(assessment.workbook)
    log, day = assessment.workbook.actions, assessment.report_date
    return [
        *(
            contract_page(
                c,
                assessment.workbook,
                links,
                (inadequate, placed),
                for_contract,
                with_history,
                about(log, [c.contract_id], day),
            )
            for c in assessment.contracts
        ),
        *(
            provider_page(
                assessment,
                p,
                links,
                for_provider.get(p.provider.provider, []),
                (active_ids, returned),
                about(log, [p.provider.provider, *(pl.placement_id for pl in p.placements)], day),
            )
            for p in assessment.providers
        ),
    ]


def contract_page(
    c: ContractAssessment,
    workbook: Workbook,
    links: Links,
    ofsted: tuple[set[str], Sequence[Action]],
    for_contract: Mapping[str, list[Action]],
    series: Trends | None,
    log: Sequence[LoggedAction] = (),
) -> Page:
    """One contract: its rating and why, every rule with its evidence, monitoring, alerts, the sourcing plan.

    `ofsted`: the providers rated Inadequate, and the children placed with them; `log`: the actions logged about it.
    """
    inadequate, placed = ofsted
    reasons = rating_reasons(c)
    return Page(
        "internal/contract.html.j2",
        links.contract[c.contract_id].removesuffix(".html") + ".md",
        {
            "c": c,
            "ofsted_alert": c.contract.supplier in inadequate and c.status is ContractStatus.ACTIVE,
            # The rating section gives the failing rules, open alerts and a missed decision; these
            # are the rest, a child placed with this contract's provider rated Inadequate first.
            "actions": [a for a in placed if a.provider == c.contract.supplier]
            + [a for a in for_contract.get(c.contract_id, []) if a.kind in OTHER_CONTRACT_ACTIONS],
            "reasons": reasons,
            "open_alerts": contract_open_alerts(c),
            "decision_due": decision_due_text(c),
            "rag_words": RAG_SECTION_NOTES.get(c.rag, ""),
            # only what falls short: every element of every rule would make thousands of pages half as large again
            "shortfalls": [
                (t.rule_id, e, element_fix(e, workbook) if e.status in SHORT else None)
                for t in c.results
                if t.rule_id in MINIMUM_EXPECTATIONS
                for e in t.elements
                if e.status is not Status.MET
            ],
            # for each failing rule, what to change and where
            "fixes": {r.result.rule_id: element_fixes(r.result.elements, workbook) for r in reasons},
            # its rating at each snapshot and when each rule last changed: small, as there are thousands
            "rag_history": series.contract_rags(c.contract_id) if series else [],
            "rule_changes": series.rule_changes(c.contract_id) if series else [],
            "log": log,
        },
        title=f"{c.contract_id}: {c.contract.title}",
        record=True,
    )


def provider_page(
    assessment: Assessment,
    p: ProviderAssessment,
    links: Links,
    actions: list[Action],
    placements: tuple[set[str], Mapping[str, ProviderReturn] | None],
    log: Sequence[LoggedAction] = (),
) -> Page:
    """One provider: organisation, Ofsted, assurance (POL, OFS, INS with their elements), contracts, placements.

    `placements`: the IDs of the active placements, and each provider's last return; `log`: the actions logged
    about the provider or its placements.
    """
    active_ids, returned = placements
    return Page(
        "internal/provider.html.j2",
        links.provider[p.provider.provider].removesuffix(".html") + ".md",
        {
            "p": p,
            "actions": actions,
            "contracts": [assessment.by_contract[cid] for cid in p.contract_ids],
            "active_ids": {pl.placement_id for pl in p.placements} & active_ids,
            "last_return": (returned or {}).get(p.provider.provider),
            "log": log,
        },
        title=p.provider.provider,
        record=True,
    )

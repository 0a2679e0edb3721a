"""What is coming up: evidence going out of date and dates falling due within the coming-up window.

Each `Upcoming` names what it falls due for by a contract ID or a provider's name, as the Needs
attention list does (`attention`); `by_manager` gathers both lists by contract manager.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.attention import Action, Managers, contract_subject, manager_of, managers_by_provider
from safe_commissioning.rules.expiry import ContractStatus
from safe_commissioning.words import and_list, long_date, noun, plural
from safe_commissioning.workbook.schema.choices import POLICIES, POLICY_FIELDS

# Each policy's short name, by the Policies field its review date was read from (an element's cell says which).
POLICY_BY_FIELD = {field: short for field, (_, short) in zip(POLICY_FIELDS, POLICIES, strict=True)}


@dataclass(frozen=True)
class Upcoming:
    """Evidence or a date that falls due within the coming-up window, for a contract or for a provider."""

    due: date
    subject: str
    what: str
    managers: Managers = ()
    contract_id: str = ""  # the contract it falls due for, or
    provider: str = ""  # the provider it falls due for


def coming_up(assessment: Assessment, days: int) -> list[Upcoming]:
    """Evidence going out of date, and dates falling due, within `days` of the report date, soonest first.

    Only active contracts that work with children, and their providers, are looked at: what is
    already out of date is in the action list or the contract's RAG, not here. The dates are the
    rules' own (each element's `due`), so evidence a rule ignored never falls due here.
    """
    report_date = assessment.report_date
    until = report_date + timedelta(days=days)
    found: list[Upcoming] = []

    def add(due: date | None, about: Upcoming, what: str) -> None:
        if due is not None and report_date <= due <= until:
            found.append(replace(about, due=due, what=what))

    providers: set[str] = set()
    for c in assessment.contracts:
        if c.status is ContractStatus.EXPIRED:
            continue
        contract = Upcoming(report_date, contract_subject(c), "", manager_of(c), contract_id=c.contract_id)
        if not c.no_reprocurement_planned and not c.decision_passed:
            add(c.decision_due, contract, "Re-procurement decision due.")
        if not c.in_scope or c.status is not ContractStatus.ACTIVE:
            continue
        providers.add(c.provider.provider)
        for rule_id, what in (("MS1", "Self-assessment"), ("MS6", "Thematic check")):
            for e in c.result(rule_id).elements:
                if isinstance(e.value, date):
                    add(e.due, contract, f"{what} of {long_date(e.value)} goes out of date ({rule_id}).")
        rechecks = Counter(e.due for e in c.result("MS4").elements if e.due is not None)
        for due, count in sorted(rechecks.items()):
            add(due, contract, f"DBS recheck due for {plural(count, 'member')} of staff (MS4).")
    managers = managers_by_provider(assessment)
    for name in sorted(providers):
        provider = assessment.by_provider[name]
        about = Upcoming(report_date, name, "", managers.get(name, ()), provider=name)
        for e in provider.result("INS").elements:
            add(e.due, about, "Insurance expires (INS).")
        due_policies: dict[date, list[str]] = {}
        # no elements at all when the provider has no Policies row; each names its policy by its field
        for e in provider.result("POL").elements:
            if e.due is not None:
                due_policies.setdefault(e.due, []).append(POLICY_BY_FIELD[e.cells[0].field])
        for due, names in sorted(due_policies.items()):
            listed = and_list(names)
            text = f"Review of the {listed} {noun(len(names), 'policy', 'policies')} goes out of date (POL)."
            add(due, about, text)
    return sorted(found, key=lambda u: (u.due, u.subject, u.what))


@dataclass(frozen=True)
class UpcomingRow:
    """Coming-up items that fall due on the same date for the same thing, shown as one row.

    On the sample, twelve providers' safeguarding policies go out of date on one day: one row, "12 providers",
    naming each. `items` holds one item or more, all with the same `due` and `what`, in the list's order.
    """

    items: tuple[Upcoming, ...]

    @property
    def due(self) -> date:
        return self.items[0].due

    @property
    def what(self) -> str:
        return self.items[0].what

    @property
    def subject(self) -> str:
        """The one item's subject, or how many: `12 providers`, `3 contracts`."""
        if len(self.items) == 1:
            return self.items[0].subject
        if all(item.provider and not item.contract_id for item in self.items):
            return plural(len(self.items), "provider")
        if all(item.contract_id for item in self.items):
            return plural(len(self.items), "contract")
        return plural(len(self.items), "record")

    @property
    def managers(self) -> Managers:
        """Everyone whose item it is, sorted."""
        return tuple(sorted({name for item in self.items for name in item.managers}))


def grouped(upcoming: Iterable[Upcoming]) -> list[UpcomingRow]:
    """The coming-up items as rows: those falling due on the same date for the same thing share one, in order."""
    rows: dict[tuple[date, str], list[Upcoming]] = {}
    for item in upcoming:
        rows.setdefault((item.due, item.what), []).append(item)
    return [UpcomingRow(tuple(items)) for items in rows.values()]


def by_manager(
    actions: Iterable[Action], upcoming: Iterable[Upcoming]
) -> dict[str, tuple[list[Action], list[Upcoming]]]:
    """Each contract manager's actions and coming-up items ("" for those no contract manager is named for)."""
    grouped: dict[str, tuple[list[Action], list[Upcoming]]] = {}
    for action in actions:
        for name in action.managers or ("",):
            grouped.setdefault(name, ([], []))[0].append(action)
    for item in upcoming:
        for name in item.managers or ("",):
            grouped.setdefault(name, ([], []))[1].append(item)
    return dict(sorted(grouped.items(), key=lambda pair: (pair[0] == "", pair[0].casefold())))

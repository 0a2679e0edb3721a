"""Long lists summarised for the main report: the counts by rule and by provider, most first.

The whole list goes to an appendix (`pack.Long`); the main report says how many, and where they fall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from safe_commissioning.rules.catalogue import RULE_TITLES
from safe_commissioning.sites.committee.pack import LIST_LIMIT, Long, Paragraph, Table
from safe_commissioning.words import and_list, plural


def by_count(counts: Counter[str], order: Sequence[str] = ()) -> list[tuple[str, int]]:
    """Each key with its count, most first; ties in `order`'s order, then by name."""
    rank = {key: index for index, key in enumerate(order)}
    return sorted(counts.items(), key=lambda item: (-item[1], rank.get(item[0], len(rank)), item[0]))


def top_rows(counted: list[tuple[str, int]], other: str, limit: int = LIST_LIMIT) -> list[tuple[str, int]]:
    """At most `limit` rows: the first ones, and the rest added up in one last row ("12 other providers")."""
    if len(counted) <= limit:
        return counted
    rest = counted[limit - 1 :]
    return [*counted[: limit - 1], (plural(len(rest), other), sum(n for _, n in rest))]


def red_summary(full: Table, failed: Iterable[tuple[str, Sequence[str]]]) -> Long:
    """The red contracts counted by the rule they do not meet and by provider; `failed` is (provider, rules) each."""
    rules: Counter[str] = Counter()
    providers: Counter[str] = Counter()
    for provider, rule_ids in failed:
        providers[provider] += 1
        rules.update(dict.fromkeys(rule_ids, 1))
    shown = top_rows(by_count(providers), "other provider")
    return Long(
        (
            Paragraph(
                f"{plural(len(full.rows), 'contract is', 'contracts are')} rated red (a contract yet to start included: "
                "safeguarding is settled before a service starts), too many to list here. The tables below count them "
                "by the expectation they do not meet (a contract can fail more than one) and by provider, most first."
            ),
            Table(
                "Red contracts by expectation not met",
                ("Rule", "Red contracts"),
                tuple((f"{rule} {RULE_TITLES[rule]}", str(n)) for rule, n in by_count(rules, tuple(RULE_TITLES))),
                frozenset({1}),
            ),
            Table(
                "Red contracts by provider",
                ("Provider", "Red contracts"),
                tuple((name, str(n)) for name, n in shown),
                frozenset({1}),
            ),
        ),
        full,
    )


def listed(table: Table, every: str, by: Sequence[tuple[str, Sequence[str]]]) -> list[Paragraph | Table | Long]:
    """`table` as it is or, past LIST_LIMIT rows, its rows counted here and the whole list in an appendix.

    `every` names the appendix ("every open alert"); `by` gives each count's name and each row's key,
    in the table's order: ("Provider", the providers).
    """
    if len(table.rows) <= LIST_LIMIT:
        return [table]
    counts = tuple(
        Table(
            f"{table.caption}, by {name.lower()}",
            (name, "Number"),
            tuple((key, str(n)) for key, n in top_rows(by_count(Counter(keys)), "other")),
            frozenset({1}),
        )
        for name, keys in by
    )
    lead = Paragraph(
        f"The list has {len(table.rows):,} rows, too many to give here: the "
        + ("table below counts" if len(counts) == 1 else "tables below count")
        + f" them by {and_list([name.lower() for name, _ in by])}, most first."
    )
    return [Long((lead, *counts), Table(every, table.columns, table.rows, table.numeric))]

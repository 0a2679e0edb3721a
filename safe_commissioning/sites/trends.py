"""Trends: the headline figures, rule counts and each contract's rating over the recorded snapshots.

A pure function of the snapshots and this build. Every series is worked out from the same
things for every date, the data files' rows and `build.json`'s headline figures (by key, see
`history/headlines.py`), so this build's point is counted exactly as the earlier ones were when
they were recorded, and a reworded label changes only the words on the chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from safe_commissioning.history.snapshots import History, Skipped, Snapshot
from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.catalogue import RULE_IDS
from safe_commissioning.rules.expiry import ContractStatus
from safe_commissioning.rules.rag import Rag
from safe_commissioning.rules.results import Status
from safe_commissioning.sites.charts import Chart, ChartRenderer
from safe_commissioning.sites.figures import small_multiples
from safe_commissioning.sites.views.headlines import HEADLINE_LABELS
from safe_commissioning.words import and_list, long_date

RATED = frozenset({Rag.RED.value, Rag.AMBER.value, Rag.GREEN.value})
SHARE_GREEN = "share_green"  # green as a share of the contracts in scope; every other figure is a headline's own
# The figures the trend chart draws, by key, in its order, and their names on the chart.
FIGURES = (
    SHARE_GREEN,
    "red",
    "amber",
    "staff_with_expired_dbs",
    "open_quality_alerts",
    "active_placements",
    "decisions_overdue",
)
FIGURE_LABELS = {**HEADLINE_LABELS, SHARE_GREEN: "Share green (%)"}


@dataclass(frozen=True)
class Point:
    """What one date holds: its headline figures, contract ratings and rule statuses."""

    report_date: date
    headlines: Mapping[str, str]  # headline figure key → value
    rags: Mapping[str, str]  # contract ID → rag
    statuses: Mapping[str, str]  # contract ID → contract status
    rules: Mapping[tuple[str, str], str]  # (contract ID, rule) → status


def point_of(snapshot: Snapshot) -> Point:
    """A recorded snapshot as one point of the series."""
    contracts = snapshot.contracts
    return Point(
        snapshot.report_date,
        snapshot.headlines,
        {cid: row["rag"] for cid, row in contracts.items()},
        {cid: row["status"] for cid, row in contracts.items()},
        snapshot.rules,
    )


def current_point(assessment: Assessment, headlines: Mapping[str, str]) -> Point:
    """This build as the last point of the series: the same facts its data files and build.json hold."""
    return Point(
        assessment.report_date,
        headlines,
        {c.contract_id: c.rag.value for c in assessment.contracts},
        {c.contract_id: c.status.value for c in assessment.contracts},
        {(c.contract_id, t.rule_id): t.status.value for c in assessment.contracts for t in c.results},
    )


@dataclass(frozen=True)
class RuleChange:
    """When one of a contract's rules last changed status, over the snapshots and this build."""

    rule_id: str
    now: str
    changed_on: date | None  # None: the same at every date recorded
    before: str  # the status before that change ('' when unchanged)
    since: date  # the first date with this status recorded


@dataclass(frozen=True)
class Trends:
    """The series over the snapshots (oldest first) and this build (last)."""

    points: tuple[Point, ...]
    skipped: tuple[Skipped, ...]
    history_name: str  # how pages name the history folder

    @property
    def dates(self) -> tuple[date, ...]:
        return tuple(p.report_date for p in self.points)

    @property
    def earlier(self) -> int:
        """How many earlier snapshots the series draws on."""
        return len(self.points) - 1

    def figure(self, key: str) -> list[float | None]:
        """One figure (a key of FIGURES) at each date (None where it was not recorded)."""
        return [_figure(point.headlines, key) for point in self.points]

    def rules_met(self) -> list[tuple[str, list[tuple[int, int]]]]:
        """Per rule, (met, applicable) among the rated contracts at each date."""
        table = []
        for rule in RULE_IDS:
            counts = []
            for point in self.points:
                rated = [cid for cid, rag in point.rags.items() if _counted(point, cid)]
                found = [point.rules.get((cid, rule), "") for cid in rated]
                applicable = [s for s in found if s and s != Status.NOT_APPLICABLE.value]
                counts.append((sum(s == Status.MET.value for s in applicable), len(applicable)))
            table.append((rule, counts))
        return table

    def contract_rags(self, contract_id: str) -> list[tuple[date, str | None]]:
        """A contract's RAG at each date (None where the contract was not in the workbook)."""
        return [(point.report_date, point.rags.get(contract_id)) for point in self.points]

    def rule_changes(self, contract_id: str) -> list[RuleChange]:
        """When each of a contract's rules last changed, over the dates where it was recorded."""
        changes = []
        for rule in RULE_IDS:
            seen = [(p.report_date, p.rules[contract_id, rule]) for p in self.points if (contract_id, rule) in p.rules]
            if not seen:
                continue
            now = seen[-1][1]
            changed = next(
                (index for index in range(len(seen) - 1, 0, -1) if seen[index][1] != seen[index - 1][1]), None
            )
            if changed is None:
                changes.append(RuleChange(rule, now, None, "", seen[0][0]))
            else:
                changes.append(RuleChange(rule, now, seen[changed][0], seen[changed - 1][1], seen[changed][0]))
        return changes


def trends(history: History, current: Point) -> Trends:
    """The series: every usable snapshot before the report date, then this build."""
    return Trends((*(point_of(s) for s in history.snapshots), current), history.skipped, history.folder.name)


def _counted(point: Point, contract_id: str) -> bool:
    """Counted in the ratings: active on that date and working with children, as every RAG figure counts."""
    return point.statuses.get(contract_id) == ContractStatus.ACTIVE.value and point.rags[contract_id] in RATED


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None  # "Not recorded": the workbook had no such sheet


def _figure(headlines: Mapping[str, str], key: str) -> float | None:
    if key != SHARE_GREEN:
        return _number(headlines.get(key))
    green = _number(headlines.get("green"))
    if green is None:
        return None
    scope = _number(headlines.get("contracts_in_scope"))
    return round(100 * green / scope) if scope else None


def movement(now: str, before: str | None, before_date: date | None) -> str:
    """A headline figure's change since the baseline, in words: `up 2, was 1 on 30 Jun 2024`."""
    then, current = _number(before), _number(now)
    if then is None or current is None or before_date is None:
        return ""
    when = long_date(before_date)
    if current == then:
        return f"no change since {when}"
    return f"{'up' if current > then else 'down'} {abs(current - then)}, was {then} on {when}"


def _shown(value: float | None, key: str) -> str:
    if value is None:
        return "not recorded"
    return f"{value:.0f}%" if key == SHARE_GREEN else f"{value:.0f}"


def trend_chart(series: Trends, renderer: ChartRenderer) -> Chart | None:
    """Small line charts of the dashboard's figures over the snapshots (None without an earlier snapshot)."""
    if series.earlier < 1:
        return None
    keys = [key for key in FIGURES if any(v is not None for v in series.figure(key))]
    labels = [FIGURE_LABELS[key] for key in keys]
    dates = [long_date(day) for day in series.dates]
    values = {key: series.figure(key) for key in keys}
    rows = [
        {"date": dates[index], "figure": FIGURE_LABELS[key], "value": value}
        for key in keys
        for index, value in enumerate(values[key])
        if value is not None
    ]
    words = "; ".join(
        f"{FIGURE_LABELS[key]}: "
        + ", ".join(f"{_shown(v, key)} on {d}" for d, v in zip(dates, values[key], strict=True))
        for key in keys
    )
    return renderer.render(
        "trends",
        small_multiples(rows, x="date", x_order=dates, facet="figure", facet_order=labels, value="value"),
        "Headline figures at each recorded snapshot and on the report date",
        "Small line charts, one per headline figure, with a point for each recorded snapshot and the last for this "
        f"report date. {words}",
        ("Date", *labels),
        [(day, *[_shown(values[key][index], key) for key in keys]) for index, day in enumerate(dates)],
    )


def headline_words(
    values: Mapping[str, str], baseline_headlines: Mapping[str, str], baseline_date: date | None
) -> dict[str, str]:
    """Each headline figure's movement since the baseline, in words, by key."""
    return {
        key: words
        for key, value in values.items()
        if (words := movement(value, baseline_headlines.get(key), baseline_date))
    }


def skipped_names(skipped: Sequence[Skipped]) -> str:
    """The skipped snapshots, for a sentence: `history/2024-06-30 and history/x`."""
    names = [s.name for s in skipped]
    return and_list(names)

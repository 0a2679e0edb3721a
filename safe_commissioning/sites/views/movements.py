"""What changed, both ways: what got worse comes first, then what got better, then what only changed.

A Member reading What changed wants to know first what needs their attention: a rating that moved
towards red, a new alert, a contract nearer its end, a headline figure up where up is bad. The
comparison itself (`history/changes.py`) knows only what differs; which way is worse is said here.
"""

from __future__ import annotations

from dataclasses import dataclass

from safe_commissioning.history.changes import Changes, RagChange, Row
from safe_commissioning.sites.views.headlines import HEADLINE_LABELS

# Headline figures that are worse when they rise, and the one that is worse when it falls; the rest
# (contracts in scope, amber, active placements) only moved.
UP_IS_WORSE = frozenset(
    {
        "red",
        "expiring_soon",
        "decisions_overdue",
        "staff_with_expired_dbs",
        "monitoring_overdue",
        "open_quality_alerts",
        "ofsted_alerts",
    }
)
DOWN_IS_WORSE = frozenset({"green"})
# Towards red is worse; a move into or out of scope (not applicable) is neither.
RAG_SEVERITY = {"green": 0, "amber": 1, "red": 2}


@dataclass(frozen=True)
class Figure:
    """A headline figure that moved: its label, then and now."""

    key: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Side:
    """What moved one way: the figures, the ratings, the alerts and (got worse only) the nearer expiries."""

    figures: tuple[Figure, ...] = ()
    ratings: tuple[RagChange, ...] = ()
    alerts: tuple[Row, ...] = ()
    nearer_expiry: tuple[tuple[Row, str], ...] = ()  # (row now, band before)

    def __len__(self) -> int:
        return len(self.figures) + len(self.ratings) + len(self.alerts) + len(self.nearer_expiry)


@dataclass(frozen=True)
class BothWays:
    """The changes sorted for a reader: worse, better, and what moved with no better or worse."""

    worse: Side
    better: Side
    other_figures: tuple[Figure, ...]
    other_ratings: tuple[RagChange, ...]  # into or out of the ratings' scope


def both_ways(changes: Changes) -> BothWays:
    """Sort what changed into worse, better and neither."""
    worse: list[Figure] = []
    better: list[Figure] = []
    other: list[Figure] = []
    for key, before in changes.headline_deltas.items():
        if key not in HEADLINE_LABELS:
            continue  # a figure this version no longer shows
        after = changes.headlines_now.get(key, "")
        figure = Figure(key, HEADLINE_LABELS[key], before, after)
        direction = _direction(before, after)
        if direction == 0 or (key not in UP_IS_WORSE and key not in DOWN_IS_WORSE):
            other.append(figure)
        elif (direction > 0) == (key in UP_IS_WORSE):
            worse.append(figure)
        else:
            better.append(figure)
    order = list(HEADLINE_LABELS)
    worse.sort(key=lambda f: order.index(f.key))
    better.sort(key=lambda f: order.index(f.key))
    other.sort(key=lambda f: order.index(f.key))
    towards_red = [c for c in changes.rag if _rating_move(c) > 0]
    towards_green = [c for c in changes.rag if _rating_move(c) < 0]
    return BothWays(
        Side(tuple(worse), tuple(towards_red), tuple(changes.new_alerts), tuple(changes.nearer_band)),
        Side(tuple(better), tuple(towards_green), tuple(changes.closed_alerts)),
        tuple(other),
        tuple(c for c in changes.rag if _rating_move(c) == 0),
    )


def _direction(before: str, after: str) -> int:
    """+1 when the figure rose, -1 when it fell, 0 when either is not a number ("Not recorded")."""
    try:
        was, now = int(before), int(after)
    except ValueError:
        return 0
    return (now > was) - (now < was)


def _rating_move(change: RagChange) -> int:
    """Positive towards red, negative towards green, 0 into or out of scope."""
    if change.before not in RAG_SEVERITY or change.after not in RAG_SEVERITY:
        return 0
    return RAG_SEVERITY[change.after] - RAG_SEVERITY[change.before]

"""The dashboard and what needs attention: the home page, the action lists, one page per contract manager."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from safe_commissioning.rules.attention import KINDS
from safe_commissioning.rules.upcoming import by_manager, grouped
from safe_commissioning.sites.internal.charts import TIMELINE_MONTHS
from safe_commissioning.sites.internal.reference import history_context
from safe_commissioning.sites.model import BuildView
from safe_commissioning.sites.pages import Page
from safe_commissioning.sites.parts import in_parts
from safe_commissioning.words import unique_slugs

DASHBOARD_ROWS = 20  # the dashboard shows the most severe; the Needs attention page has them all


def manager_pages(view: BuildView) -> list[tuple[str, str]]:
    """Each contract manager with items, and their page's path in the docs folder (`managers/a-manager.md`)."""
    names = [name for name in by_manager(view.lists.actions, view.lists.upcoming) if name]
    slugs = unique_slugs(names)
    return [(name, f"managers/{slugs[name]}.md") for name in names]


def dashboard_pages(view: BuildView, committee: Mapping[str, Any] | None) -> list[Page]:
    """The dashboard, the Needs attention list (in parts) and each contract manager's own list."""
    actions, upcoming = view.lists.actions, view.lists.upcoming
    settings = view.assessment.workbook.settings
    until = {"coming_up_until": view.assessment.report_date + timedelta(days=settings.coming_up_days)}
    managers = by_manager(actions, upcoming)
    rows = grouped(upcoming)  # what falls due on one date for the same thing, one row
    paths = dict(manager_pages(view))
    manager_links = [
        {"name": name, "link": paths[name].removesuffix(".md") + ".html", "actions": len(mine), "upcoming": len(theirs)}
        for name, (mine, theirs) in managers.items()
        if name
    ]
    return [
        Page(
            "internal/index.md.j2",
            "index.md",
            {
                "headlines": view.headlines,
                "trend_words": view.trend_words,
                **history_context(view.trends),
                "actions": actions[:DASHBOARD_ROWS],
                "actions_total": len(actions),
                "kind_counts": [(kind, n) for kind in KINDS if (n := sum(a.kind == kind.code for a in actions))],
                "upcoming_total": len(upcoming),
                "verdict": view.verdict,
                "managers": manager_links,
                "committee": committee,
                "timeline_months": TIMELINE_MONTHS,
                **until,
            },
            wide=True,
        ),
        *in_parts(
            Page(
                "internal/attention.md.j2",
                "attention.md",
                {"actions": actions, "upcoming": upcoming, "managers": manager_links, **until},
                wide=True,
            ),
            [("actions", actions)],
            "item",
            "Needs attention",
        ),
        *in_parts(
            Page(
                "internal/coming-up.md.j2",
                "coming-up.md",
                {"upcoming": rows, "upcoming_total": len(upcoming), "managers": manager_links, **until},
                wide=True,
            ),
            [("upcoming", rows)],
            "item",
            "Coming up",
        ),
        *(
            Page(
                "internal/manager.md.j2",
                paths[name],
                {"name": name, "actions": mine, "upcoming": grouped(theirs), **until},
                title=f"{name}: what needs attention",
                flat_nav=True,
                wide=True,
            )
            for name, (mine, theirs) in managers.items()
            if name
        ),
    ]

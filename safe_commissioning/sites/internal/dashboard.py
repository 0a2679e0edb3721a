"""The dashboard and what needs attention: the home page, the action lists, one page per contract manager."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from safe_commissioning.rules.attention import KINDS, by_manager
from safe_commissioning.sites.internal.charts import TIMELINE_MONTHS
from safe_commissioning.sites.internal.reference import history_context
from safe_commissioning.sites.model import BuildView
from safe_commissioning.sites.pages import Page
from safe_commissioning.sites.parts import in_parts
from safe_commissioning.words import unique_slugs

DASHBOARD_ROWS = 20  # the dashboard shows the most severe; the Needs attention page has them all


def dashboard_pages(view: BuildView, committee: Mapping[str, Any] | None) -> list[Page]:
    """The dashboard, the Needs attention list (in parts) and each contract manager's own list."""
    actions, upcoming = view.lists.actions, view.lists.upcoming
    settings = view.assessment.workbook.settings
    until = {"coming_up_until": view.assessment.report_date + timedelta(days=settings.coming_up_days)}
    managers = by_manager(actions, upcoming)
    manager_slugs = unique_slugs(name for name in managers if name)
    manager_links = [
        {"name": name, "link": f"managers/{manager_slugs[name]}.html", "actions": len(mine), "upcoming": len(theirs)}
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
                "upcoming": upcoming[:DASHBOARD_ROWS],
                "upcoming_total": len(upcoming),
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
            [("actions", actions), ("upcoming", upcoming)],
            "item",
            "Needs attention",
        ),
        *(
            Page(
                "internal/manager.md.j2",
                f"managers/{manager_slugs[name]}.md",
                {"name": name, "actions": mine, "upcoming": theirs, **until},
                title=f"{name}: what needs attention",
                flat_nav=True,
                wide=True,
            )
            for name, (mine, theirs) in managers.items()
            if name
        ),
    ]

"""The dashboard and what needs attention: the home page, the action lists, one page per contract manager."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.attention import KINDS, Action, Upcoming, by_manager, coming_up, needs_attention
from safe_commissioning.sites.internal.charts import TIMELINE_MONTHS
from safe_commissioning.sites.internal.links import Links
from safe_commissioning.sites.pages import Page
from safe_commissioning.sites.parts import in_parts
from safe_commissioning.sites.views.headlines import Headline
from safe_commissioning.words import unique_slugs

DASHBOARD_ROWS = 20  # the dashboard shows the most severe; the Needs attention page has them all

AttentionLists = tuple[list[Action], list[Upcoming]]


def attention_lists(assessment: Assessment, links: Links) -> AttentionLists:
    """The dashboard's action list and coming-up list (the window is a setting): worked out once per build."""
    days = assessment.workbook.settings.coming_up_days
    return needs_attention(assessment), coming_up(assessment, days)


def dashboard_pages(
    assessment: Assessment,
    lists: AttentionLists,
    figures: Sequence[Headline],
    trend_words: Mapping[str, str],
    history: Mapping[str, Any],
    committee: Mapping[str, Any] | None,
) -> list[Page]:
    """The dashboard, the Needs attention list (in parts) and each contract manager's own list."""
    actions, upcoming = lists
    settings = assessment.workbook.settings
    until = {"coming_up_until": assessment.report_date + timedelta(days=settings.coming_up_days)}
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
                "headlines": figures,
                "trend_words": trend_words,
                **history,
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

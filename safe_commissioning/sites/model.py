"""One typed view of a build: everything the internal site, its data files and the committee pack show.

The pipeline builds it once (`build_view`) from the assessment, the workbook's findings and the
history, then draws its charts into it (`BuildView.with_charts`, which also gathers the committee
pack that shows them). Every page builder, the template context, the data files and the pack read
this one object, so a figure, a list or a link is worked out in exactly one place: as mkdocs makes
its files, nav and pages once and passes them on.

Only what writing the files reveals (their sizes) comes later, in `Written`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from safe_commissioning.history.changes import Baseline, Changes, as_rows, compare
from safe_commissioning.history.snapshots import History
from safe_commissioning.opendata.datafiles import (
    ALERTS_COLUMNS,
    CONTRACTS_COLUMNS,
    alert_rows,
    compliance_rows,
    contract_rows,
)
from safe_commissioning.rules.action_log import unassigned
from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.attention import Action, needs_attention
from safe_commissioning.rules.provider_returns import returns_due
from safe_commissioning.rules.upcoming import Upcoming, coming_up
from safe_commissioning.sites.charts import Chart
from safe_commissioning.sites.committee.pack import Pack, previously
from safe_commissioning.sites.committee.report import committee_pack
from safe_commissioning.sites.internal.links import Links, links_for
from safe_commissioning.sites.trends import Trends, current_point, headline_words, trends
from safe_commissioning.sites.views.groups import ContractGroups, contract_groups
from safe_commissioning.sites.views.headlines import Headline, headline_values, headlines
from safe_commissioning.sites.views.verdict import Verdict, verdict
from safe_commissioning.workbook.findings.report import Report


@dataclass(frozen=True)
class ActionLists:
    """The Needs attention list and the Coming up list: the dashboard, the record pages and the pack share them."""

    actions: tuple[Action, ...]  # most severe first, then oldest first
    upcoming: tuple[Upcoming, ...]  # soonest first, within the coming-up window (a setting)


@dataclass(frozen=True)
class BuildView:
    """Everything the internal site shows, worked out once from the assessment and the history."""

    assessment: Assessment
    report: Report  # the workbook's findings: the Data quality page
    links: Links  # where each contract's and provider's page is, and which page shows an action
    groups: ContractGroups  # every contract in exactly one group: the one definition of each count
    headlines: tuple[Headline, ...]  # the dashboard's figures, each with its stable key
    lists: ActionLists
    trends: Trends | None  # the snapshots and this build; None only when no history was read
    changes: Changes | None  # since the baseline (--since, or the latest snapshot); None without one
    trend_words: Mapping[str, str]  # each headline figure's movement since the baseline, by key
    verdict: Verdict  # what the dashboard says first: the ratings and what needs attention, in words
    charts: Mapping[str, Chart | None] = field(default_factory=dict)  # by key; None where nothing to draw
    pack: Pack | None = None  # the committee pack, gathered with the charts it shows

    @property
    def headline_values(self) -> dict[str, str]:
        """The headline figures by key, as build.json and the snapshots record them."""
        return headline_values(self.headlines)

    def with_charts(self, charts: Mapping[str, Chart | None]) -> BuildView:
        """This view with its charts drawn, and the committee pack that shows them."""
        pack = committee_pack(
            self.assessment, self.groups, self.headlines, charts, previously(self.changes), self.lists.actions
        )
        return replace(self, charts=charts, pack=pack)


@dataclass(frozen=True)
class Download:
    """One data file on the Downloads page."""

    name: str
    description: str
    size: str  # in words: `12 KB`


@dataclass(frozen=True)
class Written:
    """What writing the internal site's files made: the data files and the committee pack, with their sizes."""

    downloads: tuple[Download, ...]
    pack_size: str  # the Word document's size in words ("" when there is no pack)


def build_view(
    assessment: Assessment, report: Report, history: History | None = None, baseline: Baseline | None = None
) -> BuildView:
    """Work out once what every page, data file and the pack share; the charts come after (`with_charts`)."""
    groups = contract_groups(assessment)
    figures = headlines(assessment, groups)
    values = headline_values(figures)
    days = assessment.workbook.settings.coming_up_days
    upcoming = sorted([*coming_up(assessment, days), *returns_due(assessment, days)], key=_in_date_order)
    lists = ActionLists(tuple(needs_attention(assessment)), tuple(upcoming))
    # An item nobody owns is a warning on Data quality, naming the cell that would give it an owner.
    report.extend(unassigned(assessment, lists.actions).findings)
    words = headline_words(values, baseline.headlines, baseline.report_date) if baseline is not None else {}
    return BuildView(
        assessment,
        report,
        links_for(assessment),
        groups,
        figures,
        lists,
        trends(history, current_point(assessment, values)) if history is not None else None,
        _changes(assessment, baseline, values),
        words,
        verdict(groups, lists.actions, words, {h.key: h.link for h in figures}),
    )


def _changes(assessment: Assessment, baseline: Baseline | None, values: Mapping[str, str]) -> Changes | None:
    """What changed since the baseline, read from the same rows the data files hold."""
    if baseline is None:
        return None
    return compare(
        baseline,
        as_rows(CONTRACTS_COLUMNS, contract_rows(assessment)),
        {(str(row[0]), str(row[1])): str(row[2]) for row in compliance_rows(assessment)},
        as_rows(ALERTS_COLUMNS, alert_rows(assessment)),
        values,
    )


def _in_date_order(item: Upcoming) -> tuple[object, ...]:
    """Coming up in the order it falls due: providers due a new request among the rest."""
    return item.due, item.subject, item.what

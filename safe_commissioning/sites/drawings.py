"""The charts' Vega-Lite specifications, made with Altair: imported only when a chart must be drawn.

`charts` names each chart as a `Drawing` (which function, with which data) and looks for an earlier
render of it first; only on a miss does it call `specification`, so a build whose charts are all
cached never imports Altair.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import altair as alt

from safe_commissioning.sites.figures import DAY, FONT, ISO_DATE, PHONE_WIDTH, SERIES_COLOURS, TEXT_SIZE, Drawing

ChartSpec = alt.LayerChart | alt.FacetChart
# Vega cuts a label longer than its limit by UTF-16 units, and vl-convert cannot measure a piece that ends
# inside a character beyond the Basic Multilingual Plane (an emoji, a rare CJK ideograph): the whole build
# stopped. Where a label holds one, the axis shows each such character as U+FFFD, so every cut is whole
# characters; the bars still group by the label as typed, and the table beside the chart shows it.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_SHOWN_AS_REPLACEMENT = "replace(datum.label, regexp('[\\ud800-\\udbff][\\udc00-\\udfff]', 'g'), '\\ufffd')"


def specification(drawing: Drawing) -> dict[str, Any]:
    """The Vega-Lite specification of `drawing`, configured as every chart of the sites is."""
    # Not validated here (a third of a cold build's chart time went to it): the tests check every kind of
    # drawing, for a screen and a phone, against the Vega-Lite schema (test_phone)
    spec: dict[str, Any] = DRAWERS[drawing.kind](**drawing.arguments).to_dict(validate=False)
    config = spec.setdefault("config", {})
    config["aria"] = False
    config.setdefault("font", FONT)
    for part in ("axis", "legend", "header"):
        config.setdefault(part, {}).update(labelFontSize=TEXT_SIZE, titleFontSize=TEXT_SIZE)
    config.setdefault("text", {}).setdefault("fontSize", TEXT_SIZE)
    config.setdefault("title", {}).setdefault("fontSize", TEXT_SIZE + 1)
    config.setdefault("view", {}).setdefault("stroke", None)
    if _ASTRAL.search(json.dumps(drawing.arguments, ensure_ascii=False, default=str)):
        _replace_astral(spec)
    return _for_phone(spec, drawing.phone) if drawing.phone else spec


PHONE_LABEL_LIMIT = 110  # px: a phone's axis labels are cut (with an ellipsis) here; the table beside has them whole
PHONE_LEGEND_COLUMNS = 2  # a legend over a phone's chart wraps after this many entries…
PHONE_LEGEND_SHORT = 16  # …or after each, where an entry is longer than this many characters


def _for_phone(spec: dict[str, Any], plot_width: int) -> dict[str, Any]:
    """`spec` narrowed for a phone: a plot `plot_width` px wide (small multiples two to a row), shorter axis
    labels and a legend that wraps. The text stays its size: nothing is scaled down."""
    if "facet" in spec:
        spec["columns"] = 2
        spec["spec"]["width"] = max(60, plot_width // 2)
    else:
        spec["width"] = plot_width
    _cut_labels(spec)
    config = spec["config"]
    config.setdefault("axisY", {})["labelLimit"] = PHONE_LABEL_LIMIT
    config.setdefault("axisX", {})["labelOverlap"] = "greedy"  # fewer ticks' labels, none over another
    longest = max((len(name) for name in _legend_names(spec)), default=0)
    config["legend"]["columns"] = PHONE_LEGEND_COLUMNS if longest <= PHONE_LEGEND_SHORT else 1
    config["legend"]["labelLimit"] = PHONE_WIDTH - 60  # one entry a row: its whole name, beside its symbol
    return spec


def _legend_names(spec: dict[str, Any]) -> list[str]:
    """The names a legend of `spec` can show: every colour scale's domain."""
    colours = [part["color"] for part in _dicts(spec) if isinstance(part.get("color"), dict)]
    return [str(name) for colour in colours for name in colour.get("scale", {}).get("domain", [])]


def _cut_labels(spec: dict[str, Any]) -> None:
    """Every label limit set on an axis of `spec` brought down to a phone's."""
    for part in _dicts(spec):
        if isinstance(part.get("labelLimit"), int | float):
            part["labelLimit"] = min(part["labelLimit"], PHONE_LABEL_LIMIT)


def _replace_astral(spec: dict[str, Any]) -> None:
    """Every axis and legend of `spec` shows a character beyond the BMP as U+FFFD (see _ASTRAL); an axis that
    writes its own labels (the small multiples' dates, which hold none) keeps its own."""
    spec["config"]["axis"]["labelExpr"] = _ASTRAL_SHOWN_AS_REPLACEMENT
    for part in _dicts(spec):
        legend = part.get("legend")
        if isinstance(legend, dict):
            legend.setdefault("labelExpr", _ASTRAL_SHOWN_AS_REPLACEMENT)


def _dicts(part: object) -> list[dict[str, Any]]:
    """Every mapping in `part`, itself included, depth first."""
    if isinstance(part, dict):
        return [part, *(d for value in part.values() for d in _dicts(value))]
    if isinstance(part, list):
        return [d for value in part for d in _dicts(value)]
    return []


def _data(values: Sequence[Mapping[str, object]], dates: Sequence[str] = ()) -> alt.Data:
    """Inline data, with the `dates` fields parsed as ISO dates in UTC."""
    rows = [dict(row) for row in values]
    if not dates:
        return alt.Data(values=rows)  # type: ignore[no-untyped-call]
    parse = alt.DataFormat(parse=dict.fromkeys(dates, ISO_DATE))  # type: ignore[no-untyped-call]
    return alt.Data(values=rows, format=parse)  # type: ignore[no-untyped-call]


def _base(data: Sequence[Mapping[str, object]], dates: Sequence[str] = ()) -> alt.Chart:
    return alt.Chart(_data(data, dates))


def stacked_bars(
    data: Sequence[Mapping[str, object]],
    *,
    category: str,
    series: str,
    value: str,
    colours: Sequence[tuple[str, str]],
    value_title: str,
    width: int = 520,
) -> ChartSpec:
    """Horizontal stacked bars with the count written in each segment (colour is never the only cue).

    `colours` gives each series its colour, in stacking order.
    """
    height = max(60, 28 * len({row[category] for row in data}))
    series_order = [name for name, _ in colours]
    order = {name: index for index, name in enumerate(series_order)}
    rows = [{**row, "_order": order[str(row[series])]} for row in data]
    base = _base(rows).encode(
        y=alt.Y(f"{category}:N", title=None, sort=None),
        x=alt.X(f"sum({value}):Q", title=value_title, stack="zero", axis=alt.Axis(tickMinStep=1, format="d")),
        order=alt.Order("_order:Q"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            f"{series}:N",
            scale=alt.Scale(domain=series_order, range=[colour for _, colour in colours]),
            legend=alt.Legend(title=None, orient="top"),
        )
    )
    labels = (
        base.mark_text(dx=-6, align="right", color="white", fontWeight="bold")
        .encode(
            text=alt.Text(f"sum({value}):Q"),
            x=alt.X(f"sum({value}):Q", stack="zero", bandPosition=1),
        )
        .transform_filter(f"datum.{value} > 0")
    )
    return alt.layer(bars, labels).properties(width=width, height=height)


def percent_bars(
    data: Sequence[Mapping[str, object]], *, category: str, value: str, title: str, width: int = 520
) -> ChartSpec:
    """Horizontal bars of percentages, each labelled with its value."""
    base = _base(data).encode(
        y=alt.Y(f"{category}:N", title=None, sort=None),
        x=alt.X(f"{value}:Q", title=title, scale=alt.Scale(domain=[0, 100])),
    )
    bars = base.mark_bar(color=SERIES_COLOURS[0])
    labels = base.mark_text(align="left", dx=4, color="#222").encode(text=alt.Text(f"{value}:Q", format=".0f"))
    return alt.layer(bars, labels).properties(width=width, height=max(60, 26 * len(data)))


def grouped_bars(
    data: Sequence[Mapping[str, object]],
    *,
    category: str,
    group: str,
    value: str,
    group_order: Sequence[str],
    value_title: str,
    width: int = 520,
) -> ChartSpec:
    """Vertical bars grouped by `group` within each `category`, counts written on top."""
    base = _base(data).encode(
        x=alt.X(f"{category}:N", title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset(f"{group}:N", sort=list(group_order)),
        y=alt.Y(f"{value}:Q", title=value_title, axis=alt.Axis(tickMinStep=1, format="d")),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            f"{group}:N",
            scale=alt.Scale(domain=list(group_order), range=list(SERIES_COLOURS[: len(group_order)])),
            legend=alt.Legend(title=None, orient="top"),
        )
    )
    labels = base.mark_text(dy=-5, color="#222").encode(text=alt.Text(f"{value}:Q"))
    return alt.layer(bars, labels).properties(width=width, height=220)


def timeline(
    data: Sequence[Mapping[str, object]],
    *,
    today: str,
    band_order: Sequence[str],
    colours: Sequence[str],
    width: int = 560,
) -> ChartSpec:
    """A Gantt-like timeline of contract terms, with the report date marked."""
    rows = [dict(row) for row in data]
    height = max(80, 22 * len(rows))
    labels: dict[str, Any] = {"labelLimit": 260}
    bars = (
        _base(rows, dates=("start", "end"))
        .mark_bar(height=14)
        .encode(
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(**labels)),
            x=alt.X("start:T", timeUnit=DAY, title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)),
            x2=alt.X2("end", timeUnit=DAY),
            color=alt.Color(
                "band:N",
                title="Time to expiry",
                scale=alt.Scale(domain=list(band_order), range=list(colours)),
                legend=alt.Legend(orient="top"),
            ),
        )
    )
    rule = (
        alt.Chart(_data([{"today": today}], dates=("today",)))
        .mark_rule(color="#222", strokeDash=[4, 3], strokeWidth=2)
        .encode(x=alt.X("today:T", timeUnit=DAY))
    )
    label = (
        alt.Chart(_data([{"today": today, "text": "Report date"}], dates=("today",)))
        .mark_text(align="left", dx=4, dy=-4, baseline="bottom", color="#222")
        .encode(x=alt.X("today:T", timeUnit=DAY), y=alt.value(0), text="text:N")
    )
    return alt.layer(bars, rule, label).properties(width=width, height=height)


def line(
    data: Sequence[Mapping[str, object]],
    *,
    x: str,
    series: str,
    value: str,
    series_order: Sequence[str],
    width: int = 520,
) -> ChartSpec:
    """A line per series over time, with points and end labels."""
    base = _base(data, dates=(x,)).encode(
        x=alt.X(f"{x}:T", timeUnit=DAY, title=None, axis=alt.Axis(format="%b %Y")),
        y=alt.Y(f"{value}:Q", title="Children and young people", axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color(
            f"{series}:N",
            scale=alt.Scale(domain=list(series_order), range=list(SERIES_COLOURS[: len(series_order)])),
            legend=alt.Legend(title=None, orient="top"),
        ),
    )
    return alt.layer(base.mark_line(), base.mark_point(filled=True, size=50)).properties(width=width, height=220)


SMALL_MULTIPLE_COLUMNS, SMALL_MULTIPLE_WIDTH, SMALL_MULTIPLE_HEIGHT = 4, 150, 80  # a row of four small charts


def small_multiples(
    data: Sequence[Mapping[str, object]],
    *,
    x: str,
    x_order: Sequence[str],
    facet: str,
    facet_order: Sequence[str],
    value: str,
) -> ChartSpec:
    """A small line chart per `facet`, each on its own scale, every point labelled with its value.

    The x axis is ordinal (the dates as written on the page), so snapshots are evenly spaced and
    no time zone can move them.
    """
    base = alt.Chart().encode(
        x=alt.X(
            f"{x}:O",
            sort=list(x_order),
            title=None,
            # `30 Jun 2024` on two lines, `30 Jun` over `2024`, so neighbouring dates do not overlap
            axis=alt.Axis(labelAngle=0, labelExpr="[slice(datum.label, 0, -5), slice(datum.label, -4)]"),
        ),
        y=alt.Y(f"{value}:Q", title=None, scale=alt.Scale(zero=True), axis=alt.Axis(tickMinStep=1, format="d")),
    )
    lines = base.mark_line(color=SERIES_COLOURS[0])
    points = base.mark_point(filled=True, size=40, color=SERIES_COLOURS[0])
    labels = base.mark_text(dy=-8, color="#222").encode(text=alt.Text(f"{value}:Q", format=".0f"))
    chart: alt.FacetChart = (
        alt.layer(lines, points, labels, data=_data(data))
        .properties(width=SMALL_MULTIPLE_WIDTH, height=SMALL_MULTIPLE_HEIGHT)
        .facet(facet=alt.Facet(f"{facet}:N", sort=list(facet_order), title=None), columns=SMALL_MULTIPLE_COLUMNS)
        .resolve_scale(y="independent")
        .resolve_axis(x="independent")
    )
    return chart


DRAWERS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    "stacked_bars": stacked_bars,
    "percent_bars": percent_bars,
    "grouped_bars": grouped_bars,
    "timeline": timeline,
    "line": line,
    "small_multiples": small_multiples,
}

"""Charts: Altair specifications rendered at build time to inline, accessible SVG.

Rendering happens here (vl-convert, no browser, no JavaScript on the page), so charts work
offline, print, and come out byte-identical from the same data. Each SVG is given a title and
a description for screen readers; the page puts the chart's numbers in a table beside it.
Rendered SVG is cached by the hash of its specification: an unchanged chart is never redrawn.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Final

import altair as alt
import vl_convert

_RENDERER = f"vl-convert {getattr(vl_convert, '__version__', '')}"

RAG_COLOURS = {"Red": "#b4232a", "Amber": "#b25e00", "Green": "#2e7d32"}
SERIES_COLOURS = ("#1f4e79", "#7a9cc6", "#8c564b", "#5f6b2f")
FONT = "Roboto, Helvetica, Arial, sans-serif"
# No chart text under 12 px as drawn; the page never shows a chart below 11/12 of its size (see _accessible),
# so on any screen its text is at least MIN_SCREEN_TEXT px.
TEXT_SIZE = 12
MIN_SCREEN_TEXT = 11
_ID = re.compile(r'\bid="([^"]+)"')
_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')
_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
PNG_SCALE = 2  # pixels per SVG unit: sharp when printed, small enough for a committee system's upload
ChartSpec = alt.LayerChart | alt.FacetChart

# Dates reach Vega as ISO `YYYY-MM-DD` text, which JavaScript reads as UTC midnight, but a plain
# time scale puts its ticks on local midnights and formats dates in local time: the time zone of
# the process running vl-convert. The same workbook drew different charts in London, Los Angeles
# and Kiritimati, month ticks up to 14 hours away from the bars' dates, and west of Greenwich
# Vega's mark labels named a 31 March end date "Mar 30". So every date is parsed, floored to its
# day, scaled and formatted in UTC: a contract ending 31 March 2025 is drawn at 31 March 2025
# wherever it is built.
DAY: Final = "utcyearmonthdate"
_ISO_DATE = "utc:'%Y-%m-%d'"


@dataclass(frozen=True)
class Chart:
    """A rendered chart: inline SVG plus the table of its numbers."""

    key: str
    title: str
    description: str
    svg: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    spec: str = ""  # the Vega-Lite specification it was drawn from (JSON), to draw it again as an image


class ChartRenderer:
    """Turns Altair charts into accessible SVG, reusing earlier renders where it can.

    `reuse` is a cache folder only read (the last good build's); `store` is where new renders
    are written (a staging folder, moved into the cache by `keep` once the build succeeds).
    """

    def __init__(self, reuse: Path | None = None, store: Path | None = None) -> None:
        self.reuse = reuse
        self.store = store
        self.rendered = 0
        self.reused = 0

    def render(
        self,
        key: str,
        chart: alt.TopLevelMixin,
        title: str,
        description: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[object]],
    ) -> Chart:
        """Render `chart` with `title` and `description` for assistive technology."""
        spec: dict[str, Any] = chart.to_dict()
        config = spec.setdefault("config", {})
        config["aria"] = False
        config.setdefault("font", FONT)
        for part in ("axis", "legend", "header"):
            config.setdefault(part, {}).update(labelFontSize=TEXT_SIZE, titleFontSize=TEXT_SIZE)
        config.setdefault("text", {}).setdefault("fontSize", TEXT_SIZE)
        config.setdefault("title", {}).setdefault("fontSize", TEXT_SIZE + 1)
        config.setdefault("view", {}).setdefault("stroke", None)
        text = json.dumps(spec, sort_keys=True, default=str)
        svg = self._svg(text)
        return Chart(
            key,
            title,
            description,
            _accessible(svg, key, title, description),
            tuple(columns),
            tuple(tuple(r) for r in rows),
            text,
        )

    def png(self, chart: Chart) -> bytes:
        """The chart as a PNG image at twice its size (for print and Word), reusing an earlier render."""
        name = self._name(chart.spec, ".png")
        cached = self._cached(name)
        if cached is not None:
            return cached.read_bytes()
        image: bytes = vl_convert.vegalite_to_png(json.loads(chart.spec), scale=PNG_SCALE)
        self._store(name, image)
        return image

    def _svg(self, text: str) -> str:
        name = self._name(text, ".svg")
        cached = self._cached(name)
        if cached is not None:
            return cached.read_text(encoding="utf-8")
        svg: str = vl_convert.vegalite_to_svg(json.loads(text))
        self._store(name, svg.encode("utf-8"))
        return svg

    @staticmethod
    def _name(text: str, suffix: str) -> str:
        # The renderer's version is part of the key: another vl-convert may draw the same chart otherwise.
        return hashlib.sha256(f"{_RENDERER}\n{text}".encode()).hexdigest()[:32] + suffix

    def _cached(self, name: str) -> Path | None:
        for folder in (self.reuse, self.store):
            if folder is not None and (folder / name).exists():
                self.reused += 1
                return folder / name
        return None

    def _store(self, name: str, data: bytes) -> None:
        self.rendered += 1
        if self.store is not None:
            self.store.mkdir(parents=True, exist_ok=True)
            (self.store / name).write_bytes(data)

    def keep(self, cache: Path) -> None:
        """Move this build's new renders into `cache` for the next build to reuse."""
        if self.store is None or not self.store.exists():
            return
        cache.mkdir(parents=True, exist_ok=True)
        for drawn in sorted(self.store.glob("*.svg")) + sorted(self.store.glob("*.png")):
            drawn.replace(cache / drawn.name)


def _accessible(svg: str, key: str, title: str, description: str) -> str:
    """Name the SVG for screen readers, drop Vega's per-mark ARIA, and make its IDs unique to this chart."""
    svg = _ARIA.sub("", svg)
    svg = _ID.sub(lambda m: f'id="{key}-{m[1]}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{key}-{m[1]})", svg)
    opening = _SVG_OPEN.search(svg)
    assert opening is not None
    attributes = re.sub(r'\s(?:width|height)="[^"]*"', "", opening[1])
    width = re.search(r'\bwidth="([\d.]+)"', opening[1])
    # Never drawn smaller than 11/12 of its size: a narrow screen scrolls the chart (its figure) sideways
    # rather than shrink its text below MIN_SCREEN_TEXT px.
    smallest = math.ceil(float(width[1]) * MIN_SCREEN_TEXT / TEXT_SIZE) if width else 0
    style = f' style="max-width:{width[1]}px;min-width:{smallest}px"' if width else ""
    head = (
        f'<svg{attributes} role="img" aria-labelledby="{key}-title {key}-desc" focusable="false"{style}>'
        f'<title id="{key}-title">{escape(title)}</title><desc id="{key}-desc">{escape(description)}</desc>'
    )
    return svg[: opening.start()] + head + svg[opening.end() :]


def _data(values: Sequence[Mapping[str, object]], dates: Sequence[str] = ()) -> alt.Data:
    """Inline data, with the `dates` fields parsed as ISO dates in UTC."""
    rows = [dict(row) for row in values]
    if not dates:
        return alt.Data(values=rows)  # type: ignore[no-untyped-call]
    parse = alt.DataFormat(parse=dict.fromkeys(dates, _ISO_DATE))  # type: ignore[no-untyped-call]
    return alt.Data(values=rows, format=parse)  # type: ignore[no-untyped-call]


def _base(data: Sequence[Mapping[str, object]], dates: Sequence[str] = ()) -> alt.Chart:
    return alt.Chart(_data(data, dates))


def stacked_bars(
    data: Sequence[Mapping[str, object]],
    *,
    category: str,
    series: str,
    value: str,
    series_order: Sequence[str],
    colours: Sequence[str],
    value_title: str,
    width: int = 520,
) -> ChartSpec:
    """Horizontal stacked bars with the count written in each segment (colour is never the only cue)."""
    height = max(60, 28 * len({row[category] for row in data}))
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
            scale=alt.Scale(domain=list(series_order), range=list(colours)),
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
    bars = (
        _base(rows, dates=("start", "end"))
        .mark_bar(height=14)
        .encode(
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
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


def small_multiples(
    data: Sequence[Mapping[str, object]],
    *,
    x: str,
    x_order: Sequence[str],
    facet: str,
    facet_order: Sequence[str],
    value: str,
    columns: int = 4,
    width: int = 150,
    height: int = 80,
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
        .properties(width=width, height=height)
        .facet(facet=alt.Facet(f"{facet}:N", sort=list(facet_order), title=None), columns=columns)
        .resolve_scale(y="independent")
        .resolve_axis(x="independent")
    )
    return chart

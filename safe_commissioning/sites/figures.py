"""What a chart is before it is drawn: a `Drawing` (which drawing function, with which data) and the house style.

`charts` looks a drawing up by its name and only on a miss asks `drawings` for its Vega-Lite
specification, so this module imports neither Altair nor vl-convert.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Final

RAG_COLOURS = {"Red": "#b4232a", "Amber": "#b25e00", "Green": "#2e7d32"}
SERIES_COLOURS = ("#1f4e79", "#7a9cc6", "#8c564b", "#5f6b2f")
FONT = "Roboto, Helvetica, Arial, sans-serif"
# No chart text under 12 px as drawn; the page never shows a chart below 11/12 of its size (see _accessible),
# so on any screen its text is at least MIN_SCREEN_TEXT px.
TEXT_SIZE = 12
# A phone's content width (375 px less the page's margins): each chart is drawn a second time to fit it,
# its text at full size, and the page shows that drawing on a phone (see charts.ChartRenderer.render).
PHONE_WIDTH = 343
# The room each kind of drawing takes beside its plot on a phone (axis labels, titles, padding): the first
# guess at a phone drawing's plot width, corrected by drawing again only when far out.
PHONE_AXIS_ROOM = {"stacked_bars": 150, "percent_bars": 150, "timeline": 95}  # labels beside the bars (IDs: timeline)
PHONE_AXIS_ROOM_OTHERWISE = 85  # a value axis only (vertical bars, lines, small multiples)

# Dates reach Vega as ISO `YYYY-MM-DD` text, which JavaScript reads as UTC midnight, but a plain
# time scale puts its ticks on local midnights and formats dates in local time: the time zone of
# the process running vl-convert. The same workbook drew different charts in London, Los Angeles
# and Kiritimati, month ticks up to 14 hours away from the bars' dates, and west of Greenwich
# Vega's mark labels named a 31 March end date "Mar 30". So every date is parsed, floored to its
# day, scaled and formatted in UTC: a contract ending 31 March 2025 is drawn at 31 March 2025
# wherever it is built.
DAY: Final = "utcyearmonthdate"
ISO_DATE: Final = "utc:'%Y-%m-%d'"


@dataclass(frozen=True)
class Drawing:
    """A chart before it is drawn: the drawing function (in `drawings`) and its data and options."""

    kind: str
    arguments: Mapping[str, Any] = field(default_factory=dict)
    phone: int = 0  # drawn for a phone with this plot width (see drawings.for_phone); 0: as designed

    @property
    def name(self) -> str:
        """What identifies its render: the drawing and the versions of everything that draws it."""
        what: dict[str, Any] = {"kind": self.kind, "arguments": self.arguments}
        if self.phone:
            what["phone"] = self.phone
        text = json.dumps(what, sort_keys=True, default=str)
        return hashlib.sha256(f"{_drawn_by()}\n{text}".encode()).hexdigest()[:32]

    def for_phone(self, plot_width: int) -> Drawing:
        """The same chart drawn for a phone, its plot `plot_width` px wide (a timeline's bars named by their
        `short` label: a contract's ID without its title, which the table beside the chart gives)."""
        arguments = self.arguments
        if self.kind == "timeline":
            data = [{**row, "label": row.get("short", row["label"])} for row in arguments["data"]]
            arguments = {**arguments, "data": data}
        return Drawing(self.kind, arguments, plot_width)

    @property
    def phone_name(self) -> str:
        """What identifies its drawing for a phone, whatever plot width that took: only what the phone shows."""
        return self.for_phone(-1).name


def stacked_bars(data: Sequence[Mapping[str, object]], **options: Any) -> Drawing:
    """Horizontal stacked bars with the count written in each segment (see drawings.stacked_bars)."""
    return Drawing("stacked_bars", {"data": list(data), **options})


def percent_bars(data: Sequence[Mapping[str, object]], **options: Any) -> Drawing:
    """Horizontal bars of percentages, labelled (see drawings.percent_bars)."""
    return Drawing("percent_bars", {"data": list(data), **options})


def grouped_bars(data: Sequence[Mapping[str, object]], **options: Any) -> Drawing:
    """Vertical bars side by side per category, labelled (see drawings.grouped_bars)."""
    return Drawing("grouped_bars", {"data": list(data), **options})


def timeline(data: Sequence[Mapping[str, object]], **options: Any) -> Drawing:
    """Contract terms as bars against time, with the report date marked (see drawings.timeline)."""
    return Drawing("timeline", {"data": list(data), **options})


def line(data: Sequence[Mapping[str, object]], **options: Any) -> Drawing:
    """Lines with points over time (see drawings.line)."""
    return Drawing("line", {"data": list(data), **options})


def small_multiples(data: Sequence[Mapping[str, object]], **options: Any) -> Drawing:
    """A small line chart per figure (see drawings.small_multiples)."""
    return Drawing("small_multiples", {"data": list(data), **options})


@cache
def _drawn_by() -> str:
    """The versions of the code that draws: vl-convert, Altair, the drawing functions and the phone fitting."""

    def installed(package: str) -> str:
        try:
            return version(package)
        except PackageNotFoundError:
            return "unknown"

    here = Path(__file__)
    # the specifications, and how a chart is fitted to a phone (here and in charts)
    code = b"".join(here.with_name(module).read_bytes() for module in ("drawings.py", "charts.py", "figures.py"))
    drawings = hashlib.sha256(code).hexdigest()[:16]
    return f"vl-convert {installed('vl-convert-python')}; altair {installed('altair')}; drawings {drawings}"

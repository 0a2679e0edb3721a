"""Charts: Vega-Lite drawings rendered at build time to inline, accessible SVG.

Rendering happens here (vl-convert, no browser, no JavaScript on the page), so charts work
offline, print, and come out byte-identical from the same data. Each SVG is given a title and
a description for screen readers; the page puts the chart's numbers in a table beside it.

A chart is named by its `Drawing`: which drawing function, with which data and options. Renders
are cached by that name (with the versions of the code that draws): an unchanged chart is never
redrawn, and a build whose charts are all cached imports neither Altair nor vl-convert, which
are most of the package's start-up time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from safe_commissioning.sites.figures import PHONE_AXIS_ROOM, PHONE_AXIS_ROOM_OTHERWISE, PHONE_WIDTH, TEXT_SIZE, Drawing

MIN_SCREEN_TEXT = 11  # the page never shows a chart below 11/12 of its size (see _accessible)
_ID = re.compile(r'\bid="([^"]+)"')
_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')
_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_SVG_WIDTH = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"')
PHONE_SLACK = 90  # px: a phone chart this much narrower than the screen is drawn again, wider
# A phone chart up to this wide fits: the page may show it at 11/12 of its size (its text at 11 px, see _accessible)
PHONE_MOST = math.floor(PHONE_WIDTH * TEXT_SIZE / MIN_SCREEN_TEXT)
PHONE_TRIES = 3
PNG_SCALE = 2  # pixels per SVG unit: sharp when printed, small enough for a committee system's upload


@dataclass(frozen=True)
class Chart:
    """A rendered chart: inline SVG plus the table of its numbers."""

    key: str
    title: str
    description: str
    svg: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    drawing: Drawing | None = None  # what it was drawn from, to draw it again as an image
    drawn_svg: str = ""  # the SVG as vl-convert drew it, before it was made accessible: the image's source
    phone_svg: str = ""  # the same chart drawn to fit a phone's width (figures.PHONE_WIDTH), made accessible


class ChartRenderer:
    """Turns drawings into accessible SVG, reusing earlier renders where it can.

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
        drawing: Drawing,
        title: str,
        description: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[object]],
    ) -> Chart:
        """Render `drawing` with `title` and `description` for assistive technology."""
        shown, drawn, phone = self._drawings(key, drawing, title, description)
        return Chart(
            key, title, description, shown, tuple(columns), tuple(tuple(r) for r in rows), drawing, drawn, phone
        )

    def drawn(self, charts: Mapping[str, Chart | None]) -> dict[str, Chart | None]:
        """`charts` (`ChartSlots`') drawn: each the same chart, with its drawings."""
        return {
            name: self.render(c.key, c.drawing, c.title, c.description, c.columns, c.rows) if c and c.drawing else c
            for name, c in charts.items()
        }

    def _drawings(self, key: str, drawing: Drawing, title: str, description: str) -> tuple[str, str, str]:
        """The screen's drawing as shown and as drawn, and the phone's as shown."""
        svg = self._svg(drawing.name + ".svg", drawing)
        phone = self._phone_svg(drawing)
        return (
            _accessible(svg, key, title, description),
            svg,
            _accessible(phone, f"{key}-phone", title, description),
        )

    def _svg(self, name: str, drawing: Drawing) -> str:
        cached = self._cached(name)
        if cached is not None:
            return cached.read_text(encoding="utf-8")
        import vl_convert

        svg: str = vl_convert.vegalite_to_svg(_specification(drawing))
        self._store(name, svg.encode("utf-8"))
        return svg

    def _phone_svg(self, drawing: Drawing) -> str:
        """`drawing` drawn to fit a phone's width (kept under one name).

        A chart's axis labels, titles and padding take a width that depends on its labels, so the plot
        is drawn at a guess and, only if that is too wide or far too narrow, again with the difference."""
        name = drawing.phone_name + "-phone.svg"
        cached = self._cached(name)
        if cached is not None:
            return cached.read_text(encoding="utf-8")
        import vl_convert

        plot, tried = PHONE_WIDTH - PHONE_AXIS_ROOM.get(drawing.kind, PHONE_AXIS_ROOM_OTHERWISE), []
        for _ in range(PHONE_TRIES):
            svg: str = vl_convert.vegalite_to_svg(_specification(drawing.for_phone(plot)))
            width = _SVG_WIDTH.search(svg)
            drawn = float(width[1]) if width else PHONE_WIDTH
            if PHONE_WIDTH - PHONE_SLACK <= drawn <= PHONE_MOST:  # most charts: the first try
                break
            tried.append((plot, drawn))
            # How much the drawing grows with its plot: 1 px a px, or less (small multiples share it out)
            (plot_before, drawn_before), (plot_now, drawn_now) = tried[-2:] if len(tried) > 1 else (tried[0], tried[0])
            slope = (drawn_now - drawn_before) / (plot_now - plot_before) if plot_now != plot_before else 1.0
            plot = max(PHONE_SLACK, plot + math.floor((PHONE_WIDTH - drawn) / max(slope, 0.25)))
        self._store(name, svg.encode("utf-8"))
        return svg

    def png(self, chart: Chart) -> bytes:
        """The chart as a PNG image at twice its size (for print and Word), reusing an earlier render."""
        if chart.drawing is None:
            raise ValueError(f"chart {chart.key} has no drawing to render as an image")
        name = chart.drawing.name + ".png"
        cached = self._cached(name)
        if cached is not None:
            return cached.read_bytes()
        import vl_convert

        # From the SVG already drawn: the same picture in half the time of drawing it again
        image: bytes = (
            vl_convert.svg_to_png(chart.drawn_svg, scale=PNG_SCALE)
            if chart.drawn_svg
            else vl_convert.vegalite_to_png(_specification(chart.drawing), scale=PNG_SCALE)
        )
        self._store(name, image)
        return image

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


class ChartSlots(ChartRenderer):
    """Charts as they will be, but with a slot where each drawing goes: so the pages that show them can be made,
    and the engine run, while the drawings are made elsewhere (a cold build's chart helper); `filled` then
    gives each slot's drawing. Every other part of a chart (its title, description, table) is as drawn."""

    def _drawings(self, key: str, drawing: Drawing, title: str, description: str) -> tuple[str, str, str]:
        """`drawing` named, not drawn: a slot for its screen's drawing and one for its phone's."""
        return _slot(key), "", _slot(key, "phone")


def filled(charts: Mapping[str, Chart | None]) -> dict[str, str]:
    """Each slot `ChartSlots` left (slot → drawing), from the same charts drawn."""
    slots = {}
    for chart in charts.values():
        if chart is not None:
            slots[_slot(chart.key)] = chart.svg
            slots[_slot(chart.key, "phone")] = chart.phone_svg
    return slots


def _slot(key: str, screen: str = "wide") -> str:
    return f"<!--scslot7chart {key} {screen}-->"


def _specification(drawing: Drawing) -> dict[str, Any]:
    from safe_commissioning.sites.drawings import specification  # Altair: only when a chart has to be drawn

    return specification(drawing)


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

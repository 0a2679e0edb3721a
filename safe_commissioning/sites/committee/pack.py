"""What the committee pack is made of: numbered sections of paragraphs, tables and figures.

The pack (see `report`) is gathered once as these blocks; the Word document (`word`) and the
print-ready page lay out the same `Pack`. This module also numbers the main report as committee
reports are numbered, and holds the few phrases every section writes the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from safe_commissioning.history.changes import Changes
from safe_commissioning.rules.attention import Action
from safe_commissioning.sites.charts import Chart
from safe_commissioning.words import capitalised, long_date, plural


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph of the main report ("2.1"), or plain text where `number` is empty."""

    text: str
    number: str = ""
    bullets: tuple[str, ...] = ()  # a list that follows the text
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class Table:
    """A table with its caption ("Table 5.1: …"); `numeric` columns are aligned right."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class Figure:
    """A chart, drawn as an image with its text alternative, followed by the table of its numbers."""

    number: str  # "Figure 2.1"
    chart: Chart
    kind: ClassVar[str] = "figure"

    @property
    def table(self) -> Table:
        """The chart's numbers."""
        rows = tuple(tuple("" if value is None else str(value) for value in row) for row in self.chart.rows)
        numeric = frozenset(
            index
            for index in range(1, len(self.chart.columns))
            if all(_is_number(row[index]) for row in rows if row[index])
        )
        return Table(f"The numbers behind {self.number.lower()}", self.chart.columns, rows, numeric)


Block = Paragraph | Table | Figure

# A list longer than this is summarised in the main report, and given in full in an appendix.
LIST_LIMIT = 25


@dataclass(frozen=True)
class Long:
    """A list too long for the main report: its summary there, and the whole table in an appendix of its own.

    `full.caption` names the appendix: "every red contract" becomes "Appendix 2: every red contract".
    """

    summary: tuple[Paragraph | Table, ...]
    full: Table


Part = Paragraph | Table | Long | str  # what a section is written from; a string is a chart's key


@dataclass(frozen=True)
class Section:
    """One heading and what follows it; `number` is set for the main report's sections."""

    title: str
    anchor: str
    blocks: tuple[Block, ...]
    number: str = ""

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(frozen=True)
class HeaderRow:
    """One row of the header block: a labelled value on the left, another on the right."""

    label: str
    value: str
    right_label: str = ""
    right_value: str = ""


@dataclass(frozen=True)
class Previously:
    """The figures of the last report (an earlier build's data), for the change since last quarter.

    `headlines` holds the dashboard's headline values by key (`red`), as `build.json` records them;
    `rag_changes` the contracts whose rating moved: (contract, title, rating then, rating now).
    """

    report_date: date | None
    headlines: Mapping[str, str]
    rag_changes: tuple[tuple[str, str, str, str], ...] = ()


def previously(changes: Changes | None) -> Previously | None:
    """The last report's figures from the What changed comparison, when the build has a baseline."""
    if changes is None:
        return None
    return Previously(
        changes.baseline.report_date,
        dict(changes.baseline.headlines),
        tuple((c.contract_id, c.title, c.before, c.after) for c in changes.rag),
    )


@dataclass(frozen=True)
class Pack:
    """Everything the committee pack says, in order."""

    file_name: str  # committee-pack-2024-09-30.docx
    title: str  # the subject
    classification: str
    report_date: date
    organisation: str
    author: str
    header: tuple[HeaderRow, ...]
    sections: tuple[Section, ...]  # Summary, Recommendation, then the main report
    appendices: tuple[Section, ...]
    charts: tuple[str, ...] = field(default=())  # keys of the charts drawn in it

    @property
    def headings(self) -> list[str]:
        """Every section heading in order, appendices last."""
        return [s.heading for s in (*self.sections, *self.appendices)]


def pack_file_name(report_date: date) -> str:
    """`committee-pack-2024-09-30.docx`."""
    return f"committee-pack-{report_date.isoformat()}.docx"


class Numbered:
    """Numbers the main report's sections, paragraphs, tables and figures as committee reports do: 5.8."""

    def __init__(self, drawn: Mapping[str, Chart | None]) -> None:
        self.drawn = drawn
        self.count = 0
        self.appendices: list[Section] = []  # the long lists' appendices, numbered from 2

    def section(self, title: str, anchor: str, parts: Sequence[Part]) -> Section:
        self.count += 1
        number = str(self.count)
        blocks: list[Block] = []
        paragraphs = tables = figures = 0
        for part in _placed(parts, self.appendices):
            if isinstance(part, Paragraph):
                paragraphs += 1
                blocks.append(Paragraph(part.text, f"{number}.{paragraphs}", part.bullets))
            elif isinstance(part, Table):
                tables += 1
                blocks.append(Table(f"Table {number}.{tables}: {part.caption}", part.columns, part.rows, part.numeric))
            else:  # a chart's key
                chart = self.drawn.get(part)
                if chart is not None:
                    figures += 1
                    blocks.append(Figure(f"Figure {number}.{figures}", chart))
        return Section(title, anchor, tuple(blocks), number)


def _placed(parts: Sequence[Part], appendices: list[Section]) -> list[Paragraph | Table | str]:
    """The parts with each long list's summary in its place, and the list itself added to `appendices`."""
    placed: list[Paragraph | Table | str] = []
    for part in parts:
        if not isinstance(part, Long):
            placed.append(part)
            continue
        number = len(appendices) + 2  # Appendix 1 is the methodology
        name = f"Appendix {number}"
        full = part.full
        table = Table(f"Table A{number}: {capitalised(full.caption)}", full.columns, full.rows, full.numeric)
        appendices.append(Section(f"{name}: {full.caption}", f"appendix-{number}", (table,)))
        placed.extend(part.summary)
        placed.append(Paragraph(f"{name} lists {full.caption}: {plural(len(full.rows), 'row')}."))
    return placed


def _is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()


def was_before(before: Previously | None, key: str, now: str) -> str:
    """` (4 on 30 Jun 2024)` when the last report gave a different figure (a headline's key), else nothing."""
    if before is None or before.headlines.get(key, now) == now:
        return ""
    when = f"on {long_date(before.report_date)}" if before.report_date else "at the last report"
    return f" ({before.headlines[key]} {when})"


def latest_words(action: Action) -> str:
    """The latest action logged about an item, for a table cell: `2 Oct 2024, J. Smith: … Next review 16 Oct 2024.`"""
    entry = action.latest
    if entry is None:
        return "None logged"
    by = f", {entry.by}" if entry.by else ""
    review = f" Next review {long_date(entry.next_review)}." if entry.next_review else ""
    return f"{long_date(entry.taken_on)}{by}: {entry.action_taken}{review}"

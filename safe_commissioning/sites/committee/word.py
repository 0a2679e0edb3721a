"""Write the committee pack as a Word document: A4, the classification in every page's header and footer.

Reproducible: the same pack gives the same bytes. The document's properties are fixed (created and
modified on the report date, revision 1) and the zip is written again with every entry dated the
report date, since python-docx stamps each entry with the time of saving.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime, time
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from safe_commissioning.opendata.zips import without_clock
from safe_commissioning.sites.committee.pack import Figure, Pack, Paragraph, Section, Table
from safe_commissioning.words import shortened

FONT = "Arial"  # what councils' committee templates use
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
IMAGE_WIDTH = Mm(160)
HEADER_FILL = "D9DEEA"
# The longest text a document property holds: python-docx refuses more, as Word's Properties dialog does.
# The header and footer show the classification no longer than that either, so a marking pasted in at
# length cannot push the body off the page; the header block on page 1 shows it whole.
MAX_PROPERTY_LENGTH = 255


def write_pack(pack: Pack, images: Mapping[str, bytes], path: Path) -> None:
    """Write `pack` to `path` as a .docx; `images` holds each chart's PNG by chart key."""
    document = Document()
    _page_setup(document, pack)
    _styles(document)
    _properties(document, pack)
    _header_block(document, pack)
    for section in pack.sections:
        _section(document, section, images)
    document.add_paragraph("Appendices", style="Heading 1")
    for appendix in pack.appendices:
        document.add_paragraph(appendix.title)
    if pack.author:
        _paragraph(document, pack.author).runs[0].bold = True
    for appendix in pack.appendices:
        document.add_page_break()  # type: ignore[no-untyped-call]
        _section(document, appendix, images)
    buffer = io.BytesIO()
    document.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(without_clock(buffer.getvalue(), pack.report_date))


def _page_setup(document: DocumentObject, pack: Pack) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking = header.add_run(shortened(pack.classification, MAX_PROPERTY_LENGTH))
    marking.bold = True
    # The footer: the subject and date on the left, the classification in the middle, the page on the right.
    footer = section.footer.paragraphs[0]
    footer.paragraph_format.tab_stops.add_tab_stop(Length(TEXT_WIDTH // 2), WD_TAB_ALIGNMENT.CENTER)
    footer.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run(f"Committee pack {pack.report_date.isoformat()}\t")
    footer.add_run(shortened(pack.classification, MAX_PROPERTY_LENGTH)).bold = True
    footer.add_run("\tPage ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A Word field (page number, page count) that Word and LibreOffice fill in when laying out."""
    run = paragraph.add_run()
    begin, text, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _styles(document: DocumentObject) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    properties = normal.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    properties.append(language)
    for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Title", 18)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x1F, 0x2A, 0x44)
        rfonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
        if rfonts is not None:  # the template's headings name their own theme fonts
            for attribute in list(rfonts.attrib):
                del rfonts.attrib[attribute]
            for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                rfonts.set(qn(attribute), FONT)
    footer = styles["Footer"]
    footer.font.name = FONT
    footer.font.size = Pt(8)  # the page number fields take the style's size
    caption = styles["Caption"]
    caption.font.name = FONT
    caption.font.size = Pt(9)
    caption.font.bold = True
    caption.font.color.rgb = RGBColor(0x22, 0x22, 0x22)


def _properties(document: DocumentObject, pack: Pack) -> None:
    """Fixed document properties, so two builds of the same report date give the same file.

    Each text is cut to MAX_PROPERTY_LENGTH with an ellipsis: a long setting must not stop the build.
    """
    moment = datetime.combine(pack.report_date, time(), UTC)
    properties = document.core_properties
    texts = {
        "title": f"{pack.title}: position on {pack.report_date.isoformat()}",
        "subject": "Committee pack",
        "author": pack.author or pack.organisation,
        "last_modified_by": pack.author or pack.organisation,
        "category": pack.classification,
        "keywords": f"safe commissioning; {pack.classification}",
        "comments": f"Built from the commissioning workbook as of {pack.report_date.isoformat()}.",
        "language": "en-GB",
    }
    for name, text in texts.items():
        setattr(properties, name, shortened(text, MAX_PROPERTY_LENGTH))
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment
    properties.revision = 1


def _header_block(document: DocumentObject, pack: Pack) -> None:
    """The committee report's opening table: committee and date, subject and classification, report of, author."""
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for row in pack.header:
        cells = table.add_row().cells
        for cell, label, value in ((cells[0], row.label, row.value), (cells[1], row.right_label, row.right_value)):
            paragraph = cell.paragraphs[0]
            if label:
                paragraph.add_run(label).bold = True
                paragraph = cell.add_paragraph()
            paragraph.add_run(value)
        _keep_row(table.rows[-1]._tr, header=False)
    left = TEXT_WIDTH * 2 // 3
    _widths(table, (Length(left - left % TWIP), Length((TEXT_WIDTH - left) - (TEXT_WIDTH - left) % TWIP)))
    document.add_paragraph()


def _section(document: DocumentObject, section: Section, images: Mapping[str, bytes]) -> None:
    document.add_paragraph(section.heading, style="Heading 1")
    for block in section.blocks:
        if isinstance(block, Paragraph):
            _numbered(document, block)
        elif isinstance(block, Table):
            _table(document, block)
        else:
            _figure(document, block, images)


def _paragraph(document: DocumentObject, text: str) -> DocxParagraph:
    paragraph = document.add_paragraph()
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        if index:
            run.add_break()
    return paragraph


def _numbered(document: DocumentObject, block: Paragraph) -> None:
    paragraph = document.add_paragraph()
    if block.number:
        paragraph.paragraph_format.left_indent = Mm(12)
        paragraph.paragraph_format.first_line_indent = Mm(-12)
        paragraph.add_run(f"{block.number}\t")
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(12))
    paragraph.add_run(block.text)
    for item in block.bullets:
        bullet = document.add_paragraph(item, style="List Bullet")
        if block.number:
            bullet.paragraph_format.left_indent = Mm(18)


def _table(document: DocumentObject, block: Table) -> None:
    caption = document.add_paragraph(block.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = 9 if len(block.columns) <= 3 else 8.5
    widths = _column_widths(block, size)
    for index, (cell, name) in enumerate(zip(table.rows[0].cells, block.columns, strict=True)):
        run = cell.paragraphs[0].add_run(name)
        run.bold = True
        run.font.size = Pt(size)
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
        _shade(cell._tc, HEADER_FILL)
        if index in block.numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _keep_row(table.rows[0]._tr, header=True)
    # The body rows as WordprocessingML in one piece: python-docx's object per cell, paragraph and run
    # took most of the pack's time on a large workbook. The same markup it would write.
    rows = "".join(_row_xml(values, block.numeric, widths, size) for values in block.rows)
    if rows:
        for row in parse_xml(f"<w:tbl {nsdecls('w')}>{rows}</w:tbl>"):
            table._tbl.append(row)
    _widths(table, widths)
    document.add_paragraph()


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _row_xml(values: Sequence[str], numeric: Collection[int], widths: Sequence[Length], size: float) -> str:
    """One table row: each cell fixed to its width, each line a paragraph, numbers right-aligned, never split."""
    half_points = round(size * 2)
    cells = []
    for index, (value, width) in enumerate(zip(values, widths, strict=True)):
        align = '<w:jc w:val="right"/>' if index in numeric else ""
        paragraphs = "".join(
            f'<w:p><w:pPr><w:spacing w:after="0"/>{align}</w:pPr><w:r><w:rPr><w:sz w:val="{half_points}"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(_NOT_XML.sub("", line))}</w:t></w:r></w:p>'
            for line in value.split("\n")
        )
        cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{width.twips}" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>')
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>"


def _figure(document: DocumentObject, figure: Figure, images: Mapping[str, bytes]) -> None:
    chart = figure.chart
    caption = document.add_paragraph(f"{figure.number}: {chart.title}", style="Caption")
    caption.paragraph_format.keep_with_next = True
    image = images.get(chart.key)
    if image is not None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = paragraph.add_run().add_picture(io.BytesIO(image), width=IMAGE_WIDTH)
        # The picture's alternative text, as Word's "Alt Text" pane writes it.
        properties = shape._inline.docPr
        properties.set("descr", chart.description)
        properties.set("title", chart.title)
    _table(document, figure.table)


def _keep_row(row: object, *, header: bool) -> None:
    """Never split a row across pages; repeat the header row at the top of each page."""
    properties = row.get_or_add_trPr()  # type: ignore[attr-defined]
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _shade(cell: object, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]


def _widths(table: DocxTable, widths: Sequence[Length]) -> None:
    """Each column's width: in the grid (LibreOffice reads it) and in every cell (Word does).

    Autofit stays on, so Word may widen a column for a word that does not fit rather than break it;
    the widths already give every column its longest word, and add up to no more than the text width.
    """
    table.autofit = True
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, width in zip(table.rows[0].cells, widths, strict=True):  # the body rows are written with theirs
        cell.width = width


# How wide Arial sets each letter, in ems, roughly (bold about a tenth wider); any other letter: AVERAGE.
NARROW, WIDE, CAPITALS, AVERAGE = "ijlft.,;:!|'()[] ", "mwMW@%", "ABCDEFGHKNOPQRSTUVXYZ", 0.56
# Where a line may break: at a space, or after a hyphen between letters ("self-|assessment").
BREAKS = re.compile(r"\s+|(?<=[A-Za-z]-)(?=[A-Za-z])")
TWIP = 635  # EMU: a twentieth of a point, the unit Word stores widths in
CELL_PADDING = Mm(4.5)  # Table Grid's left and right cell margins, with a little to spare
LONGEST_LINE = 60  # a column wants no more room than a line this long
SHORT_LINE = "30 Sept 2024"  # a column whose lines are no longer than this keeps them whole


def _text_width(text: str, size: float, *, bold: bool = False) -> int:
    """The width in EMU of `text` in Arial at `size` points, with the cell's margins."""
    return int(_ems(text) * (1.1 if bold else 1.02) * size * Pt(1)) + CELL_PADDING


@functools.lru_cache(maxsize=65536)  # a long list repeats its words and phrases
def _ems(text: str) -> float:
    return sum(0.3 if c in NARROW else 0.86 if c in WIDE else 0.7 if c in CAPITALS else AVERAGE for c in text)


def _longest(texts: Sequence[str], size: float, bold: bool = False) -> int:
    return max((_text_width(text, size, bold=bold) for text in texts), default=CELL_PADDING)


def _column_widths(block: Table, size: float) -> list[Length]:
    """Widths from what each column holds, within the text width: never narrower than its longest word.

    Each column first gets its longest word (the header's included); what is left of the text width goes
    to the columns whose lines are longer than that, in proportion to how much text they hold, each up to
    its longest line, so dates and counts stay narrow and text gets the room. A table of more than two
    columns fills the width. Only words too long for the page between them are squeezed.
    """
    lines = [
        [line for value in (row[index] for row in block.rows) for line in value.split("\n")]
        for index in range(len(block.columns))
    ]
    widths = [
        max(
            _longest(BREAKS.split(name), size, bold=True),
            _longest([word for line in column for word in BREAKS.split(line)], size),
        )
        for name, column in zip(block.columns, lines, strict=True)
    ]
    wanted = [
        max(width, _longest([name, *(line[:LONGEST_LINE] for line in column)], size))
        for width, name, column in zip(widths, block.columns, lines, strict=True)
    ]
    short = _text_width(SHORT_LINE, size)  # a date or a count is kept on one line
    widths = [want if want <= short else width for width, want in zip(widths, wanted, strict=True)]
    room = int(TEXT_WIDTH)
    if sum(widths) >= room:
        widths = [room * width // sum(widths) for width in widths]
        return [Length(width - width % TWIP) for width in widths]
    lines = [[name, *column] for name, column in zip(block.columns, lines, strict=True)]
    text = [sum(len(line) for line in column) / len(column) for column in lines]
    while (left := room - sum(widths)) > len(widths) and any(w < want for w, want in zip(widths, wanted, strict=True)):
        growing = [i for i, (w, want) in enumerate(zip(widths, wanted, strict=True)) if w < want]
        share = sum(text[i] for i in growing) or len(growing)
        for i in growing:
            widths[i] = min(wanted[i], widths[i] + int(left * (text[i] or 1) / share))
    if len(block.columns) > 2 and (left := room - sum(widths)) > 0:  # a wide table fills the width
        widths = [width + left * width // sum(widths) for width in widths]
    return [Length(width - width % TWIP) for width in widths]  # whole twips, as Word stores them

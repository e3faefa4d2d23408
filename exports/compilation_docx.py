"""The compilation of amendments (exports.compilation) as a Word document: for each
paragraph a table of two columns, as parliaments' amendment sheets are laid out, the text
of the revision on the left and each amendment to it on the right (its label in bold, its
facts, then its redline).

The redline is formatting, underlined insertions and struck-through deletions in the
delegation's words, not Word tracked changes (`w:ins`/`w:del`): the amendments to one
paragraph are alternatives, each written on its own base text, and the closed ones
(rejected, withdrawn, incorporated) are shown for the record. "Accept all" on such a sheet
would apply them all at once to copies of the text, which no one means; a delegate who
wants to accept or reject changes has the draft with its pending amendments as tracked
changes (`?amendments=pending`). Formatting also reads the same in every word processor
and prints as the PDF does.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from drafting.labels import own_marker
from exports.compilation import (
    Compilation,
    CompiledAmendment,
    CompiledParagraph,
    amendment_facts,
    none_line,
    paragraph_heading,
)
from exports.compilation_html import LEGEND
from exports.docx import FONT, xml_safe
from exports.text import one_line

INSERTED = RGBColor(0x00, 0x66, 0x44)
DELETED = RGBColor(0xAA, 0x00, 0x00)


def _text(text: str) -> str:
    return one_line(xml_safe(text))


def _new_document(compilation: Compilation):
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    style.paragraph_format.space_after = Pt(0)
    core = document.core_properties
    core.title = _text(f"{compilation.symbol}: Compilation of amendments")[:255]
    core.author = core.last_modified_by = "Plenary"
    core.subject = _text(compilation.symbol)[:255]
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = _text(compilation.symbol)
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return document


def _heading(document, compilation: Compilation) -> None:
    paragraph = document.add_paragraph()
    lines = [_text(line) for line in compilation.heading_lines]
    for n, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = n < 3
        if n < len(lines) - 1:
            run.add_break()
    legend = document.add_paragraph()
    legend.paragraph_format.space_before = Pt(12)
    legend.paragraph_format.space_after = Pt(12)
    _redline_run(legend, "Inserted", "+")
    legend.add_run(" ")
    _redline_run(legend, "Deleted", "-")
    legend.add_run(f" {LEGEND}")


def _redline_run(paragraph, text: str, op: str):
    run = paragraph.add_run(xml_safe(text))
    if op == "+":
        run.font.underline = True
        run.font.color.rgb = INSERTED
    elif op == "-":
        run.font.strike = True
        run.font.color.rgb = DELETED
    return run


def _repeat_header(row) -> None:
    """The header row is repeated on each page a long table runs over."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _amendment(cell, amendment: CompiledAmendment, first: bool) -> None:
    label = cell.paragraphs[0] if first else cell.add_paragraph()
    if not first:
        label.paragraph_format.space_before = Pt(9)
    label.add_run(_text(amendment.label)).bold = True
    for line in amendment_facts(amendment):
        fact = cell.add_paragraph()
        fact.add_run(_text(line)).font.size = Pt(9)
    redline = cell.add_paragraph()
    redline.paragraph_format.space_before = Pt(3)
    for run in amendment.runs:
        _redline_run(redline, run.text, run.op)


def _sheet(document, compilation: Compilation, paragraph: CompiledParagraph) -> None:
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_header(header)
    for cell, words in zip(header.cells, (paragraph_heading(paragraph), "Amendments"),
                           strict=True):
        cell.paragraphs[0].add_run(_text(words)).bold = True
    text_cell, amendments_cell = table.rows[1].cells
    marker = own_marker(paragraph.level, paragraph.marker)
    text_cell.paragraphs[0].add_run(_text(f"{marker} {paragraph.text}" if marker
                                          else paragraph.text))
    for n, amendment in enumerate(paragraph.amendments):
        _amendment(amendments_cell, amendment, n == 0)
    if not paragraph.amendments:
        amendments_cell.paragraphs[0].add_run(none_line(compilation)).italic = True
    document.add_paragraph()  # a table's end: Word joins tables that touch


def render_compilation_docx(compilation: Compilation) -> bytes:
    document = _new_document(compilation)
    _heading(document, compilation)
    for paragraph in compilation.paragraphs:
        _sheet(document, compilation, paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

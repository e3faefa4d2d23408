"""Word (.docx) renderings of a decision, a journal of the day and a draft.

The words are those of the plain-text export (exports.text, exports.journal and
exports.wording compose them; nothing is worded here): a Word document adds only the
layout of the reference (MC.DEC/7/17): the header block, bold headings, the number and
title centred, the preambular openings in italics, the operative paragraphs with hanging
markers and (a)/(b) indented. An issued document is cut into sections (the decision, each
attachment; a journal's record, each annex, each appended decision), each on a new page
with pages counted from 1: nothing above its first page, "- PAGE -" and the symbol, date
and label above the others. A draft has its symbol in the page footer.

A redlined draft carries real Word tracked changes: each inserted run a `w:ins`, each
deleted run a `w:del` with `w:delText`, attributed to the delegation that proposed it (or
the Chairmanship), so that Word or LibreOffice can accept or reject each change.
python-docx cannot write them, so they are built here with its element API.

User text never becomes XML by concatenation: every text goes through python-docx or lxml
element APIs after the characters XML 1.0 cannot carry have been removed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from itertools import count

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from exports.document import DecisionDocument, DocParagraph, DocStatement
from exports.draft_document import DraftDocument, DraftParagraph, Run
from exports.draft_text import ANNEX_NOTE, annex_heading, listed_line
from exports.html import attachment_block, header_rows, journal_pages, preambular_opening
from exports.journal import FIRST_BOLD, HEADING, JournalDocument, printed_symbol
from exports.journal import header_rows as journal_header_rows
from exports.text import (
    decision_footer_lines,
    one_line,
    paragraph_marker,
    statement_language_lines,
    statement_paragraph_texts,
)
from exports.wording import (
    author_line,
    format_date,
    heading_title,
    statement_header_lines,
)

# Characters XML 1.0 cannot carry (lxml refuses them): C0 controls but tab, newline and
# carriage return, lone surrogates, and the non-characters U+FFFE and U+FFFF.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
INDENT = Cm(1)  # per level; the marker hangs in the first centimetre
FONT = "Times New Roman"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def xml_safe(text: str) -> str:
    """The text without the characters an XML document cannot contain (tab and newline
    are kept)."""
    return _XML_INVALID.sub("", text)


def _one_line(text: str) -> str:
    return one_line(xml_safe(text))


# --- the document ------------------------------------------------------------------------


def _new_document(symbol: str, title: str):
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    style.paragraph_format.space_after = Pt(0)
    core = document.core_properties
    core.title, core.author, core.last_modified_by = _one_line(title)[:255], "Plenary", "Plenary"
    core.subject = _one_line(symbol)[:255]
    return document


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_footer(document, symbol: str) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.text = _one_line(symbol)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _lines(document, lines: list[str], *, bold: bool | int = False,
           align: WD_ALIGN_PARAGRAPH | None = None, page_break: bool = False,
           space_before: bool = True) -> Paragraph | None:
    """One Word paragraph holding `lines` broken by line breaks (a block of the txt
    export); `bold` is True, False, or the number of leading lines set in bold."""
    lines = [_one_line(line) for line in lines]
    lines = [line for line in lines if line]
    if not lines:
        return None
    bold_count = len(lines) if bold is True else int(bold)
    paragraph = document.add_paragraph()
    for n, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = n < bold_count
        if n < len(lines) - 1:
            run.add_break()
    paragraph.alignment = align
    paragraph.paragraph_format.page_break_before = page_break or None
    if space_before:
        paragraph.paragraph_format.space_before = Pt(12)
    return paragraph


# --- the OSCE layout of issued documents: header block, sections, running headers -----------


def _text_width(section):
    return section.page_width - section.left_margin - section.right_margin


def _header_block(document, rows: list[tuple[str, str]]) -> None:
    """The header block as one paragraph, a row a line: the left cell, then a tab to a
    right-aligned stop at the margin and the right cell."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.tab_stops.add_tab_stop(_text_width(document.sections[-1]),
                                                      WD_TAB_ALIGNMENT.RIGHT)
    for n, (left, right) in enumerate(rows):
        run = paragraph.add_run(f"{_one_line(left)}\t{_one_line(right)}")
        if n < len(rows) - 1:
            run.add_break()
    paragraph.paragraph_format.space_after = Pt(24)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE) as begin / instruction / separate / result / end runs."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None),
                       (None, "1"), ("end", None)):
        run = paragraph.add_run()._r
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
        elif text.strip() == instruction:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run.append(code)
        else:
            run.append(OxmlElement("w:t"))
            run[-1].text = text


def _new_section(document):
    """A section on a new page, its break carried by the last paragraph written (python-docx
    puts it in an empty paragraph of its own, which would read as a blank line)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    carrier = document.element.body.sectPr.getprevious()
    previous = carrier.getprevious()
    if (previous is not None and previous.tag == qn("w:p") and not carrier.xpath("./w:r")
            and previous.find(qn("w:pPr") + "/" + qn("w:sectPr")) is None):
        previous.get_or_add_pPr().append(carrier.pPr.sectPr)
        carrier.getparent().remove(carrier)
    return section


def _unit_section(document, running: list[str], *, first: bool) -> None:
    """Start a page group of an issued document (the decision, an attachment, a journal's
    record) in a section of its own: a new page, pages counted from 1, nothing above the
    first page, and on every later page "- 2 -" centred and `running` (symbol, date,
    label) at the right."""
    section = document.sections[-1] if first else _new_section(document)
    section.different_first_page_header_footer = True
    for part in (section.header, section.first_page_header, section.footer,
                 section.first_page_footer):
        part.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.add_run("- ")
    _field(number, "PAGE")
    number.add_run(" -")
    lines = section.header.add_paragraph()
    lines.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for n, line in enumerate(running):
        run = lines.add_run(_one_line(line))
        if n < len(running) - 1:
            run.add_break()
    properties = section._sectPr
    for old in properties.findall(qn("w:pgNumType")):
        properties.remove(old)
    restart = OxmlElement("w:pgNumType")
    restart.set(qn("w:start"), "1")
    # w:pgNumType precedes w:cols, w:titlePg and the rest in CT_SectPr's sequence.
    anchor = properties.find(qn("w:cols"))
    if anchor is not None:
        anchor.addprevious(restart)
    else:
        properties.append(restart)


def _hanging(paragraph: Paragraph, level: int) -> None:
    paragraph.paragraph_format.left_indent = INDENT * (level + 1)
    paragraph.paragraph_format.first_line_indent = -INDENT


def _doc_paragraph(document, paragraph: DocParagraph) -> None:
    p = document.add_paragraph()
    p.paragraph_format.space_before = Pt(12)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    marker = paragraph_marker(paragraph).strip()
    if marker:
        p.add_run(marker + "\t")
        _hanging(p, paragraph.level)
    elif paragraph.level:
        p.paragraph_format.left_indent = INDENT * paragraph.level
    text = _one_line(paragraph.text)
    if paragraph.kind == "preambular" and paragraph.level == 0 and text:
        # The opening participle or adjective in italics, as the PDF prints it.
        opening, text = preambular_opening(text)
        p.add_run(opening).italic = True
    if text:
        p.add_run(text)


def _statement(document, doc: DecisionDocument, statement: DocStatement, index: int) -> None:
    """An attachment in a section of its own, headed by its block (symbol, date, label)."""
    block = attachment_block(doc, index)
    _unit_section(document, block, first=False)
    _lines(document, block, align=WD_ALIGN_PARAGRAPH.RIGHT, space_before=False)
    _lines(document, statement_language_lines(statement), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _lines(document, statement_header_lines(statement.kind), bold=True,
           align=WD_ALIGN_PARAGRAPH.CENTER)
    _lines(document, [author_line(statement)])
    for text in statement_paragraph_texts(statement):
        paragraph = _lines(document, [text])
        if paragraph is not None:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _decision_body(document, doc: DecisionDocument, *, first: bool = True) -> None:
    """The decision in a section of its own (the first of the document, or a new one on a
    new page when appended to a journal), with its header block; each attachment in the
    sections that follow. The footer block (symbol, date) closes a decision without
    attachments; with them, it heads each attachment instead."""
    _unit_section(document, [doc.symbol, format_date(doc.adopted_on)], first=first)
    _header_block(document, header_rows(doc))
    _lines(document, [doc.meeting_line, doc.journal_reference], bold=1, space_before=False)
    _lines(document, [f"DECISION No. {_one_line(doc.number_label)}"], bold=True,
           align=WD_ALIGN_PARAGRAPH.CENTER)
    _lines(document, [heading_title(_one_line(doc.title))], bold=True,
           align=WD_ALIGN_PARAGRAPH.CENTER, space_before=False)
    _lines(document, [doc.enacting_formula])
    for paragraph in doc.paragraphs:
        _doc_paragraph(document, paragraph)
    if not doc.attachments:
        _lines(document, decision_footer_lines(doc))
    for index, statement in enumerate(doc.attachments, start=1):
        _statement(document, doc, statement, index)


def render_decision_docx(doc: DecisionDocument) -> bytes:
    """The decision as a Word document in the layout of the reference."""
    document = _new_document(doc.symbol, f"Decision No. {doc.number_label}: {doc.title}")
    _decision_body(document, doc)
    return _save(document)


def render_journal_docx(doc: JournalDocument) -> bytes:
    """The journal of the day in the OSCE's layout (exports.journal): its header block and
    record, each annex in a section of its own headed by its block, then each decision
    adopted at the meeting in sections of its own, with its own header block."""
    symbol = printed_symbol(doc)
    document = _new_document(symbol, symbol)
    record, *annexes = journal_pages(doc)
    _unit_section(document, [symbol, format_date(doc.day)], first=True)
    _header_block(document, journal_header_rows(doc))
    for n, (lines, style) in enumerate(record):
        _lines(document, lines, bold={HEADING: True, FIRST_BOLD: 1}.get(style, False),
               align=WD_ALIGN_PARAGRAPH.CENTER if n == 0 else None, space_before=n > 0)
    for annex in annexes:
        label, *blocks = annex
        _unit_section(document, label[0], first=False)
        _lines(document, label[0], align=WD_ALIGN_PARAGRAPH.RIGHT, space_before=False)
        for lines, style in blocks:
            _lines(document, lines, bold={HEADING: True, FIRST_BOLD: 1}.get(style, False))
    for decision in doc.appended:
        _decision_body(document, decision, first=False)
    return _save(document)


# --- drafts and tracked changes ----------------------------------------------------------


def _run_element(text: str, *, deleted: bool = False):
    """A w:r holding `text` in a w:t (or w:delText inside a deletion), spaces kept."""
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    return run


def _change(tag: str, author: str, date: str, ids: Iterator[int]):
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(next(ids)))
    element.set(qn("w:author"), author)
    element.set(qn("w:date"), date)
    return element


def _run_text(text: str) -> str:
    # A paragraph is one line: a stored newline or tab inside a run reads as a space.
    return re.sub(r"[\t\r\n]", " ", xml_safe(text))


def _tracked_runs(p: Paragraph, runs: list[Run], date: str, ids: Iterator[int]) -> None:
    for run in runs:
        text = _run_text(run.text)
        if not text:
            continue
        if run.op == "=":
            p._p.append(_run_element(text))
            continue
        author = _one_line(run.author or "") or "Chairmanship"
        change = _change("w:ins" if run.op == "+" else "w:del", author, date, ids)
        change.append(_run_element(text, deleted=run.op == "-"))
        p._p.append(change)


def _mark_paragraph(p: Paragraph, paragraph: DraftParagraph, date: str,
                    ids: Iterator[int]) -> None:
    """An inserted or deleted paragraph has its paragraph mark tracked too, so that
    rejecting the insertion (accepting the deletion) removes the paragraph itself."""
    tag = {"inserted": "w:ins", "deleted": "w:del"}.get(paragraph.status)
    authors = [r.author for r in paragraph.runs if r.op != "=" and r.author]
    if tag is None or not authors:
        return
    properties = p._p.get_or_add_pPr()
    mark = OxmlElement("w:rPr")
    mark.append(_change(tag, _one_line(authors[0]) or "Chairmanship", date, ids))
    properties.append(mark)


def _draft_marker(paragraph: DraftParagraph) -> str:
    if paragraph.marker is None:
        return ""
    return f"{paragraph.marker}." if paragraph.level == 0 else f"({paragraph.marker})"


def _draft_paragraph(document, paragraph: DraftParagraph, doc: DraftDocument, date: str,
                     ids: Iterator[int]) -> None:
    p = document.add_paragraph()
    p.paragraph_format.space_before = Pt(12)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    marker = _draft_marker(paragraph)
    if doc.mode == "amendments" and paragraph.status != "unchanged":
        # A proposal stands after the paragraph it changes, labelled with its paragraph
        # and its delegation ("OP2 (Russian Federation)"), as compilation texts show them.
        label = p.add_run(_one_line(paragraph.label))
        label.bold = True
        label.add_break()
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT  # justifying would spread the label
        p.paragraph_format.left_indent = INDENT * paragraph.level
    elif marker:
        p.add_run(marker + "\t")
        _hanging(p, paragraph.level)
    elif paragraph.level:
        p.paragraph_format.left_indent = INDENT * paragraph.level
    _tracked_runs(p, paragraph.runs, date, ids)
    _mark_paragraph(p, paragraph, date, ids)


def _draft_note(doc: DraftDocument) -> str | None:
    if doc.mode == "against" and doc.against_symbol:
        return f"Changes against {doc.against_symbol} are shown as tracked changes."
    if doc.mode == "amendments":
        return ("Pending amendments are shown as tracked changes, attributed to the "
                "delegations that proposed them; one that collides with an amendment "
                "proposed before it, or is to be rewritten, is a comment on its paragraph.")
    return None


def render_draft_docx(doc: DraftDocument) -> bytes:
    """The draft as a Word document: "DRAFT" and its symbol in the page header; a redline
    ("against" or "amendments") as tracked changes that Word can accept or reject."""
    document = _new_document(doc.symbol, doc.title)
    header = document.sections[0].header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run("DRAFT").bold = True
    header.add_run().add_break()
    header.add_run(_one_line(doc.symbol))
    _page_footer(document, doc.symbol)

    _lines(document, [doc.symbol, format_date(doc.date)], bold=1,
           space_before=False)
    _lines(document, [doc.language.upper(), f"Original: {doc.original_language.upper()}"],
           align=WD_ALIGN_PARAGRAPH.RIGHT)
    _lines(document, ["DRAFT DECISION"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _lines(document, [heading_title(_one_line(doc.title))], bold=True,
           align=WD_ALIGN_PARAGRAPH.CENTER, space_before=False)
    note = _draft_note(doc)
    if note:
        _lines(document, [note]).runs[0].italic = True
    _lines(document, [doc.enacting_formula])
    if doc.tracked is not None and doc.mode != "clean":
        from exports import docx_tracked  # built on this module's helpers

        docx_tracked.write(document, doc)
    else:  # a document built without its revisions (no tracked source): as given
        date = f"{doc.date.isoformat()}T00:00:00Z"
        ids = count(1)
        for paragraph in doc.paragraphs:
            _draft_paragraph(document, paragraph, doc, date, ids)
    if doc.listed:  # the amendments not marked in the text (exports.draft_text)
        _lines(document, [annex_heading(doc)], bold=True, page_break=True)
        _lines(document, [ANNEX_NOTE])
        for item in doc.listed:
            _lines(document, [listed_line(item)])
    return _save(document)

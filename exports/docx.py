"""Word (.docx) renderings of a decision, a journal of the day and a draft.

The words are those of the plain-text export (exports.text, exports.journal and
exports.wording compose them; nothing is worded here): a Word document adds only the
layout of the reference (MC.DEC/7/17): bold headings, the number and title centred, the
operative paragraphs with hanging markers and (a)/(b) indented, each attachment on a page
of its own, and the document's symbol in the page footer.

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
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from exports.document import DecisionDocument, DocParagraph, DocStatement
from exports.draft_document import DraftDocument, DraftParagraph, Run
from exports.draft_text import ANNEX_NOTE, annex_heading, listed_line
from exports.journal import FIRST_BOLD, HEADING, JournalDocument, record_blocks
from exports.text import (
    decision_footer_lines,
    one_line,
    paragraph_marker,
    statement_label_lines,
    statement_language_lines,
    statement_paragraph_texts,
)
from exports.wording import (
    author_line,
    document_header_lines,
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
    p.add_run(_one_line(paragraph.text))


def _statement(document, statement: DocStatement, index: int, total: int) -> None:
    label = statement_label_lines(index, total)
    first = _lines(document, label, page_break=True, space_before=False)
    _lines(document, statement_language_lines(statement), align=WD_ALIGN_PARAGRAPH.RIGHT,
           page_break=first is None, space_before=first is not None)
    _lines(document, statement_header_lines(statement.kind), bold=True,
           align=WD_ALIGN_PARAGRAPH.CENTER)
    _lines(document, [author_line(statement)])
    for text in statement_paragraph_texts(statement):
        paragraph = _lines(document, [text])
        if paragraph is not None:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _decision_body(document, doc: DecisionDocument, *, page_break: bool = False) -> None:
    meeting = _lines(document, [doc.meeting_line, doc.journal_reference], bold=1,
                     page_break=page_break, space_before=False)
    _lines(document, [f"DECISION No. {_one_line(doc.number_label)}"], bold=True,
           align=WD_ALIGN_PARAGRAPH.CENTER, page_break=page_break and meeting is None)
    _lines(document, [heading_title(_one_line(doc.title))], bold=True,
           align=WD_ALIGN_PARAGRAPH.CENTER, space_before=False)
    _lines(document, [doc.enacting_formula])
    for paragraph in doc.paragraphs:
        _doc_paragraph(document, paragraph)
    _lines(document, decision_footer_lines(doc))
    for index, statement in enumerate(doc.attachments, start=1):
        _statement(document, statement, index, len(doc.attachments))


def render_decision_docx(doc: DecisionDocument) -> bytes:
    """The decision as a Word document in the layout of the reference."""
    document = _new_document(doc.symbol, f"Decision No. {doc.number_label}: {doc.title}")
    _lines(document, document_header_lines(doc.symbol, doc.adopted_on, doc.language,
                                            doc.original_language),
           align=WD_ALIGN_PARAGRAPH.RIGHT, space_before=False)
    _decision_body(document, doc)
    _page_footer(document, doc.symbol)
    return _save(document)


def render_journal_docx(doc: JournalDocument) -> bytes:
    """The journal of the day, then each decision adopted at the meeting on a new page."""
    document = _new_document(doc.symbol, doc.symbol)
    for lines, style in record_blocks(doc):
        bold = {HEADING: True, FIRST_BOLD: 1}.get(style, False)
        _lines(document, lines, bold=bold)
    for decision in doc.appended:
        _decision_body(document, decision, page_break=True)
    _page_footer(document, doc.symbol)
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
                "delegations that proposed them.")
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

"""Word tracked changes that delegates can accept or reject (issue 11): the rows of
exports.tracked_rows written as Word XML.

One Word paragraph per paragraph of the draft, the changes in place as `w:ins`/`w:del`,
an inserted or deleted paragraph with its paragraph mark tracked too (`w:pPr/w:rPr/w:ins`
or `w:del`), its marker ("5.", "(a)") tracked with it, so that accepting every change
gives the newer text and rejecting every change the older one, word for word:

- a redline of revision M against N: each change by the delegation whose amendment the
  revision that made it incorporated (else the Chairmanship), dated with that revision's
  time; a moved paragraph is deleted where it stood and inserted where it stands;
- the pending amendments: applied one after the other in the order proposed (their ids),
  with drafting.revisions.apply_amendment, as a revised text would apply them; each that
  applies is marked in place, by its delegation, dated when it was proposed; one that
  collides with an amendment marked before it, and one to be rewritten after a revision
  (written on words the text no longer has), is a Word comment on its paragraph instead
  (word/comments.xml), by its delegation, with its label and proposed wording.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from itertools import count

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from exports.docx import INDENT, xml_safe
from exports.draft_document import Author, DraftDocument, Proposed
from exports.text import one_line
from exports.tracked_rows import Piece, Row, against_rows, pending_rows


def word_date(at: datetime) -> str:
    """ISO 8601 in UTC with Z, to the second, as Word writes w:date."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _author(who: Author) -> str:
    return one_line(xml_safe(who.name)) or "Chairmanship"


def _run(text: str, *, deleted: bool):
    """A w:r of `text`: w:t (w:delText inside a deletion) with its spaces kept, and a
    w:tab for each tab (a marker's)."""
    run = OxmlElement("w:r")
    for n, part in enumerate(text.split("\t")):
        if n:
            run.append(OxmlElement("w:tab"))
        if part:
            t = OxmlElement("w:delText" if deleted else "w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = part
            run.append(t)
    return run


def _change(tag: str, who: Author, ids) -> OxmlElement:
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(next(ids)))
    element.set(qn("w:author"), _author(who))
    element.set(qn("w:date"), word_date(who.at))
    return element


def _pieces(parent, pieces: list[Piece], ids, *, text: bool) -> None:
    for op, value, who in pieces:
        value = re.sub(r"[\t\r\n]", " ", xml_safe(value)) if text else xml_safe(value)
        if not value:
            continue
        if op == "=":
            parent.append(_run(value, deleted=False))
            continue
        change = _change("w:ins" if op == "+" else "w:del", who, ids)
        change.append(_run(value, deleted=op == "-"))
        parent.append(change)


def _comment(document, p, proposed: Proposed, note: str) -> None:
    wording = {"delete": "Proposed: delete the paragraph",
               "insert_after": f"Proposed: insert as {proposed.label}: “{proposed.text}”"
               }.get(proposed.action, f"Proposed: “{proposed.text}”")
    text = "\n".join(one_line(xml_safe(line)) for line in (proposed.name, wording, note))
    comment = document.comments.add_comment(text, author=_author(proposed.author),
                                            initials="")
    comment._comment_elm.date = proposed.author.at.astimezone(UTC).replace(microsecond=0)
    cid = str(comment.comment_id)
    start, end = OxmlElement("w:commentRangeStart"), OxmlElement("w:commentRangeEnd")
    start.set(qn("w:id"), cid)
    end.set(qn("w:id"), cid)
    p._p.get_or_add_pPr().addnext(start)
    reference = OxmlElement("w:r")
    mark = OxmlElement("w:commentReference")
    mark.set(qn("w:id"), cid)
    reference.append(mark)
    p._p.append(end)
    p._p.append(reference)


def _paragraph(document, row: Row, ids) -> None:
    p = document.add_paragraph()
    p.paragraph_format.space_before = Pt(12)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if row.marker:
        p.paragraph_format.left_indent = INDENT * (row.layout.level + 1)
        p.paragraph_format.first_line_indent = -INDENT
    elif row.layout.level:
        p.paragraph_format.left_indent = INDENT * row.layout.level
    if row.mark is not None:
        properties = OxmlElement("w:rPr")
        properties.append(_change(row.mark[0], row.mark[1], ids))
        p._p.get_or_add_pPr().append(properties)
    _pieces(p._p, row.marker, ids, text=False)
    _pieces(p._p, row.text, ids, text=True)
    for proposed, note in row.comments:
        _comment(document, p, proposed, note)


def write(document, doc: DraftDocument) -> None:
    """The draft's paragraphs with their tracked changes and comments, after what the
    document already holds (its header)."""
    rows = against_rows(doc.tracked) if doc.mode == "against" else pending_rows(doc.tracked)
    ids = count(1)
    for row in rows:
        _paragraph(document, row, ids)
    if rows and rows[-1].mark is not None:
        # A paragraph mark is tracked only before another paragraph: the last one of a
        # document cannot be inserted or deleted.
        document.add_paragraph()

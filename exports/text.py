"""Plain-text and Markdown renderings of an issued decision.

Both follow the layout of the reference decision (MC.DEC/7/17): meeting line and journal
reference, number and title, enacting formula, paragraphs, footer, then the attached
statements. The Markdown reproduces the reference file line for line; the plain text
keeps the same lines without markup and puts a blank line between all paragraphs, since
a blank line is the only paragraph mark plain text has.
"""

from __future__ import annotations

import re
import textwrap

from exports.document import DecisionDocument, DocParagraph, DocStatement
from exports.wording import (
    attachment_label,
    author_line,
    footer_attachment_line,
    format_date,
    heading_title,
    language_lines,
    quoted_paragraphs,
    statement_header_lines,
)

# The width at which the issued documents break the title of the heading: wrapping the
# reference title at 50 characters gives exactly its four lines.
HEADING_WIDTH = 50
TXT_INDENT = "    "
MD_INDENT = "  "
MD_BREAK = "  \n"  # a hard line break: two spaces before the newline

# Characters that start inline markup anywhere in a line (emphasis, code, links, HTML,
# GFM strikethrough), and the backslash itself so that a text ending in one stays literal.
_MD_INLINE = re.compile(r"([\\`*_\[\]<~])")
# "&copy;" or "&#169;" would render as a character; a lone "&" renders as itself.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# Line starts that make a block: headings, quotes, list items, setext underlines, fences.
_MD_BLOCK_START = re.compile(r"^[#>+\-=]")
_MD_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def one_line(text: str) -> str:
    # A paragraph is one line in both formats: a stored line break or a run of spaces is
    # not part of the wording, and a stray blank line would split a paragraph in two.
    return " ".join(text.split())


def decision_title_lines(doc: DecisionDocument) -> list[str]:
    return textwrap.wrap(heading_title(one_line(doc.title)), HEADING_WIDTH,
                         break_long_words=False, break_on_hyphens=False)


def decision_footer_lines(doc: DecisionDocument) -> list[str]:
    attachments = footer_attachment_line(len(doc.attachments))
    lines = [one_line(doc.symbol), format_date(doc.adopted_on)]
    return lines + ([attachments] if attachments else [])


def paragraph_marker(paragraph: DocParagraph) -> str:
    if paragraph.marker is None:
        return ""
    return f"{paragraph.marker}. " if paragraph.level == 0 else f"({paragraph.marker}) "


def statement_language_lines(statement: DocStatement) -> list[str]:
    """"ENGLISH" / "Original: RUSSIAN" for a translation; "Original: ENGLISH" alone for a
    statement delivered in the document's language, as on every original."""
    return language_lines(statement.language.upper(), statement.original_language.upper())


def statement_label_lines(index: int, count: int) -> list[str]:
    # A single attachment is labelled by the footer's "Attachment" line alone.
    return [] if count == 1 else [attachment_label(index, count)]


def statement_paragraph_texts(statement: DocStatement) -> list[str]:
    return quoted_paragraphs([one_line(text) for text in statement.paragraphs])


# --- plain text --------------------------------------------------------------------------


def _txt_paragraph(paragraph: DocParagraph) -> str:
    return TXT_INDENT * paragraph.level + paragraph_marker(paragraph) + one_line(paragraph.text)


def _txt_statement(statement: DocStatement, index: int, count: int) -> list[list[str]]:
    blocks = [statement_label_lines(index, count), statement_language_lines(statement),
              statement_header_lines(statement.kind), [one_line(author_line(statement))]]
    blocks += [[text] for text in statement_paragraph_texts(statement)]
    return [block for block in blocks if block]


def render_txt(doc: DecisionDocument) -> str:
    """The decision as plain UTF-8 text: no markup, nothing escaped, one blank line
    between blocks, ending with a single newline."""
    blocks = [
        [one_line(doc.meeting_line), one_line(doc.journal_reference)],
        [f"DECISION No. {one_line(doc.number_label)}", *decision_title_lines(doc)],
        [one_line(doc.enacting_formula)],
        *([_txt_paragraph(paragraph)] for paragraph in doc.paragraphs),
        decision_footer_lines(doc),
    ]
    count = len(doc.attachments)
    for index, statement in enumerate(doc.attachments, start=1):
        blocks += _txt_statement(statement, index, count)
    # An empty field must not leave a run of blank lines behind.
    texts = ("\n".join(line for line in block if line.strip()) for block in blocks)
    return "\n\n".join(text for text in texts if text) + "\n"


# --- Markdown ----------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """The text with every character that Markdown would read as markup escaped, so that
    it renders literally wherever it starts a line."""
    text = _MD_ENTITY.sub(r"\\&", _MD_INLINE.sub(r"\\\1", one_line(text)))
    text = _MD_ORDERED_START.sub(r"\1\\\2", text)
    return _MD_BLOCK_START.sub(r"\\\g<0>", text)


def _md_lines(lines: list[str], bold: bool = False) -> str:
    # Bold spans the hard line breaks, as the reference writes its multi-line headings.
    # Nothing at all for no lines: an empty "****" would render as a horizontal rule.
    text = MD_BREAK.join(md_escape(line) for line in lines if line.strip())
    return f"**{text}**" if bold and text else text


def _md_block(*parts: str) -> str:
    return MD_BREAK.join(part for part in parts if part)


def _md_paragraph(paragraph: DocParagraph) -> str:
    if paragraph.kind != "operative" or paragraph.marker is None:
        # A preambular paragraph or a chapeau: a Markdown paragraph of its own, whose
        # indentation (under 4 spaces, so never code) only mirrors its level.
        return MD_INDENT * paragraph.level + md_escape(paragraph.text)
    if paragraph.level == 0:
        return f"{paragraph.marker}. {md_escape(paragraph.text)}"
    return f"{MD_INDENT * paragraph.level}- ({paragraph.marker}) {md_escape(paragraph.text)}"


def _is_list_item(paragraph: DocParagraph) -> bool:
    return paragraph.kind == "operative" and paragraph.marker is not None


def _md_tight(previous: DocParagraph, paragraph: DocParagraph) -> bool:
    # Numbered paragraphs and their sub-paragraphs follow each other without blank lines,
    # as in the reference. Anything else gets a blank line, or Markdown would read a
    # chapeau after "2. …" as the continuation of that paragraph.
    return _is_list_item(previous) and _is_list_item(paragraph)


def _md_paragraphs(paragraphs: list[DocParagraph]) -> list[str]:
    blocks: list[str] = []
    for position, paragraph in enumerate(paragraphs):
        line = _md_paragraph(paragraph)
        if position and _md_tight(paragraphs[position - 1], paragraph):
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    return blocks


def _md_statement(statement: DocStatement, index: int, count: int) -> list[str]:
    blocks = [_md_lines(statement_label_lines(index, count)),
              _md_lines(statement_language_lines(statement)),
              _md_lines(statement_header_lines(statement.kind), bold=True),
              md_escape(author_line(statement))]
    blocks += [md_escape(text) for text in statement_paragraph_texts(statement)]
    return [block for block in blocks if block]


def render_md(doc: DecisionDocument) -> str:
    """The decision as Markdown laid out like the reference file, ending with a newline."""
    blocks = [
        _md_block(_md_lines([doc.meeting_line], bold=True), md_escape(doc.journal_reference)),
        _md_block(_md_lines([f"DECISION No. {doc.number_label}"], bold=True),
                  _md_lines(decision_title_lines(doc), bold=True)),
        md_escape(doc.enacting_formula),
        *_md_paragraphs(doc.paragraphs),
        _md_lines(decision_footer_lines(doc)),
    ]
    count = len(doc.attachments)
    for index, statement in enumerate(doc.attachments, start=1):
        blocks += _md_statement(statement, index, count)
    return "\n\n".join(block for block in blocks if block) + "\n"

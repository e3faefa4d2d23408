"""Print-ready HTML5 pages of a decision, a journal of the day and a draft.

Each page is standalone: UTF-8, no external resource, the stylesheet
`templates/documents/print.css` inlined in a `<style>` together with the document's own
`@page` margin boxes. A decision or a journal is laid out as the OSCE issues it: a header
block on its first page, and each later page headed "- 2 -" with the symbol and date (and
the attachment's or annex's label), each attachment and annex starting a page headed by
its own block (print.css: "osce" pages). A draft has its symbol in the bottom-left corner,
the page number at the bottom, and "DRAFT" and its symbol at the top right of every page.
The same HTML is what `exports.pdf` hands to WeasyPrint.

The words are those of the txt exports (exports.text, exports.journal): the blocks are
built by the same helpers and only the layout is added, so the visible text of a page and
the txt export have the same words.

Templates are rendered by an environment of their own: autoescape on (every stored text
is escaped), StrictUndefined (a misspelt name fails instead of printing nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from exports import wording
from exports.document import DecisionDocument, DocParagraph, DocStatement
from exports.draft_document import DraftDocument, DraftParagraph, Run
from exports.draft_text import ANNEX_NOTE, annex_heading, draft_heading_lines, listed_line
from exports.journal import (
    FIRST_BOLD,
    HEADING,
    PAGE_START,
    JournalDocument,
    printed_symbol,
    record_blocks,
)
from exports.journal import header_rows as journal_header_rows
from exports.text import (
    decision_footer_lines,
    decision_title_lines,
    one_line,
    paragraph_marker,
    statement_language_lines,
    statement_paragraph_texts,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "documents"

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


# --- CSS strings ---------------------------------------------------------------------------

_CSS_UNSAFE = re.compile(r'[\\"<>&\n\r\f]')


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string, safe inside `<style>`: quotes and backslashes are
    escaped, and `<`, `>` and `&` are written as CSS escapes so that no `</style>` can
    close the element (HTML entities are not decoded inside `<style>`)."""
    escaped = _CSS_UNSAFE.sub(lambda m: f"\\{ord(m.group()):x} ", one_line(text))
    return Markup(f'"{escaped}"')


# --- preambular opening words ----------------------------------------------------------------

# The words that complete a participle into the phrase the issued documents italicise:
# "Taking note", "Expressing concern", "Bearing in mind", "Noting with concern".
_COMPLEMENTS = [["in", "mind"], ["into", "account"], ["with", "concern"],
                ["with", "satisfaction"], ["with", "appreciation"], ["note"], ["concern"]]
_OPENING_SPAN = 3  # how far the participle or adjective may stand from the start


def _bare(word: str) -> str:
    return word.rstrip(",;:.").lower()


def preambular_opening(text: str) -> tuple[str, str]:
    """Split a preambular paragraph into its opening words (italic) and the rest.

    The rule: the words up to and including the first word ending in "ing" or "ed" among
    the first three ("Reaffirming", "Deeply alarmed", "Distressed", "Concerned"), extended
    by a complement from a short list ("Taking note", "Expressing concern", "Bearing in
    mind"); without such a word, the first word alone ("Mindful", "Aware"). Punctuation
    that ends the last word ("Reaffirming,") stays outside the italics. On the reference
    it italicises exactly the opening words of its fifteen preambular paragraphs.
    """
    words = text.split(" ")
    end = 1
    for position, word in enumerate(words[:_OPENING_SPAN]):
        if _bare(word).endswith(("ing", "ed")):
            end = position + 1
            break
    for complement in _COMPLEMENTS:
        following = [_bare(w) for w in words[end:end + len(complement)]]
        # Only a complement that ends a phrase: "Taking note that", not "Taking note,"...
        if following == complement and not words[end - 1].endswith(","):
            end += len(complement)
            break
    opening = " ".join(words[:end])
    stripped = opening.rstrip(",;:.")
    rest = opening[len(stripped):] + ("" if end == len(words) else " " + " ".join(words[end:]))
    return stripped, rest


# --- decisions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Paragraph:
    css_class: str
    marker: str
    opening: str  # italic opening words of a preambular paragraph, else ""
    text: str


@dataclass(frozen=True)
class _Attachment:
    block: list[str]  # the symbol, the date and "Attachment" / "Attachment 2" heading its page
    language_lines: list[str]
    header_lines: list[str]
    author_line: str
    paragraphs: list[str]


def _paragraph(paragraph: DocParagraph) -> _Paragraph:
    text = one_line(paragraph.text)
    css = f"{paragraph.kind} level-{min(paragraph.level, 2)}"
    if paragraph.kind == "preambular" and paragraph.level == 0 and text:
        opening, rest = preambular_opening(text)
        return _Paragraph(css, "", opening, rest)
    return _Paragraph(css, paragraph_marker(paragraph).strip(), "", text)


def attachment_block(doc: DecisionDocument, index: int) -> list[str]:
    """The block heading an attachment's first page: the decision's symbol and date, and
    "Attachment" (the only one) or "Attachment N"."""
    return [one_line(doc.symbol), wording.format_date(doc.adopted_on),
            wording.attachment_label(index, len(doc.attachments))]


def header_rows(doc: DecisionDocument) -> list[tuple[str, str]]:
    """The decision's header block (wording.document_header_rows), one line per cell."""
    return [(one_line(left), one_line(right)) for left, right in wording.document_header_rows(
        doc.symbol, doc.adopted_on, doc.body, doc.place_line, doc.language,
        doc.original_language)]


def _attachment(doc: DecisionDocument, statement: DocStatement, index: int) -> _Attachment:
    return _Attachment(
        block=attachment_block(doc, index),
        language_lines=statement_language_lines(statement),
        header_lines=wording.statement_header_lines(statement.kind),
        author_line=one_line(wording.author_line(statement)),
        paragraphs=statement_paragraph_texts(statement),
    )


def decision_context(doc: DecisionDocument) -> dict:
    """What `_decision.html` lays out. The footer (symbol, date, "Attachment") closes a
    decision without attachments; with attachments it heads each of them instead, on the
    attachment's own page, numbered ("Attachment 2") where there are several."""
    return {
        "header_rows": header_rows(doc),
        "date": wording.format_date(doc.adopted_on),
        "symbol": one_line(doc.symbol),
        "meeting_line": one_line(doc.meeting_line),
        "journal_reference": one_line(doc.journal_reference),
        "number_line": f"DECISION No. {one_line(doc.number_label)}",
        "title_lines": decision_title_lines(doc),
        "enacting_formula": one_line(doc.enacting_formula),
        "paragraphs": [_paragraph(p) for p in doc.paragraphs],
        "footer_lines": [] if doc.attachments else [
            line for line in decision_footer_lines(doc) if line.strip()],
        "attachments": [_attachment(doc, s, i) for i, s in enumerate(doc.attachments, 1)],
    }


def _stylesheet() -> Markup:
    # Inlined as it is, not parsed as a template: CSS has its own braces.
    source, _, _ = _env.loader.get_source(_env, "print.css")
    return Markup(source)


def _render(template: str, **context) -> bytes:
    page = _env.get_template(template).render(stylesheet=_stylesheet(), **context)
    return page.encode("utf-8")


def render_decision_html(doc: DecisionDocument) -> bytes:
    """The decision with its attachments as a print-ready HTML5 page (UTF-8)."""
    decision = decision_context(doc)
    return _render("decision.html", title=decision["symbol"], decision=decision,
                   footer_symbol=css_string(decision["symbol"]), running_header=None)


# --- journals --------------------------------------------------------------------------------


def journal_pages(doc: JournalDocument) -> list[list[tuple[list[str], int]]]:
    """The journal's blocks (without its header block) cut where a block starts a page of
    its own: the record, then each annex headed by its block (symbol, date, "Annex N")."""
    pages: list[list[tuple[list[str], int]]] = [[]]
    for lines, style in record_blocks(doc, header=False):
        if style == PAGE_START:
            pages.append([])
        pages[-1].append((lines, style))
    return pages


def _block(lines: list[str], style: int) -> dict:
    return {"lines": lines, "bold": {HEADING: len(lines), FIRST_BOLD: 1}.get(style, 0),
            "heading": style == HEADING}


def render_journal_html(doc: JournalDocument) -> bytes:
    """The journal of the day in the OSCE's layout: its header block, then its blocks as in
    the txt export (the title and the agenda items bold); each annex on a page of its own
    headed by its block; then each decision adopted at the meeting on a page of its own,
    with its own header block."""
    record, *annexes = journal_pages(doc)
    symbol = printed_symbol(doc)
    return _render("journal.html", title=symbol, header_rows=journal_header_rows(doc),
                   symbol=symbol, date=wording.format_date(doc.day),
                   blocks=[_block(*block) for block in record],
                   annexes=[{"label": page[0][0], "blocks": [_block(*b) for b in page[1:]]}
                            for page in annexes],
                   appended=[decision_context(d) for d in doc.appended],
                   footer_symbol=css_string(symbol), running_header=None)


# --- drafts ----------------------------------------------------------------------------------

LEGEND = ("Inserted text is underlined, deleted text struck through; each change is "
          "followed by who proposed it.")


@dataclass(frozen=True)
class _DraftRun:
    tag: str  # "", "ins" or "del"
    text: str
    author: str


def _draft_heading(doc: DraftDocument) -> list[str]:
    """The txt export's heading ("DRAFT", symbol, date, "Original: …", the mode) with the
    language of this version added before its original, as every document carries both."""
    lines = [one_line(line) for line in draft_heading_lines(doc)]
    original = next(i for i, line in enumerate(lines) if line.startswith("Original:"))
    return [*lines[:original], doc.language.upper(), *lines[original:]]


def _draft_run(run: Run) -> _DraftRun:
    tag = {"=": "", "+": "ins", "-": "del"}[run.op]
    return _DraftRun(tag, run.text, one_line(run.author or "") if tag else "")


def _draft_paragraph(p: DraftParagraph) -> dict:
    marker = ""
    if p.marker is not None:
        marker = f"{p.marker}." if p.level == 0 else f"({p.marker})"
    return {"label": one_line(p.label), "marker": marker, "status": p.status,
            "css_class": f"{p.kind} level-{min(p.level, 2)} {p.status}",
            "runs": [_draft_run(r) for r in p.runs]}


def render_draft_html(doc: DraftDocument) -> bytes:
    """A draft at one revision: "DRAFT" and its symbol on every page; a redline's runs as
    `<ins>`/`<del>` titled with who proposed them, under a legend."""
    symbol = one_line(doc.symbol)
    return _render(
        "draft.html", title=f"DRAFT {symbol}", heading=_draft_heading(doc),
        title_lines=[wording.heading_title(one_line(doc.title))],
        enacting_formula=one_line(doc.enacting_formula),
        paragraphs=[_draft_paragraph(p) for p in doc.paragraphs],
        legend=LEGEND if doc.mode != "clean" else "", annex=_annex(doc),
        footer_symbol=css_string(symbol), running_header=css_string(f"DRAFT {symbol}"))


def _annex(doc: DraftDocument) -> dict | None:
    """The annex of the amendments not marked in the text (exports.draft_text): plain
    lines, no inline markup, quick to lay out as a PDF."""
    if not doc.listed:
        return None
    return {"heading": annex_heading(doc), "note": ANNEX_NOTE,
            "lines": [one_line(listed_line(item)) for item in doc.listed]}

"""The journal of the day as a document, and its plain-text and Markdown renderings.

The layout is the OSCE's (MC(24).JOUR/2, PC.JOUR/1283): the header block (the symbol as
printed on the journal, "MC(24).JOUR/2"; the Organization; the date; the body; for the
Ministerial Council its place and year; "Original: ENGLISH"); the title ("2nd DAY OF THE
TWENTY-FOURTH MEETING OF THE MINISTERIAL COUNCIL", "1283rd PLENARY MEETING OF THE COUNCIL")
and the session where one is recorded ("3rd PLENARY MEETING (CLOSED)"); then numbered
sections: "1. Date: Friday, 8 December 2017" with the opening, each suspension and
resumption, and the closing time; "2. Chairperson: …"; "3. Subjects discussed – Statements –
Decisions/documents adopted:" with the adoptions by silence announced and each agenda item,
its speakers (pointing to their annexes: "Russian Federation (Annex 1)"), the documents
cited, the decisions adopted under it and the pointers to their statements; "4. Next
meeting:". A section with nothing recorded is left out and the others keep counting. The
statements made in debate follow, each headed by the journal's symbol, date and "Annex N";
then the decisions adopted at the meeting, each after a separator, rendered by exports.text
exactly as their own export renders them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from exports.document import DecisionDocument
from exports.text import MD_BREAK, md_escape, one_line, render_md, render_txt
from exports.wording import (
    clock_time,
    document_header_rows,
    document_header_words,
    format_date,
    heading_title,
    long_date,
    statement_pointer,
)

SUBJECTS = "Subjects discussed – Statements – Decisions/documents adopted:"

# Issued journals start each appended decision on a page of its own; plain text has no
# pages, so a rule marks where the journal ends and each decision begins. In Markdown a
# thematic break does the same ("---" after a blank line).
TXT_SEPARATOR = "-" * 72
MD_SEPARATOR = "---"


@dataclass(frozen=True)
class JournalPointer:
    """A statement on a decision adopted at the meeting, as the journal points to it."""

    who: str  # "Russian Federation"; "Spain-European Union" for a statement of the EU
    kind: str  # "interpretative_statement" | "formal_reservation"
    attachment: int  # its attachment number to the decision
    also_on_behalf_of: list[str] = field(default_factory=list)  # "Iceland", as in a list


@dataclass(frozen=True)
class JournalDecision:
    symbol: str  # "MC.DEC/7/17"
    sentence: str  # "The Ministerial Council adopted Decision No. 7/17 (MC.DEC/7/17) on …"
    pointers: list[JournalPointer] = field(default_factory=list)


@dataclass(frozen=True)
class JournalSpeakerLine:
    name: str  # "Russian Federation", "Chairperson", "Estonia-European Union (…)"
    annex: int | None = None  # the number of the annex with the statement they made


@dataclass(frozen=True)
class JournalAnnex:
    number: int
    title: str  # "Statement by the delegation of the Russian Federation"
    paragraphs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class JournalAgendaItem:
    number: int
    title: str  # as stored; the journal prints it in capitals
    decisions: list[JournalDecision] = field(default_factory=list)
    speakers: list[JournalSpeakerLine] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # "PC.DEL/1229/20"


@dataclass(frozen=True)
class JournalDocument:
    symbol: str  # "MC(24) Journal No. 2"; "PC.JOUR/1200"
    day: date
    body_name: str  # "Ministerial Council"
    meeting_line: str  # "Second day of the Twenty-Fourth Meeting"
    opened_at: time | None = None
    closed_at: time | None = None
    suspensions: list[tuple[time, time | None]] = field(default_factory=list)
    chairperson: str = ""
    announcements: list[str] = field(default_factory=list)  # adoptions by silence
    agenda_items: list[JournalAgendaItem] = field(default_factory=list)
    next_meeting: str = ""
    annexes: list[JournalAnnex] = field(default_factory=list)  # statements made in debate
    appended: list[DecisionDocument] = field(default_factory=list)  # adopted at the meeting
    document_symbol: str = ""  # as printed on the journal: "MC(24).JOUR/2"; else `symbol`
    title: str = ""  # "2nd DAY OF THE TWENTY-FOURTH MEETING OF THE MINISTERIAL COUNCIL"
    session: str = ""  # "3rd PLENARY MEETING (CLOSED)", where the secretariat records one
    place_line: str | None = None  # "Vienna 2017" for the Ministerial Council


def printed_symbol(doc: JournalDocument) -> str:
    return one_line(doc.document_symbol or doc.symbol)


def header_rows(doc: JournalDocument) -> list[tuple[str, str]]:
    """The journal's header block (wording.document_header_rows): always an original."""
    return [(one_line(left), one_line(right)) for left, right in document_header_rows(
        printed_symbol(doc), doc.day, doc.body_name, doc.place_line, "ENGLISH", "ENGLISH")]


def title_lines(doc: JournalDocument) -> list[str]:
    return [one_line(doc.title or doc.meeting_line), one_line(doc.session)]


def date_lines(doc: JournalDocument) -> list[str]:
    """"Opened: …", "Suspended: …" and "Resumed: …" for each suspension, "Closed: …", where
    recorded: the lines under "1. Date: …"."""
    return time_lines(doc)[1:]


def heading_lines(doc: JournalDocument) -> list[str]:
    """The heading of the journal's page in Plenary (the document has header_rows)."""
    return [one_line(doc.symbol), format_date(doc.day), doc.body_name, "Original: ENGLISH"]


def time_lines(doc: JournalDocument) -> list[str]:
    """"Date: 8 December 2017", then "Opened: …", "Suspended: …" and "Resumed: …" for
    each suspension, and "Closed: …" where recorded."""
    lines = [f"Date: {format_date(doc.day)}"]
    if doc.opened_at is not None:
        lines.append(f"Opened: {clock_time(doc.opened_at)}")
    for suspended, resumed in doc.suspensions:
        lines.append(f"Suspended: {clock_time(suspended)}")
        if resumed is not None:
            lines.append(f"Resumed: {clock_time(resumed)}")
    if doc.closed_at is not None:
        lines.append(f"Closed: {clock_time(doc.closed_at)}")
    return lines


def agenda_heading(item: JournalAgendaItem) -> str:
    title = one_line(item.title)
    return f"Agenda item {item.number}" + (f": {heading_title(title)}" if title else "")


def speaker_text(speaker: JournalSpeakerLine) -> str:
    name = one_line(speaker.name)
    return name if speaker.annex is None else f"{name} (Annex {speaker.annex})"


def said_lines(item: JournalAgendaItem) -> list[str]:
    """"Speakers: Chairperson, Russian Federation (Annex 1), …" and "Documents: …"."""
    lines = []
    if item.speakers:
        lines.append("Speakers: " + ", ".join(speaker_text(s) for s in item.speakers))
    if item.documents:
        lines.append("Documents: " + ", ".join(one_line(d) for d in item.documents))
    return lines


def annex_title(speaker: str, delegation_in_text: str | None) -> str:
    """"Statement by the delegation of the Russian Federation" for a participating State
    (named as in a sentence), "Statement by the Chairperson", else "Statement by <speaker>"."""
    if delegation_in_text:
        return f"Statement by the delegation of {delegation_in_text}"
    if speaker.startswith("Chairperson"):
        return f"Statement by the {speaker}"
    return f"Statement by {speaker}"


def annex_label_lines(doc: JournalDocument, annex: JournalAnnex) -> list[str]:
    """The block heading an annex's first page: the journal's symbol and date, "Annex N"."""
    return [printed_symbol(doc), format_date(doc.day), f"Annex {annex.number}"]


def annex_blocks(doc: JournalDocument, annex: JournalAnnex) -> list[tuple[list[str], int]]:
    return [(annex_label_lines(doc, annex), PAGE_START),
            ([heading_title(one_line(annex.title))], HEADING),
            *(([one_line(p)], PLAIN) for p in annex.paragraphs)]


def pointer_text(pointer: JournalPointer, count: int) -> str:
    return statement_pointer(one_line(pointer.who), pointer.kind, pointer.attachment, count,
                             [one_line(name) for name in pointer.also_on_behalf_of])


def decision_lines(decision: JournalDecision) -> list[list[str]]:
    """"Decision: …", then the statements on it, one delegation after the other."""
    count = len(decision.pointers)
    return [[f"Decision: {one_line(decision.sentence)}"],
            *([pointer_text(p, count)] for p in decision.pointers)]


# How a block's lines are set: none bold, all bold (a heading), only the first, or plain
# lines that start a page of their own in the paged formats (an annex's block).
PLAIN, HEADING, FIRST_BOLD, PAGE_START = 0, 1, 2, 3


def _sections(doc: JournalDocument) -> list[tuple[str, list[tuple[list[str], int]]]]:
    """The numbered sections that have something recorded: (heading, blocks under it)."""
    sections = [(f"Date: {long_date(doc.day)}", [(date_lines(doc), PLAIN)])]
    if one_line(doc.chairperson):
        sections.append((f"Chairperson: {one_line(doc.chairperson)}", []))
    subjects = [([one_line(sentence)], PLAIN) for sentence in doc.announcements]
    for item in doc.agenda_items:
        subjects.append(([agenda_heading(item)], HEADING))
        subjects.append((said_lines(item), PLAIN))
        for decision in item.decisions:
            subjects += [(lines, PLAIN) for lines in decision_lines(decision)]
    if subjects:
        sections.append((SUBJECTS, subjects))
    if one_line(doc.next_meeting):
        sections.append(("Next meeting:", [([one_line(doc.next_meeting)], PLAIN)]))
    return sections


def record_blocks(doc: JournalDocument, *, header: bool = True) -> list[tuple[list[str], int]]:
    """The journal's own blocks of lines with their style, without the appended decisions;
    without its header block (`header=False`) for the formats that lay it out in rows."""
    blocks = [(document_header_words(header_rows(doc)), FIRST_BOLD)] if header else []
    blocks.append((title_lines(doc), HEADING))
    for number, (heading, under) in enumerate(_sections(doc), start=1):
        blocks.append(([f"{number}. {heading}"], PLAIN))
        blocks += under
    for annex in doc.annexes:
        blocks += annex_blocks(doc, annex)
    # An empty field leaves no blank line behind (nor an empty "****" rule in Markdown).
    blocks = [([line for line in lines if line.strip()], style) for lines, style in blocks]
    return [(lines, style) for lines, style in blocks if lines]


def render_journal_txt(doc: JournalDocument) -> str:
    """The journal as plain UTF-8 text, nothing escaped, one blank line between blocks,
    then each decision adopted at the meeting after a separator line."""
    parts = ["\n".join(lines) for lines, _ in record_blocks(doc)]
    for decision in doc.appended:
        parts += [TXT_SEPARATOR, render_txt(decision).rstrip("\n")]
    return "\n\n".join(parts) + "\n"


def _md_block(lines: list[str], style: int) -> str:
    # The lines of a block break with hard line breaks; bold spans one line at a time.
    bold = {PLAIN: 0, HEADING: len(lines), FIRST_BOLD: 1, PAGE_START: 0}[style]
    return MD_BREAK.join(f"**{md_escape(line)}**" if n < bold else md_escape(line)
                         for n, line in enumerate(lines))


def render_journal_md(doc: JournalDocument) -> str:
    """The journal as Markdown: the same blocks, headings bold; each appended decision
    after a thematic break, as its own Markdown export writes it."""
    parts = [_md_block(lines, style) for lines, style in record_blocks(doc)]
    for decision in doc.appended:
        parts += [MD_SEPARATOR, render_md(decision).rstrip("\n")]
    return "\n\n".join(parts) + "\n"

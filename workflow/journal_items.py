"""What was said under each agenda item of a journal of the day: the speakers in the order
they took the floor, the documents cited ("PC.DEL/1229/20") and the statements made in
debate annexed to the journal ("Annex 1"), each pointed to from its speaker's line.

Only the Chair and the secretariat keep them; every change writes one audit event. Lists
are numbered from 1 and renumbered after each change: a secretary adds, moves and removes
lines. Annexes are numbered per journal in the order the journal points to them (agenda
item, then speaker), so moving or removing a line renumbers them. A journal is never
frozen: an export is a copy of the day's record, and the record may still be corrected.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from drafting import audit
from drafting.actors import Actor
from drafting.errors import Conflict, Invalid, NotFound
from workflow.journals import _agenda_item, _line, agenda
from workflow.models import (
    AgendaItem,
    CitedDocument,
    Journal,
    JournalAnnex,
    JournalSpeaker,
)

MAX_SPEAKER = 500  # "Estonia-European Union (with the candidate countries …)" fits
MAX_SPEAKERS_PER_ITEM = 100  # the 57 participating States, the Chairperson, organisations
MAX_SPEAKERS_PER_JOURNAL = 1_000
MAX_DOCUMENTS_PER_ITEM = 50
MAX_DOCUMENTS_PER_JOURNAL = 500
MAX_ANNEXES_PER_ITEM = 30
MAX_ANNEXES_PER_JOURNAL = 100
MAX_ANNEX_TEXT = 20_000  # characters of one statement: some seven pages

DOCUMENT_HELP = "document symbols look like PC.DEL/1229/20, MC.GAL/3/17 or PC.DEC/1048/Corr.1"
_DOCUMENT = re.compile(r"([A-Z]{2,6}(?:\.[A-Z]{2,6}){1,2})/(\d{1,5})((?:/\d{2})?)"
                       r"((?:/(?:Rev|Corr|Add)\.\d{1,2}){0,3})", re.I)
_SUFFIX = re.compile(r"(rev|corr|add)\.", re.I)
KEEPERS = ("chair", "secretariat")


def document_symbol(text: str) -> str:
    """The symbol as documents print it ("pc.del/1229/20/rev.1" → "PC.DEL/1229/20/Rev.1");
    anything else is refused, naming the pattern."""
    wanted = "".join((text or "").split())
    match = _DOCUMENT.fullmatch(wanted)
    if match is None:
        shown = wanted[:80] or "(nothing)"
        raise Invalid(f"{shown} is not a document symbol; {DOCUMENT_HELP}")
    suffix = _SUFFIX.sub(lambda m: m[1].capitalize() + ".", match[4])
    return f"{match[1].upper()}/{match[2]}{match[3]}{suffix}"


# --- speakers ----------------------------------------------------------------------------

def add_speaker(session: Session, actor: Actor, journal: Journal, number: int, name: str,
                position: int | None = None) -> JournalSpeaker:
    """Add a speaker under agenda item `number`: at the end, or at `position`."""
    actor.require(*KEEPERS, action="record the speakers of a journal")
    item = _agenda_item(journal, number)
    name = _speaker_name(name)
    _room(len(item.speakers), MAX_SPEAKERS_PER_ITEM, f"agenda item {number}", "speakers")
    _room(_count(session, JournalSpeaker, journal), MAX_SPEAKERS_PER_JOURNAL, "the journal",
          "speakers")
    speaker = JournalSpeaker(name=name, position=0)
    _insert(item.speakers, speaker, position, "speaker")
    session.flush()
    audit.record(session, actor, "journal:add_speaker", journal.id, agenda_item=number,
                 position=speaker.position, speaker=name)
    return speaker


def change_speaker(session: Session, actor: Actor, journal: Journal, number: int,
                   position: int, *, name: str | None = None,
                   new_position: int | None = None) -> JournalSpeaker:
    """Correct a speaker's name, or move the speaker to `new_position` (the others
    between close up)."""
    actor.require(*KEEPERS, action="change the speakers of a journal")
    item = _agenda_item(journal, number)
    speaker = _at(item.speakers, position, f"agenda item {number}", "speaker")
    if name is not None:
        speaker.name = _speaker_name(name)
    if new_position is not None:
        _move(item.speakers, speaker, new_position, "speaker")
    session.flush()
    audit.record(session, actor, "journal:change_speaker", journal.id, agenda_item=number,
                 position=position, new_position=speaker.position, speaker=speaker.name)
    return speaker


def remove_speaker(session: Session, actor: Actor, journal: Journal, number: int,
                   position: int) -> None:
    actor.require(*KEEPERS, action="remove a speaker from a journal")
    item = _agenda_item(journal, number)
    speaker = _at(item.speakers, position, f"agenda item {number}", "speaker")
    if speaker.annex is not None:
        annex = annex_numbers(journal)[speaker.id]
        raise Conflict(f"{speaker.name}'s statement is Annex {annex} to the journal: remove "
                       f"the annex first")
    item.speakers.remove(speaker)
    _renumber(item.speakers)
    session.flush()
    audit.record(session, actor, "journal:remove_speaker", journal.id, agenda_item=number,
                 position=position, speaker=speaker.name)


def _speaker_name(name: str | None) -> str:
    name = _line(name, "the speaker's name", MAX_SPEAKER)
    if not name:
        raise Invalid("the speaker needs a name: a delegation, the Chairperson or an "
                      "organisation")
    return name


# --- documents ---------------------------------------------------------------------------

def add_document(session: Session, actor: Actor, journal: Journal, number: int, symbol: str,
                 position: int | None = None) -> CitedDocument:
    actor.require(*KEEPERS, action="record the documents of a journal")
    item = _agenda_item(journal, number)
    symbol = document_symbol(symbol)
    if any(d.symbol == symbol for d in item.documents):
        raise Conflict(f"{symbol} is cited under agenda item {number} already")
    _room(len(item.documents), MAX_DOCUMENTS_PER_ITEM, f"agenda item {number}", "documents")
    _room(_count(session, CitedDocument, journal), MAX_DOCUMENTS_PER_JOURNAL, "the journal",
          "documents")
    document = CitedDocument(symbol=symbol, position=0)
    _insert(item.documents, document, position, "document")
    session.flush()
    audit.record(session, actor, "journal:add_document", journal.id, agenda_item=number,
                 position=document.position, symbol=symbol)
    return document


def change_document(session: Session, actor: Actor, journal: Journal, number: int,
                    position: int, *, symbol: str | None = None,
                    new_position: int | None = None) -> CitedDocument:
    actor.require(*KEEPERS, action="change the documents of a journal")
    item = _agenda_item(journal, number)
    document = _at(item.documents, position, f"agenda item {number}", "document")
    if symbol is not None:
        symbol = document_symbol(symbol)
        if any(d.symbol == symbol and d is not document for d in item.documents):
            raise Conflict(f"{symbol} is cited under agenda item {number} already")
        document.symbol = symbol
    if new_position is not None:
        _move(item.documents, document, new_position, "document")
    session.flush()
    audit.record(session, actor, "journal:change_document", journal.id, agenda_item=number,
                 position=position, new_position=document.position, symbol=document.symbol)
    return document


def remove_document(session: Session, actor: Actor, journal: Journal, number: int,
                    position: int) -> None:
    actor.require(*KEEPERS, action="remove a document from a journal")
    item = _agenda_item(journal, number)
    document = _at(item.documents, position, f"agenda item {number}", "document")
    item.documents.remove(document)
    _renumber(item.documents)
    session.flush()
    audit.record(session, actor, "journal:remove_document", journal.id, agenda_item=number,
                 position=position, symbol=document.symbol)


# --- annexes -----------------------------------------------------------------------------

def add_annex(session: Session, actor: Actor, journal: Journal, number: int, speaker: int,
              text: str) -> JournalAnnex:
    """Annex the statement that speaker `speaker` (their position under the item) made in
    debate; the speaker's line then points to it: "Russian Federation (Annex 1)"."""
    actor.require(*KEEPERS, action="annex a statement to a journal")
    item = _agenda_item(journal, number)
    owner = _at(item.speakers, speaker, f"agenda item {number}", "speaker")
    text = _annex_text(text)
    _free(journal, owner, number)
    _room(sum(s.annex is not None for s in item.speakers), MAX_ANNEXES_PER_ITEM,
          f"agenda item {number}", "annexes")
    _room(_count_annexes(session, journal), MAX_ANNEXES_PER_JOURNAL, "the journal", "annexes")
    owner.annex = JournalAnnex(text=text)
    session.flush()
    annex = annex_numbers(journal)[owner.id]
    audit.record(session, actor, "journal:add_annex", journal.id, agenda_item=number,
                 annex=annex, speaker=owner.name)
    return owner.annex


def change_annex(session: Session, actor: Actor, journal: Journal, number: int, annex: int,
                 *, text: str | None = None, speaker: int | None = None) -> JournalAnnex:
    """Correct an annex's text, or point to it from another speaker under the same item
    (it was that speaker's statement)."""
    actor.require(*KEEPERS, action="change an annex to a journal")
    item = _agenda_item(journal, number)
    owner = _annexed(journal, item, annex)
    record = owner.annex
    if text is not None:
        record.text = _annex_text(text)
    if speaker is not None:
        target = _at(item.speakers, speaker, f"agenda item {number}", "speaker")
        if target is not owner:
            _free(journal, target, number)
            record.speaker = owner = target
    session.flush()
    audit.record(session, actor, "journal:change_annex", journal.id, agenda_item=number,
                 annex=annex, new_annex=annex_numbers(journal)[owner.id], speaker=owner.name)
    return record


def remove_annex(session: Session, actor: Actor, journal: Journal, number: int,
                 annex: int) -> None:
    actor.require(*KEEPERS, action="remove an annex from a journal")
    owner = _annexed(journal, _agenda_item(journal, number), annex)
    owner.annex = None
    session.flush()
    audit.record(session, actor, "journal:remove_annex", journal.id, agenda_item=number,
                 annex=annex, speaker=owner.name)


def annex_numbers(journal: Journal) -> dict[int, int]:
    """Speaker id → the number of the annex the speaker's line points to."""
    speakers = [s for item in agenda(journal) for s in sorted(item.speakers,
                                                              key=lambda s: s.position)]
    annexed = [s for s in speakers if s.annex is not None]
    return {s.id: n for n, s in enumerate(annexed, start=1)}


def _annexed(journal: Journal, item: AgendaItem, annex: int) -> JournalSpeaker:
    numbers = annex_numbers(journal)
    owner = next((s for s in item.speakers if numbers.get(s.id) == annex), None)
    if owner is None:
        raise NotFound(f"agenda item {item.number} has no Annex {annex}")
    return owner


def _free(journal: Journal, speaker: JournalSpeaker, number: int) -> None:
    if speaker.annex is not None:
        annex = annex_numbers(journal)[speaker.id]
        raise Conflict(f"{speaker.name}'s statement under agenda item {number} is Annex "
                       f"{annex} already: change its text instead")


def _annex_text(text: str | None) -> str:
    # Paragraphs are separated by a blank line; a line break inside one is not wording.
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "")]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise Invalid("the annex needs the text of the statement")
    if len(text) > MAX_ANNEX_TEXT:
        raise Invalid(f"the annex's text is too long (at most {MAX_ANNEX_TEXT:,} characters)")
    return text


# --- ordered lists -----------------------------------------------------------------------

def _room(count: int, limit: int, where: str, what: str) -> None:
    if count >= limit:
        raise Conflict(f"{where} has {limit:,} {what} already, the most it may have; "
                       f"remove one first")


def _count(session: Session, model, journal: Journal) -> int:
    return session.scalar(select(func.count(model.id)).join(AgendaItem)
                          .where(AgendaItem.journal_id == journal.id))


def _count_annexes(session: Session, journal: Journal) -> int:
    return session.scalar(select(func.count(JournalAnnex.id)).join(JournalSpeaker)
                          .join(AgendaItem).where(AgendaItem.journal_id == journal.id))


def _at(rows: list, position: int, where: str, what: str):
    if not 1 <= position <= len(rows):
        raise NotFound(f"{where} has no {what} {position}")
    return rows[position - 1]


def _insert(rows: list, row, position: int | None, what: str) -> None:
    if position is None:
        position = len(rows) + 1
    if not 1 <= position <= len(rows) + 1:
        raise Invalid(f"a new {what} takes a position from 1 to {len(rows) + 1}")
    rows.insert(position - 1, row)
    _renumber(rows)


def _move(rows: list, row, position: int, what: str) -> None:
    if not 1 <= position <= len(rows):
        raise Invalid(f"the {what} can move to a position from 1 to {len(rows)}")
    rows.remove(row)
    rows.insert(position - 1, row)
    _renumber(rows)


def _renumber(rows: list) -> None:
    for n, row in enumerate(rows, start=1):
        row.position = n

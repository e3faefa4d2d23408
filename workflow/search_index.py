"""The procedure's kinds in the full-text index (drafting/search_index.py): decisions with
their adopted text, statements under IV.1(A)6, and journals of the day.

A statement's entry names its author's delegation and every delegation it is also on
behalf of: until it is registered, only those delegations find it (workflow/search.py), as
only they may read it (workflow/statements.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafting import search_text
from drafting.models import Draft, Revision
from drafting.search_index import builder, entry, sponsor_ids, watch
from drafting.services import delegation_by_id
from workflow.journals import journal_symbol
from workflow.models import (
    AgendaItem,
    CitedDocument,
    Decision,
    Journal,
    JournalAnnex,
    JournalEntry,
    JournalSpeaker,
    Meeting,
    Statement,
    StatementCosigner,
)

STATEMENT_KIND_LABELS = {"interpretative_statement": "Interpretative statement",
                         "formal_reservation": "Formal reservation"}


@watch(Decision)
def _decision(session: Session, decision: Decision):
    return [("decision", decision)]


@watch(Statement)
def _statement(session: Session, statement: Statement):
    return [("statement", statement)]


@watch(StatementCosigner)
def _cosigner(session: Session, cosigner: StatementCosigner):
    statement = session.get(Statement, cosigner.statement_id)
    return [("statement", statement)] if statement is not None else []


@watch(Journal)
def _journal(session: Session, journal: Journal):
    return [("journal", journal)]


@watch(AgendaItem)
def _agenda_item(session: Session, item: AgendaItem):
    return _of_journal(session, item.journal_id)


@watch(JournalEntry)
def _journal_entry(session: Session, line: JournalEntry):
    return _of_journal(session, line.journal_id)


@watch(JournalSpeaker)
@watch(CitedDocument)
def _said_under_item(session: Session, line: JournalSpeaker | CitedDocument):
    item = session.get(AgendaItem, line.agenda_item_id)
    return _of_journal(session, item.journal_id) if item is not None else []


@watch(JournalAnnex)
def _annex(session: Session, annex: JournalAnnex):
    speaker = session.get(JournalSpeaker, annex.speaker_id)
    return _said_under_item(session, speaker) if speaker is not None else []


def _of_journal(session: Session, journal_id: int | None):
    journal = session.get(Journal, journal_id) if journal_id is not None else None
    return [("journal", journal)] if journal is not None else []


def decision_state(issued: bool) -> str:
    return "issued" if issued else "adopted"


@builder("decision")
def _decision_entry(session: Session, decision: Decision) -> dict:
    draft = session.get(Draft, decision.draft_id)
    revision = session.get(Revision, decision.revision_id)
    return entry("decision", decision.id, body=decision.body,
                 state=decision_state(decision.issued_at is not None),
                 year=decision.adopted_on.year, delegations=sponsor_ids(draft),
                 draft_id=draft.id, decision_id=decision.id,
                 title=f"{decision.symbol} {draft.title}",
                 text=search_text.paragraphs_text((p.label, p.text)
                                                  for p in revision.paragraphs))


def statement_title(kind: str, delegation: str, decision_symbol: str) -> str:
    return f"{STATEMENT_KIND_LABELS.get(kind, kind)} · {delegation} · {decision_symbol}"


@builder("statement")
def _statement_entry(session: Session, statement: Statement) -> dict:
    decision = session.get(Decision, statement.decision_id)
    delegation = delegation_by_id(session, statement.delegation_id)
    return entry("statement", statement.id, body=decision.body, state=statement.status,
                 year=decision.adopted_on.year,
                 delegations=[statement.delegation_id, *statement.also_on_behalf_of],
                 draft_id=decision.draft_id, decision_id=decision.id,
                 title=statement_title(statement.kind, delegation.name, decision.symbol),
                 text=statement.text)


def journal_text(chairperson: str, items: list[tuple[int, str, list[str]]],
                 next_meeting: str) -> str:
    """A journal's text: the Chairperson, each agenda item with what it records (its
    speakers, the documents cited, the decisions adopted under it, the statements annexed),
    the next meeting."""
    lines = [chairperson] if chairperson else []
    for number, title, records in items:
        lines.append(f"Agenda item {number}: {title}")
        lines.extend(r for r in records if r)
    if next_meeting:
        lines.append(next_meeting)
    return "\n".join(lines)


@builder("journal")
def _journal_entry_of(session: Session, journal: Journal) -> dict:
    # Read afresh: an agenda item or a line is often added by its journal's id alone, and
    # a collection loaded earlier would not hold it.
    meeting = session.get(Meeting, journal.meeting_id)
    records: dict[int, list[str]] = {}
    for item_id, name, annex in session.execute(
            select(JournalSpeaker.agenda_item_id, JournalSpeaker.name, JournalAnnex.text)
            .outerjoin(JournalAnnex, JournalAnnex.speaker_id == JournalSpeaker.id)
            .join(AgendaItem, AgendaItem.id == JournalSpeaker.agenda_item_id)
            .where(AgendaItem.journal_id == journal.id).order_by(JournalSpeaker.position)):
        records.setdefault(item_id, []).extend([name, annex or ""])
    for item_id, symbol in session.execute(
            select(CitedDocument.agenda_item_id, CitedDocument.symbol)
            .join(AgendaItem, AgendaItem.id == CitedDocument.agenda_item_id)
            .where(AgendaItem.journal_id == journal.id).order_by(CitedDocument.position)):
        records.setdefault(item_id, []).append(symbol)
    for item_id, symbol, title in session.execute(
            select(JournalEntry.agenda_item_id, Decision.symbol, Draft.title)
            .join(Decision, Decision.id == JournalEntry.decision_id)
            .join(Draft, Draft.id == Decision.draft_id)
            .where(JournalEntry.journal_id == journal.id).order_by(JournalEntry.id)):
        records.setdefault(item_id, []).append(f"{symbol} {title}")
    items = [(number, title, records.get(item_id, [])) for item_id, number, title in
             session.execute(select(AgendaItem.id, AgendaItem.number, AgendaItem.title)
                             .where(AgendaItem.journal_id == journal.id)
                             .order_by(AgendaItem.number))]
    return entry("journal", journal.id, body=meeting.body, year=journal.day.year,
                 title=journal_symbol(meeting.body, meeting.number, journal.number),
                 text=journal_text(journal.chairperson, items, journal.next_meeting))


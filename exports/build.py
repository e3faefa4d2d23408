"""From stored records to the plain documents the renderers read."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from drafting.amendment_labels import labels_of
from drafting.limits import MARKED_CHARS
from drafting.models import LIVE_STATUSES, PENDING_STATUSES, Delegation
from exports import tracked_source, wording
from exports.document import DecisionDocument, DocParagraph, DocStatement
from exports.draft_document import DraftDocument, DraftParagraph, Listed, Run
from exports.journal import (
    JournalAgendaItem,
    JournalAnnex,
    JournalDecision,
    JournalDocument,
    JournalPointer,
    JournalSpeakerLine,
    annex_title,
)
from workflow import journal_items, journals
from workflow.models import AgendaItem, Decision, Journal, JournalEntry, Statement


def decision_document(session: Session, decision: Decision) -> DecisionDocument:
    meeting_line, journal_reference = _where_adopted(session, decision)
    return DecisionDocument(
        symbol=decision.symbol,
        number_label=decision.number_label,
        meeting_line=meeting_line,
        journal_reference=journal_reference,
        title=decision.draft.title,
        enacting_formula=decision.draft.enacting_formula,
        paragraphs=[
            DocParagraph(kind=p.kind, level=p.level, marker=p.marker, text=p.text)
            for p in decision.revision.paragraphs
        ],
        adopted_on=decision.adopted_on,
        attachments=[_statement(session, s) for s in decision.statements],
        place_line=_place_line(session, decision),
        issued_on=decision.issued_at.date() if decision.issued_at else None,
    )


def _adopting_journal(session: Session, decision: Decision) -> Journal | None:
    """The journal that adopted the decision, or that announced its adoption by silence."""
    item = decision.agenda_item
    return item.journal if item else session.scalar(
        select(Journal).join(JournalEntry, JournalEntry.journal_id == Journal.id)
        .where(JournalEntry.decision_id == decision.id,
               JournalEntry.kind == "silence_announced"))


def _place_line(session: Session, decision: Decision) -> str | None:
    journal = _adopting_journal(session, decision)
    if journal is None:
        return None
    return wording.place_line(decision.body, journal.meeting.place, decision.adopted_on)


def _where_adopted(session: Session, decision: Decision) -> tuple[str, str]:
    """The meeting line and journal reference of the decision's heading: the meeting that
    adopted it; for an adoption by silence, the journal that announced it (without an
    agenda item), or the procedure and its date while no journal has announced it yet."""
    item = decision.agenda_item
    journal = _adopting_journal(session, decision)
    if journal is None:
        return ("Adopted by silence procedure",
                f"{wording.format_date(decision.adopted_on)}")
    meeting = journal.meeting
    line = wording.meeting_line(decision.body, meeting.number, journal.number)
    if item is None:
        return line, wording.journal_symbol(decision.body, meeting.number, journal.number)
    return line, wording.journal_reference(decision.body, meeting.number, journal.number,
                                           item.number)


def _statement(session: Session, statement: Statement) -> DocStatement:
    also = [session.get(Delegation, i) for i in statement.also_on_behalf_of]
    return DocStatement(
        kind=statement.kind,
        language="ENGLISH",
        original_language=statement.original_language,
        delegation=statement.delegation.name_in_text,
        paragraphs=statement.paragraphs,
        also_on_behalf_of=[d.name_in_text for d in also if d is not None],
        group=statement.group,
        group_role=statement.group_role,
    )


def journal_document(session: Session, journal: Journal) -> JournalDocument:
    meeting = journal.meeting
    annexes = journal_items.annex_numbers(journal)
    return JournalDocument(
        symbol=wording.journal_heading_symbol(meeting.body, meeting.number, journal.number),
        day=journal.day,
        body_name=wording.BODY_NAMES[meeting.body],
        meeting_line=wording.meeting_line(meeting.body, meeting.number, journal.number),
        opened_at=journal.opened_at,
        closed_at=journal.closed_at,
        suspensions=[(s.suspended_at, s.resumed_at) for s in journal.suspensions],
        chairperson=journal.chairperson,
        announcements=[_announcement(entry.decision)
                       for entry in journals.announcements(session, journal)],
        agenda_items=[_agenda_item(item, annexes) for item in journals.agenda(journal)],
        next_meeting=journal.next_meeting,
        annexes=_annexes(session, journal, annexes),
        appended=[decision_document(session, d) for d in journals.adopted_here(journal)],
        document_symbol=wording.journal_document_symbol(meeting.body, meeting.number,
                                                        journal.number),
        title=wording.journal_title(meeting.body, meeting.number, journal.number),
        session=journal.session_title,
        place_line=wording.place_line(meeting.body, meeting.place, journal.day),
    )


def _announcement(decision: Decision) -> str:
    return wording.silence_announcement(decision.body, decision.number_label, decision.symbol,
                                        decision.draft.title, decision.adopted_on)


def _agenda_item(item: AgendaItem, annexes: dict[int, int]) -> JournalAgendaItem:
    adopted = [e.decision for e in item.entries
               if e.kind == "decision_adopted" and e.decision is not None]
    return JournalAgendaItem(
        number=item.number, title=item.title,
        decisions=[_journal_decision(d) for d in adopted],
        speakers=[JournalSpeakerLine(s.name, annexes.get(s.id)) for s in item.speakers],
        documents=[d.symbol for d in item.documents])


def _annexes(session: Session, journal: Journal, numbers: dict[int, int]) -> list[JournalAnnex]:
    """The statements made in debate, in the order of their numbers; a speaker who is a
    participating State is named as in a sentence ("the Russian Federation")."""
    if not numbers:
        return []
    in_text = {d.name: d.name_in_text for d in session.scalars(select(Delegation))}
    speakers = sorted((s for item in journal.agenda_items for s in item.speakers
                       if s.id in numbers), key=lambda s: numbers[s.id])
    return [JournalAnnex(numbers[s.id], annex_title(s.name, in_text.get(s.name)),
                         s.annex.paragraphs) for s in speakers]


def _journal_decision(decision: Decision) -> JournalDecision:
    sentence = wording.adoption_sentence(decision.body, decision.number_label, decision.symbol,
                                         decision.draft.title)
    return JournalDecision(symbol=decision.symbol, sentence=sentence, pointers=[
        JournalPointer(who=_pointer_name(s), kind=s.kind, attachment=s.position,
                       also_on_behalf_of=_also_names(s))
        for s in decision.statements])


def _also_names(statement: Statement) -> list[str]:
    """The delegations a statement is also made on behalf of, named as journals list them."""
    session = Session.object_session(statement)
    also = [session.get(Delegation, i) for i in statement.also_on_behalf_of]
    return [d.name for d in also if d is not None]


def _pointer_name(statement: Statement) -> str:
    # A statement of the EU is listed as journals list its speaker: "Austria-European Union".
    name = statement.delegation.name
    return f"{name}-{statement.group.removeprefix('the ')}" if statement.group else name


def draft_document(session: Session, draft, revision, *, against=None,
                   amendments: bool = False) -> DraftDocument:
    """A draft at `revision`: clean; as a redline against the revision `against`; or with
    every pending amendment marked, attributed to its delegation."""
    from drafting.compare import compare
    from drafting.consolidated import consolidated

    listed: list[Listed] = []
    if against is not None:
        rows = compare(against.paragraphs, revision.paragraphs)
        kinds = {p.key: p for p in list(against.paragraphs) + list(revision.paragraphs)}
        authors = _incorporated_by(session, draft, against.number, revision.number)
        paragraphs = [_compared(row, kinds[row.key], authors.get(row.key, "Chairmanship"))
                      for row in rows]
        mode = "against"
        tracked = tracked_source.against(session, draft, against, revision)
    elif amendments:
        pending = _pending(session, draft)
        lines = consolidated(revision.paragraphs, pending)
        marked = marked_in_place(lines)
        names = labels_of(session, draft, pending, revision.paragraphs)
        paragraphs = [p for line in lines for p in _marked(draft, line, marked, names)]
        listed = _listed(lines, marked)
        mode = "amendments"
        tracked = tracked_source.pending(revision, lines, marked, names,
                                         _rewrite_notes(draft, lines, marked))
    else:
        paragraphs = [DraftParagraph(p.label, p.kind, p.level, p.marker, [Run("=", p.text)])
                      for p in revision.paragraphs]
        mode, tracked = "clean", None
    return DraftDocument(
        symbol=draft.revision_symbol(revision.number), title=draft.title,
        enacting_formula=draft.enacting_formula, body_name=wording.BODY_NAMES[draft.body],
        date=revision.created_at.date(), paragraphs=paragraphs, mode=mode,
        against_symbol=draft.revision_symbol(against.number) if against is not None else None,
        listed=listed, tracked=tracked,
    )


def _rewrite_notes(draft, lines, marked: set[int]) -> dict[int, tuple[str, str]]:
    from drafting.consolidated import rewrite_note

    return {p.amendment.id: (rewrite_note(draft, p.amendment),
                             draft.revision_symbol(p.amendment.base_revision))
            for line in lines for p in line.to_rewrite if p.amendment.id in marked}


def _incorporated_by(session: Session, draft, after: int, upto: int) -> dict[str, str]:
    """Paragraph key -> the delegation whose amendment, incorporated in a revision after
    `after` up to `upto`, changed it (the rest are the Chair's own edits)."""
    from drafting.models import Amendment

    incorporated = session.scalars(select(Amendment).where(
        Amendment.draft_id == draft.id, Amendment.incorporated_in > after,
        Amendment.incorporated_in <= upto))
    return {(a.new_key or a.paragraph_key): a.delegation.name for a in incorporated}


def _compared(row, paragraph, author: str) -> DraftParagraph:
    runs = [Run(op, text, None if op == "=" else author) for op, text in row.redline]
    return DraftParagraph(row.to_label or row.from_label, paragraph.kind, paragraph.level,
                          paragraph.marker, runs, row.change)


def _pending(session: Session, draft) -> list:
    """The draft's pending amendments with their delegations (drafting.limits bounds
    them); the closed ones, however many, are not read."""
    from drafting.models import Amendment

    return list(session.scalars(
        select(Amendment).where(Amendment.draft_id == draft.id,
                                Amendment.status.in_(PENDING_STATUSES))
        .order_by(Amendment.id).options(joinedload(Amendment.delegation))))


def _proposals(line) -> list:
    return line.changes + line.inserts + line.to_rewrite


def _cost(proposal) -> int:
    """The characters a proposal adds to the document where it is marked."""
    amendment = proposal.amendment
    if amendment.status in LIVE_STATUSES:
        return sum(len(text) for _, text in proposal.redline)
    return len(amendment.base_text) + len(amendment.new_text)  # shown to be rewritten


def marked_in_place(lines) -> set[int]:
    """The amendments a document marks in place: the first proposal of each paragraph in
    the order of the text, then the second of each, and so on, while their redlines fit
    in MARKED_CHARS; the rest go to the annex. Past a few hundred amendments a marked
    document is read in Plenary rather than on paper, and a PDF lays out only about
    25,000 characters a second: the limit keeps the largest one under 20 s."""
    queues = [_proposals(line) for line in lines]
    marked: set[int] = set()
    spent = 0
    for rank in range(max(map(len, queues), default=0)):
        for proposal in (q[rank] for q in queues if rank < len(q)):
            spent += _cost(proposal)
            if spent > MARKED_CHARS:
                return marked
            marked.add(proposal.amendment.id)
    return marked


def _listed(lines, marked: set[int]) -> list[Listed]:
    counts = [(line.paragraph.label, sum(p.amendment.id not in marked for p in _proposals(line)))
              for line in lines]
    return [Listed(label, count) for label, count in counts if count]


def _marked(draft, line, marked: set[int], names: dict[int, str]) -> list[DraftParagraph]:
    """A paragraph with its proposed changes (the first one marked in place, the others
    after it as alternatives), then the paragraphs proposed for insertion after it; of
    the proposals, those in `marked`, each headed by its amendment's label (`names`)."""
    p = line.paragraph
    out = [DraftParagraph(p.label, p.kind, p.level, p.marker, [Run("=", p.text)])]
    line = replace(line, **{name: [x for x in getattr(line, name) if x.amendment.id in marked]
                            for name in ("changes", "inserts", "to_rewrite")})
    for proposal in line.changes:
        who = proposal.amendment.delegation.name
        runs = [Run(op, text, None if op == "=" else who) for op, text in proposal.redline]
        out.append(DraftParagraph(names[proposal.amendment.id], p.kind, p.level, None, runs,
                                  "modified"))
    for proposal in line.inserts:
        who = proposal.amendment.delegation.name
        out.append(DraftParagraph(f"{proposal.label} ({names[proposal.amendment.id]})", p.kind,
                                  p.level, None, [Run("+", proposal.amendment.text, who)],
                                  "inserted"))
    out.extend(_to_rewrite(draft, p, proposal.amendment, names[proposal.amendment.id])
               for proposal in line.to_rewrite)
    return out


def _to_rewrite(draft, paragraph, amendment, name: str) -> DraftParagraph:
    """A needs_rebase amendment: its own base and its own wording as plain text, never
    as a tracked change on words it was not written on."""
    from drafting.consolidated import rewrite_note

    label = f"{name}, {rewrite_note(draft, amendment)}"
    proposed = amendment.text if amendment.action != "delete" else "(delete the paragraph)"
    base = draft.revision_symbol(amendment.base_revision)
    runs = [Run("=", f"Written against {base}: “{amendment.base_text}” Proposed: “{proposed}”")]
    return DraftParagraph(label, paragraph.kind, paragraph.level, None, runs, "to_rewrite")

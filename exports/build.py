"""From stored records to the plain documents the renderers read."""

from __future__ import annotations

from sqlalchemy.orm import Session

from drafting.models import Delegation
from exports import wording
from exports.document import DecisionDocument, DocParagraph, DocStatement
from workflow.models import Decision, Statement


def decision_document(session: Session, decision: Decision) -> DecisionDocument:
    item = decision.agenda_item
    journal = item.journal
    meeting = journal.meeting
    return DecisionDocument(
        symbol=decision.symbol,
        number_label=decision.number_label,
        meeting_line=wording.meeting_line(decision.body, meeting.number, journal.number),
        journal_reference=wording.journal_reference(
            decision.body, meeting.number, journal.number, item.number
        ),
        title=decision.draft.title,
        enacting_formula=decision.draft.enacting_formula,
        paragraphs=[
            DocParagraph(kind=p.kind, level=p.level, marker=p.marker, text=p.text)
            for p in decision.revision.paragraphs
        ],
        adopted_on=decision.adopted_on,
        attachments=[_statement(session, s) for s in decision.statements],
    )


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

"""Naming amendments: drafting.labels.amendment_label with the paragraph label each one
is known by, the label of its paragraph in the draft's current revision, or, when that
revision no longer has the paragraph, its label in the amendment's base revision."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from drafting.amendment_machine import ACTION_LABELS
from drafting.labels import amendment_label
from drafting.models import Amendment, Draft, Paragraph, Revision


def label_of(session: Session, amendment: Amendment,
             current: Sequence[Paragraph] | None = None) -> str:
    """One amendment's label; `current`, the current revision's paragraphs when the caller
    holds them, spares the query."""
    found = next((p.label for p in current or () if p.key == amendment.paragraph_key), None)
    if found is None:
        draft = session.get(Draft, amendment.draft_id)
        found = _labels(session, draft, [amendment], current=current is None).get(amendment.id)
    return _named(amendment, found)


def labels_of(session: Session, draft: Draft, amendments: Iterable[Amendment],
              current: Sequence[Paragraph] | None = None) -> dict[int, str]:
    """Amendment id -> label, for a page or a document: from `current` (the current
    revision's paragraphs), and one query for those whose paragraph it no longer has."""
    amendments = list(amendments)
    here = {p.key: p.label for p in current} if current is not None else {}
    gone = [a for a in amendments if a.paragraph_key not in here]
    found = _labels(session, draft, gone, current=current is None) if gone else {}
    return {a.id: _named(a, here.get(a.paragraph_key) or found.get(a.id)) for a in amendments}


def _labels(session: Session, draft: Draft, amendments: list[Amendment], *,
            current: bool) -> dict[int, str]:
    """The paragraph labels of `amendments` in the current revision (when `current`) or
    else their base revisions, from one query over the revisions of their paragraphs."""
    keys = {a.paragraph_key for a in amendments}
    wanted = {a.base_revision for a in amendments} | {draft.current_revision}
    rows = session.execute(
        select(Paragraph.key, Revision.number, Paragraph.label)
        .join(Revision, Revision.id == Paragraph.revision_id)
        .where(Revision.draft_id == draft.id, Revision.number.in_(wanted),
               Paragraph.key.in_(keys)))
    by_revision = {(key, number): label for key, number, label in rows}
    return {a.id: (current and by_revision.get((a.paragraph_key, draft.current_revision)))
            or by_revision.get((a.paragraph_key, a.base_revision)) for a in amendments}


def _named(amendment: Amendment, paragraph_label: str | None) -> str:
    return amendment_label(amendment.id, paragraph_label or amendment.paragraph_key,
                           amendment.delegation.name)


def amendment_events(session: Session, draft: Draft, events: Iterable) -> dict[int, str]:
    """Audit event id -> what it did to which amendment ("Amendment 10 · OP3 · Russian
    Federation: accepted"), for the draft's history; its amendments read in one query."""
    events = [e for e in events if e.name.startswith("amendment:") and e.subject_id]
    if not events:
        return {}
    found = session.scalars(select(Amendment).where(
        Amendment.draft_id == draft.id,
        Amendment.id.in_({e.subject_id for e in events}))
        .options(joinedload(Amendment.delegation)))
    names = labels_of(session, draft, found)
    return {e.id: f"{names[e.subject_id]}: {_happened(e.name)}" for e in events
            if e.subject_id in names}


def _happened(event_name: str) -> str:
    action = event_name.removeprefix("amendment:")
    return ACTION_LABELS.get(action, action)

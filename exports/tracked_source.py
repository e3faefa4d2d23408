"""From the records to what the Word export writes as tracked changes (exports.docx_tracked):
who changed each paragraph between two revisions and when, and the pending amendments
that a document marks, each with its delegation and the time it was proposed."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from drafting.models import LIVE_STATUSES, Amendment, Paragraph, Revision
from exports.draft_document import Author, Proposed, Source, Tracked

CHAIR = "Chairmanship"


def sources(paragraphs) -> list[Source]:
    return [Source(p.key, p.kind, p.level, p.marker, p.label, p.text) for p in paragraphs]


def against(session: Session, draft, earlier: Revision, shown: Revision) -> Tracked:
    """Revision `earlier` and `shown`, each changed paragraph attributed to the last
    revision between them that changed it (its text, or its being there), and to the
    delegation whose amendment that revision incorporated there (else the Chairmanship);
    each changed marker to the Chairmanship at the last revision that renumbered it."""
    times = dict(session.execute(
        select(Revision.number, Revision.created_at).where(
            Revision.draft_id == draft.id, Revision.number > earlier.number,
            Revision.number <= shown.number)).all())
    by = _incorporated(session, draft, earlier.number, shown.number)
    texts = _last_changed(session, draft.id, earlier.number, shown.number, markers=False)
    markers = _last_changed(session, draft.id, earlier.number, shown.number, markers=True)
    return Tracked(
        before=sources(earlier.paragraphs), after=sources(shown.paragraphs),
        authors={key: Author(by.get((number, key), CHAIR), times[number])
                 for key, number in texts.items()},
        renumbered={key: Author(CHAIR, times[number]) for key, number in markers.items()},
        default=Author(CHAIR, shown.created_at))


def _incorporated(session: Session, draft, after: int, upto: int) -> dict[tuple[int, str], str]:
    """(revision number, paragraph key) -> the delegations whose amendments that revision
    incorporated there, in the order proposed ("Italy, Russian Federation")."""
    rows = session.scalars(select(Amendment).where(
        Amendment.draft_id == draft.id, Amendment.incorporated_in > after,
        Amendment.incorporated_in <= upto).order_by(Amendment.id))
    names: dict[tuple[int, str], list[str]] = {}
    for a in rows:
        who = names.setdefault((a.incorporated_in, a.new_key or a.paragraph_key), [])
        if a.delegation.name not in who:
            who.append(a.delegation.name)
    return {place: ", ".join(who) for place, who in names.items()}


def _last_changed(session: Session, draft_id: int, after: int, upto: int, *,
                  markers: bool) -> dict[str, int]:
    """Paragraph key -> the last revision in (after, upto] whose paragraph differs from
    the one before it (its marker when `markers`, else its text or its being there). The
    database compares the texts: only keys and numbers come back."""
    new, old = aliased(Paragraph), aliased(Paragraph)
    rnew, rold = aliased(Revision), aliased(Revision)
    pair = (rold.draft_id == rnew.draft_id) & (rold.number == rnew.number - 1)
    in_range = (rnew.draft_id == draft_id, rnew.number > after, rnew.number <= upto)
    found: dict[str, int] = {}
    if markers:
        changed = (func.coalesce(old.marker, "") != func.coalesce(new.marker, ""),)
        queries = [select(rnew.number, new.key).join(new, new.revision_id == rnew.id)
                   .join(rold, pair).join(old, (old.revision_id == rold.id)
                                          & (old.key == new.key))
                   .where(*in_range, *changed)]
    else:
        queries = [
            select(rnew.number, new.key).join(new, new.revision_id == rnew.id)
            .outerjoin(rold, pair).outerjoin(old, (old.revision_id == rold.id)
                                             & (old.key == new.key))
            .where(*in_range, or_(old.id.is_(None), old.text != new.text)),
            select(rnew.number, old.key).join(rold, pair).join(old, old.revision_id == rold.id)
            .outerjoin(new, (new.revision_id == rnew.id) & (new.key == old.key))
            .where(*in_range, new.id.is_(None)),
        ]
    for query in queries:
        for number, key in session.execute(query):
            found[key] = max(number, found.get(key, number))
    return found


def pending(revision: Revision, lines, marked: set[int], names: dict[int, str],
            rewrite_notes: dict[int, tuple[str, str]]) -> Tracked:
    """The current revision and the amendments the document marks (exports.build's
    `marked`), in the order proposed; `rewrite_notes`: id -> (why, base symbol) of those
    to be rewritten."""
    proposed = []
    for line in lines:
        for proposal in line.changes + line.inserts + line.to_rewrite:
            a = proposal.amendment
            if a.id not in marked:
                continue
            note, base = rewrite_notes.get(a.id, (None, None))
            proposed.append(Proposed(
                id=a.id, name=names[a.id], action=a.action, paragraph_key=a.paragraph_key,
                new_key=a.new_key or f"new-{a.id}", base_text=a.base_text, text=a.text,
                author=Author(a.delegation.name, a.created_at), label=proposal.label,
                rewrite=None if a.status in LIVE_STATUSES else note, written_against=base))
    return Tracked(before=sources(revision.paragraphs),
                   proposed=sorted(proposed, key=lambda p: p.id),
                   default=Author(CHAIR, revision.created_at))

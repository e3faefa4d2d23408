"""The JSON shapes of the API: one function per record, used by every endpoint."""

from __future__ import annotations

from sqlalchemy.orm import object_session

from drafting.consolidated import amendment_redline
from drafting.models import Draft, Revision
from exports import wording
from workflow import journal_items, journals
from workflow.models import Decision, Statement


def paragraph_json(p) -> dict:
    return {
        "key": p.key, "kind": p.kind, "label": p.label, "level": p.level,
        "marker": p.marker, "text": p.text,
    }


def draft_json(draft: Draft, revision: Revision) -> dict:
    return {
        "id": draft.id,
        "symbol": draft.revision_symbol(revision.number),
        "base_symbol": draft.symbol,
        "title": draft.title,
        "body": draft.body,
        "state": draft.state,
        "revision": revision.number,
        "enacting_formula": draft.enacting_formula,
        "tabled_at": draft.tabled_at.isoformat(),
        "sponsors": [s.delegation.name for s in draft.sponsors],
        "paragraphs": [paragraph_json(p) for p in revision.paragraphs],
        "silence": None,  # filled by the handlers that know the running silence
    }


def draft_summary_json(draft: Draft) -> dict:
    return {
        "id": draft.id, "symbol": draft.revision_symbol(draft.current_revision),
        "title": draft.title, "body": draft.body, "state": draft.state,
        "revision": draft.current_revision,
    }


def statement_json(s: Statement, names: dict[int, str]) -> dict:
    """`attachment` is null until the statement is registered (and after a withdrawal);
    `cosigners` says which named delegation has confirmed it."""
    return {
        "id": s.id, "status": s.status, "attachment": s.position, "kind": s.kind,
        "delegation": s.delegation.name,
        "also_on_behalf_of": [names[i] for i in s.also_on_behalf_of if i in names],
        "cosigners": [{"delegation": c.delegation.name, "status": c.status}
                      for c in s.cosigners],
        "group": s.group, "group_role": s.group_role,
        "original_language": s.original_language,
        "paragraphs": s.paragraphs,
    }


def presidency_json(p) -> dict:
    return {"id": p.id, "name": p.group, "presidency": p.delegation.name,
            "from": p.starts_on.isoformat(), "until": p.ends_on.isoformat()}


def decision_json(d: Decision, names: dict[int, str]) -> dict:
    """`names`: delegation names by id, for the statements' "also on behalf of"."""
    item = d.agenda_item
    return {
        "id": d.id,
        "symbol": d.symbol,
        "number": d.number,
        "body": d.body,
        "title": d.draft.title,
        "draft_id": d.draft_id,
        "draft_symbol": d.draft.revision_symbol(d.revision.number),
        "draft": {"id": d.draft_id, "symbol": d.draft.revision_symbol(d.revision.number)},
        "adopted_at": d.adopted_at.isoformat(),
        "adopted_on": d.adopted_on.isoformat(),
        "mode": d.mode,
        "issued": d.issued_at is not None,
        "issued_at": d.issued_at.isoformat() if d.issued_at else None,
        "journal": {"id": item.journal_id, "agenda_item": item.number} if item else None,
        "paragraphs": [paragraph_json(p) for p in d.revision.paragraphs],
        "statements": [statement_json(s, names) for s in d.statements],
    }


def meeting_json(m) -> dict:
    return {
        "id": m.id, "body": m.body, "number": m.number, "place": m.place,
        "first_day": m.starts_on.isoformat(), "last_day": m.ends_on.isoformat(),
        "journals": [{"id": j.id, "number": j.number, "date": j.day.isoformat()}
                     for j in m.journals],
    }


def journal_json(j) -> dict:
    m = j.meeting
    annexes = journal_items.annex_numbers(j)
    return {
        "id": j.id, "meeting_id": j.meeting_id, "body": m.body, "number": j.number,
        "symbol": wording.journal_symbol(m.body, m.number, j.number),
        "document_symbol": wording.journal_document_symbol(m.body, m.number, j.number),
        "day": j.day.isoformat(), "chairperson": j.chairperson,
        "session_title": j.session_title,
        "opened_at": _hhmm(j.opened_at), "closed_at": _hhmm(j.closed_at),
        "suspensions": [{"suspended_at": _hhmm(s.suspended_at),
                         "resumed_at": _hhmm(s.resumed_at)} for s in j.suspensions],
        "next_meeting": j.next_meeting,
        "announcements": [{"kind": e.kind, "decision": e.decision.symbol}
                          for e in journals.announcements(object_session(j), j)],
        "agenda_items": [_agenda_item_json(item, annexes) for item in j.agenda_items],
    }


def _agenda_item_json(item, annexes: dict[int, int]) -> dict:
    """An agenda item with what was said under it: the speakers and documents by their
    positions, the annexes by their numbers in the journal."""
    return {
        "number": item.number, "title": item.title,
        "entries": [{"kind": e.kind, "decision": e.decision.symbol if e.decision else None}
                    for e in item.entries],
        "speakers": [{"position": s.position, "name": s.name, "annex": annexes.get(s.id)}
                     for s in item.speakers],
        "documents": [{"position": d.position, "symbol": d.symbol} for d in item.documents],
        "annexes": [{"number": annexes[s.id], "speaker": s.position, "delegation": s.name,
                     "text": s.annex.text} for s in item.speakers if s.annex is not None],
    }


def _hhmm(value) -> str | None:
    return None if value is None else f"{value:%H:%M}"


def amendment_json(a) -> dict:
    return {
        "id": a.id, "draft_id": a.draft_id, "paragraph": a.paragraph_key, "action": a.action,
        "status": a.status, "delegation": a.delegation.name, "base_revision": a.base_revision,
        "base_text": a.base_text, "text": a.text, "new_paragraph": a.new_key,
        "rationale": a.rationale, "reason": a.reason,
        "supporters": [s.delegation.name for s in a.supports],
        "redline": [list(op) for op in amendment_redline(a)],
        "conflict": a.conflict, "incorporated_in": a.incorporated_in,
        "rebased_onto": a.rebased_onto,
        "created_at": a.created_at.isoformat(),
    }


def comment_json(c) -> dict:
    """A comment of an amendment's discussion, or a reply to one."""
    return {"id": c.id, "amendment_id": c.amendment_id, "reply_to": c.parent_id,
            "author_id": c.author_id, "speaker": c.speaker,
            "delegation": c.delegation.name if c.delegation is not None else None,
            "role": c.role, "text": c.text, "compromise": c.compromise,
            "created_at": c.created_at.isoformat()}


def thread_json(thread) -> dict:
    """A top-level comment with its replies."""
    return {**comment_json(thread.comment),
            "replies": [comment_json(r) for r in thread.replies]}


def compare_json(draft, old: int, new: int, rows) -> dict:
    return {
        "from": {"revision": old, "symbol": draft.revision_symbol(old)},
        "to": {"revision": new, "symbol": draft.revision_symbol(new)},
        "paragraphs": [
            {"key": r.key, "from_label": r.from_label, "to_label": r.to_label,
             "change": r.change, "moved": r.moved, "redline": [list(op) for op in r.redline]}
            for r in rows
        ],
    }


def event_json(e) -> dict:
    return {
        "id": e.id, "at": e.at.isoformat(), "name": e.name, "actor_user_id": e.actor_user_id,
        "actor_role": e.actor_role, "actor_delegation_id": e.actor_delegation_id,
        "subject_id": e.subject_id, "data": e.data, "hash": e.hash,
    }


def silence_json(silence, zone) -> dict | None:
    from workflow.silence import deadline_text

    if silence is None:
        return None
    return {"deadline": silence.deadline.isoformat(),
            "deadline_text": deadline_text(silence.deadline, zone),
            "revision": silence.revision, "status": silence.status}

"""The JSON shapes of the API: one function per record, used by every endpoint."""

from __future__ import annotations

from drafting.consolidated import amendment_redline
from drafting.models import Draft, Revision
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
    }


def draft_summary_json(draft: Draft) -> dict:
    return {
        "id": draft.id, "symbol": draft.revision_symbol(draft.current_revision),
        "title": draft.title, "body": draft.body, "state": draft.state,
        "revision": draft.current_revision,
    }


def statement_json(s: Statement, names: dict[int, str]) -> dict:
    return {
        "id": s.id, "attachment": s.position, "kind": s.kind,
        "delegation": s.delegation.name,
        "also_on_behalf_of": [names[i] for i in s.also_on_behalf_of if i in names],
        "group": s.group, "original_language": s.original_language,
        "paragraphs": s.paragraphs,
    }


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
        "adopted_at": d.adopted_at.isoformat(),
        "adopted_on": d.adopted_on.isoformat(),
        "journal": {"id": item.journal_id, "agenda_item": item.number} if item else None,
        "paragraphs": [paragraph_json(p) for p in d.revision.paragraphs],
        "statements": [statement_json(s, names) for s in d.statements],
    }


def meeting_json(m) -> dict:
    return {
        "id": m.id, "body": m.body, "number": m.number, "place": m.place,
        "starts_on": m.starts_on.isoformat(), "ends_on": m.ends_on.isoformat(),
        "journals": [{"id": j.id, "number": j.number, "day": j.day.isoformat()}
                     for j in m.journals],
    }


def journal_json(j) -> dict:
    return {
        "id": j.id, "meeting_id": j.meeting_id, "body": j.meeting.body, "number": j.number,
        "day": j.day.isoformat(), "chairperson": j.chairperson,
        "agenda_items": [
            {"number": item.number, "title": item.title,
             "entries": [{"kind": e.kind,
                          "decision": e.decision.symbol if e.decision else None}
                         for e in item.entries]}
            for item in j.agenda_items
        ],
    }


def amendment_json(a) -> dict:
    return {
        "id": a.id, "draft_id": a.draft_id, "paragraph": a.paragraph_key, "action": a.action,
        "status": a.status, "delegation": a.delegation.name, "base_revision": a.base_revision,
        "base_text": a.base_text, "text": a.text, "new_paragraph": a.new_key,
        "rationale": a.rationale, "reason": a.reason,
        "supporters": [s.delegation.name for s in a.supports],
        "redline": [list(op) for op in amendment_redline(a)],
        "conflict": a.conflict, "incorporated_in": a.incorporated_in,
        "created_at": a.created_at.isoformat(),
    }


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

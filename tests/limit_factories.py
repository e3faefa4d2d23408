"""Factories for the tests of drafting/limits.py: texts at and over the size limits, and
many pending amendments at once."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session

from drafting import limits
from drafting import services as drafting
from drafting.models import Amendment, Draft


def text_of(paragraphs: list[str], title: str = "Test decision") -> str:
    """A draft whose paragraphs are these texts: the first preambular, the rest operative."""
    body = [paragraphs[0]] + [f"{i}. {p}" for i, p in enumerate(paragraphs[1:], 1)]
    return f"{title}\n\nThe Ministerial Council,\n\n" + "\n\n".join(body) + "\n"


def words(length: int, seed: int = 0) -> str:
    """`length` characters of words, different for each seed."""
    text = " ".join(f"measure{seed}x{n}" for n in range(length // 5 + 1))
    return text[:length - 1].rstrip().ljust(length - 1, "x") + ";"


def largest_text() -> str:
    """A draft of MAX_PARAGRAPHS paragraphs and MAX_DRAFT_CHARS characters: the largest
    the limits allow."""
    size, longer = divmod(limits.MAX_DRAFT_CHARS, limits.MAX_PARAGRAPHS)
    return text_of([words(size + (n < longer), n) for n in range(limits.MAX_PARAGRAPHS)])


def pending(session: Session, draft: Draft, count: int, delegation_ids: list[int],
            status: str = "submitted") -> None:
    """`count` pending amendments of the draft's first paragraph, the delegations taking
    turns; inserted in one statement (thousands in a moment, no use case, no redline)."""
    first = drafting.revision_of(session, draft).paragraphs[0]
    session.execute(insert(Amendment), [
        {"draft_id": draft.id, "paragraph_key": first.key, "action": "modify",
         "delegation_id": delegation_ids[n % len(delegation_ids)],
         "base_revision": draft.current_revision, "base_text": first.text,
         "text": f"{first.text} Amended {n}.", "rationale": "", "status": status,
         "reason": ""}
        for n in range(count)])


def delegation_ids(session: Session) -> list[int]:
    return [d.id for d in drafting.list_delegations(session)]

"""The limits that make every request finish: how large a draft may grow, and how many
amendments may wait on it. Every door (the JSON API, the pages, the command line, a Word
upload, a revised text, the demo) reaches them through the use cases that check them here.

The values leave a margin above what a negotiation needs (200 pending amendments of one
delegation, 10,000 on one draft; MC.DEC/7/17 has 30 paragraphs and 10,275 characters),
and were chosen so that the largest draft compares in under 2 s and exports in every
format in under 20 s and 400 MB (benchmarks/bench_limits.py measures it: what costs is
the PDF, which WeasyPrint lays out at some 25,000 characters a second, fewer redlined). A
draft document marks pending amendments in place only up to MARKED_CHARS and counts the
others in an annex (exports/build.py): 12,000 amendments fit those goals only that way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, Protocol

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from drafting.errors import Conflict, DomainError
from drafting.models import PENDING_STATUSES, Amendment, Comment, Delegation, Draft

MAX_PARAGRAPHS = 300  # paragraphs of one revision, sub-paragraphs included
MAX_PARAGRAPH_CHARS = 10_000  # characters of one paragraph, and of an amendment's text
MAX_DRAFT_CHARS = 100_000  # characters of all the paragraphs of one revision (~35 pages)
MAX_PENDING_PER_DELEGATION = 250  # pending amendments of one delegation to one draft
MAX_PENDING_PER_DRAFT = 12_000  # pending amendments to one draft, all delegations
# A draft document marks pending amendments in place (each a redline of its paragraph)
# until their redlines reach this many characters; the others are counted, paragraph by
# paragraph, in an annex.
MARKED_CHARS = 40_000
MAX_COMMENTS_PER_AMENDMENT = 500  # comments and replies in one amendment's discussion
MAX_COMMENT_CHARS = 5_000  # characters of one comment (as of an amendment's rationale)


class HasText(Protocol):
    text: str


class Fixes(NamedTuple):
    """What to do about each limit, in the words of the door that met it."""

    paragraphs: str
    paragraph: str
    chars: str


FOR_IMPORT = Fixes(
    paragraphs="split it into several drafts",
    paragraph="split the paragraph, or shorten it",
    chars="split it into several drafts, or shorten it")
FOR_REVISION = Fixes(
    paragraphs="incorporate fewer new paragraphs, or a deletion",
    paragraph="shorten the edit, or incorporate fewer amendments to that paragraph",
    chars="incorporate fewer amendments, or shorten the edits")


def check_size(paragraphs: Sequence[HasText], labels: Sequence[str], where: str,
               fixes: Fixes, refuse: Callable[[str], DomainError]) -> None:
    """Refuse a text (`where`: "the draft", "MC.DD/3/26/Rev.2") over any size limit;
    `refuse` makes the error (Invalid for an upload, Conflict for a revised text)."""
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise refuse(f"{where} has {len(paragraphs):,} paragraphs, more than a draft may "
                     f"have ({MAX_PARAGRAPHS:,}): {fixes.paragraphs}")
    for paragraph, label in zip(paragraphs, labels, strict=True):
        if len(paragraph.text) > MAX_PARAGRAPH_CHARS:
            raise refuse(f"{label} of {where} has {len(paragraph.text):,} characters, more "
                         f"than a paragraph may have ({MAX_PARAGRAPH_CHARS:,}): "
                         f"{fixes.paragraph}")
    total = sum(len(p.text) for p in paragraphs)
    if total > MAX_DRAFT_CHARS:
        raise refuse(f"{where} has {total:,} characters in its paragraphs, more than a draft "
                     f"may have ({MAX_DRAFT_CHARS:,}): {fixes.chars}")


def _pending_count_statements():
    pending = Amendment.status.in_(PENDING_STATUSES)
    of_draft = select(func.count(Amendment.id)).where(
        Amendment.draft_id == bindparam("draft_id"), pending)
    of_delegation = select(func.count(Amendment.id)).where(
        Amendment.draft_id == bindparam("draft_id"),
        Amendment.delegation_id == bindparam("delegation_id"), pending)
    return of_draft, of_delegation


# Asked before every proposal: built once, run on the session's connection.
PENDING_ON_DRAFT, PENDING_OF_DELEGATION = _pending_count_statements()
# session.info: the draft-wide counts this session has read, counted up by its proposals
DRAFT_COUNTS = "drafting.pending_on_draft"


def pending_counts(session: Session, draft_id: int, delegation_id: int | None) -> tuple[int, int]:
    """The pending amendments of the draft, and of the delegation on it, each counted on an
    index, (draft_id, status) and (draft_id, delegation_id, status).

    The delegation's count (at most 250 entries) is read every time. The draft's (up to
    12,000 entries, the larger part of a proposal's cost late in a rush) is read once per
    session and then counted up by the session's own proposals (`added`): only a proposal
    makes an amendment pending, so the session's own changes never take the figure below
    the truth (withdrawals in it are not subtracted). A writer batch (plenary/writer.py)
    is one session: it reads the count once. On PostgreSQL another worker's proposals,
    committed meanwhile, are seen by the next batch; the limits leave room for that."""
    session.flush()  # amendments added earlier in this session count too
    connection = session.connection()
    known = session.info.setdefault(DRAFT_COUNTS, {})
    if draft_id not in known:
        known[draft_id] = connection.execute(PENDING_ON_DRAFT, {"draft_id": draft_id}).scalar()
    of_delegation = connection.execute(
        PENDING_OF_DELEGATION, {"draft_id": draft_id, "delegation_id": delegation_id}).scalar()
    return known[draft_id], of_delegation


def added(session: Session, draft_id: int) -> None:
    """A proposal of this session made one more amendment of the draft pending."""
    known = session.info.get(DRAFT_COUNTS)
    if known is not None and draft_id in known:
        known[draft_id] += 1


def check_pending(session: Session, draft: Draft, delegation_id: int | None) -> None:
    """Refuse (409) one more pending amendment beyond the draft's or the delegation's
    limit. Concurrent proposals on PostgreSQL may each see the last free place (and a
    batch does not see the proposals another worker commits meanwhile); the limits leave
    room for that."""
    of_draft, of_delegation = pending_counts(session, draft.id, delegation_id)
    if of_draft >= MAX_PENDING_PER_DRAFT:
        raise Conflict(f"{draft.symbol} already has {of_draft:,} pending amendments, the most "
                       "a draft may have; the Chair decides on some (accepts, rejects or "
                       "incorporates them in a revised text) before more can be proposed")
    if of_delegation >= MAX_PENDING_PER_DELEGATION:
        delegation = session.get(Delegation, delegation_id)
        name = delegation.name if delegation is not None else "Your delegation"
        raise Conflict(f"{name} already has {of_delegation:,} pending amendments to "
                       f"{draft.symbol}, the most a delegation may have on one draft; "
                       "withdraw or combine some of them before proposing more")


def comment_count(session: Session, amendment_id: int) -> int:
    """The comments and replies of an amendment's discussion, counted on its index."""
    return session.scalar(select(func.count(Comment.id)).where(
        Comment.amendment_id == amendment_id)) or 0


def check_comments(session: Session, amendment_id: int, label: str) -> None:
    """Refuse (409) one more comment beyond MAX_COMMENTS_PER_AMENDMENT."""
    count = comment_count(session, amendment_id)
    if count >= MAX_COMMENTS_PER_AMENDMENT:
        raise Conflict(f"the discussion of {label} already has {count:,} comments, the most "
                       f"an amendment's discussion may have (MAX_COMMENTS_PER_AMENDMENT, "
                       f"{MAX_COMMENTS_PER_AMENDMENT:,}); continue it in the meeting, or "
                       "propose a new amendment")

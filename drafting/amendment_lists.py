"""Reading a draft's amendments as it grows to thousands: page by page, the pending ones
first (what is still to be decided), then the closed ones, each in the order proposed;
counts per status and per paragraph so that a reader knows what the other pages hold.

Every query here goes through an index of `amendments` (draft_id, status, id) or
(draft_id, paragraph_key, status), and a page loads its delegations and supports with it:
the cost of a page does not depend on the size of the draft.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from drafting.consolidated import ConsensusMap, Proposal, amendment_redline, consensus_map
from drafting.models import (
    AMENDMENT_STATUSES,
    PENDING_STATUSES,
    Amendment,
    AmendmentSupport,
    Delegation,
    Draft,
    Paragraph,
)
from drafting.paging import Cursor, Ordering, Page, check_choices, read_page

CLOSED_STATUSES = tuple(s for s in AMENDMENT_STATUSES if s not in PENDING_STATUSES)
TIERS = (PENDING_STATUSES, CLOSED_STATUSES)
ORDERING = Ordering("amendments", (Amendment.id,))


def check_statuses(values: Iterable[str]) -> tuple[str, ...]:
    return check_choices(values, AMENDMENT_STATUSES, "status")


def page_of_amendments(session: Session, draft: Draft, *, limit: int,
                       cursor: Cursor | None = None, statuses: tuple[str, ...] = (),
                       paragraph: str | None = None) -> Page[Amendment]:
    """One page of the draft's amendments: pending first, then closed, by id within."""
    tiers = [_tier(draft, [s for s in tier if not statuses or s in statuses], paragraph)
             for tier in TIERS]
    return read_page(session, tiers, ORDERING, limit, cursor)


def _tier(draft: Draft, statuses: list[str], paragraph: str | None):
    if not statuses:
        return None
    query = select(Amendment).where(Amendment.draft_id == draft.id,
                                    Amendment.status.in_(statuses)).options(*EAGER)
    return query if paragraph is None else query.where(Amendment.paragraph_key == paragraph)


# What a page shows of each amendment, loaded with it: its delegation, its supporters.
EAGER = (joinedload(Amendment.delegation),
         selectinload(Amendment.supports).joinedload(AmendmentSupport.delegation))


def counts_by_status(session: Session, draft: Draft,
                     paragraph: str | None = None) -> dict[str, int]:
    """How many amendments the draft has in each status (every status named, 0 if none)."""
    query = select(Amendment.status, func.count()).where(Amendment.draft_id == draft.id)
    if paragraph is not None:
        query = query.where(Amendment.paragraph_key == paragraph)
    found = dict(session.execute(query.group_by(Amendment.status)).all())
    return {status: found.get(status, 0) for status in AMENDMENT_STATUSES}


def pending_by_paragraph(session: Session, draft: Draft) -> dict[str, int]:
    """Pending amendments per paragraph key (paragraphs without any are left out)."""
    return dict(session.execute(
        select(Amendment.paragraph_key, func.count())
        .where(Amendment.draft_id == draft.id, Amendment.status.in_(PENDING_STATUSES))
        .group_by(Amendment.paragraph_key)).all())


def proposals(amendments: Iterable[Amendment], labels: dict[str, str]) -> list[Proposal]:
    """Amendments as a list shows them: each with its paragraph's label and redline."""
    return [Proposal(a, labels.get(a.paragraph_key, a.paragraph_key), amendment_redline(a))
            for a in amendments]


def consensus_map_of(session: Session, draft: Draft, paragraphs: Sequence[Paragraph],
                     delegations: Sequence[Delegation]) -> ConsensusMap:
    """Who proposes and who supports pending amendments to each paragraph, from three
    grouped queries rather than from every amendment."""
    rows = {p.key: row for row, p in enumerate(paragraphs)}
    names = {d.id: d.name for d in delegations}
    pending = (Amendment.draft_id == draft.id, Amendment.status.in_(PENDING_STATUSES))
    proposers = select(Amendment.paragraph_key, Amendment.delegation_id).where(*pending)
    supporters = select(Amendment.paragraph_key, AmendmentSupport.delegation_id).join(
        AmendmentSupport, AmendmentSupport.amendment_id == Amendment.id).where(*pending)
    involvement: dict[tuple[int, str], set[str]] = {}
    for kind, query in (("proposes", proposers), ("supports", supporters)):
        for key, delegation_id in session.execute(query.distinct()):
            if key in rows:
                involvement.setdefault((rows[key], names[delegation_id]), set()).add(kind)
    counts = pending_by_paragraph(session, draft)
    return consensus_map([p.label for p in paragraphs], involvement,
                         [counts.get(p.key, 0) for p in paragraphs], [d.name for d in delegations])

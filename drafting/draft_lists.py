"""Reading the drafts page by page: those still open (proposed, negotiating, under
silence) before the adopted and withdrawn ones, each newest first, with counts per state."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from drafting.models import DRAFT_STATES, Draft
from drafting.paging import Cursor, Ordering, Page, check_choices, read_page

OPEN_STATES = ("proposed", "negotiating", "under_silence")
TIERS = (OPEN_STATES, tuple(s for s in DRAFT_STATES if s not in OPEN_STATES))
ORDERING = Ordering("drafts", (Draft.tabled_at, Draft.id), descending=True)


def check_states(values: Iterable[str]) -> tuple[str, ...]:
    return check_choices(values, DRAFT_STATES, "state")


def page_of_drafts(session: Session, *, limit: int, cursor: Cursor | None = None,
                   states: tuple[str, ...] = ()) -> Page[Draft]:
    tiers = []
    for tier in TIERS:
        chosen = [s for s in tier if not states or s in states]
        tiers.append(select(Draft).where(Draft.state.in_(chosen)) if chosen else None)
    return read_page(session, tiers, ORDERING, limit, cursor)


def counts_by_state(session: Session) -> dict[str, int]:
    """How many drafts are in each state (every state named, 0 if none)."""
    found = dict(session.execute(
        select(Draft.state, func.count()).group_by(Draft.state)).all())
    return {state: found.get(state, 0) for state in DRAFT_STATES}

"""A user's notices, page by page, newest first.

A user is told things through several addresses (their delegation, their role, everyone
…). One query with OR over them would read every notice of every address and sort them;
instead each address is read from its own index, newest first, only as far as one page
reaches, and the pages are merged: a page costs the same with ten notices or a million.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from drafting.models import Notice
from drafting.paging import Cursor, Ordering, Page, assemble

ORDERING = Ordering("notices", (Notice.id,), descending=True)


def addresses(delegation_id: int | None, role: str, user_id: int | None = None) -> list:
    """The SQL conditions, one per address, of the notices a user is told: those to their
    delegation, to their role, to them alone, and to everyone (no address at all)."""
    everyone = and_(Notice.delegation_id.is_(None), Notice.role.is_(None),
                    Notice.user_id.is_(None))
    addressed = [everyone, Notice.role == role]
    if delegation_id is not None:
        addressed.append(Notice.delegation_id == delegation_id)
    if user_id is not None:
        addressed.append(Notice.user_id == user_id)
    return addressed


def page_of_notices(session: Session, addressed: Sequence, limit: int,
                    cursor: Cursor | None = None) -> Page[Notice]:
    """The page of the notices matching any of `addressed` (SQL conditions, one per
    address), after or before `cursor`."""
    backward = cursor is not None and cursor.backward
    ids: set[int] = set()
    for condition in addressed:  # one small query per address, through its index
        query = select(Notice.id).where(condition)
        query = (ORDERING.after(query, cursor.key, backward) if cursor is not None
                 else ORDERING.ordered(query, backward))
        ids.update(session.scalars(query.limit(limit + 1)))
    wanted = sorted(ids, reverse=not backward)[:limit + 1]
    by_id = {n.id: n for n in session.scalars(select(Notice).where(Notice.id.in_(wanted)))}
    return assemble([(0, by_id[i]) for i in wanted], limit, ORDERING, cursor)

"""A user's notices, page by page, newest first.

A user is told things through several addresses (their delegation, their role, everyone
…). One query with OR over them would read every notice of every address and sort them;
instead each address is read from its own index, newest first, only as far as one page
reaches, and the pages are merged: a page costs the same with ten notices or a million.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafting.models import Notice
from drafting.paging import Cursor, Ordering, Page, assemble

ORDERING = Ordering("notices", (Notice.id,), descending=True)


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

"""Reading the meetings page by page, the latest first, each with its journals (a meeting
has at most MAX_JOURNALS_PER_MEETING of them), in a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from drafting.paging import Cursor, Ordering, Page, read_page
from workflow.models import Meeting

ORDERING = Ordering("meetings", (Meeting.starts_on, Meeting.id), descending=True)


def page_of_meetings(session: Session, *, limit: int,
                     cursor: Cursor | None = None) -> Page[Meeting]:
    query = select(Meeting).options(selectinload(Meeting.journals))
    return read_page(session, [query], ORDERING, limit, cursor)

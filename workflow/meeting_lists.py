"""Reading the meetings page by page, the latest first, each with its journals (a meeting
has at most MAX_JOURNALS_PER_MEETING of them), and the journals of every meeting, the
latest day first: each page in a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from drafting.paging import Cursor, Ordering, Page, read_page
from workflow.models import Journal, Meeting

ORDERING = Ordering("meetings", (Meeting.starts_on, Meeting.id), descending=True)


def page_of_meetings(session: Session, *, limit: int,
                     cursor: Cursor | None = None) -> Page[Meeting]:
    query = select(Meeting).options(selectinload(Meeting.journals))
    return read_page(session, [query], ORDERING, limit, cursor)


JOURNAL_ORDERING = Ordering("journals", (Journal.day, Journal.id), descending=True)


def page_of_journals(session: Session, *, limit: int, cursor: Cursor | None = None,
                     body: str | None = None) -> Page[Journal]:
    """Every journal of the day, the latest day first, each with its meeting."""
    query = select(Journal).options(joinedload(Journal.meeting))
    if body:
        query = query.where(Journal.meeting_id.in_(select(Meeting.id).where(Meeting.body == body)))
    return read_page(session, [query], JOURNAL_ORDERING, limit, cursor)

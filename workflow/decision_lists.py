"""Reading the adopted decisions page by page, newest first, each loaded with what its
JSON and the dashboard show (draft, adopted text, agenda item, statements), so that a page
costs a fixed number of queries however many decisions there are."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from drafting.models import Revision
from drafting.paging import Cursor, Ordering, Page, read_page
from workflow.models import Decision, Statement, StatementCosigner

ORDERING = Ordering("decisions", (Decision.adopted_at, Decision.id), descending=True)
EAGER = (
    joinedload(Decision.draft), joinedload(Decision.agenda_item),
    joinedload(Decision.revision).selectinload(Revision.paragraphs),
    selectinload(Decision.statements).options(
        joinedload(Statement.delegation),
        selectinload(Statement.cosigners).joinedload(StatementCosigner.delegation)),
)


def page_of_decisions(session: Session, *, limit: int, cursor: Cursor | None = None,
                      symbol: str | None = None) -> Page[Decision]:
    query = select(Decision).options(*EAGER)
    if symbol:
        query = query.where(Decision.symbol == symbol.strip())
    return read_page(session, [query], ORDERING, limit, cursor)

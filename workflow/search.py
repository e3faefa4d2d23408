"""Searching the full-text index (drafting/search_index.py): every kind at once, filtered
by kind, body, state, year and delegation, the best matches first, a page at a time, each
with its title and a snippet of its text where the words matched.

SQLite reads its FTS5 table (ranked by bm25, the title weighing more than the text);
PostgreSQL the entries' tsvector through its GIN index (ranked by ts_rank). A page is read
in two queries: the ids of its entries, then the highlighted title and snippet of those
alone, so a query that matches thousands of entries marks only the page's. The depth of a
page is bounded (MAX_PAGE): a search is refined, not read to its end.

What a user may not read is not found: a statement not registered yet (awaiting its
co-signers' confirmation, returned, withdrawn) only by its author's delegation and the
delegations it names, as workflow/statements.py shows it to them alone."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, bindparam, column, func, literal_column, not_, or_, select, table
from sqlalchemy import text as sql
from sqlalchemy.orm import Session, joinedload

from drafting import amendment_labels, search_text
from drafting.actors import Actor
from drafting.errors import Invalid
from drafting.models import AMENDMENT_STATUSES, DRAFT_STATES, Amendment, Draft
from drafting.search_index import ENTRIES, drain_pending
from drafting.search_text import MARK_CLOSE, MARK_OPEN
from workflow.models import STATEMENT_STATUSES

DEFAULT_LIMIT = 20
MAX_LIMIT = 50
MAX_PAGE = 20  # 1,000 results at most: past them, a search needs another word or a filter
STATES = tuple(dict.fromkeys((*DRAFT_STATES, *AMENDMENT_STATUSES, "issued",
                              *STATEMENT_STATUSES)))
E = ENTRIES
FTS = table("search_fts", column("rowid"))
SHOWN = (E.c.id, E.c.kind, E.c.ref_id, E.c.draft_id, E.c.decision_id, E.c.revision, E.c.body,
         E.c.state, E.c.year)
SNIPPET_WORDS = 24
HEADLINE = (f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=35, MinWords=12, "
            f'MaxFragments=2, FragmentDelimiter=" … "')
WHOLE = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, HighlightAll=true"


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    year: int | None = None
    delegation_id: int | None = None


@dataclass
class Hit:
    kind: str
    ref_id: int
    draft_id: int | None
    decision_id: int | None
    revision: int | None
    body: str
    state: str | None
    year: int | None
    title: list[tuple[str, bool]] = field(default_factory=list)
    snippet: list[tuple[str, bool]] = field(default_factory=list)
    label: str = ""  # its name as every page names it: "Amendment 10 · OP3 · Italy"

    @property
    def plain_title(self) -> str:
        return "".join(part for part, _ in self.title)


@dataclass
class Results:
    hits: list[Hit]
    page: int
    more: bool  # there is a next page


def search(session: Session, actor: Actor, text: str, filters: Filters = Filters(),
           page: int = 1, limit: int = DEFAULT_LIMIT) -> Results:
    """The page `page` of what `actor` may read that matches every word of `text`."""
    query = search_text.parse_query(text)
    _check_page(page, limit)
    drain_pending(session)  # what this transaction changed is found too
    where = [*_filtered(filters), _visible(actor)]
    if session.connection().dialect.name == "sqlite":
        ids, marks = _sqlite(session, query, where, page, limit)
    else:
        ids, marks = _postgresql(session, query, where, page, limit)
    found = {row.id: row for row in session.execute(select(*SHOWN).where(
        E.c.id.in_(ids[:limit])))} if ids else {}
    hits = [_hit(found[i], *marks.get(i, ("", ""))) for i in ids[:limit] if i in found]
    _name_amendments(session, hits)
    return Results(hits, page, more=len(ids) > limit and page < MAX_PAGE)


def _check_page(page: int, limit: int) -> None:
    if not 1 <= page <= MAX_PAGE:
        raise Invalid(f"page must be a whole number from 1 to {MAX_PAGE}: add a word or a "
                      "filter to find what is further down")
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid(f"limit must be a whole number from 1 to {MAX_LIMIT} (the page size; "
                      f"{DEFAULT_LIMIT} when not given)")


def _filtered(filters: Filters) -> list:
    where = []
    if filters.kinds:
        where.append(E.c.kind.in_(filters.kinds))
    if filters.bodies:
        where.append(E.c.body.in_(filters.bodies))
    if filters.states:
        where.append(E.c.state.in_(filters.states))
    if filters.year is not None:
        where.append(E.c.year == filters.year)
    if filters.delegation_id is not None:
        where.append(_names(filters.delegation_id))
    return where


def _names(delegation_id: int):
    return E.c.delegations.contains(search_text.delegation_pattern(delegation_id))


def _visible(actor: Actor):
    unregistered = and_(E.c.kind == "statement", E.c.state != "registered")
    if actor.delegation_id is None:
        return not_(unregistered)
    return or_(not_(unregistered), _names(actor.delegation_id))


def _sqlite(session: Session, query, where: list, page: int, limit: int):
    match = sql("search_fts MATCH :match").bindparams(match=search_text.fts5_match(query))
    ids = list(session.scalars(
        select(E.c.id).select_from(E.join(FTS, FTS.c.rowid == E.c.id)).where(match, *where)
        .order_by(literal_column("bm25(search_fts, 4.0, 1.0)"), E.c.id)
        .limit(limit + 1).offset((page - 1) * limit)))
    if not ids:
        return ids, {}
    marked = session.execute(select(
        FTS.c.rowid, literal_column("highlight(search_fts, 0, char(2), char(3))"),
        literal_column(f"snippet(search_fts, 1, char(2), char(3), '…', {SNIPPET_WORDS})"))
        .where(match, FTS.c.rowid.in_(ids[:limit])))
    return ids, {rowid: (title, snippet) for rowid, title, snippet in marked}


def _postgresql(session: Session, query, where: list, page: int, limit: int):
    head, last = search_text.pg_terms(query)
    simple = literal_column("'simple'::regconfig")
    tsquery = func.plainto_tsquery(simple, bindparam("head", head))
    if last:
        tsquery = tsquery.op("&&")(func.to_tsquery(simple, bindparam("last", last)))
    vector = literal_column("search_entries.search_vector")
    ids = list(session.scalars(
        select(E.c.id).where(vector.op("@@")(tsquery), *where)
        .order_by(func.ts_rank(vector, tsquery).desc(), E.c.id)
        .limit(limit + 1).offset((page - 1) * limit)))
    if not ids:
        return ids, {}
    marked = session.execute(select(
        E.c.id, func.ts_headline(simple, E.c.title, tsquery, WHOLE),
        func.ts_headline(simple, E.c.text, tsquery, HEADLINE))
        .where(E.c.id.in_(ids[:limit])))
    return ids, {i: (title, snippet) for i, title, snippet in marked}


def _hit(row, title: str, snippet: str) -> Hit:
    hit = Hit(row.kind, row.ref_id, row.draft_id, row.decision_id, row.revision, row.body,
              row.state, row.year, search_text.segments(title), search_text.segments(snippet))
    hit.label = hit.plain_title
    return hit


def _name_amendments(session: Session, hits: list[Hit]) -> None:
    """The page's amendments named as everywhere, by the label of their paragraph now
    (which a new revision may have renumbered): one query per draft they amend."""
    wanted = {h.ref_id: h for h in hits if h.kind == "amendment"}
    if not wanted:
        return
    by_draft: dict[int, list[Amendment]] = {}
    for amendment in session.scalars(select(Amendment).options(joinedload(
            Amendment.delegation)).where(Amendment.id.in_(wanted))):
        by_draft.setdefault(amendment.draft_id, []).append(amendment)
    for draft_id, found in by_draft.items():
        names = amendment_labels.labels_of(session, session.get(Draft, draft_id), found)
        for amendment_id, name in names.items():
            wanted[amendment_id].label = name

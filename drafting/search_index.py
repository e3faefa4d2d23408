"""The full-text index: one table of entries (a draft's revision, an amendment, a decision,
a statement, a journal), each with the filters a search offers (body, state, year, the
delegations it concerns) and its title and text, kept current in the same transaction as
each change, whichever door made it.

A session event (`after_flush`) notes the objects of the indexed kinds that a flush
wrote; once the flush is complete (`after_flush_postexec`, when what it wrote can be read
back), each is mapped to the entries it changes (`WATCHERS`: a paragraph to its revision,
an amendment to itself): their stored entries are deleted and the new ones gathered with
the transaction (drafting/transaction_buffer.py), to go in with one INSERT just before the
commit, or before a search in the same transaction (`drain_pending`); a savepoint rolled
back takes its own with it. A draft's new state is one UPDATE of its revisions' entries. A
proposal, which inserts its row around the unit of work, gathers its entry itself
(`add_amendment`).

The search (workflow/search.py) reads the database's own full-text index over the entries,
which the migration builds for each database: an FTS5 table kept by triggers on SQLite, a
generated tsvector column with a GIN index on PostgreSQL.

workflow registers the kinds it owns (decisions, statements, journals) with `watch` and
`builder`: this package cannot import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import Index, Integer, String, Text, delete, event, insert, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import get_history

from drafting import search_text
from drafting.db import Base
from drafting.models import Amendment, Draft, Paragraph, Revision
from drafting.services import delegation_by_id
from drafting.transaction_buffer import TransactionBuffer


class SearchEntry(Base):
    __tablename__ = "search_entries"
    __table_args__ = (
        Index("ix_search_entries_kind_ref_id", "kind", "ref_id"),
        Index("ix_search_entries_draft_id", "draft_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # search_text.KINDS
    ref_id: Mapped[int] = mapped_column(Integer)  # the revision's, amendment's … own id
    draft_id: Mapped[int | None] = mapped_column(Integer)
    decision_id: Mapped[int | None] = mapped_column(Integer)
    revision: Mapped[int | None] = mapped_column(Integer)  # a draft revision's number
    body: Mapped[str] = mapped_column(String(8))
    state: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[int | None] = mapped_column(Integer)
    delegations: Mapped[str] = mapped_column(String(4000), default="")  # "|3|17|"
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


ENTRIES = SearchEntry.__table__
Target = tuple[str, object]  # (kind, the object whose entry is written again)
WATCHERS: dict[type, Callable[[Session, object], Iterable[Target]]] = {}
BUILDERS: dict[str, Callable[[Session, object], dict]] = {}
INSERT_ENTRIES = insert(ENTRIES)


# Whether a changed object of a class counts, asked while its changes can still be seen.
CHANGED: dict[type, Callable[[object], bool]] = {}
NOTED = "plenary.search_index.noted"  # session.info: (object, deleted) of the flush


def watch(cls: type, changed: Callable[[object], bool] | None = None):
    """Register what a changed object of `cls` means for the index: `function(session,
    obj)` gives its targets; `changed(obj)`, whether a change of it counts at all."""
    def register(function):
        WATCHERS[cls] = function
        if changed is not None:
            CHANGED[cls] = changed
        return function
    return register


def builder(kind: str):
    """Register how the entry of `kind` is built from its object (a dict of the columns)."""
    def register(function):
        BUILDERS[kind] = function
        return function
    return register


def entry(kind: str, ref_id: int, *, body: str, title: str, text: str, state=None,
          year=None, delegations: Iterable[int | None] = (), draft_id=None, decision_id=None,
          revision=None) -> dict:
    return {"kind": kind, "ref_id": ref_id, "draft_id": draft_id, "decision_id": decision_id,
            "revision": revision, "body": body, "state": state, "year": year,
            "delegations": search_text.delegations_value(delegations),
            "title": search_text.clean(title), "text": search_text.clean(text)}


def write(session: Session, targets: Iterable[Target], gone: Iterable[Target] = ()) -> None:
    """Write the entries of `targets` again, and remove those of `gone`: the stored ones
    are deleted now, the new ones go in with the transaction's others (`drain_pending`)."""
    targets, gone = list(targets), list(gone)
    stale: dict[str, set[int]] = {}
    for kind, obj in [*targets, *gone]:
        stale.setdefault(kind, set()).add(obj.id)
    connection = session.connection()
    for kind, ids in stale.items():
        connection.execute(delete(ENTRIES).where(ENTRIES.c.kind == kind,
                                                 ENTRIES.c.ref_id.in_(sorted(ids))))
    gathered = PENDING.current(session)
    for kind, obj in gone:
        gathered[kind, obj.id] = None
    for kind, obj in targets:
        gathered[kind, obj.id] = BUILDERS[kind](session, obj)


def add_amendment(session: Session, amendment: Amendment) -> None:
    """The entry of an amendment just inserted around the unit of work (a proposal: see
    drafting/amendments.py), in the same transaction."""
    PENDING.current(session)["amendment", amendment.id] = BUILDERS["amendment"](
        session, amendment)


def _insert_pending(session: Session, gathered: dict, replace: bool) -> None:
    connection = session.connection()
    if replace:  # written once already, inside a savepoint, for a search
        by_kind: dict[str, list[int]] = {}
        for kind, ref_id in gathered:
            by_kind.setdefault(kind, []).append(ref_id)
        for kind, ids in by_kind.items():
            connection.execute(delete(ENTRIES).where(ENTRIES.c.kind == kind,
                                                     ENTRIES.c.ref_id.in_(sorted(ids))))
    rows = [row for row in gathered.values() if row is not None]
    if rows:
        connection.execute(INSERT_ENTRIES, rows)


# The entries a transaction writes go in with one INSERT before it commits (a writer batch
# of 32 proposals: one statement, not 32), and before a search reads them.
PENDING = TransactionBuffer("search_entries", _insert_pending)


def drain_pending(session: Session) -> None:
    """Write the entries gathered so far, for a search in the same transaction."""
    PENDING.drain(session)


def _after_flush(session: Session, _context) -> None:
    # Only noted here: reading inside a flush would load rows it has not finished with.
    noted = [(obj, True) for obj in session.deleted if type(obj) in WATCHERS]
    noted += [(obj, False) for obj in session.new if type(obj) in WATCHERS]
    noted += [(obj, False) for obj in session.dirty if type(obj) in WATCHERS
              and session.is_modified(obj, include_collections=False)
              and CHANGED.get(type(obj), _always)(obj)]
    if noted:
        session.info.setdefault(NOTED, []).extend(noted)


def _always(_obj) -> bool:
    return True


def _after_flush_postexec(session: Session, _context) -> None:
    noted = session.info.pop(NOTED, None)
    if not noted:
        return
    deleted = {id(obj) for obj, was_deleted in noted if was_deleted}
    targets: dict[tuple[str, int], Target] = {}
    gone: dict[tuple[str, int], Target] = {}
    for obj, _ in noted:
        for kind, target in WATCHERS[type(obj)](session, obj):
            (gone if id(target) in deleted else targets)[kind, id(target)] = (kind, target)
    for key in gone:
        targets.pop(key, None)
    if targets or gone:
        write(session, targets.values(), gone.values())


# --- the drafting kinds -----------------------------------------------------------------


@watch(Revision)
def _revision(session: Session, revision: Revision):
    return [("draft_revision", revision)]


@watch(Paragraph)
def _paragraph(session: Session, paragraph: Paragraph):
    # A new revision's paragraphs come with it: the revision is indexed once.
    revision = session.get(Revision, paragraph.revision_id)
    return [("draft_revision", revision)] if revision is not None else []


@watch(Amendment)
def _amendment(session: Session, amendment: Amendment):
    return [("amendment", amendment)]


def _state_changed(draft: Draft) -> bool:
    return get_history(draft, "state").has_changes()


@watch(Draft, changed=_state_changed)
def _draft(session: Session, draft: Draft):
    # Its state is the state of its revisions' entries: one UPDATE, no text indexed again
    # (a new draft's revisions are written with it).
    session.connection().execute(
        update(ENTRIES).where(ENTRIES.c.kind == "draft_revision",
                              ENTRIES.c.draft_id == draft.id).values(state=draft.state))
    gathered = PENDING.current(session)
    for key, row in PENDING.pending(session).items():  # its revisions not written yet
        if row is not None and key[0] == "draft_revision" and row["draft_id"] == draft.id:
            gathered[key] = {**row, "state": draft.state}
    return []


def sponsor_ids(draft: Draft) -> list[int]:
    return [s.delegation_id for s in draft.sponsors]


@builder("draft_revision")
def _revision_entry(session: Session, revision: Revision) -> dict:
    draft = session.get(Draft, revision.draft_id)
    # The year of a draft's revisions is the draft's (MC.DD/12/17 is of 2017).
    return entry("draft_revision", revision.id, body=draft.body, state=draft.state,
                 year=draft.tabled_at.year, delegations=sponsor_ids(draft),
                 draft_id=draft.id, revision=revision.number,
                 title=f"{draft.revision_symbol(revision.number)} {draft.title}",
                 text=search_text.paragraphs_text((p.label, p.text)
                                                  for p in revision.paragraphs))


@builder("amendment")
def _amendment_entry(session: Session, amendment: Amendment) -> dict:
    draft = session.get(Draft, amendment.draft_id)
    delegation = delegation_by_id(session, amendment.delegation_id)  # read once a session
    return entry("amendment", amendment.id, body=draft.body, state=amendment.status,
                 year=amendment.created_at.year, delegations=[amendment.delegation_id],
                 draft_id=draft.id,
                 title=amendment_title(amendment.id, draft.symbol, delegation.name),
                 text=amendment_text(amendment.text, amendment.rationale))


def amendment_title(amendment_id: int, draft_symbol: str, delegation: str) -> str:
    return f"Amendment {amendment_id} · {draft_symbol} · {delegation}"


def amendment_text(text: str | None, rationale: str | None) -> str:
    return "\n".join(t for t in (text, rationale) if t)


# Every session, whichever door opened it (a page, the API, the CLI, the silence clock).
event.listen(Session, "after_flush", _after_flush)
event.listen(Session, "after_flush_postexec", _after_flush_postexec)
# A flush that failed between the two leaves nothing noted for the next one.
event.listen(Session, "after_soft_rollback", lambda session, _tx: session.info.pop(NOTED, None))

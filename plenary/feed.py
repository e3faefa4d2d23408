"""The change feed: which pages a transaction changed, as topics, told once it commits.

A topic names what a page shows: "draft:12" (the draft's page), "dashboard", "journal:5",
"decision:9", "amendment:40", and "notices:user:7", "notices:delegation:3",
"notices:role:chair", "notices:all" (whose notices changed). Every write goes through a
Session, so the feed listens to every Session:

- after each flush, the topics of the objects it wrote (new, changed, deleted) are
  gathered with the innermost transaction (drafting/transaction_buffer.py): a savepoint
  rolled back drops them (a refused item of a writer batch tells nothing), one released
  hands them to the enclosing transaction. Only strings are collected; a proposal's row,
  written with one Core INSERT (drafting.amendments), is known by its audit event, which
  every accepted action writes.
- on PostgreSQL, the commit's last statement is one `pg_notify('plenary_changes', …)`
  with the coalesced topics: PostgreSQL delivers it exactly when the transaction
  commits, to every worker's LISTEN connection (plenary.broker), and never for a
  rollback. A command line process notifies the same way.
- on SQLite, after the commit, the topics go to the brokers of this process. A change
  made by another process (the command line) is not heard; the pages show it when read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import chain

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from drafting.audit import AuditEvent
from drafting.models import Amendment, Comment, Draft, Notice, Revision
from drafting.transaction_buffer import TransactionBuffer
from plenary.models import NoticePreference, NoticeRead
from workflow.models import AgendaItem, Decision, Journal, JournalEntry, Silence, Statement

CHANNEL = "plenary_changes"
EVERYTHING = "*"  # a payload too long for NOTIFY: every page refreshes
MAX_PAYLOAD = 7900  # PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more
NOTIFY = text(f"SELECT pg_notify('{CHANNEL}', :payload)")


def _notice_topics(notice: Notice) -> list[str]:
    # A notice reaches every user of any of its addresses (drafting.notice_lists).
    found = [f"notices:user:{notice.user_id}"] if notice.user_id is not None else []
    if notice.delegation_id is not None:
        found.append(f"notices:delegation:{notice.delegation_id}")
    if notice.role is not None:
        found.append(f"notices:role:{notice.role}")
    return found or ["notices:all"]


TOPICS: dict[type, Callable[[object], Iterable[str]]] = {
    Draft: lambda d: (f"draft:{d.id}", "dashboard"),
    Revision: lambda r: (f"draft:{r.draft_id}",),
    Amendment: lambda a: (f"draft:{a.draft_id}", f"amendment:{a.id}"),
    Comment: lambda c: (f"amendment:{c.amendment_id}",),
    AuditEvent: lambda e: (f"draft:{e.draft_id}",) if e.draft_id is not None else (),
    Silence: lambda s: (f"draft:{s.draft_id}", "dashboard"),
    Decision: lambda d: (f"draft:{d.draft_id}", f"decision:{d.id}", "dashboard"),
    Statement: lambda s: (f"decision:{s.decision_id}",),
    Journal: lambda j: (f"journal:{j.id}",),
    AgendaItem: lambda i: (f"journal:{i.journal_id}",),
    JournalEntry: lambda e: (f"journal:{e.journal_id}",),
    Notice: _notice_topics,
    NoticePreference: lambda p: (f"notices:user:{p.user_id}",),
    NoticeRead: lambda r: (f"notices:user:{r.user_id}",),
}

# Rows whose later changes no page shows: a notice's e-mail bookkeeping (the mailer).
UNCHANGING = frozenset({Notice})

# Any other table is known by the columns it refers to a watched record with: a journal's
# speakers and annexes, a draft's sponsors. Found once per class.
REFERENCES = {"draft_id": "draft", "journal_id": "journal", "decision_id": "decision",
              "amendment_id": "amendment"}
_found_by_reference: dict[type, Callable[[object], Iterable[str]]] = {}


def _by_reference(cls: type) -> Callable[[object], Iterable[str]]:
    columns = getattr(getattr(cls, "__table__", None), "columns", ())
    names = [(key, REFERENCES[key]) for key in REFERENCES if key in columns]
    via_agenda = "agenda_item_id" in columns

    def topics(instance) -> list[str]:
        found = [f"{kind}:{value}" for key, kind in names
                 if (value := getattr(instance, key, None)) is not None]
        if via_agenda:  # the agenda item is loaded already when something is added to it
            item = _loaded(instance, AgendaItem, getattr(instance, "agenda_item_id", None))
            if item is not None:
                found.append(f"journal:{item.journal_id}")
        return found

    return topics


def _loaded(instance, cls: type, key) -> object | None:
    session = Session.object_session(instance)
    if session is None or key is None:
        return None
    return session.identity_map.get(session.identity_key(cls, key))


def _topics_of(cls: type) -> Callable[[object], Iterable[str]]:
    topics = TOPICS.get(cls) or _found_by_reference.get(cls)
    if topics is None:
        topics = _found_by_reference[cls] = _by_reference(cls)
    return topics


# Where this process's brokers hear what SQLite committed (plenary.broker adds them).
local_sinks: set[Callable[[frozenset[str]], None]] = set()


def payload_of(topics: Iterable[str]) -> str:
    """The NOTIFY payload: the topics, sorted, space-separated; "*" when too long."""
    payload = " ".join(sorted(topics))
    return payload if len(payload.encode()) <= MAX_PAYLOAD else EVERYTHING


def topics_of_payload(payload: str) -> frozenset[str]:
    return frozenset(payload.split())


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context) -> None:
    found: set[str] = set()
    for instance in chain(session.new, session.deleted):
        found.update(_topics_of(type(instance))(instance))
    for instance in session.dirty:
        if type(instance) not in UNCHANGING:
            found.update(_topics_of(type(instance))(instance))
    if found:
        PENDING.current(session).update(dict.fromkeys(found))


def _tell(session: Session, gathered: dict, _replace: bool) -> None:
    """The commit's topics, just before it: on PostgreSQL in the transaction itself, which
    delivers them when it commits; on SQLite kept for after the commit (`_publish`)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(NOTIFY, {"payload": payload_of(gathered)})
    else:
        session.info[COMMITTING] = frozenset(gathered)


# Topics travel with the transaction that changed them: a request's savepoint rolled back
# drops its own, one released hands them to the batch's transaction (plenary/writer.py).
PENDING = TransactionBuffer("feed_topics", _tell)
COMMITTING = "plenary.feed.committing"  # session.info: SQLite's topics, until after the commit


@event.listens_for(Session, "after_commit")
def _publish(session: Session) -> None:
    told = session.info.pop(COMMITTING, None)
    if told:
        for sink in list(local_sinks):
            sink(told)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    # A commit that failed after `_tell` (SQLite): nothing was committed, nothing is told.
    if not session.in_nested_transaction():
        session.info.pop(COMMITTING, None)

"""The audit trail: every change of the record is an event named `subject:action`
(draft:import, amendment:accept, silence:break, decision:adopt), with who did it, for
which delegation, when, and what.

Events are append-only and hash-chained: each carries the hash of the one before it, and
its own hash covers everything it says, so a changed, removed or reordered row is
detected by `verify` (the `plenary audit verify` command)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy import JSON, Index, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from drafting.actors import Actor
from drafting.db import Base, UTCDateTime, utcnow
from drafting.paging import Cursor, Ordering, Page, read_page


class AuditEvent(Base):
    __tablename__ = "audit_events"
    # A draft's history is read page by page in id order.
    __table_args__ = (Index("ix_audit_events_draft_id_id", "draft_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    name: Mapped[str] = mapped_column(String(60))
    actor_user_id: Mapped[int | None] = mapped_column(Integer)
    actor_role: Mapped[str] = mapped_column(String(20))
    actor_delegation_id: Mapped[int | None] = mapped_column(Integer)
    subject_id: Mapped[int | None] = mapped_column(Integer)
    draft_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


class AuditHead(Base):
    """The one row that holds the chain's last hash: writers lock it in turn, so events
    are chained one after another even when several processes write at once."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_hash: Mapped[str] = mapped_column(String(64), default="")
    last_id: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


def event_hash(event: AuditEvent) -> str:
    at = event.at.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    payload = json.dumps({
        "prev": event.prev_hash, "id": event.id, "at": at, "name": event.name,
        "actor_user_id": event.actor_user_id, "actor_role": event.actor_role,
        "actor_delegation_id": event.actor_delegation_id, "subject_id": event.subject_id,
        "draft_id": event.draft_id, "data": event.data,
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def record(session: Session, actor: Actor, name: str, subject_id: int | None, *,
           draft_id: int | None = None, **data) -> AuditEvent:
    event = AuditEvent(
        name=name, at=utcnow(), actor_user_id=actor.user_id, actor_role=actor.role,
        actor_delegation_id=actor.delegation_id, subject_id=subject_id, draft_id=draft_id,
        data=data,
    )
    deferred = session.info.get(DEFERRED)
    if deferred is not None:  # a batch of writes chains its events when it ends
        deferred.append(event)
    else:
        _chain(session, lock_head(session), [event])
    return event


def _chain(session: Session, head: AuditHead, events: list[AuditEvent]) -> None:
    # The head numbers the events too, so an event's hash (which covers its id) is known
    # before it is written: one INSERT, no UPDATE after it; and the ids have no gaps.
    for event in events:
        event.id, event.prev_hash = (head.last_id or 0) + 1, head.last_hash
        event.hash = head.last_hash = event_hash(event)
        head.last_id = event.id
        session.add(event)


DEFERRED = "drafting.audit.deferred"  # session.info: events recorded, not yet chained


def defer_events(session: Session) -> None:
    """From now on this session's events wait in order; `chain_deferred` appends them.

    A writer that runs many requests in one transaction (plenary/writer.py) locks the
    chain's head only at the end, for a moment, instead of for the whole batch: two
    workers' batches then run side by side on PostgreSQL but for that moment."""
    session.info[DEFERRED] = []


def deferred_count(session: Session) -> int:
    return len(session.info[DEFERRED])


def drop_deferred(session: Session, keep: int) -> None:
    """Forget the events recorded after the first `keep`: their work was rolled back."""
    del session.info[DEFERRED][keep:]


def chain_deferred(session: Session) -> None:
    events = session.info.pop(DEFERRED)
    if events:
        _chain(session, lock_head(session), events)
        session.flush()


def lock_head(session: Session) -> AuditHead:
    """The chain's head, locked until the transaction ends: events are appended one at a
    time, in order, whichever worker appends them."""
    # populate_existing: a head this session loaded in an earlier transaction is stale.
    head = session.scalar(select(AuditHead).where(AuditHead.id == 1).with_for_update()
                          .execution_options(populate_existing=True))
    if head is None:  # the migration creates it; a bare metadata.create_all does not
        head = AuditHead(id=1, last_hash="",
                         last_id=session.scalar(select(func.max(AuditEvent.id))) or 0)
        session.add(head)
    return head


def verify(session: Session) -> AuditEvent | None:
    """The first event whose link is broken (changed, removed or reordered), or None."""
    previous = ""
    last = None
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        if event.prev_hash != previous or event.hash != event_hash(event):
            return event
        previous, last = event.hash, event
    head = session.get(AuditHead, 1)
    if head is not None and head.last_hash != previous:
        return last or AuditEvent(id=0, name="(the chain's end was removed)")
    return None


def events_of_draft(session: Session, draft_id: int) -> list[AuditEvent]:
    return list(session.scalars(
        select(AuditEvent).where(AuditEvent.draft_id == draft_id).order_by(AuditEvent.id)))


EVENT_ORDERING = Ordering("events", (AuditEvent.id,))


def page_of_events(session: Session, draft_id: int, *, limit: int,
                   cursor: Cursor | None = None) -> Page[AuditEvent]:
    """A draft's history a page at a time, oldest first."""
    query = select(AuditEvent).where(AuditEvent.draft_id == draft_id)
    return read_page(session, [query], EVENT_ORDERING, limit, cursor)

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

from sqlalchemy import JSON, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from drafting.actors import Actor
from drafting.db import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    name: Mapped[str] = mapped_column(String(60))
    actor_user_id: Mapped[int | None] = mapped_column(Integer)
    actor_role: Mapped[str] = mapped_column(String(20))
    actor_delegation_id: Mapped[int | None] = mapped_column(Integer)
    subject_id: Mapped[int | None] = mapped_column(Integer)
    draft_id: Mapped[int | None] = mapped_column(Integer, index=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


class AuditHead(Base):
    """The one row that holds the chain's last hash: writers lock it in turn, so events
    are chained one after another even when several processes write at once."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_hash: Mapped[str] = mapped_column(String(64), default="")


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
    head = _locked_head(session)
    event = AuditEvent(
        name=name, at=utcnow(), actor_user_id=actor.user_id, actor_role=actor.role,
        actor_delegation_id=actor.delegation_id, subject_id=subject_id, draft_id=draft_id,
        data=data, prev_hash=head.last_hash,
    )
    session.add(event)
    session.flush()  # the id is part of what the hash covers
    event.hash = head.last_hash = event_hash(event)
    return event


def _locked_head(session: Session) -> AuditHead:
    head = session.scalar(select(AuditHead).where(AuditHead.id == 1).with_for_update())
    if head is None:  # the migration creates it; a bare metadata.create_all does not
        head = AuditHead(id=1, last_hash="")
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

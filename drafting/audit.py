"""The audit trail: every change of the record is an event named `subject:action`
(draft:import, decision:adopt, statement:register), with who did it and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String
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
    subject_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON, default=dict)


def record(session: Session, actor: Actor, name: str, subject_id: int | None, **data) -> None:
    session.add(
        AuditEvent(
            name=name,
            actor_user_id=actor.user_id,
            actor_role=actor.role,
            subject_id=subject_id,
            data=data,
        )
    )

"""Notifications, written in the same transaction as the change they report (an outbox):
a rolled-back change leaves none, a crash after the commit loses none. The shell shows
them in-app and mails them (plenary.mailer) afterwards."""

from __future__ import annotations

from sqlalchemy.orm import Session

from drafting.models import Notice


def to_delegation(session: Session, delegation_id: int, message: str, *,
                  draft_id: int | None = None, link: str = "") -> None:
    session.add(Notice(delegation_id=delegation_id, draft_id=draft_id, message=message,
                       link=link))


def to_role(session: Session, role: str, message: str, *, draft_id: int | None = None,
            link: str = "") -> None:
    session.add(Notice(role=role, draft_id=draft_id, message=message, link=link))


def to_everyone(session: Session, message: str, *, draft_id: int | None = None,
                link: str = "") -> None:
    """Every delegation and every office (the Chair, the secretariat, observers)."""
    session.add(Notice(draft_id=draft_id, message=message, link=link))


def to_user(session: Session, user_id: int, message: str, *, link: str = "") -> None:
    """One user only: news about their own account, which nobody else should read."""
    session.add(Notice(user_id=user_id, message=message, link=link))

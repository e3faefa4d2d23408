"""Each user's notices as they want them: the e-mail setting (plenary.notice_rules), and
which notices they have read.

Read is per user, though a notice is addressed to a delegation, a role or everyone: a
user's read_through marks every notice up to it read ("mark all as read", one row
written however many there are), and those after it are marked one by one (NoticeRead).
Counting unread reads each address's index from the newest down to read_through, at most
UNREAD_CAP rows, so the header costs the same after a week away.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from drafting.actors import Actor
from drafting.errors import NotFound
from drafting.models import Notice
from drafting.notice_lists import addresses
from plenary.models import NoticePreference, NoticeRead, User
from plenary.notice_rules import DEFAULT_EMAIL, UNREAD_CAP, email_setting

_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def preference(session: Session, user_id: int) -> NoticePreference:
    """The user's settings; the defaults, not stored, when they never changed any (a read
    must not write)."""
    found = session.get(NoticePreference, user_id)
    return found or NoticePreference(user_id=user_id, email=DEFAULT_EMAIL, read_through=0)


def _stored_preference(session: Session, user_id: int) -> NoticePreference:
    """The user's row, created if missing; two requests creating it at once both win."""
    session.flush()
    insert = _INSERT[session.get_bind().dialect.name](NoticePreference)
    session.execute(insert.values(user_id=user_id, email=DEFAULT_EMAIL, read_through=0)
                    .on_conflict_do_nothing())
    return session.get(NoticePreference, user_id, populate_existing=True)


def set_email(session: Session, actor: Actor, value: object) -> NoticePreference:
    """Set how the actor's notices are e-mailed: immediate, digest or none (422 else)."""
    chosen = email_setting(value)
    row = _stored_preference(session, actor.user_id)
    row.email = chosen
    session.flush()
    return row


def _addressed(actor: Actor) -> list:
    return addresses(actor.delegation_id, actor.role, actor.user_id)


def find_notice(session: Session, actor: Actor, notice_id: int) -> Notice:
    """A notice addressed to the actor; another's is "no such notice", like a missing one."""
    query = select(Notice).where(Notice.id == notice_id)
    for condition in _addressed(actor):
        notice = session.scalar(query.where(condition))
        if notice is not None:
            return notice
    raise NotFound(f"no notification {notice_id} of yours")


def mark_read(session: Session, actor: Actor, notice_id: int) -> Notice:
    notice = find_notice(session, actor, notice_id)
    if notice.id > preference(session, actor.user_id).read_through:
        session.flush()
        insert = _INSERT[session.get_bind().dialect.name](NoticeRead)
        session.execute(insert.values(user_id=actor.user_id, notice_id=notice.id)
                        .on_conflict_do_nothing())
    return notice


def newest_id(session: Session, actor: Actor) -> int:
    """The id of the newest notice addressed to the actor (0 if none)."""
    newest = [session.scalar(select(func.max(Notice.id)).where(c)) for c in _addressed(actor)]
    return max((n for n in newest if n is not None), default=0)


def mark_all_read(session: Session, actor: Actor, through: int | None = None) -> int:
    """Mark read every notice of the actor up to `through` (the newest they were shown), or
    all of them; how many remain unread."""
    target = newest_id(session, actor)
    if through is not None:
        target = min(target, through)
    row = _stored_preference(session, actor.user_id)
    if target > row.read_through:
        row.read_through = target
        session.execute(delete(NoticeRead).where(NoticeRead.user_id == actor.user_id,
                                                 NoticeRead.notice_id <= target))
        session.flush()
    return unread_count(session, actor)


def _unread_ids(session: Session, actor: Actor, limit: int) -> set[int]:
    read_through = preference(session, actor.user_id).read_through
    marked = exists().where(NoticeRead.user_id == actor.user_id,
                            NoticeRead.notice_id == Notice.id)
    ids: set[int] = set()
    for condition in _addressed(actor):  # each address through its own index
        query = (select(Notice.id).where(condition, Notice.id > read_through, ~marked)
                 .order_by(Notice.id.desc()).limit(limit))
        ids.update(session.scalars(query))
    return ids


def unread_count(session: Session, actor: Actor) -> int:
    """How many notices of the actor are unread, counted up to UNREAD_CAP."""
    return min(len(_unread_ids(session, actor, UNREAD_CAP)), UNREAD_CAP)


def read_ids(session: Session, actor: Actor, notices: Iterable[Notice]) -> set[int]:
    """Which of `notices` (a page of them) the actor has read."""
    read_through = preference(session, actor.user_id).read_through
    later = [n.id for n in notices if n.id > read_through]
    marked = set(session.scalars(select(NoticeRead.notice_id).where(
        NoticeRead.user_id == actor.user_id, NoticeRead.notice_id.in_(later)))) if later else set()
    return {n.id for n in notices if n.id <= read_through} | marked


def unread_for_page(user: User | None) -> int:
    """The signed-in user's unread count, for the page header; 0 when the page is shown
    outside a session (an error page)."""
    session = Session.object_session(user) if user is not None else None
    if session is None:
        return 0
    return unread_count(session, Actor(user_id=user.id, role=user.role,
                                       delegation_id=user.delegation_id))

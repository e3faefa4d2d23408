"""Use cases of an amendment's discussion: delegations, the Chair and the secretariat
comment on an amendment and reply to comments; the Chair marks a comment as a compromise
proposal (and unmarks it). Everyone signed in reads the thread (observers too).

The discussion is open while the amendment is pending (submitted, accepted, needs_rebase)
and its draft is neither adopted nor withdrawn: once the amendment is withdrawn, rejected,
incorporated or contained, there is nothing left to discuss, and the thread stays as the
record of what was said. The amendment's delegation is told of each comment made by
anyone else. Every change writes one audit event.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from drafting import audit, limits, notices
from drafting.actors import Actor
from drafting.amendment_labels import label_of
from drafting.amendments import clean_text, describe
from drafting.errors import Conflict, Invalid, NotFound, allows
from drafting.models import Amendment, Comment, Draft
from drafting.paging import Cursor, Ordering, Page, read_page

CLOSED_DRAFT_STATES = ("adopted", "withdrawn")
ORDERING = Ordering("comments", (Comment.id,))


@dataclass
class Thread:
    """A top-level comment and its replies, oldest first."""

    comment: Comment
    replies: list[Comment]


def check_open(session: Session, amendment: Amendment) -> None:
    """Refuse (409) a change to the discussion of an amendment that is closed, or of a
    draft that is adopted or withdrawn."""
    draft = session.get(Draft, amendment.draft_id)
    if draft.state in CLOSED_DRAFT_STATES:
        raise Conflict(f"{draft.symbol} is {draft.state}: the discussion of its amendments "
                       "is closed")
    if not amendment.is_pending:
        raise Conflict(f"{label_of(session, amendment)} is {amendment.status}: its "
                       "discussion is closed")


def is_open(session: Session, amendment: Amendment) -> bool:
    return allows(lambda: check_open(session, amendment))


def check_may_post(session: Session, actor: Actor, amendment: Amendment) -> None:
    actor.require("drafter", "chair", "secretariat", action="comment on an amendment")
    if actor.role == "drafter" and actor.delegation_id is None:
        raise Invalid("your account has no delegation to speak for; ask the secretariat")
    check_open(session, amendment)


def may_post(session: Session, actor: Actor, amendment: Amendment) -> bool:
    """What the page asks before it offers the comment and reply forms."""
    return allows(lambda: check_may_post(session, actor, amendment))


def may_mark(session: Session, actor: Actor, amendment: Amendment) -> bool:
    """Whether the page offers the Chair's "Mark as compromise proposal" buttons."""
    return allows(lambda: _check_may_mark(session, actor, amendment))


def _check_may_mark(session: Session, actor: Actor, amendment: Amendment) -> None:
    actor.require("chair", action="mark a compromise proposal")
    check_open(session, amendment)


def post(session: Session, actor: Actor, amendment: Amendment, text: str | None,
         reply_to: int | None = None) -> Comment:
    """A comment on the amendment, or a reply to one of its comments (a reply to a reply
    joins the same top-level comment). The amendment's delegation is told of it."""
    check_may_post(session, actor, amendment)
    text = clean_text(text, "comment", limits.MAX_COMMENT_CHARS)
    if not text:
        raise Invalid("the comment is empty: write what you want to say")
    parent = _parent(session, amendment, reply_to)
    label = label_of(session, amendment)
    limits.check_comments(session, amendment.id, label)
    comment = Comment(amendment_id=amendment.id, parent_id=parent, author_id=actor.user_id,
                      delegation_id=actor.delegation_id if actor.role == "drafter" else None,
                      role=actor.role, text=text, compromise=False)
    session.add(comment)
    session.flush()
    if comment.delegation_id != amendment.delegation_id:
        what = "replied in the discussion of" if parent else "commented on"
        _tell_proposer(session, amendment, comment, f"{comment.speaker} {what} "
                                                    f"{describe(session, amendment)}")
    audit.record(session, actor, "comment:post", comment.id, draft_id=amendment.draft_id,
                 amendment=amendment.id, reply_to=parent)
    return comment


def _parent(session: Session, amendment: Amendment, reply_to) -> int | None:
    if reply_to is None:
        return None
    if isinstance(reply_to, bool) or not isinstance(reply_to, int):
        raise Invalid("reply_to must be the id of a comment of this amendment")
    parent = session.get(Comment, reply_to)
    if parent is None or parent.amendment_id != amendment.id:
        raise Invalid(f"there is no comment {reply_to} in the discussion of "
                      f"{label_of(session, amendment)}; reply to one of its comments")
    return parent.parent_id or parent.id  # one level of replies


def mark_compromise(session: Session, actor: Actor, comment: Comment,
                    compromise: bool = True) -> Comment:
    """The Chair marks a comment as a compromise proposal, or unmarks it."""
    amendment = session.get(Amendment, comment.amendment_id)
    _check_may_mark(session, actor, amendment)
    if comment.compromise == compromise:
        state = "already" if compromise else "not"
        raise Conflict(f"comment {comment.id} is {state} marked as a compromise proposal")
    comment.compromise = compromise
    session.flush()
    if compromise:
        _tell_proposer(session, amendment, comment,
                       f"The Chair marked a comment of {comment.speaker} on "
                       f"{describe(session, amendment)} as a compromise proposal")
    audit.record(session, actor, "comment:mark" if compromise else "comment:unmark",
                 comment.id, draft_id=amendment.draft_id, amendment=amendment.id)
    return comment


def _tell_proposer(session: Session, amendment: Amendment, comment: Comment,
                   message: str) -> None:
    notices.to_delegation(session, amendment.delegation_id, message,
                          draft_id=amendment.draft_id,
                          link=f"/amendments/{amendment.id}#comment-{comment.id}")


def get_comment(session: Session, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(f"there is no comment {comment_id}")
    return comment


def page_of_threads(session: Session, amendment: Amendment, *, limit: int,
                    cursor: Cursor | None = None) -> Page[Thread]:
    """A page of the amendment's top-level comments, oldest first, each with all its
    replies (bounded, with the comments, by MAX_COMMENTS_PER_AMENDMENT)."""
    query = select(Comment).where(Comment.amendment_id == amendment.id,
                                  Comment.parent_id.is_(None)).options(
        joinedload(Comment.delegation))
    page = read_page(session, [query], ORDERING, limit, cursor)
    replies: dict[int, list[Comment]] = {c.id: [] for c in page.items}
    if replies:
        for reply in session.scalars(
                select(Comment).where(Comment.amendment_id == amendment.id,
                                      Comment.parent_id.in_(list(replies)))
                .options(joinedload(Comment.delegation)).order_by(Comment.id)):
            replies[reply.parent_id].append(reply)
    return Page([Thread(c, replies[c.id]) for c in page.items], page.next, page.previous)

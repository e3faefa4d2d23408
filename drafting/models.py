"""The drafting tables: delegations, drafts, their revisions and paragraphs.

A paragraph's `key` is its identity across revisions: renumbering changes its label
(OP5 becomes OP6), never its key. Each revision holds a full copy of its paragraphs, so
any revision can be read, compared or adopted as it was.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import get_history

from drafting import stored_redline
from drafting.db import Base, UTCDateTime, utcnow

BODIES = ("MC", "PC", "FSC")
DRAFT_STATES = ("proposed", "negotiating", "under_silence", "adopted", "withdrawn")


class Delegation(Base):
    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)  # "Russian Federation"
    name_in_text: Mapped[str] = mapped_column(String(120))  # "the Russian Federation"
    position: Mapped[int] = mapped_column(Integer)  # the order of the list of States


class Draft(Base):
    __tablename__ = "drafts"
    # The dashboard and GET /api/v1/drafts page through drafts by state, newest first.
    __table_args__ = (Index("ix_drafts_state_tabled_at", "state", "tabled_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(8))
    symbol: Mapped[str] = mapped_column(String(60), unique=True)  # "MC.DD/12/17"
    title: Mapped[str] = mapped_column(Text)
    enacting_formula: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20), default="proposed")
    current_revision: Mapped[int] = mapped_column(Integer, default=0)
    tabled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    tabled_by_id: Mapped[int | None] = mapped_column(Integer)  # a user id; None for the system
    version: Mapped[int] = mapped_column(Integer, default=1)

    revisions: Mapped[list[Revision]] = relationship(
        back_populates="draft", order_by="Revision.number"
    )
    sponsors: Mapped[list[DraftSponsor]] = relationship(order_by="DraftSponsor.position")

    __mapper_args__ = {"version_id_col": version}

    def revision_symbol(self, number: int) -> str:
        return self.symbol if number == 0 else f"{self.symbol}/Rev.{number}"


class DraftSponsor(Base):
    __tablename__ = "draft_sponsors"
    __table_args__ = (UniqueConstraint("draft_id", "delegation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    position: Mapped[int] = mapped_column(Integer)

    delegation: Mapped[Delegation] = relationship()


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("draft_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 0 the text as tabled, N for Rev.N
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(Integer)

    draft: Mapped[Draft] = relationship(back_populates="revisions")
    paragraphs: Mapped[list[Paragraph]] = relationship(
        order_by="Paragraph.position", cascade="all, delete-orphan"
    )


class Paragraph(Base):
    __tablename__ = "paragraphs"
    __table_args__ = (
        UniqueConstraint("revision_id", "key"),
        UniqueConstraint("revision_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))  # "preambular" | "operative"
    level: Mapped[int] = mapped_column(Integer, default=0)
    marker: Mapped[str | None] = mapped_column(String(12))  # "5", "a", "ii"; None: PP, chapeau
    label: Mapped[str] = mapped_column(String(40))  # "PP3", "OP5", "OP5(a)", "OP chapeau"
    text: Mapped[str] = mapped_column(Text)


AMENDMENT_ACTIONS = ("modify", "insert_after", "delete")
AMENDMENT_STATUSES = (
    "submitted", "accepted", "needs_rebase", "withdrawn", "rejected", "incorporated",
    "contained",  # a revision already has the change it proposes: nothing left to decide
)
PENDING_STATUSES = ("submitted", "accepted", "needs_rebase")
# Pending and written on the current revision: what a new revision carries forward.
LIVE_STATUSES = ("submitted", "accepted")


class Amendment(Base):
    """A delegation's proposal for one paragraph: modify its text, insert a new paragraph
    after it, or delete it. `base_text` is the paragraph's text at `base_revision`; each new
    revision rebases a pending amendment (both move forward) or marks it needs_rebase."""

    __tablename__ = "amendments"
    __table_args__ = (
        # Lists page by status in id order and count per status (drafting/amendment_lists.py).
        Index("ix_amendments_draft_id_status", "draft_id", "status", "id"),
        # Counts per paragraph, the paragraph filter, and the collisions of an acceptance.
        Index("ix_amendments_draft_id_paragraph", "draft_id", "paragraph_key", "status"),
        # a delegation's pending amendments to a draft, counted before each proposal
        Index("ix_amendments_draft_id_delegation", "draft_id", "delegation_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    paragraph_key: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(20))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    author_id: Mapped[int | None] = mapped_column(Integer)  # the drafter's user id
    base_revision: Mapped[int] = mapped_column(Integer)
    base_text: Mapped[str] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)  # None for a deletion
    new_key: Mapped[str | None] = mapped_column(String(32))  # the inserted paragraph's key
    rationale: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    reason: Mapped[str] = mapped_column(Text, default="")  # the Chair's, on accept or reject
    conflict: Mapped[dict | None] = mapped_column(JSON)  # what the author must reconcile
    incorporated_in: Mapped[int | None] = mapped_column(Integer)  # the revision number
    # The revision it was rebased onto automatically, until its author confirms or
    # rewrites the wording; None when its wording is the author's own.
    rebased_onto: Mapped[int | None] = mapped_column(Integer)
    # The word-level redline of base_text -> the proposed text, as spans of the two texts
    # (drafting/stored_redline.py): kept up to date by _store_redline below, so that views
    # read it instead of diffing each amendment again. None only for rows written around
    # the ORM (bulk SQL), which are diffed when read.
    redline: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delegation: Mapped[Delegation] = relationship()
    supports: Mapped[list[AmendmentSupport]] = relationship(
        order_by="AmendmentSupport.id", cascade="all, delete-orphan"
    )

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def new_text(self) -> str:
        """The paragraph as this amendment would have it ("" when it deletes it)."""
        return "" if self.action == "delete" else self.text or ""


REDLINE_SOURCES = ("action", "base_text", "text")


@event.listens_for(Amendment, "before_insert")
@event.listens_for(Amendment, "before_update")
def _store_redline(mapper, connection, amendment: Amendment) -> None:
    # Once per flush that changes the wording or its base (propose, rewrite, a rebase onto
    # a new revision), whichever use case did it; a status change costs nothing.
    if amendment.redline is None or any(
            get_history(amendment, name).has_changes() for name in REDLINE_SOURCES):
        amendment.redline = stored_redline.spans(amendment.action, amendment.base_text,
                                                 amendment.text)


class AmendmentSupport(Base):
    """Another delegation co-sponsoring an amendment."""

    __tablename__ = "amendment_supports"
    __table_args__ = (UniqueConstraint("amendment_id", "delegation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delegation: Mapped[Delegation] = relationship()


SPEAKERS = {"chair": "The Chair", "secretariat": "The secretariat", "system": "Plenary"}


class Comment(Base):
    """A comment in an amendment's discussion, or a reply to one. Replies go one level
    deep: a reply's parent is always a top-level comment. A drafter speaks for its
    delegation (`delegation_id`), the Chair and the secretariat for their office (`role`)."""

    __tablename__ = "amendment_comments"
    # A thread is read a page of top-level comments at a time (parent_id NULL), in id
    # order, with their replies; and counted against its limit.
    __table_args__ = (Index("ix_amendment_comments_amendment_id_parent_id",
                            "amendment_id", "parent_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("amendment_comments.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(Integer)  # the user id; None: the system
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))
    role: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    compromise: Mapped[bool] = mapped_column(Boolean, default=False)  # marked by the Chair
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delegation: Mapped[Delegation | None] = relationship()

    @property
    def speaker(self) -> str:
        """Who speaks: "Italy", "The Chair"."""
        if self.delegation is not None:
            return self.delegation.name
        return SPEAKERS.get(self.role, self.role)


class Notice(Base):
    """A notification: an amendment needs rebasing, was accepted; silence started …"""

    __tablename__ = "notices"
    # A user's notices, newest first: those to the delegation, to the role, to everyone
    # (delegation and role both NULL), each read from its own index (notices_for_user).
    __table_args__ = (
        Index("ix_notices_delegation_id_role", "delegation_id", "role", "id"),
        Index("ix_notices_role", "role", "id"),
        Index("ix_notices_user_id", "user_id", "id"),  # the few to one user (a lockout)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Addressed to a delegation's users, or to everyone holding a role ("chair"), or to one
    # user (their account's own business: a sign-in lockout), or to all (all three None).
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))
    role: Mapped[str | None] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(Integer)  # a user id, as the shell knows it
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The outbox: written in the event's own transaction, mailed afterwards.
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_attempts: Mapped[int] = mapped_column(Integer, default=0)

"""The drafting tables: delegations, drafts, their revisions and paragraphs.

A paragraph's `key` is its identity across revisions: renumbering changes its label
(OP5 becomes OP6), never its key. Each revision holds a full copy of its paragraphs, so
any revision can be read, compared or adopted as it was.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

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


class AmendmentSupport(Base):
    """Another delegation co-sponsoring an amendment."""

    __tablename__ = "amendment_supports"
    __table_args__ = (UniqueConstraint("amendment_id", "delegation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delegation: Mapped[Delegation] = relationship()


class Notice(Base):
    """A notification: an amendment needs rebasing, was accepted; silence started …"""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Addressed to a delegation's users, or to everyone holding a role ("chair"), or to all
    # (both None).
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))
    role: Mapped[str | None] = mapped_column(String(20))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The outbox: written in the event's own transaction, mailed afterwards.
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_attempts: Mapped[int] = mapped_column(Integer, default=0)

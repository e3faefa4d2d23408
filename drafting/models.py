"""The drafting tables: delegations, drafts, their revisions and paragraphs.

A paragraph's `key` is its identity across revisions: renumbering changes its label
(OP5 becomes OP6), never its key. Each revision holds a full copy of its paragraphs, so
any revision can be read, compared or adopted as it was.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
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

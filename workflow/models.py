"""The procedure's tables: meetings and journals, decisions and their numbering,
and statements under IV.1(A)6."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from drafting.db import Base, UTCDateTime, utcnow
from drafting.models import Delegation, Draft, Revision

STATEMENT_KINDS = ("interpretative_statement", "formal_reservation")
LANGUAGES = ("ENGLISH", "FRENCH", "GERMAN", "ITALIAN", "RUSSIAN", "SPANISH")


class Meeting(Base):
    """A meeting of a body: the 24th Ministerial Council; a Permanent Council plenary."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("body", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(8))
    number: Mapped[int] = mapped_column(Integer)
    place: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    journals: Mapped[list[Journal]] = relationship(
        back_populates="meeting", order_by="Journal.number"
    )


class Journal(Base):
    """The journal of one meeting day: MC(24) Journal No. 2; PC Journal No. 1200."""

    __tablename__ = "journals"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    number: Mapped[int] = mapped_column(Integer)  # the day of an MC meeting; the PC plenary
    day: Mapped[date] = mapped_column(Date)
    chairperson: Mapped[str] = mapped_column(String(200), default="")
    # The sitting the journal records, printed under its title: "3rd PLENARY MEETING (CLOSED)"
    session_title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    opened_at: Mapped[time | None] = mapped_column(Time)  # local times of the meeting day
    closed_at: Mapped[time | None] = mapped_column(Time)
    next_meeting: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="journals")
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="journal", order_by="AgendaItem.number"
    )
    suspensions: Mapped[list[JournalSuspension]] = relationship(
        order_by="JournalSuspension.suspended_at", cascade="all, delete-orphan"
    )


class AgendaItem(Base):
    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("journal_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(ForeignKey("journals.id"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text, default="")

    journal: Mapped[Journal] = relationship(back_populates="agenda_items")
    entries: Mapped[list[JournalEntry]] = relationship(
        back_populates="agenda_item", order_by="JournalEntry.id"
    )
    speakers: Mapped[list[JournalSpeaker]] = relationship(
        order_by="JournalSpeaker.position", cascade="all, delete-orphan"
    )
    documents: Mapped[list[CitedDocument]] = relationship(
        order_by="CitedDocument.position", cascade="all, delete-orphan"
    )


class JournalSuspension(Base):
    """A suspension of the meeting: the local times it was suspended and resumed (None
    while not recorded, or when the meeting closed without resuming)."""

    __tablename__ = "journal_suspensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(
        ForeignKey("journals.id", ondelete="CASCADE"), index=True)
    suspended_at: Mapped[time] = mapped_column(Time)
    resumed_at: Mapped[time | None] = mapped_column(Time)


class JournalSpeaker(Base):
    """A speaker under an agenda item, in the order they took the floor: a delegation,
    the Chairperson, an organisation, or a line such as "Estonia-European Union (with the
    candidate countries …)". A statement they made in debate may be annexed."""

    __tablename__ = "journal_speakers"
    __table_args__ = (Index("ix_journal_speakers_agenda_item_id", "agenda_item_id",
                            "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # 1, 2 … in the order of the floor
    name: Mapped[str] = mapped_column(String(500))

    annex: Mapped[JournalAnnex | None] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", uselist=False)


class JournalAnnex(Base):
    """A statement made in debate, annexed to the journal. Annexes are numbered in the
    order the journal points to them (agenda item, then speaker): the number is not
    stored, so removing or reordering renumbers them."""

    __tablename__ = "journal_annexes"

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("journal_speakers.id", ondelete="CASCADE"), unique=True)
    text: Mapped[str] = mapped_column(Text)  # paragraphs separated by a blank line

    speaker: Mapped[JournalSpeaker] = relationship(back_populates="annex")

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.split("\n\n") if p.strip()]


class CitedDocument(Base):
    """A document cited under an agenda item: "PC.DEL/1229/20"."""

    __tablename__ = "journal_documents"
    __table_args__ = (Index("ix_journal_documents_agenda_item_id", "agenda_item_id",
                            "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    symbol: Mapped[str] = mapped_column(String(60))


class DecisionCounter(Base):
    """The next decision number of a body; MC and FSC restart every year, PC runs on
    (year 0). Taken under a row lock in the adoption's own transaction."""

    __tablename__ = "decision_counters"
    __table_args__ = (UniqueConstraint("body", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    next_number: Mapped[int] = mapped_column(Integer, default=1)


class Decision(Base):
    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("body", "year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)  # 0 for a running sequence (PC)
    number: Mapped[int] = mapped_column(Integer)
    symbol: Mapped[str] = mapped_column(String(40), unique=True)  # "MC.DEC/7/17"
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), unique=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    adopted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    adopted_on: Mapped[date] = mapped_column(Date)  # the date in the body's time zone
    mode: Mapped[str] = mapped_column(String(10), default="meeting")  # or "silence"
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    draft: Mapped[Draft] = relationship()
    revision: Mapped[Revision] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    # The attachments: registered statements only, in the order of their numbers.
    statements: Mapped[list[Statement]] = relationship(
        primaryjoin="and_(Decision.id == Statement.decision_id, "
                    "Statement.status == 'registered')",
        order_by="Statement.position", viewonly=True,
    )
    all_statements: Mapped[list[Statement]] = relationship(
        back_populates="decision", order_by="Statement.id"
    )

    @property
    def number_label(self) -> str:
        return f"{self.number}/{self.year % 100:02d}" if self.year else str(self.number)


class JournalEntry(Base):
    """One line of a journal under an agenda item: a decision adopted, a statement."""

    __tablename__ = "journal_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_id: Mapped[int] = mapped_column(ForeignKey("journals.id"))
    # None for what the journal records outside the agenda: adoptions by silence announced
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    kind: Mapped[str] = mapped_column(String(30))  # "decision_adopted", "silence_announced"
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))

    agenda_item: Mapped[AgendaItem | None] = relationship(back_populates="entries")
    decision: Mapped[Decision | None] = relationship()


class Silence(Base):
    """A silence procedure on one revision of a draft: running until its deadline, broken
    by a delegation before it, or expired (the draft adopted at the deadline's instant)."""

    __tablename__ = "silences"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"))
    revision: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    status: Mapped[str] = mapped_column(String(10), default="running")  # broken, expired
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_by_id: Mapped[int | None] = mapped_column(Integer)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    broken_by_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))
    break_kind: Mapped[str | None] = mapped_column(String(12))  # "objection" | "amendment"
    break_reason: Mapped[str] = mapped_column(Text, default="")
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))

    draft: Mapped[Draft] = relationship()
    broken_by: Mapped[Delegation | None] = relationship()


STATEMENT_STATUSES = (
    "awaiting",  # named delegations have still to confirm that it speaks for them
    "returned",  # a named delegation declined: back with its author
    "registered",  # attached to the decision, with its attachment number
    "withdrawn",  # registered in error and withdrawn by the secretariat
)


class Statement(Base):
    """An interpretative statement or formal reservation attached to a decision. Only a
    registered statement has an attachment number (`position`) and appears anywhere."""

    __tablename__ = "statements"
    __table_args__ = (UniqueConstraint("decision_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"))
    position: Mapped[int | None] = mapped_column(Integer)  # the attachment number, in order
    status: Mapped[str] = mapped_column(String(12), default="registered")
    kind: Mapped[str] = mapped_column(String(30))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    group: Mapped[str | None] = mapped_column(String(100))  # "the European Union"
    group_role: Mapped[str | None] = mapped_column(String(100))  # "EU Presidency"
    original_language: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)  # paragraphs separated by a blank line
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    registered_by_id: Mapped[int | None] = mapped_column(Integer)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    decision: Mapped[Decision] = relationship(back_populates="all_statements")
    delegation: Mapped[Delegation] = relationship()
    cosigners: Mapped[list[StatementCosigner]] = relationship(
        order_by="StatementCosigner.id", cascade="all, delete-orphan"
    )

    @property
    def also_on_behalf_of(self) -> list[int]:
        """The delegations it also speaks for, by id, in the order it names them."""
        return [c.delegation_id for c in self.cosigners]

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.split("\n\n") if p.strip()]


class StatementCosigner(Base):
    """A delegation a statement is "also on behalf of": it confirms (or declines) that the
    statement speaks for it before the statement is registered."""

    __tablename__ = "statement_cosigners"
    __table_args__ = (UniqueConstraint("statement_id", "delegation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    status: Mapped[str] = mapped_column(String(12), default="pending")  # confirmed, declined
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(Integer)

    delegation: Mapped[Delegation] = relationship()


class GroupPresidency(Base):
    """Who holds a group's presidency, and when: the European Union's statements are
    delivered through the delegation holding it on the decision's day of adoption."""

    __tablename__ = "group_presidencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    group: Mapped[str] = mapped_column(String(100), index=True)  # "European Union"
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    delegation: Mapped[Delegation] = relationship()

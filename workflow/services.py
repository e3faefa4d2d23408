"""Use cases of the procedure (thin for now): meetings and journals, adoption at a
meeting with its decision number, statements attached to a decision."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from drafting import audit, notices
from drafting.actors import Actor
from drafting.db import utcnow
from drafting.errors import Conflict, Forbidden, Invalid, NotFound
from drafting.models import BODIES, Delegation, Draft
from drafting.services import revision_of
from workflow import journals, machine, numbering
from workflow.models import (
    LANGUAGES,
    STATEMENT_KINDS,
    AgendaItem,
    Decision,
    Journal,
    JournalEntry,
    Meeting,
    Statement,
)

MAX_STATEMENT_CHARS = 100_000


def create_meeting(
    session: Session, actor: Actor, *, body: str, number: int, place: str,
    starts_on: date, ends_on: date,
) -> Meeting:
    actor.require("chair", "secretariat", action="create a meeting")
    if body not in BODIES:
        raise Invalid(f"unknown body {body!r}; use one of {', '.join(BODIES)}")
    if ends_on < starts_on:
        raise Invalid("a meeting cannot end before it starts")
    if number < 1:
        raise Invalid("a meeting is numbered from 1")
    if session.scalar(select(Meeting).where(Meeting.body == body, Meeting.number == number)):
        raise Conflict(f"the {body} has a meeting number {number} already")
    meeting = Meeting(body=body, number=number, place=place, starts_on=starts_on, ends_on=ends_on)
    session.add(meeting)
    session.flush()
    audit.record(session, actor, "meeting:create", meeting.id, body=body, number=number)
    return meeting


def open_journal(
    session: Session, actor: Actor, meeting: Meeting, *, number: int, day: date,
    chairperson: str = "",
) -> Journal:
    actor.require("chair", "secretariat", action="open a journal")
    if not meeting.starts_on <= day <= meeting.ends_on:
        raise Invalid(f"{day} is not a day of the meeting ({meeting.starts_on}–{meeting.ends_on})")
    if number < 1:
        raise Invalid("a journal is numbered from 1")
    if any(j.number == number for j in meeting.journals):
        raise Conflict(f"the meeting has a journal number {number} already")
    journal = Journal(meeting=meeting, number=number, day=day, chairperson=chairperson)
    session.add(journal)
    session.flush()
    audit.record(session, actor, "journal:open", journal.id, number=number)
    journals.announce_silence_adoptions(session, actor, journal)
    return journal


def adopt_at_meeting(
    session: Session, actor: Actor, draft: Draft, journal: Journal, *,
    agenda_item: int, agenda_title: str = "", adopted_at: datetime | None = None,
) -> Decision:
    """The Chair records consensus: the current revision becomes the decision, numbered
    in this same transaction."""
    if journal.meeting.body != draft.body:
        raise Invalid(f"the draft {draft.symbol} is for the {draft.body}; the journal is of a "
                      f"{journal.meeting.body} meeting")
    item = _agenda_item(session, journal, agenda_item, agenda_title)
    machine.transition(session, actor, draft, "adopt", journal=journal.id)
    decision = create_decision(session, actor, draft, adopted_at=adopted_at or utcnow(),
                               adopted_on=journal.day, mode="meeting", agenda_item=item)
    session.add(JournalEntry(journal_id=journal.id, agenda_item=item,
                             kind="decision_adopted", decision=decision))
    notices.to_everyone(session, f"{draft.symbol} was adopted by consensus as "
                                 f"{decision.symbol}", draft_id=draft.id,
                        link=f"/decisions/{decision.id}")
    session.flush()
    return decision


def create_decision(session: Session, actor: Actor, draft: Draft, *, adopted_at: datetime,
                    adopted_on: date, mode: str, agenda_item: AgendaItem | None = None,
                    ) -> Decision:
    """The decision of an adopted draft: its current revision, frozen, and the body's next
    number, taken in the adoption's own transaction."""
    year = adopted_on.year
    number = numbering.take_next_number(session, draft.body, year)
    decision = Decision(
        body=draft.body,
        year=numbering.sequence_year(draft.body, year),
        number=number,
        symbol=numbering.decision_symbol(draft.body, number, year),
        draft=draft,
        revision=revision_of(session, draft),
        agenda_item=agenda_item,
        adopted_at=adopted_at,
        adopted_on=adopted_on,
        mode=mode,
    )
    session.add(decision)
    session.flush()
    audit.record(session, actor, "decision:adopt", decision.id, draft_id=draft.id,
                 symbol=decision.symbol, mode=mode)
    return decision


def open_negotiation(session: Session, actor: Actor, draft: Draft) -> Draft:
    """The Chair opens a tabled draft for amendments."""
    machine.transition(session, actor, draft, "open")
    notices.to_everyone(session, f"{draft.symbol} is open for amendments", draft_id=draft.id,
                        link=f"/drafts/{draft.id}")
    return draft


def withdraw(session: Session, actor: Actor, draft: Draft) -> Draft:
    machine.transition(session, actor, draft, "withdraw")
    notices.to_everyone(session, f"{draft.symbol} has been withdrawn", draft_id=draft.id,
                        link=f"/drafts/{draft.id}")
    return draft


def issue(session: Session, actor: Actor, decision: Decision) -> Decision:
    """The secretariat issues the decision document: statements close."""
    actor.require("secretariat", action="issue a decision document")
    if decision.issued_at is not None:
        raise Conflict(f"{decision.symbol} was issued already")
    decision.issued_at = utcnow()
    session.flush()
    audit.record(session, actor, "decision:issue", decision.id, draft_id=decision.draft_id)
    return decision


def _agenda_item(session: Session, journal: Journal, number: int, title: str) -> AgendaItem:
    if number < 1:
        raise Invalid("an agenda item is numbered from 1")
    query = select(AgendaItem).where(AgendaItem.journal_id == journal.id,
                                     AgendaItem.number == number)
    item = session.scalar(query)
    if item is None:
        try:  # two adoptions under a new item at once: one creates it, the other finds it
            with session.begin_nested():
                item = AgendaItem(journal_id=journal.id, number=number, title=title)
                session.add(item)
        except IntegrityError:  # the savepoint's rollback has expunged our pending item
            item = session.scalar(query)
    if title and not item.title:
        item.title = title
    return item


GROUPS = {  # a group that is not a participating State: (in a sentence, who delivers it)
    "European Union": ("the European Union", "EU Presidency"),
}
LANGUAGE_CODES = {"en": "ENGLISH", "fr": "FRENCH", "de": "GERMAN", "it": "ITALIAN",
                  "ru": "RUSSIAN", "es": "SPANISH"}


def attach_statement(
    session: Session, actor: Actor, decision: Decision, *, delegation: Delegation, kind: str,
    original_language: str, text: str, also_on_behalf_of: list[Delegation] = (),
    group: str | None = None,
) -> Statement:
    """Register a statement under IV.1(A)6: a drafter for its own delegation, or the
    Chair or the secretariat on a delegation's behalf. For a `group` (the European Union),
    `delegation` is the one holding its presidency, which passes it the floor."""
    _check_may_speak_for(actor, delegation)
    if decision.issued_at is not None:
        raise Conflict(f"{decision.symbol} has been issued; statements are closed "
                       "(a corrigendum is a later feature)")
    group_text, group_role = _group(group, also_on_behalf_of)
    statement = Statement(
        decision=decision,
        position=_next_position(session, decision),
        kind=_one_of(kind, STATEMENT_KINDS, "kind"),
        delegation=delegation,
        also_on_behalf_of=[d.id for d in also_on_behalf_of if d.id != delegation.id],
        group=group_text,
        group_role=group_role,
        original_language=_language(original_language),
        text=_statement_text(text),
        registered_by_id=actor.user_id,
    )
    session.add(statement)
    session.flush()
    audit.record(session, actor, "statement:register", statement.id,
                 draft_id=decision.draft_id, decision=decision.symbol,
                 attachment=statement.position)
    return statement


def _group(group: str | None, also_on_behalf_of) -> tuple[str | None, str | None]:
    if group is None:
        return None, None
    if group not in GROUPS:
        raise Invalid(f"unknown group {group!r}; Plenary knows {', '.join(GROUPS)}")
    if also_on_behalf_of:
        raise Invalid("a statement delivered for a group is not also made on behalf of States")
    return GROUPS[group]


def _language(value: str) -> str:
    value = (value or "").strip()
    language = LANGUAGE_CODES.get(value.lower(), value.upper())
    return _one_of(language, LANGUAGES, "original language")


def _check_may_speak_for(actor: Actor, delegation: Delegation) -> None:
    actor.require("drafter", "chair", "secretariat", action="register a statement")
    if actor.role == "drafter" and actor.delegation_id != delegation.id:
        raise Forbidden(f"you draft for another delegation, not for {delegation.name}")


def _next_position(session: Session, decision: Decision) -> int:
    last = session.scalar(
        select(func.max(Statement.position)).where(Statement.decision_id == decision.id)
    )
    return (last or 0) + 1


def _one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise Invalid(f"unknown {what} {value!r}; use one of {', '.join(allowed)}")
    return value


def _statement_text(text: str) -> str:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "")]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise Invalid("the statement has no text")
    joined = "\n\n".join(paragraphs)
    if len(joined) > MAX_STATEMENT_CHARS:
        raise Invalid(f"the statement is too long (at most {MAX_STATEMENT_CHARS:,} characters)")
    return joined


def list_decisions(session: Session, symbol: str | None = None) -> list[Decision]:
    query = select(Decision).order_by(Decision.adopted_at.desc(), Decision.id.desc())
    if symbol:
        query = query.where(Decision.symbol == symbol.strip())
    return list(session.scalars(query))


def get_decision(session: Session, decision_id: int) -> Decision:
    decision = session.get(Decision, decision_id, options=[selectinload(Decision.statements)])
    if decision is None:
        raise NotFound(f"there is no decision {decision_id}")
    return decision


def find_decision(session: Session, symbol: str) -> Decision:
    decision = session.scalar(select(Decision).where(Decision.symbol == symbol.strip()))
    if decision is None:
        raise NotFound(f"there is no decision {symbol}; symbols look like MC.DEC/7/17")
    return decision


def list_meetings(session: Session) -> list[Meeting]:
    return list(session.scalars(select(Meeting).order_by(Meeting.starts_on.desc())))


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"there is no meeting {meeting_id}")
    return meeting


def get_journal(session: Session, journal_id: int) -> Journal:
    journal = session.get(Journal, journal_id)
    if journal is None:
        raise NotFound(f"there is no journal {journal_id}")
    return journal


def journals_of_body(session: Session, body: str) -> list[Journal]:
    """The journals a draft of `body` can be adopted under, the latest day first."""
    return list(session.scalars(
        select(Journal).join(Meeting).where(Meeting.body == body)
        .order_by(Journal.day.desc(), Journal.number.desc())
    ))


MEETING_SYMBOL = re.compile(r"^(MC|PC|FSC)\s*\(?\s*(\d+)\s*\)?$")


def find_meeting(session: Session, symbol: str) -> Meeting:
    """A meeting by its short symbol: "MC(24)", "PC 1200"."""
    match = MEETING_SYMBOL.match(symbol.strip().upper())
    meeting = match and session.scalar(select(Meeting).where(
        Meeting.body == match[1], Meeting.number == int(match[2])))
    if not meeting:
        raise NotFound(f"there is no meeting {symbol!r}; name one like MC(24) or PC(1200)")
    return meeting


def decisions_of_meeting(session: Session, meeting: Meeting) -> list[Decision]:
    """The decisions adopted at the meeting's journals, in order of number."""
    return list(session.scalars(
        select(Decision).join(AgendaItem).join(Journal)
        .where(Journal.meeting_id == meeting.id).order_by(Decision.number)))

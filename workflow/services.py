"""Use cases of the procedure (thin for now): meetings and journals, adoption at a
meeting with its decision number, issuing the decision document. Statements attached to
a decision are workflow.statements."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from drafting import audit, notices
from drafting.actors import Actor
from drafting.db import storable_id, utcnow
from drafting.errors import Conflict, Invalid, NotFound
from drafting.models import BODIES, Draft
from drafting.services import revision_of
from workflow import dating, journals, machine, numbering, statements
from workflow.models import AgendaItem, Decision, Journal, JournalEntry, Meeting

# The record spells an MC meeting and its day in words ("Second day of the Twenty-Fourth
# Meeting"), which go up to 999 (exports.wording.ordinal_word); the PC and the FSC number
# their plenary meetings in digits.
MC_MAX_NUMBER = 999
# A journal is the record of one meeting day: a Ministerial Council meets for two days, a
# Permanent Council plenary for one. The limit keeps a meeting (and the list of meetings,
# which shows its journals) bounded, far above what any meeting needs.
MAX_JOURNALS_PER_MEETING = 31
# The Chair's adoption form offers the journals of the latest days, from the day the draft
# was tabled to today: the ones an adoption may be recorded in.
ADOPTION_JOURNALS = 20
MAX_PLACE = 100


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
    if body == "MC" and number > MC_MAX_NUMBER:
        raise Invalid(f"a Ministerial Council meeting is numbered from 1 to {MC_MAX_NUMBER}")
    if len(place) > MAX_PLACE:  # the column's length
        raise Invalid(f"the place has {len(place)} characters; at most {MAX_PLACE}")
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
    if meeting.body == "MC" and number > MC_MAX_NUMBER:
        raise Invalid(f"a day of a Ministerial Council meeting is numbered from 1 to "
                      f"{MC_MAX_NUMBER}")
    if any(j.number == number for j in meeting.journals):
        raise Conflict(f"the meeting has a journal number {number} already")
    if len(meeting.journals) >= MAX_JOURNALS_PER_MEETING:
        raise Conflict(f"the meeting has {len(meeting.journals)} journals, the most a meeting "
                       f"may have ({MAX_JOURNALS_PER_MEETING}, one per meeting day); create "
                       "the next meeting for the days that follow")
    journal = Journal(meeting=meeting, number=number, day=day, chairperson=chairperson)
    session.add(journal)
    session.flush()
    announced = journals.add_silence_announcements(session, journal)
    audit.record(session, actor, "journal:open", journal.id, number=number,
                 announced=[e.decision.symbol for e in announced])
    return journal


def adopt_at_meeting(
    session: Session, actor: Actor, draft: Draft, journal: Journal, *,
    agenda_item: int, agenda_title: str = "", zone: ZoneInfo = dating.VIENNA,
    now: datetime | None = None,
) -> Decision:
    """The Chair records consensus: the current revision becomes the decision, numbered
    in this same transaction and dated by the meeting (see `adoption_moment`)."""
    if journal.meeting.body != draft.body:
        raise Invalid(f"the draft {draft.symbol} is for the {draft.body}; the journal is of a "
                      f"{journal.meeting.body} meeting")
    machine.check(actor, draft, "adopt")
    adopted_at = adoption_moment(session, draft, journal, zone, now or utcnow())
    item = _agenda_item(session, journal, agenda_item, agenda_title)
    decision = create_decision(session, draft, adopted_at=adopted_at, adopted_on=journal.day,
                               mode="meeting", agenda_item=item)
    machine.transition(session, actor, draft, "adopt", journal=journal.id,
                       agenda_item=item.number, decision=decision.id, symbol=decision.symbol)
    session.add(JournalEntry(journal_id=journal.id, agenda_item=item,
                             kind="decision_adopted", decision=decision))
    notices.to_everyone(session, f"{draft.symbol} was adopted by consensus as "
                                 f"{decision.symbol}", draft_id=draft.id,
                        link=f"/decisions/{decision.id}")
    session.flush()
    return decision


def adoption_moment(session: Session, draft: Draft, journal: Journal, zone: ZoneInfo,
                    now: datetime) -> datetime:
    """The instant an adoption at this journal's meeting is dated: the journal's closing
    time, its opening time, or noon, on its day. Refused (409) for a day before the draft
    was tabled, after today, or before the latest decision numbered in the same sequence
    (numbers follow the order of adoption)."""
    day, symbol = journal.day, journals.symbol_of(journal)
    tabled_on = dating.local_day(draft.tabled_at, zone)
    if day < tabled_on:
        raise Conflict(f"{symbol} is of {dating.spoken(day)}, before {draft.symbol} was "
                       f"tabled on {dating.spoken(tabled_on)}: adopt it under the journal "
                       "of the meeting that adopted it")
    today = dating.local_day(now, zone)
    if day > today:
        raise Conflict(f"{symbol} is of {dating.spoken(day)}, after today "
                       f"({dating.spoken(today)}): record an adoption once its meeting "
                       "has taken place")
    latest = numbering.latest_decision(session, draft.body, day.year)
    if latest is not None and day < latest.adopted_on:
        raise Conflict(f"{latest.symbol} was adopted on {dating.spoken(latest.adopted_on)}, "
                       f"after {dating.spoken(day)}: decisions are numbered in the order of "
                       "their adoption, so an earlier meeting's adoption cannot be recorded "
                       "now")
    return dating.meeting_moment(day, journal.opened_at, journal.closed_at, zone)


def create_decision(session: Session, draft: Draft, *, adopted_at: datetime,
                    adopted_on: date, mode: str, agenda_item: AgendaItem | None = None,
                    ) -> Decision:
    """The decision of an adopted draft: its current revision, frozen, and the body's next
    number, taken in the adoption's own transaction. The adoption's audit event (the
    draft's transition) names it."""
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
    statements.lock_decision(session, decision)
    if decision.issued_at is not None:
        raise Conflict(f"{decision.symbol} was issued already")
    statements.check_none_awaiting(decision)
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


def list_decisions(session: Session, symbol: str | None = None) -> list[Decision]:
    query = select(Decision).order_by(Decision.adopted_at.desc(), Decision.id.desc())
    if symbol:
        query = query.where(Decision.symbol == symbol.strip())
    return list(session.scalars(query))


def get_decision(session: Session, decision_id: int) -> Decision:
    if not storable_id(decision_id):
        raise NotFound(f"there is no decision {decision_id}")
    decision = session.get(Decision, decision_id, options=[selectinload(Decision.statements)])
    if decision is None:
        raise NotFound(f"there is no decision {decision_id}")
    return decision


def find_decision(session: Session, symbol: str) -> Decision:
    decision = session.scalar(select(Decision).where(Decision.symbol == symbol.strip()))
    if decision is None:
        raise NotFound(f"there is no decision {symbol}; symbols look like MC.DEC/7/17")
    return decision


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


def journals_for_adoption(session: Session, draft: Draft,
                          zone: ZoneInfo = dating.VIENNA) -> list[Journal]:
    """The journals a draft can be adopted under, the latest day first: its body's, from
    the day it was tabled to today, at most ADOPTION_JOURNALS of them."""
    today = dating.local_day(utcnow(), zone)
    return list(session.scalars(
        select(Journal).join(Meeting)
        .where(Meeting.body == draft.body, Journal.day <= today,
               Journal.day >= dating.local_day(draft.tabled_at, zone))
        .order_by(Journal.day.desc(), Journal.number.desc()).limit(ADOPTION_JOURNALS)
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

"""The journal of the day, kept by the Chair and the secretariat: its times, Chairperson,
agenda items and next meeting, and the adoptions by silence it announces.

Found by its symbol: "MC(24) Journal No. 2" for a day of a Ministerial Council meeting,
"PC Journal No. 1200" or "PC.JOUR/1200" for a plenary meeting of the Permanent Council
(likewise FSC). Use cases take a session and an actor, flush, and never commit.
"""

from __future__ import annotations

import re
from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafting import audit
from drafting.actors import Actor
from drafting.errors import Conflict, Invalid, NotFound
from workflow.models import (
    AgendaItem,
    Decision,
    Journal,
    JournalEntry,
    JournalSuspension,
    Meeting,
)

SYMBOL_HELP = "journal symbols look like MC(24) Journal No. 2, PC Journal No. 1200 or PC.JOUR/1200"
# Nine digits at most: a longer number cannot be stored, and would fail in the query.
_MC_SYMBOL = re.compile(r"MC\((\d{1,9})\)(?: ?Journal No\. ?| ?\.JOUR/)(\d{1,9})", re.I)
_PLENARY_SYMBOL = re.compile(r"(PC|FSC)(?: Journal No\. ?|\.JOUR/)(\d{1,9})", re.I)
MAX_CHAIRPERSON = 200  # the column's length
MAX_TEXT = 2_000  # an agenda item's title, the next meeting: a line, not a document
MAX_AGENDA_ITEM = 999


def journal_symbol(body: str, meeting_number: int, journal_number: int) -> str:
    """MC: "MC(24) Journal No. 2"; PC/FSC: "PC Journal No. 1148".

    A PC or FSC journal is numbered after its plenary meeting, so only journal_number is
    printed for them.
    """
    if body == "MC":
        return f"MC({meeting_number}) Journal No. {journal_number}"
    if body in ("PC", "FSC"):
        return f"{body} Journal No. {journal_number}"
    raise ValueError(f"unknown body {body!r}")


def symbol_of(journal: Journal) -> str:
    return journal_symbol(journal.meeting.body, journal.meeting.number, journal.number)


def find_journal(session: Session, symbol: str) -> Journal:
    wanted = " ".join((symbol or "").split())
    query = _symbol_query(wanted)
    journals = list(session.scalars(query)) if query is not None else []
    if not journals:
        raise NotFound(f"there is no journal {wanted or '(no symbol given)'}; {SYMBOL_HELP}")
    if len(journals) > 1:  # only the pair (meeting, number) is unique in the database
        raise Conflict(f"several journals answer to {wanted}; open the one you mean by its id")
    return journals[0]


def _symbol_query(symbol: str):
    query = select(Journal).join(Meeting).order_by(Journal.id)
    if match := _MC_SYMBOL.fullmatch(symbol):
        return query.where(Meeting.body == "MC", Meeting.number == int(match[1]),
                           Journal.number == int(match[2]))
    if match := _PLENARY_SYMBOL.fullmatch(symbol):
        # A PC or FSC journal is numbered after its plenary meeting.
        return query.where(Meeting.body == match[1].upper(), Journal.number == int(match[2]))
    return None


def set_times(session: Session, actor: Actor, journal: Journal, opened_at: time | None,
              closed_at: time | None, *,
              suspensions: list[tuple[time, time | None]] | None = None) -> Journal:
    """The local times at which the meeting opened and closed; None for not recorded.
    They must hold the suspensions recorded, or `suspensions` when the same request
    replaces them (set_suspensions next)."""
    actor.require("chair", "secretariat", action="record the times of a meeting")
    if opened_at is not None and closed_at is not None and closed_at < opened_at:
        raise Invalid(f"the meeting cannot close ({closed_at:%H:%M}) before it opens "
                      f"({opened_at:%H:%M})")
    if suspensions is None:
        suspensions = [(s.suspended_at, s.resumed_at) for s in journal.suspensions]
    _check_suspensions(opened_at, closed_at, sorted(suspensions, key=lambda p: p[0]))
    journal.opened_at, journal.closed_at = opened_at, closed_at
    session.flush()
    audit.record(session, actor, "journal:set_times", journal.id,
                 opened_at=_hhmm(opened_at), closed_at=_hhmm(closed_at))
    return journal


def _hhmm(value: time | None) -> str | None:
    return None if value is None else f"{value:%H:%M}"


MAX_SUSPENSIONS = 10  # of one meeting day


def set_suspensions(session: Session, actor: Actor, journal: Journal,
                    periods: list[tuple[time, time | None]]) -> Journal:
    """The times the meeting was suspended and resumed, all of them (replacing those
    recorded): in order, each resumed before the next suspension, within the opening and
    closing times; only the last may lack its resumption (the meeting closed suspended)."""
    actor.require("chair", "secretariat", action="record the suspensions of a meeting")
    if len(periods) > MAX_SUSPENSIONS:
        raise Invalid(f"a meeting day has at most {MAX_SUSPENSIONS} suspensions")
    periods = sorted(periods, key=lambda p: p[0])
    _check_suspensions(journal.opened_at, journal.closed_at, periods)
    journal.suspensions = [JournalSuspension(suspended_at=s, resumed_at=r) for s, r in periods]
    session.flush()
    audit.record(session, actor, "journal:set_suspensions", journal.id,
                 suspensions=[[_hhmm(s), _hhmm(r)] for s, r in periods])
    return journal


def add_suspension(session: Session, actor: Actor, journal: Journal, suspended_at: time,
                   resumed_at: time | None) -> Journal:
    """One more suspension (the page's form); refused at the limit."""
    actor.require("chair", "secretariat", action="record the suspensions of a meeting")
    if len(journal.suspensions) >= MAX_SUSPENSIONS:
        raise Conflict(f"the journal has {MAX_SUSPENSIONS} suspensions already, the most a "
                       f"meeting day may have; remove one first")
    periods = [(s.suspended_at, s.resumed_at) for s in journal.suspensions]
    return set_suspensions(session, actor, journal, [*periods, (suspended_at, resumed_at)])


def _check_suspensions(opened_at: time | None, closed_at: time | None,
                       periods: list[tuple[time, time | None]]) -> None:
    previous = opened_at
    for n, (suspended, resumed) in enumerate(periods):
        if previous is not None and suspended < previous:
            raise Invalid(f"the meeting cannot be suspended at {suspended:%H:%M}: it was "
                          f"{'opened' if n == 0 else 'resumed'} at {previous:%H:%M}")
        if resumed is None and n < len(periods) - 1:
            raise Invalid(f"the suspension at {suspended:%H:%M} needs its resumption before "
                          f"the next one")
        if resumed is not None and resumed < suspended:
            raise Invalid(f"the meeting cannot resume ({resumed:%H:%M}) before it is "
                          f"suspended ({suspended:%H:%M})")
        previous = resumed if resumed is not None else suspended
    if closed_at is not None and previous is not None and closed_at < previous:
        raise Invalid(f"the meeting cannot close ({closed_at:%H:%M}) before its last "
                      f"suspension or resumption ({previous:%H:%M})")


def set_chairperson(session: Session, actor: Actor, journal: Journal, name: str) -> Journal:
    actor.require("chair", "secretariat", action="record the Chairperson of a meeting")
    journal.chairperson = _line(name, "the Chairperson", MAX_CHAIRPERSON)
    session.flush()
    audit.record(session, actor, "journal:set_chairperson", journal.id,
                 chairperson=journal.chairperson)
    return journal


def set_session_title(session: Session, actor: Actor, journal: Journal, text: str) -> Journal:
    """The sitting the journal records, as its title's second line prints it ("3rd PLENARY
    MEETING (CLOSED)"); empty for none."""
    actor.require("chair", "secretariat", action="record the session of a meeting")
    journal.session_title = _line(text, "the session", MAX_CHAIRPERSON)
    session.flush()
    audit.record(session, actor, "journal:set_session_title", journal.id,
                 session_title=journal.session_title)
    return journal


def set_next_meeting(session: Session, actor: Actor, journal: Journal, text: str) -> Journal:
    """What the journal says of the next meeting ("Wednesday, 13 December 2017, at
    10 a.m., Neuer Saal"); empty for nothing."""
    actor.require("chair", "secretariat", action="record the next meeting")
    journal.next_meeting = _line(text, "the next meeting", MAX_TEXT)
    session.flush()
    audit.record(session, actor, "journal:set_next_meeting", journal.id,
                 next_meeting=journal.next_meeting)
    return journal


def add_agenda_item(session: Session, actor: Actor, journal: Journal, number: int,
                    title: str) -> AgendaItem:
    actor.require("chair", "secretariat", action="add an agenda item")
    if not 1 <= number <= MAX_AGENDA_ITEM:
        raise Invalid(f"an agenda item is numbered from 1 to {MAX_AGENDA_ITEM}")
    title = _line(title, "the title of the agenda item", MAX_TEXT)
    if not title:
        raise Invalid("the agenda item needs a title")
    if session.scalar(select(AgendaItem.id).where(AgendaItem.journal_id == journal.id,
                                                  AgendaItem.number == number)):
        raise Conflict(f"the journal has an agenda item {number} already")
    item = AgendaItem(journal_id=journal.id, number=number, title=title)
    session.add(item)
    session.flush()
    session.expire(journal, ["agenda_items"])  # reloaded in order of their numbers
    audit.record(session, actor, "journal:add_agenda_item", journal.id, number=number,
                 title=title)
    return item


def change_agenda_item(session: Session, actor: Actor, journal: Journal, number: int, *,
                       title: str | None = None, new_number: int | None = None) -> AgendaItem:
    """Rename agenda item `number`, or move it to `new_number`: the agenda is in the order
    of its numbers, so moving it onto a number another item holds swaps the two (the
    entries recorded under each go with their item)."""
    actor.require("chair", "secretariat", action="change an agenda item")
    item = _agenda_item(journal, number)
    if title is not None:
        title = _line(title, "the title of the agenda item", MAX_TEXT)
        if not title:
            raise Invalid("the agenda item needs a title")
        item.title = title
    if new_number is not None and new_number != number:
        if not 1 <= new_number <= MAX_AGENDA_ITEM:
            raise Invalid(f"an agenda item is numbered from 1 to {MAX_AGENDA_ITEM}")
        other = next((i for i in journal.agenda_items if i.number == new_number), None)
        if other is not None:  # through a free number: (journal_id, number) is unique
            other.number = 0
            session.flush()
        item.number = new_number
        session.flush()
        if other is not None:
            other.number = number
    session.flush()
    session.expire(journal, ["agenda_items"])  # reloaded in order of their numbers
    audit.record(session, actor, "journal:change_agenda_item", journal.id, number=number,
                 new_number=item.number, title=item.title)
    return item


def _agenda_item(journal: Journal, number: int) -> AgendaItem:
    found = next((i for i in journal.agenda_items if i.number == number), None)
    if found is None:
        raise NotFound(f"the journal has no agenda item {number}")
    return found


def _line(text: str | None, what: str, limit: int) -> str:
    # One line of the journal: a stored line break or a run of spaces is not wording.
    text = " ".join((text or "").split())
    if len(text) > limit:
        raise Invalid(f"{what} is too long (at most {limit:,} characters)")
    return text


def announce_silence_adoptions(session: Session, actor: Actor,
                               journal: Journal) -> list[JournalEntry]:
    """Record in the journal every decision of its body adopted by silence procedure by
    the end of its day and not announced in any journal yet (Annex 1 of the Rules: the
    adoption is announced at the next meeting and recorded in that meeting's journal)."""
    actor.require("chair", "secretariat", action="announce adoptions by silence procedure")
    entries = add_silence_announcements(session, journal)
    if entries:
        audit.record(session, actor, "journal:announce_silence", journal.id,
                     decisions=[e.decision.symbol for e in entries])
    return entries


def add_silence_announcements(session: Session, journal: Journal) -> list[JournalEntry]:
    """The announcements themselves, as a part of another action (opening the journal, a
    silence expiring), which names them in its own audit event."""
    announced = select(JournalEntry.decision_id).where(
        JournalEntry.kind == "silence_announced", JournalEntry.decision_id.is_not(None))
    decisions = session.scalars(
        select(Decision)
        .where(Decision.body == journal.meeting.body, Decision.mode == "silence",
               Decision.adopted_on <= journal.day, Decision.id.not_in(announced))
        .order_by(Decision.adopted_at, Decision.id)
    ).all()
    entries = [JournalEntry(journal_id=journal.id, agenda_item_id=None,
                            kind="silence_announced", decision=d) for d in decisions]
    session.add_all(entries)
    session.flush()
    return entries


def announcements(session: Session, journal: Journal) -> list[JournalEntry]:
    """The adoptions by silence the journal announces, in the order they were adopted."""
    return list(session.scalars(
        select(JournalEntry).join(Decision, JournalEntry.decision_id == Decision.id)
        .where(JournalEntry.journal_id == journal.id,
               JournalEntry.kind == "silence_announced")
        .order_by(Decision.adopted_at, JournalEntry.id)
    ))


def adopted_here(journal: Journal) -> list[Decision]:
    """The decisions adopted at the meeting, in the order of the agenda: the journal
    appends their texts."""
    return [entry.decision for item in agenda(journal) for entry in item.entries
            if entry.kind == "decision_adopted" and entry.decision is not None]


def agenda(journal: Journal) -> list[AgendaItem]:
    """The agenda items in the order of their numbers, also when one was added in this
    session after the collection was loaded (a relationship appends at its end)."""
    return sorted(journal.agenda_items, key=lambda item: item.number)


def decisions_of(session: Session, journal: Journal) -> list[Decision]:
    """Every decision the journal mentions: announced, then adopted at the meeting."""
    return [e.decision for e in announcements(session, journal)] + adopted_here(journal)


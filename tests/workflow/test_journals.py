"""The journal of the day: found by its symbol, its times, Chairperson, agenda items and
next meeting, and the adoptions by silence it announces."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from drafting.actors import Actor
from drafting.audit import AuditEvent
from drafting.errors import Conflict, Forbidden, Invalid, NotFound
from tests.factories import (
    CHAIR,
    SECRETARIAT,
    adopt,
    make_draft,
    make_journal,
    silence_decision,
)
from workflow import journals
from workflow.models import JournalEntry

DRAFTER = Actor(user_id=None, role="drafter", delegation_id=1, name="Albania")
OBSERVER = Actor(user_id=None, role="observer")
SYMBOL_HELP = "journal symbols look like MC(24) Journal No. 2, PC Journal No. 1200 or PC.JOUR/1200"


@pytest.fixture
def journal(session):
    return make_journal(session, number=24, day=date(2017, 12, 8), journal_number=2)


def events(session, name):
    return list(session.scalars(
        select(AuditEvent).where(AuditEvent.name == name).order_by(AuditEvent.id)))


# --- finding a journal by its symbol ---------------------------------------------------------


@pytest.mark.parametrize("symbol", [
    "MC(24) Journal No. 2", "MC(24) Journal No.2", "  mc(24)  journal no. 2 ", "MC(24).JOUR/2",
])
def test_an_mc_journal_is_found_by_its_symbol(session, journal, symbol):
    make_journal(session, number=23, day=date(2016, 12, 9), journal_number=2)
    assert journals.find_journal(session, symbol) is journal


@pytest.mark.parametrize("symbol", ["PC Journal No. 1200", "PC.JOUR/1200", "pc.jour/1200"])
def test_a_pc_journal_is_found_by_its_plenary_number(session, symbol):
    pc = make_journal(session, body="PC", number=1200, day=date(2018, 11, 8),
                      journal_number=1200)
    make_journal(session, body="FSC", number=1200, day=date(2018, 11, 7), journal_number=1200)
    assert journals.find_journal(session, symbol) is pc


@pytest.mark.parametrize(("symbol", "shown"), [
    ("MC(24) Journal No. 3", "MC(24) Journal No. 3"),
    ("MC(25) Journal No. 2", "MC(25) Journal No. 2"),
    ("PC.JOUR/1200", "PC.JOUR/1200"),
    ("MC.DEC/7/17", "MC.DEC/7/17"),
    ("MC(24) Journal No. 99999999999", "MC(24) Journal No. 99999999999"),
    ("", "(no symbol given)"),
])
def test_an_unknown_symbol_says_how_symbols_look(session, journal, symbol, shown):
    with pytest.raises(NotFound) as error:
        journals.find_journal(session, symbol)
    assert error.value.message == f"there is no journal {shown}; {SYMBOL_HELP}"


# --- times, Chairperson, next meeting ---------------------------------------------------------


def test_times_are_recorded_and_audited(session, journal):
    journals.set_times(session, SECRETARIAT, journal, time(10, 10), time(13, 5))
    assert (journal.opened_at, journal.closed_at) == (time(10, 10), time(13, 5))
    journals.set_times(session, CHAIR, journal, time(15, 0), None)
    assert (journal.opened_at, journal.closed_at) == (time(15, 0), None)
    assert [e.data for e in events(session, "journal:set_times")] == [
        {"opened_at": "10:10", "closed_at": "13:05"}, {"opened_at": "15:00", "closed_at": None}]


def test_a_meeting_cannot_close_before_it_opens(session, journal):
    with pytest.raises(Invalid) as error:
        journals.set_times(session, CHAIR, journal, time(15, 0), time(13, 5))
    assert error.value.message == "the meeting cannot close (13:05) before it opens (15:00)"
    assert (journal.opened_at, journal.closed_at) == (None, None)
    assert events(session, "journal:set_times") == []


def test_chairperson_and_next_meeting_are_one_line_each(session, journal):
    journals.set_chairperson(session, CHAIR, journal, "  Ambassador\nA. Azzoni ")
    journals.set_next_meeting(session, SECRETARIAT, journal,
                              "Thursday, 15 November 2018,\n at 10 a.m., Neuer Saal")
    assert journal.chairperson == "Ambassador A. Azzoni"
    assert journal.next_meeting == "Thursday, 15 November 2018, at 10 a.m., Neuer Saal"
    assert [e.data for e in events(session, "journal:set_chairperson")] == [
        {"chairperson": "Ambassador A. Azzoni"}]
    assert len(events(session, "journal:set_next_meeting")) == 1


def test_too_long_texts_are_refused(session, journal):
    with pytest.raises(Invalid, match=r"the Chairperson is too long \(at most 200 characters\)"):
        journals.set_chairperson(session, CHAIR, journal, "x" * 201)
    with pytest.raises(Invalid, match=r"the next meeting is too long \(at most 2,000 "):
        journals.set_next_meeting(session, CHAIR, journal, "x" * 2001)


@pytest.mark.parametrize("actor", [DRAFTER, OBSERVER])
def test_only_the_chair_and_the_secretariat_keep_the_journal(session, journal, actor):
    calls = [
        lambda: journals.set_times(session, actor, journal, time(10), None),
        lambda: journals.set_chairperson(session, actor, journal, "Someone"),
        lambda: journals.set_next_meeting(session, actor, journal, "Tomorrow"),
        lambda: journals.add_agenda_item(session, actor, journal, 1, "Opening"),
        lambda: journals.announce_silence_adoptions(session, actor, journal),
    ]
    for call in calls:
        with pytest.raises(Forbidden, match=f"you are signed in as {actor.role}$"):
            call()
    assert (journal.opened_at, journal.chairperson, journal.agenda_items) == (None, "", [])


# --- agenda items -------------------------------------------------------------------------------


def test_agenda_items_are_kept_in_the_order_of_their_numbers(session, journal):
    journals.add_agenda_item(session, CHAIR, journal, 7, "Adoption of the decisions")
    item = journals.add_agenda_item(session, SECRETARIAT, journal, 3, " Review of\n issues ")
    assert (item.number, item.title, item.journal_id) == (3, "Review of issues", journal.id)
    assert [(i.number, i.title) for i in journal.agenda_items] == [
        (3, "Review of issues"), (7, "Adoption of the decisions")]
    assert [e.data for e in events(session, "journal:add_agenda_item")] == [
        {"number": 7, "title": "Adoption of the decisions"},
        {"number": 3, "title": "Review of issues"}]


def test_an_agenda_number_is_used_once(session, journal):
    adopt(session, make_draft(session), journal, agenda_item=7)
    with pytest.raises(Conflict) as error:
        journals.add_agenda_item(session, CHAIR, journal, 7, "Again")
    assert error.value.message == "the journal has an agenda item 7 already"
    assert error.value.status == 409


@pytest.mark.parametrize(("number", "title", "message"), [
    (0, "Opening", "an agenda item is numbered from 1 to 999"),
    (-3, "Opening", "an agenda item is numbered from 1 to 999"),
    (1000, "Opening", "an agenda item is numbered from 1 to 999"),
    (1, " \n ", "the agenda item needs a title"),
])
def test_bad_agenda_items_are_refused(session, journal, number, title, message):
    with pytest.raises(Invalid) as error:
        journals.add_agenda_item(session, CHAIR, journal, number, title)
    assert error.value.message == message
    assert journal.agenda_items == []


# --- adoptions by silence announced -----------------------------------------------------------


def test_the_journal_announces_adoptions_by_silence_of_its_body_until_its_day(session):
    # Numbers follow the order of adoption: the meeting's adoption comes first.
    at_meeting = adopt(session, make_draft(session), make_journal(
        session, number=23, day=date(2017, 11, 20), journal_number=1))
    assert at_meeting.mode == "meeting"
    earlier = silence_decision(session, date(2017, 12, 1), title="Water governance")
    same_day = silence_decision(session, date(2017, 12, 8), title="Energy security")
    silence_decision(session, date(2017, 12, 9), title="Too late for this journal")
    silence_decision(session, date(2017, 11, 30), body="PC", title="Another body")

    journal = make_journal(session, number=24, day=date(2017, 12, 8), journal_number=2)

    announced = journals.announcements(session, journal)
    assert [(e.kind, e.agenda_item_id, e.decision) for e in announced] == [
        ("silence_announced", None, earlier), ("silence_announced", None, same_day)]
    assert journals.decisions_of(session, journal) == [earlier, same_day]
    # Opening the journal announced them: its one event says which.
    assert events(session, "journal:open")[-1].data == {
        "number": 2, "announced": [earlier.symbol, same_day.symbol]}
    assert events(session, "journal:announce_silence") == []


def test_an_adoption_is_announced_once(session, journal):
    decision = silence_decision(session, date(2017, 12, 1))
    first = journals.announce_silence_adoptions(session, CHAIR, journal)
    assert [e.decision for e in first] == [decision]
    assert journals.announce_silence_adoptions(session, CHAIR, journal) == []
    later = make_journal(session, number=25, day=date(2018, 12, 6), journal_number=1)
    assert journals.announcements(session, later) == []
    entries = session.scalars(select(JournalEntry).where(JournalEntry.decision_id == decision.id))
    assert [e.journal_id for e in entries] == [journal.id]
    assert len(events(session, "journal:announce_silence")) == 1  # nothing new, no event


# --- bounds: the journals of a meeting, and those the adoption form offers --------------------


def test_a_meeting_has_at_most_its_limit_of_journals(session):
    from datetime import timedelta

    from workflow import services as workflow

    meeting = workflow.create_meeting(session, SECRETARIAT, body="PC", number=1300,
                                      place="Vienna", starts_on=date(2026, 1, 1),
                                      ends_on=date(2026, 3, 1))
    for n in range(1, workflow.MAX_JOURNALS_PER_MEETING + 1):
        workflow.open_journal(session, SECRETARIAT, meeting, number=n,
                              day=date(2026, 1, 1) + timedelta(days=n - 1))
    with pytest.raises(Conflict, match=r"the meeting has 31 journals, the most a meeting may "
                                       r"have \(31, one per meeting day\)"):
        workflow.open_journal(session, SECRETARIAT, meeting, number=32, day=date(2026, 2, 5))


def test_the_adoption_form_offers_the_latest_journals_since_the_draft_was_tabled(session):
    from datetime import timedelta

    from drafting.db import utcnow
    from workflow import services as workflow
    from workflow.dating import local_day

    today = local_day(utcnow())  # the body's day (Vienna), as the form counts it
    meeting = workflow.create_meeting(session, SECRETARIAT, body="MC", number=900,
                                      place="Vienna", starts_on=today - timedelta(days=30),
                                      ends_on=today + timedelta(days=1))
    for n in range(1, 31):  # thirty days up to today
        workflow.open_journal(session, SECRETARIAT, meeting, number=n,
                              day=today - timedelta(days=30 - n))
    workflow.open_journal(session, SECRETARIAT, meeting, number=31,
                          day=today + timedelta(days=1))  # tomorrow: not yet
    draft = make_draft(session)
    draft.tabled_at = utcnow() - timedelta(days=25)
    offered = workflow.journals_for_adoption(session, draft)
    assert len(offered) == workflow.ADOPTION_JOURNALS
    assert offered[0].day <= today and offered == sorted(offered, key=lambda j: j.day,
                                                         reverse=True)
    assert all(j.day >= today - timedelta(days=26) for j in offered)
    old = make_draft(session, title="Another")
    old.tabled_at = utcnow() - timedelta(days=3)
    assert [j.number for j in workflow.journals_for_adoption(session, old)] == [30, 29, 28, 27]


def test_an_agenda_item_is_renamed_and_moved_its_entries_with_it(session, journal):
    from workflow import services as workflow

    journals.add_agenda_item(session, SECRETARIAT, journal, 1, "Opening")
    journals.add_agenda_item(session, SECRETARIAT, journal, 2, "Adoption of decisions")
    decision = adopt(session, make_draft(session), journal, agenda_item=2)
    journals.change_agenda_item(session, SECRETARIAT, journal, 2, title="Adoption")
    journals.change_agenda_item(session, SECRETARIAT, journal, 2, new_number=1)
    items = journals.agenda(journal)
    assert [(i.number, i.title) for i in items] == [(1, "Adoption"), (2, "Opening")]
    assert [e.decision_id for e in items[0].entries] == [decision.id]
    journals.change_agenda_item(session, SECRETARIAT, journal, 1, new_number=5)
    assert [i.number for i in journals.agenda(journal)] == [2, 5]
    assert events(session, "journal:change_agenda_item")[-1].data == {
        "number": 1, "new_number": 5, "title": "Adoption"}
    with pytest.raises(NotFound, match="the journal has no agenda item 9"):
        journals.change_agenda_item(session, SECRETARIAT, journal, 9, title="x")
    with pytest.raises(Invalid, match="needs a title"):
        journals.change_agenda_item(session, SECRETARIAT, journal, 2, title="  ")
    with pytest.raises(Invalid, match="numbered from 1 to 999"):
        journals.change_agenda_item(session, SECRETARIAT, journal, 2, new_number=1000)
    with pytest.raises(Forbidden):
        journals.change_agenda_item(session, DRAFTER, journal, 2, title="Mine")
    assert workflow.get_journal(session, journal.id) is journal

"""The use cases of what was said under each agenda item, and of the suspensions: symbols
as documents print them, annexes numbered in the journal's order, one audit event per
change, refusals that change nothing."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from drafting.audit import AuditEvent
from drafting.errors import Conflict, Forbidden, Invalid
from tests.factories import SECRETARIAT, drafter, make_journal
from workflow import journal_items, journals


@pytest.fixture
def journal(session):
    journal = make_journal(session, body="PC", number=1289, day=date(2020, 12, 3),
                           journal_number=1289)
    for number, title in ((1, "Review of current issues"), (2, "Any other business")):
        journals.add_agenda_item(session, SECRETARIAT, journal, number, title)
    return journal


def event_count(session) -> int:
    return session.scalar(select(func.count(AuditEvent.id)))


@pytest.mark.parametrize(("typed", "symbol"), [
    ("PC.DEL/1229/20", "PC.DEL/1229/20"),
    (" pc.del / 1229 / 20 ", "PC.DEL/1229/20"),
    ("mc.gal/3/17", "MC.GAL/3/17"),
    ("PC.DEC/1048", "PC.DEC/1048"),
    ("MC.DEC/4/08/corr.1", "MC.DEC/4/08/Corr.1"),
    ("sec.gal/170/20/REV.2", "SEC.GAL/170/20/Rev.2"),
    ("PC.SHDM.GAL/5/20", "PC.SHDM.GAL/5/20"),
])
def test_symbols_are_written_as_documents_print_them(typed, symbol):
    assert journal_items.document_symbol(typed) == symbol


@pytest.mark.parametrize("typed", ["PC.DEL", "PC/1229/20", "PC.DEL/1229/2020", "P.DEL/1/20",
                                   "PC.DEL/1229/20/Rev", "", "PC.DEL/1229/20;drop"])
def test_other_text_is_not_a_symbol(typed):
    with pytest.raises(Invalid, match="is not a document symbol; document symbols look like"):
        journal_items.document_symbol(typed)


def test_annexes_follow_the_order_of_the_agenda_and_of_the_floor(session, journal):
    for number, name in ((1, "Ukraine"), (1, "Canada"), (2, "Norway")):
        journal_items.add_speaker(session, SECRETARIAT, journal, number, name)
    for number, speaker in ((2, 1), (1, 2), (1, 1)):
        journal_items.add_annex(session, SECRETARIAT, journal, number, speaker, "Text.")

    def numbered():
        numbers = journal_items.annex_numbers(journal)
        return sorted((n, s.name) for i in journal.agenda_items for s in i.speakers
                      if (n := numbers.get(s.id)))

    assert numbered() == [(1, "Ukraine"), (2, "Canada"), (3, "Norway")]
    journals.change_agenda_item(session, SECRETARIAT, journal, 2, new_number=1)  # swapped
    assert numbered() == [(1, "Norway"), (2, "Ukraine"), (3, "Canada")]


def test_every_change_writes_one_event_and_a_refusal_none(session, journal):
    before = event_count(session)
    journal_items.add_speaker(session, SECRETARIAT, journal, 1, "Malta")
    journal_items.change_speaker(session, SECRETARIAT, journal, 1, 1, name="Malta (Chair)")
    journal_items.add_annex(session, SECRETARIAT, journal, 1, 1, "Text.")
    journal_items.add_document(session, SECRETARIAT, journal, 1, "PC.DEL/1/20")
    assert event_count(session) == before + 4
    refusals = [
        (Forbidden, lambda: journal_items.add_speaker(session, drafter(session, "Malta"),
                                                      journal, 1, "Malta")),
        (Conflict, lambda: journal_items.remove_speaker(session, SECRETARIAT, journal, 1, 1)),
        (Conflict, lambda: journal_items.add_document(session, SECRETARIAT, journal, 1,
                                                      "pc.del/1/20")),
        (Invalid, lambda: journal_items.change_annex(session, SECRETARIAT, journal, 1, 1,
                                                     text="  ")),
    ]
    for error, refused in refusals:
        with pytest.raises(error):
            refused()
    assert event_count(session) == before + 4
    session.expire_all()
    item = journal.agenda_items[0]
    assert [(s.name, s.annex.text) for s in item.speakers] == [("Malta (Chair)", "Text.")]


def test_suspensions_are_kept_in_order_within_the_day(session, journal):
    journals.set_times(session, SECRETARIAT, journal, time(10), time(23, 30))
    journals.add_suspension(session, SECRETARIAT, journal, time(15), time(15, 30))
    journals.add_suspension(session, SECRETARIAT, journal, time(13), time(14))
    assert [(s.suspended_at, s.resumed_at) for s in journal.suspensions] == [
        (time(13), time(14)), (time(15), time(15, 30))]
    with pytest.raises(Invalid, match="cannot close \\(14:30\\) before its last suspension"):
        journals.set_times(session, SECRETARIAT, journal, time(10), time(14, 30))
    with pytest.raises(Invalid, match="cannot be suspended at 09:00: it was opened at 10:00"):
        journals.add_suspension(session, SECRETARIAT, journal, time(9), None)
    for hour in range(16, 24):
        if len(journal.suspensions) < journals.MAX_SUSPENSIONS:
            journals.add_suspension(session, SECRETARIAT, journal, time(hour), time(hour, 10))
    with pytest.raises(Conflict, match="has 10 suspensions already, the most a meeting day"):
        journals.add_suspension(session, SECRETARIAT, journal, time(22, 30), time(22, 40))
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.name == "journal:set_suspensions").order_by(AuditEvent.id)).all()
    assert events[0].data == {"suspensions": [["15:00", "15:30"]]}
    assert len(events) == journals.MAX_SUSPENSIONS
    assert [(s.suspended_at, s.resumed_at) for s in journal.suspensions][-1] == (
        time(23), time(23, 10))

"""Adoption at a meeting (thin version) and decision numbering."""

from __future__ import annotations

from datetime import date

import pytest

from drafting.errors import Conflict, Forbidden, Invalid
from tests.factories import CHAIR, adopt, make_draft, make_journal
from workflow import numbering
from workflow import services as workflow
from workflow.models import JournalEntry


def test_adoption_numbers_the_decision_and_lists_it_in_the_journal(session):
    journal = make_journal(session, day=date(2017, 12, 8))
    decision = adopt(session, make_draft(session), journal, agenda_item=7)
    assert decision.symbol == "MC.DEC/1/17"
    assert decision.draft.state == "adopted"
    assert decision.adopted_on == date(2017, 12, 8)
    item = decision.agenda_item
    assert (item.journal_id, item.number) == (journal.id, 7)
    entries = session.query(JournalEntry).filter_by(agenda_item_id=item.id).all()
    assert [(e.kind, e.decision_id) for e in entries] == [("decision_adopted", decision.id)]


def test_mc_and_fsc_numbers_restart_every_year(session):
    j17 = make_journal(session, number=24, day=date(2017, 12, 7), journal_number=1)
    j18 = make_journal(session, number=25, day=date(2018, 12, 6), journal_number=1)
    symbols = [adopt(session, make_draft(session), j).symbol for j in (j17, j17, j18)]
    assert symbols == ["MC.DEC/1/17", "MC.DEC/2/17", "MC.DEC/1/18"]
    fsc = make_journal(session, body="FSC", number=950, day=date(2019, 5, 8), journal_number=950)
    assert adopt(session, make_draft(session, body="FSC"), fsc).symbol == "FSC.DEC/1/19"


def test_pc_numbers_run_on_across_years(session):
    a = make_journal(session, body="PC", number=1199, day=date(2018, 12, 20), journal_number=1199)
    b = make_journal(session, body="PC", number=1200, day=date(2019, 1, 17), journal_number=1200)
    symbols = [adopt(session, make_draft(session, body="PC"), j).symbol for j in (a, b)]
    assert symbols == ["PC.DEC/1", "PC.DEC/2"]


def test_a_body_can_start_mid_sequence_but_never_below_a_used_number(session):
    numbering.set_next_number(session, "PC", 1400, 2021)
    journal = make_journal(session, body="PC", number=1300, day=date(2021, 3, 4),
                           journal_number=1300)
    assert adopt(session, make_draft(session, body="PC"), journal).symbol == "PC.DEC/1400"
    with pytest.raises(Invalid, match="PC.DEC/1400 exists already"):
        numbering.set_next_number(session, "PC", 1400, 2021)
    numbering.set_next_number(session, "PC", 1450, 2021)
    assert adopt(session, make_draft(session, body="PC"), journal).symbol == "PC.DEC/1450"


def test_only_the_chair_records_an_adoption(session):
    from tests.factories import SECRETARIAT

    journal = make_journal(session)
    with pytest.raises(Forbidden, match="only the chair"):
        workflow.adopt_at_meeting(session, SECRETARIAT, make_draft(session), journal,
                                  agenda_item=1)


def test_an_adopted_draft_cannot_be_adopted_again(session):
    journal = make_journal(session)
    draft = make_draft(session)
    adopt(session, draft, journal)
    with pytest.raises(Conflict, match="is adopted"):
        workflow.adopt_at_meeting(session, CHAIR, draft, journal, agenda_item=2)


def test_the_adopted_text_is_the_revision_adopted(session):
    draft = make_draft(session, paragraphs=4)
    decision = adopt(session, draft, make_journal(session))
    assert decision.revision.number == draft.current_revision
    assert [p.label for p in decision.revision.paragraphs] == ["PP1", "OP1", "OP2", "OP3"]

"""The record holds: amendments move only while their draft negotiates, adoptions are
dated by their meeting and numbered in order, rebased and contained amendments say so,
and everyone is told what changed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from drafting import amendments, revisions
from drafting.actors import SYSTEM
from drafting.errors import Conflict
from drafting.models import Notice
from drafting.services import revision_of
from exports.build import draft_document
from exports.draft_text import render_draft_txt
from tests.factories import CHAIR, adopt, drafter, make_draft, make_journal, open_draft, paragraph
from workflow import journals, silence
from workflow import services as workflow

TEXT = """Test decision

The Ministerial Council,

Recalling its commitments,

1. Encourages participating States to share good practices;

2. Calls on participating States to report annually on progress;
"""
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def draft(session):
    return open_draft(session, TEXT)


def propose(session, draft, label, who="Italy", action="modify", text=None):
    return amendments.propose(session, drafter(session, who), draft,
                              paragraph_key=paragraph(session, draft, label).key,
                              action=action, text=text)


def told(session, delegation: str | None = None) -> list[str]:
    query = session.query(Notice).order_by(Notice.id)
    if delegation is None:
        query = query.filter(Notice.delegation_id.is_(None), Notice.role.is_(None))
    else:
        query = query.filter(Notice.delegation_id == drafter(session, delegation).delegation_id)
    return [n.message for n in query]


# --- amendments of a draft that left negotiation ---------------------------------------------

def test_after_adoption_no_amendment_moves(session, draft):
    a = propose(session, draft, "OP1", text="Encourages participating States to share "
                                            "best practices;")
    adopt(session, draft, make_journal(session))
    before = told(session, "Italy")
    for action, call in [
        ("accepted", lambda: amendments.accept(session, CHAIR, a)),
        ("rejected", lambda: amendments.reject(session, CHAIR, a, "Too late")),
        ("supported", lambda: amendments.support(session, drafter(session, "France"), a)),
        ("withdrawn", lambda: amendments.withdraw(session, drafter(session, "Italy"), a)),
    ]:
        with pytest.raises(Conflict, match=f"^{draft.symbol} is adopted: amendment {a.id} "
                                           f"can no longer be {action}$"):
            call()
    assert a.status == "submitted"
    assert told(session, "Italy") == before  # nobody was told of an acceptance


def test_under_silence_the_frozen_text_takes_no_decision_on_amendments(session, draft):
    a = propose(session, draft, "OP1", text="Encourages participating States to share "
                                            "best practices;")
    silence.start(session, CHAIR, draft, datetime(2099, 1, 1, 12, tzinfo=UTC))
    with pytest.raises(Conflict, match="is under silence: amendment .* can no longer be "
                                       "accepted"):
        amendments.accept(session, CHAIR, a)
    with pytest.raises(Conflict, match="is under silence: a revised text is issued only"):
        revisions.issue_revision(session, CHAIR, draft, incorporate=[a.id])


def test_a_revision_is_not_issued_on_a_draft_never_opened(session):
    tabled = make_draft(session)
    with pytest.raises(Conflict, match="is proposed: a revised text is issued only while "
                                       "the draft is open for negotiation"):
        revisions.issue_revision(session, CHAIR, tabled, incorporate=[])
    assert tabled.current_revision == 0


# --- adoption dated by its meeting -----------------------------------------------------------

def test_adoption_is_dated_by_the_journal_closing_opening_or_noon(session):
    journal = make_journal(session, day=date(2017, 12, 8))
    noon = adopt(session, make_draft(session), journal)
    assert noon.adopted_at == datetime(2017, 12, 8, 11, 0, tzinfo=UTC)  # 12:00 CET
    journals.set_times(session, CHAIR, journal, time(10, 10), None)
    opening = adopt(session, make_draft(session), journal)
    assert opening.adopted_at == datetime(2017, 12, 8, 9, 10, tzinfo=UTC)
    journals.set_times(session, CHAIR, journal, time(10, 10), time(17, 5))
    closing = adopt(session, make_draft(session), journal)
    assert closing.adopted_at == datetime(2017, 12, 8, 16, 5, tzinfo=UTC)
    assert [d.adopted_on for d in (noon, opening, closing)] == [date(2017, 12, 8)] * 3


def test_a_draft_tabled_in_2026_is_not_adopted_at_a_2017_meeting(session):
    draft = make_draft(session, tabled_at=datetime(2026, 12, 1, 9, tzinfo=UTC))
    journal = make_journal(session, day=date(2017, 12, 8))
    with pytest.raises(Conflict, match=r"^MC\(24\) Journal No. 2 is of 8 December 2017, "
                                       rf"before {draft.symbol} was tabled on 1 December "
                                       "2026"):
        workflow.adopt_at_meeting(session, CHAIR, draft, journal, agenda_item=7, now=NOW)
    assert draft.state == "proposed"


def test_a_journal_after_today_is_refused(session):
    draft = make_draft(session, tabled_at=datetime(2026, 11, 2, tzinfo=UTC))
    journal = make_journal(session, number=33, day=date(2026, 12, 2), journal_number=1)
    with pytest.raises(Conflict, match=r"is of 2 December 2026, after today \(1 December "
                                       r"2026\)"):
        workflow.adopt_at_meeting(session, CHAIR, draft, journal, agenda_item=1, now=NOW)
    today = make_journal(session, number=32, day=date(2026, 12, 1), journal_number=1)
    decision = workflow.adopt_at_meeting(session, CHAIR, draft, today, agenda_item=1, now=NOW)
    assert decision.symbol == "MC.DEC/1/26"  # the number's year is the journal's


def test_numbers_follow_the_order_of_adoption(session):
    later = adopt(session, make_draft(session), make_journal(session, day=date(2017, 12, 8)))
    earlier = make_journal(session, number=23, day=date(2017, 12, 1), journal_number=1)
    with pytest.raises(Conflict, match=f"^{later.symbol} was adopted on 8 December 2017, "
                                       "after 1 December 2017"):
        adopt(session, make_draft(session), earlier)
    # Another year's sequence is not held back by it.
    next_year = make_journal(session, number=25, day=date(2018, 12, 6), journal_number=1)
    assert adopt(session, make_draft(session), next_year).symbol == "MC.DEC/1/18"


def test_adoption_writes_one_audit_event_naming_the_decision(session):
    from drafting.audit import AuditEvent

    draft = make_draft(session)
    decision = adopt(session, draft, make_journal(session), agenda_item=7)
    events = session.query(AuditEvent).filter_by(draft_id=draft.id).order_by(AuditEvent.id).all()
    assert [e.name for e in events] == ["draft:import", "draft:adopt"]
    assert events[-1].data["symbol"] == decision.symbol


# --- rebased, contained, needs_rebase --------------------------------------------------------

def test_a_rebased_amendment_says_so_until_its_author_confirms(session, draft):
    edit = [(paragraph(session, draft, "OP2").key,
             "Calls on participating States to report annually on progress and results;")]
    a = propose(session, draft, "OP2", who="France",
                text="Urges participating States to report annually on progress;")
    outcome = revisions.issue_revision(session, CHAIR, draft, incorporate=[], edits=edit)
    assert (outcome.rebased, a.rebased_onto, a.status) == ([a.id], 1, "submitted")
    assert a.text == "Urges participating States to report annually on progress and results;"
    assert f"Amendment {a.id} · OP2 · France was rebased onto {draft.symbol}/Rev.1: check the " \
           "wording, then confirm or rewrite it" in told(session, "France")
    amendments.confirm(session, drafter(session, "France"), a)
    assert a.rebased_onto is None
    with pytest.raises(Conflict, match="was not rebased"):
        amendments.confirm(session, drafter(session, "France"), a)


def test_an_amendment_the_revision_already_contains_leaves_the_pending_list(session, draft):
    wording = "Calls on participating States to report every year on progress;"
    a = propose(session, draft, "OP2", who="France", text=wording)
    edit = [(paragraph(session, draft, "OP2").key, wording)]
    outcome = revisions.issue_revision(session, CHAIR, draft, incorporate=[], edits=edit)
    assert (outcome.contained, a.status, a.is_pending) == ([a.id], "contained", False)
    assert f"Amendment {a.id} · OP2 · France is closed: {draft.symbol}/Rev.1 already has the " \
           "change it proposes" in told(session, "France")


def test_a_needs_rebase_amendment_is_never_exported_as_a_change_of_the_new_text(session,
                                                                                draft):
    a = propose(session, draft, "OP1", who="Russian Federation",
                text="Encourages participating States and civil society to share good "
                     "practices;")
    edit = [(paragraph(session, draft, "OP1").key,
             "Encourages participating States and academia to share good practices;")]
    outcome = revisions.issue_revision(session, CHAIR, draft, incorporate=[], edits=edit)
    assert outcome.needs_rebase == [a.id]
    current = revision_of(session, draft)
    text = render_draft_txt(draft_document(session, draft, current, amendments=True))
    assert "OP1: 1. Encourages participating States and academia to share good practices;" \
        in text
    assert (f"Amendment {a.id} · OP1 · Russian Federation, to be rewritten after "
            f"{draft.symbol}/Rev.1: Written "
            f"against {draft.symbol}: “Encourages participating States to share good "
            "practices;” Proposed: “Encourages participating States and civil society to share "
            "good practices;”") in text
    assert "[+" not in text and "[-" not in text  # nothing of it is a tracked change


# --- everyone is told ------------------------------------------------------------------------

def test_every_delegation_is_told_what_a_revision_did(session, draft):
    kept = propose(session, draft, "OP1", text="Encourages participating States to share "
                                               "best practices;")
    moved = propose(session, draft, "OP2", who="France",
                    text="Calls on participating States to report annually on progress;"
                         .replace("annually", "every year"))
    revisions.issue_revision(session, CHAIR, draft, incorporate=[kept.id])
    assert told(session)[-1] == (f"{draft.symbol}/Rev.1 is issued: amendments {kept.id} "
                                 f"incorporated; {moved.id} rebased")


def test_the_proposer_is_told_of_each_support(session, draft):
    a = propose(session, draft, "OP1", text="Encourages participating States to share "
                                            "best practices;")
    amendments.support(session, drafter(session, "Belarus"), a)
    assert told(session, "Italy")[-1] == f"Belarus supports Amendment {a.id} · OP1 · Italy " \
                                         f"({draft.symbol})"


def test_the_clock_adopts_through_the_same_table(session, draft):
    running = silence.start(session, CHAIR, draft, datetime(2099, 1, 1, 11, tzinfo=UTC))
    [decision] = silence.expire_due(session, now=datetime(2099, 1, 1, 12, tzinfo=UTC))
    assert (running.status, draft.state, decision.adopted_on) == (
        "expired", "adopted", date(2099, 1, 1))
    with pytest.raises(Conflict, match="is adopted"):
        workflow.open_negotiation(session, SYSTEM, draft)


def test_a_withdrawn_rebased_amendment_has_no_wording_left_to_check(session, draft):
    edit = [(paragraph(session, draft, "OP2").key,
             "Calls on participating States to report annually on progress and results;")]
    a = propose(session, draft, "OP2", who="France",
                text="Urges participating States to report annually on progress;")
    revisions.issue_revision(session, CHAIR, draft, incorporate=[], edits=edit)
    assert a.rebased_onto == 1
    amendments.withdraw(session, drafter(session, "France"), a)
    assert (a.status, a.rebased_onto) == ("withdrawn", None)

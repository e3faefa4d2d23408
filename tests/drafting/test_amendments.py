"""Amendments: proposing, supporting, withdrawing, accepting, rejecting, and every way of
getting it wrong."""

from __future__ import annotations

import pytest

from drafting import amendments, revisions
from drafting.actors import Actor
from drafting.amendment_labels import label_of, labels_of
from drafting.consolidated import amendment_redline, rewrite_note
from drafting.errors import Conflict, Forbidden, Invalid
from drafting.models import Notice
from tests.factories import CHAIR, drafter, make_draft, open_draft, paragraph

TEXT = """Test decision

The Ministerial Council,

Recalling its commitments,

1. Decides that participating States shall report annually;

2. Tasks the Secretariat with a conference.
"""


@pytest.fixture
def draft(session):
    return open_draft(session, TEXT)


def propose(session, draft, who="Italy", label="OP1", action="modify", **kw):
    key = paragraph(session, draft, label).key
    return amendments.propose(session, drafter(session, who), draft, paragraph_key=key,
                              action=action, **kw)


def test_a_drafter_proposes_for_its_own_delegation(session, draft):
    a = propose(session, draft, text="Decides that participating States should report annually;",
                rationale="Softer wording")
    assert (a.status, a.delegation.name, a.base_revision) == ("submitted", "Italy", 0)
    assert a.base_text == "Decides that participating States shall report annually;"
    assert a.rationale == "Softer wording"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"text": "Decides that participating States shall report annually;"}, "identical to OP1"),
    ({"text": "   "}, "the text is empty"),
    ({"text": None}, "the text is empty"),
    ({"text": "x" * 10_001}, "at most 10,000"),
    ({"text": "a\x00b"}, "control characters"),
    ({"action": "rewrite", "text": "x"}, "unknown action 'rewrite'"),
    ({"action": "delete", "text": "x"}, "a deletion takes no text"),
    ({"text": "New.", "base_revision": 3}, "0 to 0"),
    ({"text": "New.", "rationale": "r" * 5001}, "at most 5,000"),
])
def test_bad_amendments_are_refused(session, draft, kwargs, message):
    with pytest.raises(Invalid, match=message):
        propose(session, draft, **kwargs)


def test_a_paragraph_of_another_draft_is_refused(session, draft):
    other = make_draft(session)
    key = paragraph(session, other, "OP1").key
    with pytest.raises(Invalid, match="there is no paragraph"):
        amendments.propose(session, drafter(session, "Italy"), draft, paragraph_key=key,
                           action="modify", text="x")


def test_only_drafters_propose_and_only_while_negotiating(session, draft):
    key = paragraph(session, draft, "OP1").key
    with pytest.raises(Forbidden):
        amendments.propose(session, CHAIR, draft, paragraph_key=key, action="delete")
    tabled = make_draft(session)
    with pytest.raises(Conflict, match="is proposed, not yet open for negotiation: "
                                       "amendments cannot be proposed yet"):
        propose(session, tabled, action="delete")


def test_support_withdraw_and_nobody_acts_for_another_delegation(session, draft):
    a = propose(session, draft, action="delete")
    amendments.support(session, drafter(session, "Austria"), a)
    assert [s.delegation.name for s in a.supports] == ["Austria"]
    with pytest.raises(Conflict, match="supports amendment .* already"):
        amendments.support(session, drafter(session, "Austria"), a)
    with pytest.raises(Conflict, match="your delegation proposed"):
        amendments.support(session, drafter(session, "Italy"), a)
    with pytest.raises(Forbidden, match="only its delegation may withdraw"):
        amendments.withdraw(session, drafter(session, "Austria"), a)
    amendments.unsupport(session, drafter(session, "Austria"), a)
    assert a.supports == []
    with pytest.raises(Conflict, match="does not support"):
        amendments.unsupport(session, drafter(session, "Austria"), a)
    amendments.withdraw(session, drafter(session, "Italy"), a)
    assert a.status == "withdrawn"
    with pytest.raises(Conflict, match="is withdrawn"):
        amendments.support(session, drafter(session, "France"), a)


def test_the_chair_accepts_and_rejects_with_a_reason(session, draft):
    a = propose(session, draft, action="delete")
    b = propose(session, draft, who="France", label="OP2", text="Tasks the Secretariat.")
    with pytest.raises(Forbidden):
        amendments.accept(session, drafter(session, "France"), a)
    with pytest.raises(Invalid, match="give a reason"):
        amendments.reject(session, CHAIR, b, "")
    amendments.accept(session, CHAIR, a, "Agreed in committee")
    amendments.reject(session, CHAIR, b, "No support")
    assert (a.status, a.reason, b.status, b.reason) == (
        "accepted", "Agreed in committee", "rejected", "No support")
    told = session.query(Notice).filter_by(delegation_id=b.delegation_id).all()
    assert [n.message for n in told] == [
        f"Amendment {b.id} · OP2 · France ({draft.symbol}) was rejected: No support"]


def test_accepting_one_flags_a_pending_amendment_on_the_same_words(session, draft):
    should = propose(session, draft,
                     text="Decides that participating States should report annually;")
    must = propose(session, draft, who="France",
                   text="Decides that participating States must report annually;")
    later = propose(session, draft, who="Austria",
                    text="Decides that participating States shall report annually and publicly;")
    amendments.accept(session, CHAIR, should)
    assert (must.status, later.status) == ("needs_rebase", "submitted")
    assert must.conflict["with_amendment"] == should.id
    assert label_of(session, should) == f"Amendment {should.id} · OP1 · Italy"
    assert rewrite_note(draft, must) == (
        f"to be rewritten after Amendment {should.id} · OP1 · Italy was accepted")


def test_an_amendment_to_an_older_revision_is_rebased_at_once(session, draft):
    from drafting import revisions

    edit = (paragraph(session, draft, "OP2").key,
            "Tasks the Secretariat with a conference in 2027.")
    revisions.issue_revision(session, CHAIR, draft, incorporate=[], edits=[edit])
    a = propose(session, draft, label="OP1", base_revision=0,
                text="Decides that participating States should report annually;")
    assert (a.status, a.base_revision) == ("submitted", 1)
    b = propose(session, draft, label="OP2", base_revision=0,
                text="Tasks the Secretariat with a seminar.")
    assert b.status == "needs_rebase"
    assert b.conflict["new_base"] == "Tasks the Secretariat with a conference in 2027."


def test_an_observer_cannot_support(session, draft):
    a = propose(session, draft, action="delete")
    with pytest.raises(Forbidden):
        amendments.support(session, Actor(user_id=None, role="observer"), a)


# --- the paragraph's own number, pasted with the text ------------------------------------

def test_the_paragraphs_own_number_pasted_with_the_text_is_not_an_insertion(session, draft):
    a = propose(session, draft, label="OP2", text="2. Tasks the Secretariat with a meeting.")
    assert a.text == "Tasks the Secretariat with a meeting."
    assert ("+", "2. ") not in [tuple(op) for op in amendment_redline(a)]
    with pytest.raises(Invalid, match="identical to OP2"):
        propose(session, draft, label="OP2", text="2. Tasks the Secretariat with a conference.")


def test_another_number_or_an_insertion_keeps_its_words(session, draft):
    other = propose(session, draft, label="OP2", text="1. Tasks the Secretariat.")
    inserted = propose(session, draft, label="OP2", action="insert_after",
                       text="2. Requests a report.")
    assert (other.text, inserted.text) == ("1. Tasks the Secretariat.", "2. Requests a report.")


def test_a_rewrite_takes_off_the_paragraphs_own_number_too(session, draft):
    a = propose(session, draft, label="OP2", text="Tasks the Secretariat with a meeting.")
    amendments.rewrite(session, drafter(session, "Italy"), a,
                       "2. Tasks the Secretariat with two meetings.")
    assert a.text == "Tasks the Secretariat with two meetings."


# --- the amendment's label -----------------------------------------------------------------

def test_an_amendment_is_labelled_by_its_paragraph_in_the_current_revision(session, draft):
    a = propose(session, draft, label="OP2", text="Tasks the Secretariat with a meeting.")
    assert label_of(session, a) == f"Amendment {a.id} · OP2 · Italy"
    # Rev.1 inserts a paragraph before it: OP2 is now OP3, and so is the amendment's label
    first = propose(session, draft, label="OP1", action="insert_after", who="France",
                    text="Invites the partners.")
    revisions.issue_revision(session, CHAIR, draft, incorporate=[first.id])
    assert label_of(session, a) == f"Amendment {a.id} · OP3 · Italy"
    assert labels_of(session, draft, [a, first]) == {
        a.id: f"Amendment {a.id} · OP3 · Italy", first.id: f"Amendment {first.id} · OP1 · France"}
    told = session.query(Notice).filter_by(delegation_id=first.delegation_id).all()
    assert [n.message for n in told] == [
        f"Amendment {first.id} · OP1 · France is incorporated in {draft.symbol}/Rev.1"]


def test_an_amendment_whose_paragraph_is_gone_keeps_its_base_revisions_label(session, draft):
    a = propose(session, draft, label="OP2", text="Tasks the Secretariat with a meeting.")
    deletion = propose(session, draft, label="OP2", action="delete", who="France")
    revisions.issue_revision(session, CHAIR, draft, incorporate=[deletion.id])
    assert a.status == "needs_rebase"
    assert label_of(session, a) == f"Amendment {a.id} · OP2 · Italy"
    assert labels_of(session, draft, [a]) == {a.id: f"Amendment {a.id} · OP2 · Italy"}
    told = session.query(Notice).filter_by(delegation_id=a.delegation_id).all()
    assert f"Amendment {a.id} · OP2 · Italy needs rewriting: {draft.symbol}/Rev.1 deleted the " \
           "paragraph it amends" in [n.message for n in told]


def test_a_colliding_amendment_is_told_which_one_the_chair_accepted(session, draft):
    a = propose(session, draft, label="OP2", text="Tasks the Secretariat with a meeting.")
    b = propose(session, draft, label="OP2", who="France",
                text="Tasks the Secretariat with a seminar.")
    amendments.accept(session, CHAIR, a)
    assert b.status == "needs_rebase"
    told = session.query(Notice).filter_by(delegation_id=b.delegation_id).all()
    assert [n.message for n in told] == [
        f"Amendment {b.id} · OP2 · France ({draft.symbol}) collides with Amendment {a.id} · "
        "OP2 · Italy, which the Chair accepted: rewrite or withdraw it"]

"""Each amendment keeps its word-level redline, computed when its wording or its base
changes (propose, rewrite, a rebase onto a revision) and read back by every view, equal to
a fresh one; and a revision moves the amendments on untouched paragraphs in one
statement."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from drafting import amendments, revisions, stored_redline
from drafting.consolidated import amendment_redline
from drafting.models import Amendment
from drafting.revisions import outcome_summary
from drafting.services import revision_of
from drafting.stored_redline import fresh_redline, from_spans, read_redline, spans
from tests.factories import CHAIR, drafter, open_draft, paragraph

TEXT = """Test decision

The Ministerial Council,

Recalling its commitments,

1. Encourages participating States to share good practices;

2. Calls on participating States to report annually on progress;

3. Tasks the Secretariat with a conference in Vienna.
"""
OP2_BIENNIALLY = "Calls on participating States to report biennially on progress;"


@pytest.fixture
def draft(session):
    return open_draft(session, TEXT)


def propose(session, draft, label, action="modify", who="Italy", text=None):
    return amendments.propose(session, drafter(session, who), draft,
                              paragraph_key=paragraph(session, draft, label).key,
                              action=action, text=text)


def fresh(a: Amendment):
    return fresh_redline(a.action, a.base_text, a.text)


def stored(session, a: Amendment):
    """The spans as the database holds them."""
    value = session.execute(text("SELECT redline FROM amendments WHERE id = :id"),
                            {"id": a.id}).scalar()
    return json.loads(value) if isinstance(value, str) else value


def test_a_proposed_amendment_stores_its_redline(session, draft):
    a = propose(session, draft, "OP2", text=OP2_BIENNIALLY)
    insert = propose(session, draft, "OP1", "insert_after", text="Welcomes the report;")
    delete = propose(session, draft, "OP3", "delete", who="France")

    assert stored(session, a) == [["=", 40], ["-", 8], ["+", 10], ["=", 13]]
    assert amendment_redline(a) == [("=", "Calls on participating States to report "),
                                    ("-", "annually"), ("+", "biennially"),
                                    ("=", " on progress;")]
    assert amendment_redline(insert) == [("+", "Welcomes the report;")]
    assert amendment_redline(delete) == [
        ("-", "Tasks the Secretariat with a conference in Vienna.")]
    for amendment in (a, insert, delete):
        assert amendment_redline(amendment) == fresh(amendment)
        assert stored(session, amendment) == spans(amendment.action, amendment.base_text,
                                                   amendment.text)


def test_a_rewrite_stores_the_new_redline(session, draft):
    a = propose(session, draft, "OP2", text=OP2_BIENNIALLY)
    amendments.rewrite(session, drafter(session, "Italy"), a,
                       "Calls on all participating States to report annually on progress;")
    session.flush()
    assert amendment_redline(a) == fresh(a) == [
        ("=", "Calls on "), ("+", "all "),
        ("=", "participating States to report annually on progress;")]
    assert stored(session, a) == [["=", 9], ["+", 4], ["=", 52]]


def test_a_rebase_onto_a_revision_stores_the_redline_against_the_new_base(session, draft):
    moved = propose(session, draft, "OP2", who="Austria",
                    text="Calls on participating States to report annually on their progress;")
    untouched = propose(session, draft, "OP1", who="Spain",
                        text="Encourages participating States to share best practices;")
    before = stored(session, untouched)

    outcome = revisions.issue_revision(session, CHAIR, draft, incorporate=[], edits=[
        (paragraph(session, draft, "OP2").key, OP2_BIENNIALLY)])
    session.expire_all()  # read back what was written, the bulk UPDATE included

    assert outcome.rebased == sorted([moved.id, untouched.id])
    assert moved.base_text == OP2_BIENNIALLY and amendment_redline(moved) == fresh(moved) == [
        ("=", "Calls on participating States to report biennially on "), ("+", "their "),
        ("=", "progress;")]
    assert (untouched.base_revision, stored(session, untouched)) == (1, before)
    assert amendment_redline(untouched) == fresh(untouched)


def test_views_read_the_stored_redline_rather_than_diffing_again(session, draft):
    a = propose(session, draft, "OP2", text=OP2_BIENNIALLY)
    whole = json.dumps([["-", len(a.base_text)], ["+", len(a.text)]])  # fits, differs
    session.execute(text("UPDATE amendments SET redline = :r WHERE id = :id"),
                    {"r": whole, "id": a.id})
    session.expire(a)
    assert amendment_redline(a) == [("-", a.base_text), ("+", a.text)]


@pytest.mark.parametrize("value", [None, [["=", 3]], [["=", 40], ["-", 8], ["+", 11]],
                                   [["=", 41], ["-", 7], ["+", 10], ["=", 13]]])
def test_a_missing_or_stale_redline_is_diffed_afresh(session, draft, value):
    a = propose(session, draft, "OP2", text=OP2_BIENNIALLY)
    session.execute(text("UPDATE amendments SET redline = :r WHERE id = :id"),
                    {"r": None if value is None else json.dumps(value), "id": a.id})
    session.expire(a)
    assert amendment_redline(a) == fresh(a)


def test_a_row_without_a_redline_gets_one_on_its_next_write(session, draft):
    a = propose(session, draft, "OP2", text=OP2_BIENNIALLY)
    session.execute(text("UPDATE amendments SET redline = NULL WHERE id = :id"), {"id": a.id})
    session.expire(a)
    amendments.accept(session, CHAIR, a)  # a status change writes the row
    session.flush()
    assert stored(session, a) == spans(a.action, a.base_text, a.text)


def test_a_status_change_alone_does_not_diff_again(session, draft, monkeypatch):
    a = propose(session, draft, "OP2", text=OP2_BIENNIALLY)
    calls = []

    def counted(*args):
        calls.append(args)
        return spans(*args)

    monkeypatch.setattr(stored_redline, "spans", counted)
    amendments.accept(session, CHAIR, a, "agreed")
    amendments.support(session, drafter(session, "Malta"), a)
    session.flush()
    assert calls == []


def test_spans_read_back_as_the_redline_for_every_kind_of_change():
    cases = [("modify", "one two three", "one 2 three four"), ("modify", "a", "a b"),
             ("delete", "Gone entirely.", None), ("insert_after", "ignored", "New one."),
             ("modify", "Россия и Türkiye", "Türkiye и Россия")]
    for action, base, new in cases:
        assert read_redline(action, base, new, spans(action, base, new)) == \
            fresh_redline(action, base, new)
        assert from_spans(action, base, new, [["=", 1]]) is None


def test_many_amendments_move_together_and_the_others_one_by_one(session, draft):
    """Thirty amendments on three paragraphs; the revision changes one of them: its
    amendments are rebased or flagged one by one, the others move in bulk, and every one
    ends on Rev.1 with a stored redline equal to a fresh one."""
    labels = ["PP1", "OP1", "OP3"]
    made = []
    for n in range(30):
        p = paragraph(session, draft, labels[n % 3])
        made.append(propose(session, draft, labels[n % 3], who=["Italy", "France", "Malta"][n % 3],
                            text=p.text.replace(" ", f" w{n} ", 1)))
    op1 = paragraph(session, draft, "OP1")
    edit = (op1.key, op1.text.replace("share good practices", "share practices"))

    outcome = revisions.issue_revision(session, CHAIR, draft, incorporate=[], edits=[edit])
    session.expire_all()

    on_op1 = {a.id for a in made if a.paragraph_key == op1.key}
    assert sorted(outcome.rebased + outcome.needs_rebase) == sorted(a.id for a in made)
    assert set(outcome.rebased) >= {a.id for a in made} - on_op1
    assert outcome.rebased == sorted(outcome.rebased)
    for a in made:
        assert a.base_revision == 1
        assert amendment_redline(a) == fresh(a)
        assert stored(session, a) == spans(a.action, a.base_text, a.text)
        if a.id in on_op1 and a.status != "needs_rebase":
            assert a.rebased_onto == 1 and a.base_text == edit[1]
        elif a.id not in on_op1:
            assert a.rebased_onto is None
    assert revision_of(session, draft).number == 1


def test_a_revision_notice_names_at_most_twenty_amendments_of_a_kind():
    outcome = revisions.Outcome(revision=None, incorporated=[1], rebased=list(range(2, 2502)))
    assert outcome_summary(outcome) == (
        "amendments 1 incorporated; " + ", ".join(map(str, range(2, 22)))
        + " and 2,480 more rebased")

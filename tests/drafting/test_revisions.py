"""Issuing revised texts: incorporation, compromise edits, renumbering, rebasing every
pending amendment, and refusals."""

from __future__ import annotations

import pytest

from drafting import amendments, revisions
from drafting.errors import Conflict, Forbidden, Invalid
from drafting.services import revision_of
from tests.factories import CHAIR, drafter, open_draft, paragraph

TEXT = """Test decision

The Ministerial Council,

Recalling its commitments,

1. Encourages participating States to share good practices;

2. Calls on participating States to report annually on progress;

3. Tasks the Secretariat with a conference in Vienna.
"""


@pytest.fixture
def draft(session):
    return open_draft(session, TEXT)


def propose(session, draft, label, action="modify", who="Italy", text=None):
    return amendments.propose(session, drafter(session, who), draft,
                              paragraph_key=paragraph(session, draft, label).key,
                              action=action, text=text)


def texts(session, draft):
    return [(p.label, p.text) for p in revision_of(session, draft).paragraphs]


def test_rev1_incorporates_renumbers_and_rebases(session, draft):
    insert = propose(session, draft, "OP1", "insert_after",
                     text="Welcomes the work of the Chairmanship;")
    delete = propose(session, draft, "OP3", "delete", who="France")
    rebased = propose(session, draft, "OP2", who="Austria",
                      text="Calls on participating States to report annually on their progress;")
    conflicting = propose(session, draft, "OP2", who="Spain",
                          text="Calls on participating States to report every two years on "
                               "progress;")
    edit = (paragraph(session, draft, "OP2").key,
            "Calls on participating States to report biennially on progress;")

    outcome = revisions.issue_revision(session, CHAIR, draft, incorporate=[insert.id, delete.id],
                                       edits=[edit])
    assert outcome.revision.number == 1 and draft.revision_symbol(1).endswith("/Rev.1")
    assert texts(session, draft) == [
        ("PP1", "Recalling its commitments,"),
        ("OP1", "Encourages participating States to share good practices;"),
        ("OP2", "Welcomes the work of the Chairmanship;"),
        ("OP3", "Calls on participating States to report biennially on progress;"),
    ]
    assert (insert.status, insert.incorporated_in, delete.status) == ("incorporated", 1,
                                                                      "incorporated")
    assert outcome.rebased == [rebased.id] and outcome.needs_rebase == [conflicting.id]
    assert rebased.text == "Calls on participating States to report biennially on their progress;"
    assert (rebased.base_revision, conflicting.status) == (1, "needs_rebase")
    assert paragraph(session, draft, "OP3").key == rebased.paragraph_key  # the key survived


def test_the_previous_revision_stays_as_it_was(session, draft):
    propose_delete = propose(session, draft, "OP1", "delete")
    revisions.issue_revision(session, CHAIR, draft, incorporate=[propose_delete.id])
    assert [p.label for p in revision_of(session, draft, 0).paragraphs] == [
        "PP1", "OP1", "OP2", "OP3"]
    assert [p.label for p in revision_of(session, draft).paragraphs] == ["PP1", "OP1", "OP2"]


def test_two_incorporated_amendments_on_the_same_words_are_refused(session, draft):
    a = propose(session, draft, "OP2",
                text="Calls on participating States to report yearly on progress;")
    b = propose(session, draft, "OP2", who="France",
                text="Calls on participating States to report monthly on progress;")
    with pytest.raises(Conflict, match="changes the same words of OP2"):
        revisions.issue_revision(session, CHAIR, draft, incorporate=[a.id, b.id])
    assert draft.current_revision == 0


def test_refusals(session, draft):
    a = propose(session, draft, "OP1", "delete")
    with pytest.raises(Forbidden):
        revisions.issue_revision(session, drafter(session, "Italy"), draft, incorporate=[a.id])
    with pytest.raises(Invalid, match="listed twice"):
        revisions.issue_revision(session, CHAIR, draft, incorporate=[a.id, a.id])
    with pytest.raises(Invalid, match="not an amendment of"):
        revisions.issue_revision(session, CHAIR, draft, incorporate=[a.id + 999])
    with pytest.raises(Invalid, match="not in the revised text"):
        revisions.issue_revision(session, CHAIR, draft, incorporate=[], edits=[("pnope", "x")])
    with pytest.raises(Conflict, match="has been issued since"):
        revisions.issue_revision(session, CHAIR, draft, incorporate=[], base_revision=5)
    amendments.withdraw(session, drafter(session, "Italy"), a)
    with pytest.raises(Conflict, match="is withdrawn and cannot be incorporated"):
        revisions.issue_revision(session, CHAIR, draft, incorporate=[a.id])


def test_a_paragraph_deleted_by_the_revision_leaves_its_amendments_to_rewrite(session, draft):
    delete = propose(session, draft, "OP3", "delete")
    change = propose(session, draft, "OP3", who="France",
                     text="Tasks the Secretariat with a conference in Geneva.")
    outcome = revisions.issue_revision(session, CHAIR, draft, incorporate=[delete.id])
    assert outcome.needs_rebase == [change.id]
    assert change.conflict["why"].endswith("deleted the paragraph it amends")


def test_the_chairs_edit_pasted_with_the_paragraphs_number_keeps_only_the_words(session,
                                                                                draft):
    key = paragraph(session, draft, "OP3").key
    revisions.issue_revision(session, CHAIR, draft, incorporate=[], edits=[
        (key, "3. Tasks the Secretariat with a conference in Vienna in 2027.")])
    assert texts(session, draft)[-1] == (
        "OP3", "Tasks the Secretariat with a conference in Vienna in 2027.")

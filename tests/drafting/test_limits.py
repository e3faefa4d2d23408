"""The limits of drafting/limits.py, in the use cases every door goes through: tabling a
draft, issuing a revised text, proposing an amendment (breaking silence with one too)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from drafting import amendments, limits, revisions
from drafting import services as drafting
from drafting.actors import SYSTEM
from drafting.db import utcnow
from drafting.errors import Conflict, Invalid
from tests.factories import CHAIR, drafter, open_draft, paragraph
from tests.limit_factories import delegation_ids, largest_text, pending, text_of, words
from workflow import silence


def table(session, text):
    return drafting.import_draft(session, SYSTEM, body="MC", text=text)


def propose(session, draft, who="Italy", label="OP1", action="modify", text=None):
    if text is None and action != "delete":
        text = paragraph(session, draft, label).text + " Amended."
    return amendments.propose(session, drafter(session, who), draft,
                              paragraph_key=paragraph(session, draft, label).key,
                              action=action, text=text)


# --- the size of a draft ------------------------------------------------------------------

def test_the_largest_draft_the_limits_allow_is_tabled(session):
    draft = table(session, largest_text())
    texts = [p.text for p in drafting.revision_of(session, draft).paragraphs]
    assert len(texts) == limits.MAX_PARAGRAPHS == 300
    assert sum(map(len, texts)) == limits.MAX_DRAFT_CHARS == 100_000


def test_a_draft_over_a_size_limit_is_refused_naming_it(session):
    too_many = text_of([f"Measure {n};" for n in range(limits.MAX_PARAGRAPHS + 1)])
    with pytest.raises(Invalid) as error:
        table(session, too_many)
    assert error.value.status == 422
    assert error.value.message == ("the draft has 301 paragraphs, more than a draft may "
                                   "have (300): split it into several drafts")

    with pytest.raises(Invalid) as error:
        table(session, text_of(["Recalling its commitments,", words(10_001)]))
    assert error.value.message == ("OP1 of the draft has 10,001 characters, more than a "
                                   "paragraph may have (10,000): split the paragraph, or "
                                   "shorten it")

    with pytest.raises(Invalid) as error:
        table(session, text_of([words(5_001, n) for n in range(20)]))
    assert error.value.message == ("the draft has 100,020 characters in its paragraphs, more "
                                   "than a draft may have (100,000): split it into several "
                                   "drafts, or shorten it")
    assert drafting.list_drafts(session).items == []


def test_a_revision_cannot_outgrow_the_limits(session):
    """Insertions, edits and the wordings they merge are refused together (409), and the
    refused revision stores nothing."""
    draft = open_draft(session, largest_text())
    insert = propose(session, draft, action="insert_after", text="Welcomes the new text;")
    with pytest.raises(Conflict) as error:
        revisions.issue_revision(session, CHAIR, draft, incorporate=[insert.id])
    assert error.value.status == 409
    assert error.value.message == (
        f"{draft.symbol}/Rev.1 has 301 paragraphs, more than a draft may have (300): "
        "incorporate fewer new paragraphs, or a deletion")

    op1 = paragraph(session, draft, "OP1")
    longer = (op1.key, words(len(op1.text) + 100))
    with pytest.raises(Conflict) as error:
        revisions.issue_revision(session, CHAIR, draft, incorporate=[], edits=[longer])
    assert error.value.message == (
        f"{draft.symbol}/Rev.1 has 100,100 characters in its paragraphs, more than a draft "
        "may have (100,000): incorporate fewer amendments, or shorten the edits")
    assert draft.current_revision == 0

    deletion = propose(session, draft, who="France", label="OP2", action="delete")
    outcome = revisions.issue_revision(session, CHAIR, draft, incorporate=[insert.id,
                                                                           deletion.id])
    assert len(outcome.revision.paragraphs) == limits.MAX_PARAGRAPHS


def test_merged_wordings_are_held_to_the_paragraph_limit(session):
    """Two amendments of one paragraph, each within the limit, merged into a wording over
    it when both are incorporated."""
    base = words(6_000)
    draft = open_draft(session, text_of(["Recalling its commitments,", base]))
    first = propose(session, draft, text=words(3_000, 1) + " " + base)
    second = propose(session, draft, who="France", text=base + " " + words(3_000, 2))
    merged = len(first.text) + len(second.text) - len(base)
    with pytest.raises(Conflict) as error:
        revisions.issue_revision(session, CHAIR, draft, incorporate=[first.id, second.id])
    assert merged > limits.MAX_PARAGRAPH_CHARS and error.value.message == (
        f"OP1 of {draft.symbol}/Rev.1 has {merged:,} characters, more than a paragraph may "
        "have (10,000): shorten the edit, or incorporate fewer amendments to that paragraph")


# --- pending amendments -------------------------------------------------------------------

def test_a_delegation_has_at_most_250_pending_amendments_on_a_draft(session):
    draft = open_draft(session)
    italy = drafting.find_delegation(session, "Italy").id
    pending(session, draft, limits.MAX_PENDING_PER_DELEGATION, [italy])
    with pytest.raises(Conflict) as error:
        propose(session, draft)
    assert error.value.status == 409
    assert error.value.message == (
        f"Italy already has 250 pending amendments to {draft.symbol}, the most a delegation "
        "may have on one draft; withdraw or combine some of them before proposing more")
    assert propose(session, draft, who="France").status == "submitted"

    mine = amendments.list_amendments(session, draft)[0]
    amendments.withdraw(session, drafter(session, "Italy"), mine)
    assert propose(session, draft).status == "submitted"  # a withdrawn one no longer counts


def test_a_draft_has_at_most_12000_pending_amendments(session):
    draft = open_draft(session)
    pending(session, draft, limits.MAX_PENDING_PER_DRAFT - 1, delegation_ids(session)[1:])
    assert propose(session, draft).status == "submitted"  # the 12,000th
    with pytest.raises(Conflict) as error:
        propose(session, draft, who="France")
    assert error.value.message == (
        f"{draft.symbol} already has 12,000 pending amendments, the most a draft may have; "
        "the Chair decides on some (accepts, rejects or incorporates them in a revised text) "
        "before more can be proposed")


def test_breaking_silence_with_an_amendment_meets_the_same_limit(session):
    draft = open_draft(session)
    italy = drafting.find_delegation(session, "Italy").id
    pending(session, draft, limits.MAX_PENDING_PER_DELEGATION, [italy])
    silence.start(session, CHAIR, draft, utcnow() + timedelta(days=1))
    with pytest.raises(Conflict) as error:
        silence.break_(session, drafter(session, "Italy"), draft, kind="amendment", amendment={
            "paragraph": paragraph(session, draft, "OP1").key, "action": "delete"})
    assert error.value.message.startswith("Italy already has 250 pending amendments")


def test_the_draft_wide_count_is_read_once_per_session_and_counted_up(session, connection):
    draft = open_draft(session)
    everyone = delegation_ids(session)
    pending(session, draft, 3, everyone)
    session.flush()
    statements = []

    def seen(conn, cursor, statement, *rest):
        statements.append(statement)

    event.listen(connection, "before_cursor_execute", seen)
    try:
        limits.check_pending(session, draft, everyone[0])
        first = len(statements)
        limits.check_pending(session, draft, everyone[0])
        again = len(statements) - first
    finally:
        event.remove(connection, "before_cursor_execute", seen)
    assert first == 2 and all(s.lstrip().upper().startswith("SELECT") for s in statements)
    assert again == 1  # the delegation's count only: the draft's is known
    assert limits.pending_counts(session, draft.id, everyone[0]) == (3, 1)
    mine = propose(session, draft, who="Italy")
    italy = drafting.find_delegation(session, "Italy").id
    assert limits.pending_counts(session, draft.id, italy) == (4, 1)
    # a withdrawal is not subtracted: the figure may be above the truth, never below it
    amendments.withdraw(session, drafter(session, "Italy"), mine)
    assert limits.pending_counts(session, draft.id, italy) == (4, 0)

"""The full-text index is written in the same transaction as each change, whichever use
case made it, and a search finds only what the searcher may read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event, func, select

from drafting import amendments
from drafting.actors import SYSTEM
from drafting.errors import Invalid
from drafting.models import Revision
from drafting.revisions import issue_revision
from drafting.search_index import PENDING, SearchEntry
from drafting.services import find_delegation
from tests.factories import (
    CHAIR,
    SECRETARIAT,
    adopt,
    drafter,
    make_draft,
    make_journal,
    open_draft,
    paragraph,
)
from tests.statement_factories import make_decision, say
from workflow import services as workflow
from workflow import statements
from workflow.search import MAX_PAGE, Filters, search

TEXT = ("Energy security\n\nThe Ministerial Council,\n\nRecalling the pipelines of the "
        "region,\n\n1. Decides to protect critical infrastructure;\n\n2. Tasks the "
        "Secretariat to report;\n")


def found(session, actor, text, **filters):
    return [(h.kind, h.ref_id) for h in search(session, actor, text, Filters(**filters)).hits]


def propose(session, draft, word, delegation="Russian Federation", label="OP1"):
    return amendments.propose(
        session, drafter(session, delegation), draft,
        paragraph_key=paragraph(session, draft, label).key, action="modify",
        text=f"Decides to protect {word} infrastructure;", rationale="Clearer.")


def test_an_amendment_is_found_in_the_transaction_that_proposed_it(session):
    draft = open_draft(session, text=TEXT)
    amendment = propose(session, draft, "hydroelectric")
    hits = search(session, CHAIR, "hydroelectric").hits
    assert [(h.kind, h.ref_id, h.state, h.draft_id) for h in hits] == [
        ("amendment", amendment.id, "submitted", draft.id)]
    assert ("hydroelectric", True) in hits[0].snippet


def test_a_change_rolled_back_leaves_no_entry(session):
    draft = open_draft(session, text=TEXT)
    savepoint = session.begin_nested()
    propose(session, draft, "geothermal")
    assert found(session, CHAIR, "geothermal") != []
    savepoint.rollback()
    assert found(session, CHAIR, "geothermal") == []
    assert session.scalar(select(func.count()).select_from(SearchEntry).where(
        SearchEntry.kind == "amendment")) == 0


def test_a_status_change_is_indexed_and_an_amendment_found_by_its_rationale(session):
    draft = open_draft(session, text=TEXT)
    amendment = propose(session, draft, "tidal")
    amendments.withdraw(session, drafter(session, "Russian Federation"), amendment)
    assert found(session, CHAIR, "tidal", states=("withdrawn",)) == [("amendment", amendment.id)]
    assert found(session, CHAIR, "tidal", states=("submitted",)) == []
    assert ("amendment", amendment.id) in found(session, CHAIR, "clearer")


def test_every_revision_is_found_with_the_draft_state_and_the_last_word_as_a_prefix(session):
    draft = open_draft(session, text=TEXT)
    propose(session, draft, "offshore")
    issue_revision(session, CHAIR, draft, incorporate=[], edits=[
        (paragraph(session, draft, "OP2").key, "Tasks the Secretariat to report on pipelines;")])
    assert draft.current_revision == 1
    kinds = found(session, CHAIR, "pipel", kinds=("draft_revision",))
    revisions = dict(session.execute(select(Revision.number, Revision.id).where(
        Revision.draft_id == draft.id)).all())
    assert sorted(kinds) == sorted([("draft_revision", revisions[0]),
                                    ("draft_revision", revisions[1])])
    assert found(session, CHAIR, "pipel ", kinds=("draft_revision",)) == []  # a whole word
    hits = search(session, CHAIR, "pipelines on").hits
    assert [(h.ref_id, h.state, h.revision) for h in hits] == [
        (revisions[1], "negotiating", 1)]
    workflow.withdraw(session, CHAIR, draft)
    assert {h.state for h in search(session, CHAIR, "pipelines").hits} == {"withdrawn"}


def test_a_decision_its_journal_and_a_registered_statement_are_found(session):
    draft = make_draft(session, text=TEXT)
    workflow.open_negotiation(session, SYSTEM, draft)
    journal = make_journal(session)
    decision = adopt(session, draft, journal, agenda_item=7)
    statement = say(session, decision, actor=CHAIR, text="We join consensus on turbines.")
    assert found(session, CHAIR, "turbines") == [("statement", statement.id)]
    assert ("decision", decision.id) in found(session, CHAIR, "pipelines")
    assert found(session, CHAIR, "energy", kinds=("journal",)) == [("journal", journal.id)]
    assert found(session, CHAIR, "MC(24) Journal") == [("journal", journal.id)]
    workflow.issue(session, SECRETARIAT, decision)
    assert found(session, CHAIR, "pipelines", kinds=("decision",), states=("issued",)) == [
        ("decision", decision.id)]


def test_a_statement_awaiting_confirmation_is_found_only_by_those_it_involves(session):
    decision = make_decision(session)
    statement = say(session, decision, also=("Belarus",), text="We insist on windmills.")
    assert statement.status == "awaiting"
    for outsider in (drafter(session, "Italy"), CHAIR, SYSTEM):
        assert found(session, outsider, "windmills") == []
    for involved in ("Russian Federation", "Belarus"):
        assert found(session, drafter(session, involved), "windmills") == [
            ("statement", statement.id)]
    statements.confirm(session, drafter(session, "Belarus"), statement)
    assert statement.status == "registered"
    assert found(session, drafter(session, "Italy"), "windmills") == [
        ("statement", statement.id)]


def test_filters_by_body_year_and_delegation(session):
    mc = make_draft(session, text=TEXT, sponsors=["Italy"])
    pc = make_draft(session, body="PC", text=TEXT.replace("Energy", "Gas"), sponsors=["Malta"])
    ids = {d.id: d.revisions[0].id for d in (mc, pc)}
    assert found(session, CHAIR, "pipelines", bodies=("PC",)) == [("draft_revision", ids[pc.id])]
    italy = find_delegation(session, "Italy").id
    assert found(session, CHAIR, "pipelines", delegation_id=italy) == [
        ("draft_revision", ids[mc.id])]
    year = mc.tabled_at.year  # a draft's revisions are of the year it was tabled
    assert year == 2017
    assert len(found(session, CHAIR, "pipelines", year=year)) == 2
    assert found(session, CHAIR, "pipelines", year=year - 1) == []


def test_a_journal_is_indexed_again_when_its_agenda_changes(session):
    journal = make_journal(session, day=date(2017, 12, 7), journal_number=1)
    workflow._agenda_item(session, journal, 3, "Cyber security")
    session.flush()
    assert found(session, CHAIR, "cyber") == [("journal", journal.id)]


@pytest.mark.parametrize("query", [
    '"', "'", "*", "NEAR(", "NEAR(a b)", "-energy", "title:energy", ":", "a OR b", "x AND",
    "^energy", "energy*", "(", ")", "\\", "é", "Торговли", "中文", "🙂 energy", "%_", "'':*",
    "a & b | !c", "<->", "²",
])
def test_hostile_queries_answer_or_are_refused_but_never_fail(session, query):
    make_draft(session, text=TEXT)
    try:
        search(session, CHAIR, query)
    except Invalid as refused:
        assert "word" in refused.message


def test_paging_is_bounded_and_says_when_there_is_more(session):
    draft = open_draft(session, text=TEXT)
    for word in ("solar", "solar", "solar"):
        propose(session, draft, word, delegation=("Italy", "Malta", "Belarus")[
            len(found(session, CHAIR, "solar"))])
    first = search(session, CHAIR, "solar", limit=2)
    second = search(session, CHAIR, "solar", page=2, limit=2)
    assert (len(first.hits), first.more, len(second.hits), second.more) == (2, True, 1, False)
    assert {h.ref_id for h in first.hits}.isdisjoint(h.ref_id for h in second.hits)
    for page, limit in ((0, 20), (MAX_PAGE + 1, 20), (1, 0), (1, 51)):
        with pytest.raises(Invalid):
            search(session, CHAIR, "solar", page=page, limit=limit)


def test_a_journal_is_found_by_its_speakers_documents_and_annexes(session):
    from workflow import journal_items

    journal = make_journal(session, day=date(2017, 12, 7), journal_number=1)
    workflow._agenda_item(session, journal, 3, "General statements")
    journal_items.add_speaker(session, SECRETARIAT, journal, 3, "Liechtenstein")
    journal_items.add_document(session, SECRETARIAT, journal, 3, "PC.DEL/1229/20")
    journal_items.add_annex(session, SECRETARIAT, journal, 3, 1,
                            "The delegation of Liechtenstein welcomes the ferrous consensus.")
    session.flush()
    for words in ("Liechtenstein", "ferrous", "PC.DEL/1229/20"):
        assert found(session, CHAIR, words) == [("journal", journal.id)], words

    journal_items.remove_annex(session, SECRETARIAT, journal, 3, 1)
    session.flush()
    assert found(session, CHAIR, "ferrous") == []
    assert found(session, CHAIR, "Liechtenstein") == [("journal", journal.id)]



@contextmanager
def entry_inserts(session) -> Iterator[list[str]]:
    """The INSERT statements into the entries table that the session's engine sends."""
    sent: list[str] = []
    engine = session.connection().engine

    def note(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT INTO SEARCH_ENTRIES"):
            sent.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)


def amendment_words(session) -> list[str]:
    texts = session.scalars(select(SearchEntry.text).where(SearchEntry.kind == "amendment"))
    return sorted(text.split()[3] for text in texts)  # "Decides to protect WORD …"


def test_the_entries_of_a_batch_go_in_with_one_statement_before_the_commit(session):
    draft = open_draft(session, text=TEXT)
    session.flush()
    with entry_inserts(session) as sent:
        for word in ("solar", "lunar", "stellar"):
            request = session.begin_nested()  # as the writer runs each request
            propose(session, draft, word)
            request.commit()
        assert sent == []  # gathered, not written yet
        refused = session.begin_nested()
        propose(session, draft, "nebular")
        refused.rollback()  # a refused request: its entry goes with its savepoint
        PENDING.drain(session)  # what the commit does first
        assert len(sent) == 1
    assert amendment_words(session) == ["lunar", "solar", "stellar"]


def test_a_search_inside_a_savepoint_rolled_back_leaves_the_batch_whole(session):
    draft = open_draft(session, text=TEXT)
    kept = session.begin_nested()
    propose(session, draft, "solar")
    kept.commit()
    request = session.begin_nested()
    propose(session, draft, "lunar")
    assert sorted(found(session, CHAIR, w)[0][0] for w in ("solar", "lunar")) == [
        "amendment", "amendment"]  # both found inside the request's savepoint
    request.rollback()
    assert found(session, CHAIR, "lunar") == []
    assert amendment_words(session) == ["solar"]  # not lost with the savepoint, not twice
    PENDING.drain(session)
    assert amendment_words(session) == ["solar"]

"""A statement speaks only for those who agreed to it: naming other delegations, a
drafter's statement waits for each of them to confirm it; a decline returns it."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from drafting.errors import Conflict, Forbidden, NotFound
from drafting.models import Notice
from drafting.services import find_delegation
from exports.build import decision_document, journal_document
from exports.formats import export_decision
from exports.journal import JournalPointer, render_journal_txt
from exports.text import render_txt
from tests.factories import CHAIR, SECRETARIAT, drafter
from tests.statement_factories import make_decision, recorded, say, statement_events
from workflow import services as workflow
from workflow import statements


@pytest.fixture
def decision(session):
    return make_decision(session)


def notices_to(session, delegation: str) -> list[tuple[str, str]]:
    delegation_id = find_delegation(session, delegation).id
    return [(n.message, n.link) for n in session.scalars(
        select(Notice).where(Notice.delegation_id == delegation_id).order_by(Notice.id))]


def test_naming_others_the_statement_awaits_them_and_appears_nowhere(session, decision):
    statement = say(session, decision, also=("Belarus", "Armenia"))
    assert (statement.status, statement.position) == ("awaiting", None)
    assert [(c.delegation.name, c.status) for c in statement.cosigners] == [
        ("Belarus", "pending"), ("Armenia", "pending")]
    assert decision.statements == []
    txt = render_txt(decision_document(session, decision))
    assert "We join consensus." not in txt and "Attachment" not in txt
    journal = journal_document(session, decision.agenda_item.journal)
    assert journal.agenda_items[0].decisions[0].pointers == []
    assert "interpretative statement" not in render_journal_txt(journal)
    link = f"/decisions/{decision.id}#statement-{statement.id}"
    assert notices_to(session, "Belarus") == [(
        f"the interpretative statement {statement.id} of the Russian Federation is also made "
        "on behalf of your delegation: confirm or decline it", link)]
    assert statement_events(session, decision) == [("statement:register", statement.id)]


def test_when_every_named_delegation_confirms_it_is_registered_with_the_next_number(
        session, decision):
    first = say(session, decision, "Italy", original_language="ITALIAN")
    statement = say(session, decision, also=("Belarus", "Armenia"))
    statements.confirm(session, drafter(session, "Belarus"), statement)
    assert (statement.status, statement.position) == ("awaiting", None)
    second = say(session, decision, "Canada", original_language="FRENCH")
    statements.confirm(session, drafter(session, "Armenia"), statement)
    assert (first.position, second.position, statement.position) == (1, 2, 3)
    assert statement.status == "registered"
    assert [s.id for s in decision.statements] == [first.id, second.id, statement.id]
    txt = render_txt(decision_document(session, decision))
    assert "Attachment 3" in txt
    assert "By the delegation of the Russian Federation (also on behalf of Belarus and " \
           "Armenia):" in txt
    journal = journal_document(session, decision.agenda_item.journal)
    assert journal.agenda_items[0].decisions[0].pointers[2] == JournalPointer(
        "Russian Federation", "interpretative_statement", 3, ["Belarus", "Armenia"])
    assert notices_to(session, "Russian Federation")[-1][0] == (
        f"the interpretative statement {statement.id} of the Russian Federation is "
        "registered as attachment 3: every delegation it names confirmed it")
    assert [name for name, subject in statement_events(session, decision)
            if subject == statement.id] == [
        "statement:register", "statement:confirm", "statement:confirm"]


def test_a_decline_returns_it_to_its_author_who_resubmits_it(session, decision):
    statement = say(session, decision, also=("Belarus", "Armenia"))
    statements.confirm(session, drafter(session, "Armenia"), statement)
    statements.decline(session, drafter(session, "Belarus"), statement, "  Not our  reading. ")
    assert (statement.status, statement.position) == ("returned", None)
    assert [c.status for c in statement.cosigners] == ["declined", "confirmed"]
    assert notices_to(session, "Russian Federation")[-1][0] == (
        f"Belarus declined to be named in the interpretative statement {statement.id} of the "
        "Russian Federation: Not our reading. Resubmit it without that delegation, or "
        "withdraw it")
    with pytest.raises(Conflict, match=r"is returned to its author: it cannot be confirmed "
                                       r"\(confirm from returned\)"):
        statements.confirm(session, drafter(session, "Armenia"), statement)

    statements.resubmit(session, drafter(session, "Russian Federation"), statement,
                        [find_delegation(session, "Armenia")])
    assert [(c.delegation.name, c.status) for c in statement.cosigners] == [
        ("Armenia", "pending")]
    assert statement.status == "awaiting"
    statements.confirm(session, drafter(session, "Armenia"), statement)
    assert (statement.status, statement.position) == ("registered", 1)
    assert "(also on behalf of Armenia):" in render_txt(decision_document(session, decision))
    assert [name for name, _ in statement_events(session, decision)] == [
        "statement:register", "statement:confirm", "statement:decline", "statement:resubmit",
        "statement:confirm"]


def test_resubmitted_naming_nobody_it_is_registered_at_once(session, decision):
    statement = say(session, decision, also=("Belarus",))
    statements.decline(session, drafter(session, "Belarus"), statement)
    statements.resubmit(session, drafter(session, "Russian Federation"), statement, [])
    assert (statement.status, statement.position, statement.cosigners) == ("registered", 1, [])


def test_only_the_named_delegations_answer_and_each_once(session, decision):
    statement = say(session, decision, also=("Belarus",))
    for actor, error, message in [
        (drafter(session, "Italy"), Forbidden, "does not name your delegation"),
        (drafter(session, "Russian Federation"), Forbidden, "does not name your delegation"),
        (SECRETARIAT, Forbidden, "only the drafter may answer"),
        (CHAIR, Forbidden, "only the drafter may answer"),
    ]:
        with pytest.raises(error, match=message):
            statements.confirm(session, actor, statement)
    statements.confirm(session, drafter(session, "Belarus"), statement)
    with pytest.raises(Conflict, match="is registered: it cannot be declined"):
        statements.decline(session, drafter(session, "Belarus"), statement)


def test_a_delegation_that_answered_cannot_answer_again(session, decision):
    statement = say(session, decision, also=("Belarus", "Armenia"))
    statements.confirm(session, drafter(session, "Belarus"), statement)
    with pytest.raises(Conflict, match="your delegation has confirmed the interpretative"):
        statements.decline(session, drafter(session, "Belarus"), statement)
    assert [c.status for c in statement.cosigners] == ["confirmed", "pending"]


def test_only_its_author_resubmits(session, decision):
    statement = say(session, decision, also=("Belarus",))
    statements.decline(session, drafter(session, "Belarus"), statement)
    with pytest.raises(Forbidden, match="only the delegation of the Russian Federation, "
                                        "its author, resubmits it"):
        statements.resubmit(session, drafter(session, "Belarus"), statement, [])
    with pytest.raises(Forbidden, match="only the drafter may resubmit"):
        statements.resubmit(session, SECRETARIAT, statement, [])


def test_the_secretariat_records_co_signers_as_delivered(session, decision):
    statement = recorded(session, decision, "Canada", also=("Norway", "Iceland", "Canada"),
                         original_language="FRENCH")
    assert (statement.status, statement.position) == ("registered", 1)
    assert [(c.delegation.name, c.status) for c in statement.cosigners] == [
        ("Norway", "confirmed"), ("Iceland", "confirmed")]
    assert "By the delegation of Canada (also on behalf of Norway and Iceland):" in render_txt(
        decision_document(session, decision))
    assert notices_to(session, "Norway") == []


def test_a_drafter_speaks_only_for_its_own_delegation(session, decision):
    with pytest.raises(Forbidden, match="you draft for another delegation, not for Russian"):
        say(session, decision, actor=drafter(session, "Belarus"), also=("Belarus",))
    assert decision.all_statements == []


def test_the_same_statement_twice_is_refused(session, decision):
    first = say(session, decision, also=("Belarus",))
    with pytest.raises(Conflict, match=f"the interpretative statement {first.id} of the "
                                       "Russian Federation on MC.DEC/1/17 has this text already "
                                       r"\(awaiting confirmation\)"):
        recorded(session, decision, text="We join consensus.\n\nWe request that this "
                                          "statement  be attached.")
    # Another kind, or another text, is another statement.
    assert say(session, decision, kind="formal_reservation").position == 1
    statements.withdraw(session, SECRETARIAT, first, "registered twice")
    assert say(session, decision).status == "registered"  # a withdrawn one is no duplicate


def test_after_the_decision_is_issued_nothing_changes(session, decision):
    statement = say(session, decision, also=("Belarus",))
    statements.decline(session, drafter(session, "Belarus"), statement)
    workflow.issue(session, SECRETARIAT, decision)
    for step in (lambda: statements.resubmit(session, drafter(session, "Russian Federation"),
                                             statement, []),
                 lambda: say(session, decision, "Italy")):
        with pytest.raises(Conflict, match="MC.DEC/1/17 has been issued; statements are closed"):
            step()
    assert statements.awaiting_for(session, decision, drafter(session, "Belarus")) == []


def test_issuing_is_refused_while_a_statement_awaits_confirmation(session, decision):
    statement = say(session, decision, also=("Belarus", "Armenia"))
    statements.confirm(session, drafter(session, "Belarus"), statement)
    with pytest.raises(Conflict) as refused:
        workflow.issue(session, SECRETARIAT, decision)
    assert refused.value.message == (
        f"MC.DEC/1/17 cannot be issued while the interpretative statement {statement.id} of "
        "the Russian Federation awaits confirmation by Armenia: wait for their answer, or "
        "withdraw it")
    assert decision.issued_at is None
    statements.confirm(session, drafter(session, "Armenia"), statement)
    assert workflow.issue(session, SECRETARIAT, decision).issued_at is not None


def test_until_registered_only_the_delegations_involved_see_it(session, decision):
    statement = say(session, decision, also=("Belarus",))
    involved = [drafter(session, "Russian Federation"), drafter(session, "Belarus")]
    for actor in involved:
        assert statements.get_statement(session, statement.id, actor) is statement
        assert statements.awaiting_for(session, decision, actor) == [statement]
    for actor in (drafter(session, "Italy"), CHAIR, SECRETARIAT):
        with pytest.raises(NotFound, match=f"there is no statement {statement.id}"):
            statements.get_statement(session, statement.id, actor)
        assert statements.awaiting_for(session, decision, actor) == []
    # The secretariat finds it to withdraw it, and nothing else.
    assert statements.get_statement(session, statement.id, SECRETARIAT, "withdraw") is statement
    statements.confirm(session, involved[1], statement)
    for actor in (drafter(session, "Italy"), CHAIR, SECRETARIAT):
        assert statements.get_statement(session, statement.id, actor) is statement
    assert statements.awaiting_for(session, decision, involved[0]) == []
    with pytest.raises(NotFound):
        statements.get_statement(session, 999_999, SECRETARIAT)


def _words(body: bytes, fmt: str) -> str:
    if fmt != "docx":
        return body.decode()
    with zipfile.ZipFile(io.BytesIO(body)) as docx:
        return docx.read("word/document.xml").decode()


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "akn", "docx"])
def test_no_export_shows_a_statement_until_it_is_registered(session, decision, fmt):
    statement = say(session, decision, also=("Belarus",), text="Our distinctive reading.")
    assert "distinctive" not in _words(export_decision(session, decision, fmt).body, fmt)
    statements.confirm(session, drafter(session, "Belarus"), statement)
    assert "distinctive" in _words(export_decision(session, decision, fmt).body, fmt)
    statements.withdraw(session, SECRETARIAT, statement, "Registered in error.")
    assert "distinctive" not in _words(export_decision(session, decision, fmt).body, fmt)

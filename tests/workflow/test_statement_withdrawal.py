"""Withdrawing a statement registered in error: the later attachments move up, numbers
stay 1..n, the audit trail keeps both the registration and the withdrawal."""

from __future__ import annotations

import pytest

from drafting import audit
from drafting.errors import Conflict, Forbidden, Invalid
from exports.build import decision_document, journal_document
from exports.journal import JournalPointer
from exports.text import render_txt
from tests.factories import CHAIR, SECRETARIAT, drafter
from tests.statement_factories import make_decision, recorded, say, statement_events
from workflow import services as workflow
from workflow import statements


@pytest.fixture
def decision(session):
    return make_decision(session)


@pytest.fixture
def three(session, decision):
    return [recorded(session, decision, name, original_language=language)
            for name, language in (("Russian Federation", "RUSSIAN"), ("Italy", "ITALIAN"),
                                   ("Canada", "FRENCH"))]


def test_withdrawing_attachment_1_renumbers_the_others(session, decision, three):
    first, second, third = three
    statements.withdraw(session, SECRETARIAT, first, "Registered on the wrong decision.")
    assert (first.status, first.position) == ("withdrawn", None)
    assert first.withdrawn_at is not None
    assert [(s.id, s.position) for s in decision.statements] == [(second.id, 1), (third.id, 2)]
    txt = render_txt(decision_document(session, decision))
    assert "Attachment 1\n" in txt and "Attachment 2\n" in txt and "Attachment 3" not in txt
    assert "By the delegation of the Russian Federation" not in txt
    assert "By the delegation of Italy:" in txt
    journal = journal_document(session, decision.agenda_item.journal)
    assert journal.agenda_items[0].decisions[0].pointers == [
        JournalPointer("Italy", "interpretative_statement", 1),
        JournalPointer("Canada", "interpretative_statement", 2)]
    assert statement_events(session, decision) == [
        ("statement:register", first.id), ("statement:register", second.id),
        ("statement:register", third.id), ("statement:withdraw", first.id)]
    event = audit.events_of_draft(session, decision.draft_id)[-1]
    assert event.data == {"decision": "MC.DEC/1/17", "status": "withdrawn", "attachment": None,
                          "reason": "Registered on the wrong decision.", "was_attachment": 1,
                          "renumbered": {str(second.id): 1, str(third.id): 2}}
    assert audit.verify(session) is None


def test_withdrawing_the_last_one_renumbers_nothing(session, decision, three):
    statements.withdraw(session, SECRETARIAT, three[2], "Twice.")
    assert [s.position for s in decision.statements] == [1, 2]
    assert say(session, decision, "Belarus").position == 3  # the next number follows on


def test_the_secretariat_gives_a_reason(session, decision, three):
    with pytest.raises(Invalid, match="give the reason"):
        statements.withdraw(session, SECRETARIAT, three[0], "   ")
    assert three[0].status == "registered"


def test_only_the_secretariat_withdraws_a_registered_statement(session, decision, three):
    for actor in (CHAIR, drafter(session, "Russian Federation")):
        with pytest.raises(Forbidden, match="only the secretariat may withdraw a registered"):
            statements.withdraw(session, actor, three[0], "mine")
    assert [s.position for s in decision.statements] == [1, 2, 3]


def test_its_author_withdraws_one_not_registered_yet(session, decision):
    statement = say(session, decision, also=("Belarus",))
    with pytest.raises(Forbidden, match="only the secretariat or the delegation of the "
                                        "Russian Federation, its author, withdraws it"):
        statements.withdraw(session, drafter(session, "Belarus"), statement)
    statements.withdraw(session, drafter(session, "Russian Federation"), statement)
    assert (statement.status, statement.position) == ("withdrawn", None)
    with pytest.raises(Conflict, match=r"is withdrawn: it cannot be confirmed \(confirm from "
                                       r"withdrawn\)"):
        statements.confirm(session, drafter(session, "Belarus"), statement)


def test_the_secretariat_withdraws_an_awaiting_one_and_the_decision_can_be_issued(
        session, decision):
    statement = say(session, decision, also=("Belarus",))
    statements.withdraw(session, SECRETARIAT, statement, "Never delivered.")
    assert workflow.issue(session, SECRETARIAT, decision).issued_at is not None


def test_no_withdrawal_after_the_decision_is_issued(session, decision, three):
    workflow.issue(session, SECRETARIAT, decision)
    with pytest.raises(Conflict, match="MC.DEC/1/17 has been issued; statements are closed"):
        statements.withdraw(session, SECRETARIAT, three[0], "too late")
    assert [s.position for s in decision.statements] == [1, 2, 3]
    assert [name for name, _ in statement_events(session, decision)] == [
        "statement:register"] * 3


def test_a_withdrawn_statement_cannot_be_withdrawn_again(session, decision, three):
    statements.withdraw(session, SECRETARIAT, three[1], "error")
    with pytest.raises(Conflict, match=r"is withdrawn: it cannot be withdrawn \(withdraw "
                                       r"from withdrawn\)"):
        statements.withdraw(session, SECRETARIAT, three[1], "error")

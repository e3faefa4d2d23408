"""Statements under IV.1(A)6 attached to a decision: numbering, wording, checks."""

from __future__ import annotations

import pytest

from drafting.actors import Actor
from drafting.db import utcnow
from drafting.errors import Conflict, Forbidden, Invalid
from drafting.services import find_delegation
from exports.build import decision_document
from exports.text import render_txt
from tests.factories import SECRETARIAT
from tests.statement_factories import make_decision
from workflow import statements


@pytest.fixture
def decision(session):
    return make_decision(session)


def attach(session, decision, actor=SECRETARIAT, delegation="Russian Federation", **kw):
    values = {"kind": "interpretative_statement", "original_language": "RUSSIAN",
              "text": "We join consensus.\n\nWe request that this be appended."} | kw
    return statements.register(session, actor, decision,
                               delegation=find_delegation(session, delegation), **values)


def test_statements_are_numbered_in_order_of_registration(session, decision):
    first = attach(session, decision)
    second = attach(session, decision, delegation="Canada", kind="formal_reservation",
                    original_language="french",
                    also_on_behalf_of=[find_delegation(session, "Norway")])
    assert (first.position, second.position) == (1, 2)
    assert first.paragraphs == ["We join consensus.", "We request that this be appended."]
    txt = render_txt(decision_document(session, decision))
    assert "Attachment 1" in txt and "Attachment 2" in txt
    assert "By the delegation of Canada (also on behalf of Norway):" in txt
    assert "FORMAL RESERVATION UNDER" in txt and "Original: FRENCH" in txt


def test_a_drafter_speaks_only_for_its_own_delegation(session, decision):
    italy = find_delegation(session, "Italy")
    drafter = Actor(user_id=None, role="drafter", delegation_id=italy.id)
    assert attach(session, decision, actor=drafter, delegation="Italy").delegation.name == "Italy"
    with pytest.raises(Forbidden, match="not for Russian Federation"):
        attach(session, decision, actor=drafter)


def test_an_observer_registers_nothing(session, decision):
    with pytest.raises(Forbidden):
        attach(session, decision, actor=Actor(user_id=None, role="observer"))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("kind", "complaint", "unknown kind"),
    ("original_language", "KLINGON", "unknown original language"),
    ("text", " \n\n ", "no text"),
])
def test_bad_statements_are_refused(session, decision, field, value, message):
    with pytest.raises(Invalid, match=message):
        attach(session, decision, **{field: value})
    assert decision.statements == []


def test_no_statement_after_the_decision_is_issued(session, decision):
    decision.issued_at = utcnow()
    with pytest.raises(Conflict, match="has been issued"):
        attach(session, decision)

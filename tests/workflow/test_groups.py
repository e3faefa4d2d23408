"""A group's statement (the European Union) is accepted only through the delegation
holding the group's presidency on the decision's day of adoption."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from drafting import audit
from drafting.errors import Conflict, Forbidden, Invalid
from drafting.services import find_delegation
from exports.build import decision_document
from exports.text import render_txt
from tests.factories import CHAIR, SECRETARIAT, drafter
from tests.statement_factories import make_decision, say
from workflow import statements
from workflow.models import GroupPresidency


@pytest.fixture
def decision(session):
    return make_decision(session)


def presidency(session, state: str, starts_on: date, ends_on: date, actor=SECRETARIAT):
    return statements.set_presidency(session, actor, group="European Union",
                                     delegation=find_delegation(session, state),
                                     starts_on=starts_on, ends_on=ends_on)


def eu(session, decision, state: str, actor=None):
    return say(session, decision, state, actor=actor, group="European Union",
               original_language="ENGLISH", text="The European Union joins consensus.")


def test_the_presidency_delivers_the_unions_statement(session, decision):
    presidency(session, "Estonia", date(2017, 7, 1), date(2017, 12, 31))
    statement = eu(session, decision, "Estonia")
    assert (statement.status, statement.position) == ("registered", 1)
    assert ("The delegation of Estonia, in its capacity as EU Presidency, passed the floor to "
            "the representative of the European Union, who delivered the following statement:"
            ) in render_txt(decision_document(session, decision))


@pytest.mark.parametrize("actor", [None, SECRETARIAT, CHAIR])
def test_another_delegation_is_refused_naming_the_holder(session, decision, actor):
    presidency(session, "Estonia", date(2017, 7, 1), date(2017, 12, 31))
    with pytest.raises(Forbidden) as refused:
        eu(session, decision, "Austria", actor=actor)
    assert refused.value.message == (
        "the presidency of the European Union on 8 December 2017 is held by Estonia: the "
        "Union's statements are delivered through its delegation")
    assert decision.all_statements == []


def test_with_no_presidency_recorded_it_is_refused(session, decision):
    presidency(session, "Bulgaria", date(2018, 1, 1), date(2018, 6, 30))
    with pytest.raises(Forbidden, match="no presidency of the European Union is recorded for "
                                        "8 December 2017: the secretariat records who holds"):
        eu(session, decision, "Bulgaria")


def test_a_group_statement_names_no_states(session, decision):
    presidency(session, "Estonia", date(2017, 7, 1), date(2017, 12, 31))
    with pytest.raises(Invalid, match="not also made on behalf of States"):
        say(session, decision, "Estonia", group="European Union", also=("Latvia",))
    with pytest.raises(Invalid, match="unknown group 'NATO'; Plenary knows European Union"):
        say(session, decision, "Estonia", group="NATO")


def test_presidencies_are_recorded_and_found_by_day(session):
    estonia = presidency(session, "Estonia", date(2017, 7, 1), date(2017, 12, 31))
    presidency(session, "Bulgaria", date(2018, 1, 1), date(2018, 6, 30))
    on = [statements.presidency_on(session, "European Union", day)
          for day in (date(2017, 7, 1), date(2017, 12, 31), date(2018, 1, 1), date(2018, 7, 1))]
    assert [d.name if d else None for d in on] == ["Estonia", "Estonia", "Bulgaria", None]
    assert [(p.delegation.name, p.starts_on) for p in statements.list_presidencies(session)] == [
        ("Estonia", date(2017, 7, 1)), ("Bulgaria", date(2018, 1, 1))]
    event = session.scalar(select(audit.AuditEvent).where(
        audit.AuditEvent.name == "group:presidency", audit.AuditEvent.subject_id == estonia.id))
    assert (event.name, event.data) == ("group:presidency", {
        "group": "European Union", "presidency": "Estonia", "starts_on": "2017-07-01",
        "ends_on": "2017-12-31"})


@pytest.mark.parametrize(("starts_on", "ends_on"), [
    (date(2017, 12, 31), date(2018, 6, 30)),  # one day in common
    (date(2017, 1, 1), date(2017, 7, 1)),
    (date(2017, 8, 1), date(2017, 9, 1)),  # inside
    (date(2017, 1, 1), date(2018, 12, 31)),  # around
])
def test_an_overlapping_period_is_refused_naming_it(session, starts_on, ends_on):
    presidency(session, "Estonia", date(2017, 7, 1), date(2017, 12, 31))
    with pytest.raises(Conflict) as refused:
        presidency(session, "Bulgaria", starts_on, ends_on)
    assert refused.value.message == (
        "the presidency of the European Union is recorded already as held by Estonia from "
        f"2017-07-01 to 2017-12-31, which overlaps {starts_on} to {ends_on}")
    assert session.scalar(select(func.count()).select_from(GroupPresidency)) == 1


def test_bad_presidencies_are_refused(session):
    with pytest.raises(Invalid, match=r"cannot end \(2017-06-30\) before it starts"):
        presidency(session, "Estonia", date(2017, 7, 1), date(2017, 6, 30))
    with pytest.raises(Invalid, match="unknown group 'African Union'"):
        statements.set_presidency(session, SECRETARIAT, group="African Union",
                                  delegation=find_delegation(session, "Estonia"),
                                  starts_on=date(2017, 7, 1), ends_on=date(2017, 12, 31))
    for actor in (CHAIR, drafter(session, "Estonia")):
        with pytest.raises(Forbidden, match="only the secretariat may record a group's"):
            presidency(session, "Estonia", date(2017, 7, 1), date(2017, 12, 31), actor=actor)

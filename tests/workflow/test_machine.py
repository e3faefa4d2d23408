"""Walk every (state, action) pair of the transition table: each allowed pair works, each
other pair is refused with 409 and a message naming the state and the action."""

from __future__ import annotations

from datetime import timedelta

import pytest

from drafting.actors import SYSTEM, Actor
from drafting.db import utcnow
from drafting.errors import Conflict, Forbidden
from drafting.models import DRAFT_STATES
from drafting.services import find_delegation
from tests.factories import CHAIR, make_draft
from workflow import machine

PAIRS = [(state, action) for state in DRAFT_STATES for action in machine.ACTIONS]


def actor_for(session, action):
    if action == "break_silence":
        return Actor(user_id=None, role="drafter",
                     delegation_id=find_delegation(session, "Italy").id)
    return SYSTEM if action == "expire_silence" else CHAIR


@pytest.mark.parametrize(("state", "action"), PAIRS)
def test_every_pair(session, state, action):
    draft = make_draft(session)
    draft.state = state
    now = utcnow()
    deadline = now - timedelta(seconds=1) if action == "expire_silence" else now + timedelta(1)
    if machine.allowed(state, action):
        next_state = machine.transition(session, actor_for(session, action), draft, action,
                                        deadline=deadline, now=now)
        assert next_state == draft.state == machine.TRANSITIONS[(state, action)][0]
    else:
        with pytest.raises(Conflict) as refused:
            machine.transition(session, actor_for(session, action), draft, action,
                               deadline=deadline, now=now)
        assert f"is {state.replace('_', ' ')}" in refused.value.message
        assert f"({action} from {state})" in refused.value.message
        assert draft.state == state


def test_every_state_action_and_guard_has_a_label_and_an_event():
    assert set(machine.ACTION_LABELS) == set(machine.ACTIONS) == set(machine.EVENTS)
    assert {guard for _, guard in machine.TRANSITIONS.values()} <= set(machine.GUARDS)
    assert set(machine.STATE_LABELS) == set(DRAFT_STATES)
    assert all(name.startswith("draft:") for name in machine.EVENTS.values())


def test_guards_say_who_may_and_when(session):
    draft = make_draft(session)
    with pytest.raises(Forbidden, match="only the chair"):
        machine.transition(session, Actor(user_id=None, role="drafter"), draft, "open")
    draft.state = "under_silence"
    italy = actor_for(session, "break_silence")
    past = utcnow() - timedelta(minutes=1)
    with pytest.raises(Conflict, match="a break after the deadline changes nothing"):
        machine.transition(session, italy, draft, "break_silence", deadline=past)
    with pytest.raises(Forbidden, match="only the clock"):
        machine.transition(session, CHAIR, draft, "expire_silence", deadline=past)
    with pytest.raises(Conflict, match="has not reached its deadline"):
        machine.transition(session, SYSTEM, draft, "expire_silence",
                           deadline=utcnow() + timedelta(minutes=1))
    assert draft.state == "under_silence"

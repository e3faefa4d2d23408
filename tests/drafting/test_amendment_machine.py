"""The amendment table, cell by cell: every (draft state, amendment status, action) is
either a cell of the table, taken by the actor its guard names and refused to the others,
or refused with a message naming the draft's state, the amendment and the action."""

from __future__ import annotations

import itertools

import pytest

from drafting import amendment_machine as machine
from drafting.actors import Actor
from drafting.errors import Conflict, Forbidden
from drafting.models import (
    AMENDMENT_STATUSES,
    DRAFT_STATES,
    Amendment,
    AmendmentSupport,
    Delegation,
    Draft,
)

OWN, OTHER = 1, 2
CHAIR = Actor(user_id=1, role="chair")
SECRETARIAT = Actor(user_id=2, role="secretariat")
OBSERVER = Actor(user_id=3, role="observer")
OWN_DRAFTER = Actor(user_id=4, role="drafter", delegation_id=OWN)
OTHER_DRAFTER = Actor(user_id=5, role="drafter", delegation_id=OTHER)
EVERYONE = (CHAIR, SECRETARIAT, OBSERVER, OWN_DRAFTER, OTHER_DRAFTER)
# For each guard: who passes it (with the amendment set up as the guard asks).
PASSES = {
    "drafter": {OWN_DRAFTER, OTHER_DRAFTER},
    "own_delegation": {OWN_DRAFTER},
    "own_delegation_rebased": {OWN_DRAFTER},
    "other_delegation": {OTHER_DRAFTER},
    "supporting_delegation": {OTHER_DRAFTER},
    "chair": {CHAIR},
    "consequence": set(EVERYONE),
}


def draft_in(state: str) -> Draft:
    return Draft(symbol="MC.DD/3/26", state=state)


def amendment_in(status: str, *, supported: bool = False, rebased: bool = True) -> Amendment:
    amendment = Amendment(id=4, status=status, delegation_id=OWN,
                          delegation=Delegation(id=OWN, name="Russian Federation"),
                          rebased_onto=1 if rebased else None)
    amendment.supports = [AmendmentSupport(delegation_id=OTHER)] if supported else []
    return amendment


def subject(status: str, guard: str | None) -> Amendment | None:
    if status == machine.NEW:
        return None
    return amendment_in(status, supported=guard == "supporting_delegation")


ALL_CELLS = list(itertools.product(DRAFT_STATES, (machine.NEW, *AMENDMENT_STATUSES),
                                   machine.ACTIONS))


def test_the_table_names_only_known_states_statuses_actions_and_guards():
    for (state, status, action), (new_status, guard) in machine.TRANSITIONS.items():
        assert state in DRAFT_STATES
        assert status in (machine.NEW, *AMENDMENT_STATUSES)
        assert action in machine.ACTIONS and new_status in AMENDMENT_STATUSES
        assert guard in machine.GUARDS and guard in PASSES
    assert set(machine.ACTION_LABELS) == set(machine.ACTIONS)
    assert set(machine.STATUS_LABELS) == {machine.NEW, *AMENDMENT_STATUSES}


def test_amendments_move_only_while_their_draft_is_negotiating():
    assert {state for state, _, _ in machine.TRANSITIONS} == {"negotiating"}
    assert {state for state, _ in machine.DRAFT_ACTIONS} == {"negotiating"}


@pytest.mark.parametrize(("state", "status", "action"), ALL_CELLS)
def test_every_cell(state, status, action):
    cell = machine.TRANSITIONS.get((state, status, action))
    draft = draft_in(state)
    if cell is None:
        for actor in EVERYONE:
            with pytest.raises(Conflict) as refused:
                machine.next_status(actor, draft, subject(status, None), action)
            message = refused.value.message
            if state != "negotiating":
                assert message.startswith("MC.DD/3/26 is ")
            elif status == machine.NEW:
                assert message.startswith("there is no amendment to be ")
            else:
                assert message.startswith(f"Amendment 4 is {machine.STATUS_LABELS[status]}:")
            assert machine.ACTION_LABELS[action] in message
        return
    new_status, guard = cell
    for actor in EVERYONE:
        amendment = subject(status, guard)
        if actor in PASSES[guard]:
            assert machine.next_status(actor, draft, amendment, action) == new_status
            assert machine.permitted(actor, draft, amendment, action)
        else:
            with pytest.raises((Forbidden, Conflict)):
                machine.next_status(actor, draft, amendment, action)
            assert not machine.permitted(actor, draft, amendment, action)


def test_the_refusal_says_what_was_refused_and_why():
    with pytest.raises(Conflict, match="^MC.DD/3/26 is adopted: amendment 4 can no longer "
                                       "be accepted$"):
        machine.next_status(CHAIR, draft_in("adopted"), amendment_in("submitted"), "accept")
    with pytest.raises(Conflict, match="^MC.DD/3/26 is under silence: amendments can no "
                                       "longer be proposed$"):
        machine.next_status(OWN_DRAFTER, draft_in("under_silence"), None, "propose")
    with pytest.raises(Conflict, match="^Amendment 4 is withdrawn: it cannot be accepted$"):
        machine.next_status(CHAIR, draft_in("negotiating"), amendment_in("withdrawn"), "accept")


def test_confirming_needs_a_rebased_amendment():
    not_rebased = amendment_in("submitted", rebased=False)
    with pytest.raises(Conflict, match="was not rebased"):
        machine.next_status(OWN_DRAFTER, draft_in("negotiating"), not_rebased, "confirm")


@pytest.mark.parametrize("state", DRAFT_STATES)
def test_a_revision_is_issued_only_while_negotiating(state):
    draft = draft_in(state)
    if state == "negotiating":
        machine.check_draft_action(CHAIR, draft, "revise")
        assert machine.may_revise(CHAIR, draft)
        with pytest.raises(Forbidden):
            machine.check_draft_action(OWN_DRAFTER, draft, "revise")
    else:
        with pytest.raises(Conflict, match=f"is {state.replace('_', ' ')}: a revised text is "
                                           "issued only while the draft is open"):
            machine.check_draft_action(CHAIR, draft, "revise")
        assert not machine.may_revise(CHAIR, draft)

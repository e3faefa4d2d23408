"""Walk every (status, action) pair of the statements' table: each allowed pair works and
writes exactly one audit event; every other pair is refused with 409 naming both."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from drafting.audit import AuditEvent
from drafting.errors import Conflict
from drafting.services import find_delegation
from tests.factories import SECRETARIAT, drafter
from tests.statement_factories import make_decision, say
from workflow import statements
from workflow.models import STATEMENT_STATUSES

ACTIONS = [a for a in statements.ACTIONS if a != "register"]
PAIRS = [(status, action) for status in STATEMENT_STATUSES for action in ACTIONS]
# Belarus is the one delegation named: its confirmation is the last one.
LANDS_IN = {("awaiting", "confirm"): "registered", ("awaiting", "decline"): "returned",
            ("returned", "resubmit"): "awaiting", ("awaiting", "withdraw"): "withdrawn",
            ("returned", "withdraw"): "withdrawn", ("registered", "withdraw"): "withdrawn"}


def take(session, statement, action):
    if action in ("confirm", "decline"):
        return getattr(statements, action)(session, drafter(session, "Belarus"), statement)
    if action == "resubmit":
        return statements.resubmit(session, drafter(session, "Russian Federation"), statement,
                                   [find_delegation(session, "Belarus")])
    return statements.withdraw(session, SECRETARIAT, statement, "registered in error")


def events(session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent))


@pytest.mark.parametrize(("status", "action"), PAIRS)
def test_every_pair(session, status, action):
    statement = say(session, make_decision(session), also=("Belarus",))
    statement.status = status
    statement.position = 1 if status == "registered" else None
    session.flush()
    before = events(session)
    if (status, action) in statements.TRANSITIONS:
        take(session, statement, action)
        assert statement.status == LANDS_IN[(status, action)]
        assert events(session) == before + 1
    else:
        with pytest.raises(Conflict) as refused:
            take(session, statement, action)
        assert f"({action} from {status})" in refused.value.message
        assert statement.status == status and events(session) == before


def test_the_table_is_complete():
    assert set(statements.TRANSITIONS) == set(LANDS_IN) | {(statements.NEW, "register")}
    assert {guard for _, guard in statements.TRANSITIONS.values()} == set(statements.GUARDS)
    assert set(statements.ACTION_LABELS) == set(statements.ACTIONS) == set(statements.EVENTS)
    assert set(statements.STATUS_LABELS) == {statements.NEW, *STATEMENT_STATUSES}
    assert sorted(statements.EVENTS.values()) == [
        "statement:confirm", "statement:decline", "statement:register", "statement:resubmit",
        "statement:withdraw"]


def test_permitted_says_what_a_page_may_offer(session):
    statement = say(session, make_decision(session), also=("Belarus",))
    belarus, russia = drafter(session, "Belarus"), drafter(session, "Russian Federation")
    assert [a for a in ACTIONS if statements.permitted(belarus, statement, a)] == [
        "confirm", "decline"]
    assert [a for a in ACTIONS if statements.permitted(russia, statement, a)] == ["withdraw"]
    assert [a for a in ACTIONS if statements.permitted(SECRETARIAT, statement, a)] == [
        "withdraw"]
    statements.decline(session, belarus, statement)
    assert [a for a in ACTIONS if statements.permitted(russia, statement, a)] == [
        "resubmit", "withdraw"]
    assert [a for a in ACTIONS if statements.permitted(belarus, statement, a)] == []

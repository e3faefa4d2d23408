"""Factories for statements under IV.1(A)6: a decision to attach them to, a statement
said by a delegation, and the trail of statement events."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from drafting import audit
from drafting.actors import Actor
from drafting.services import find_delegation
from tests.factories import SECRETARIAT, adopt, drafter, make_draft, make_journal
from workflow import statements
from workflow.models import Decision, Statement

# Tabled before the 2017 journals the tests adopt at: an adoption is never dated earlier.
TABLED = datetime(2017, 11, 20, 9, 0, tzinfo=UTC)
TEXT = "We join consensus.\n\nWe request that this statement be attached."


def make_decision(session: Session, **journal) -> Decision:
    """MC.DEC/1/17, adopted on 8 December 2017 (or on the journal's day given)."""
    return adopt(session, make_draft(session, tabled_at=TABLED), make_journal(session, **journal))


def say(session: Session, decision: Decision, delegation: str = "Russian Federation", *,
        actor: Actor | None = None, also: tuple[str, ...] = (), text: str = TEXT,
        **kw) -> Statement:
    """`delegation`'s statement, by its own drafter unless `actor` says otherwise."""
    values = {"kind": "interpretative_statement", "original_language": "RUSSIAN"} | kw
    return statements.register(
        session, actor or drafter(session, delegation), decision,
        delegation=find_delegation(session, delegation), text=text,
        also_on_behalf_of=[find_delegation(session, name) for name in also], **values)


def recorded(session: Session, decision: Decision, delegation: str = "Russian Federation",
             **kw) -> Statement:
    """A statement the secretariat records as delivered in the room."""
    return say(session, decision, delegation, actor=SECRETARIAT, **kw)


def statement_events(session: Session, decision: Decision) -> list[tuple[str, int]]:
    """(event name, statement id) of every statement event on the decision, in order."""
    return [(e.name, e.subject_id) for e in audit.events_of_draft(session, decision.draft_id)
            if e.name.startswith("statement:")]

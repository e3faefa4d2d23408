"""Decision numbers: per body, MC and FSC restarting every year (MC.DEC/7/17), the
Permanent Council running on (PC.DEC/1048). A number exists once, in order of adoption."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from drafting.errors import Invalid
from workflow.models import Decision, DecisionCounter

YEARLY_BODIES = {"MC", "FSC"}


def sequence_year(body: str, year: int) -> int:
    """The counter a decision of `year` draws from: its year, or 0 for a running sequence."""
    return year if body in YEARLY_BODIES else 0


def decision_symbol(body: str, number: int, year: int) -> str:
    if body in YEARLY_BODIES:
        return f"{body}.DEC/{number}/{year % 100:02d}"
    return f"{body}.DEC/{number}"


def take_next_number(session: Session, body: str, year: int) -> int:
    """Take the body's next number, holding the counter's row lock until the transaction
    ends, so that concurrent adoptions are numbered one after the other."""
    counter = _locked_counter(session, body, sequence_year(body, year))
    number = counter.next_number
    counter.next_number = number + 1
    session.flush()
    return number


def latest_decision(session: Session, body: str, year: int) -> Decision | None:
    """The decision last adopted in the sequence a decision of `year` would join."""
    return session.scalar(
        select(Decision).where(Decision.body == body,
                               Decision.year == sequence_year(body, year))
        .order_by(Decision.adopted_on.desc(), Decision.number.desc()).limit(1))


def set_next_number(session: Session, body: str, number: int, year: int) -> None:
    """Start a sequence mid-way (a deployment taking over a running body)."""
    if number < 1:
        raise Invalid("a decision number is a whole number from 1")
    seq_year = sequence_year(body, year)
    used = session.scalar(
        select(func.max(Decision.number)).where(Decision.body == body, Decision.year == seq_year)
    )
    if used is not None and number <= used:
        raise Invalid(
            f"{decision_symbol(body, used, year)} exists already; the next number must be "
            f"above {used}"
        )
    _locked_counter(session, body, seq_year).next_number = number
    session.flush()


def _locked_counter(session: Session, body: str, seq_year: int) -> DecisionCounter:
    query = (
        select(DecisionCounter)
        .where(DecisionCounter.body == body, DecisionCounter.year == seq_year)
        .with_for_update()
    )
    counter = session.scalar(query)
    if counter is not None:
        return counter
    try:  # the first decision of a sequence: create its counter, or meet a racer's
        with session.begin_nested():
            session.add(DecisionCounter(body=body, year=seq_year, next_number=1))
    except IntegrityError:
        pass
    return session.scalar(query)

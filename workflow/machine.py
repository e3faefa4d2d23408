"""The states of a draft, as data: one table of (state, action) → next state, with the
named guard that says who may take the action, and when.

proposed → negotiating → under_silence → adopted; silence broken → negotiating;
proposed/negotiating → adopted by consensus at a meeting; any state before adoption →
withdrawn. Every other pair is refused with 409, naming the state and the action.

What happens to amendments (and issuing a revised text, allowed only while negotiating)
is the table of `drafting/amendment_machine.py`, keyed by these same draft states.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from drafting import audit
from drafting.actors import Actor
from drafting.db import utcnow
from drafting.errors import Conflict, Forbidden, allows
from drafting.models import DRAFT_STATES, Draft

# (state, action) -> (next state, guard)
TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("proposed", "open"): ("negotiating", "chair"),
    ("negotiating", "start_silence"): ("under_silence", "chair"),
    ("under_silence", "break_silence"): ("negotiating", "delegation_before_deadline"),
    ("under_silence", "expire_silence"): ("adopted", "clock_after_deadline"),
    ("proposed", "adopt"): ("adopted", "chair"),
    ("negotiating", "adopt"): ("adopted", "chair"),
    ("proposed", "withdraw"): ("withdrawn", "chair"),
    ("negotiating", "withdraw"): ("withdrawn", "chair"),
    ("under_silence", "withdraw"): ("withdrawn", "chair"),
}
ACTIONS = sorted({action for _, action in TRANSITIONS})
ACTION_LABELS = {
    "open": "opened for negotiation", "start_silence": "put under silence",
    "break_silence": "have its silence broken", "expire_silence": "adopted by silence",
    "adopt": "adopted at a meeting", "withdraw": "withdrawn",
}
EVENTS = {
    "open": "draft:open", "start_silence": "draft:silence:start",
    "break_silence": "draft:silence:break", "expire_silence": "draft:silence:expire",
    "adopt": "draft:adopt", "withdraw": "draft:withdraw",
}
STATE_LABELS = {state: state.replace("_", " ") for state in DRAFT_STATES}


def _chair(actor: Actor, draft: Draft, deadline: datetime | None, now: datetime) -> None:
    actor.require("chair", action="take this step of the procedure")


def _delegation_before_deadline(actor: Actor, draft: Draft, deadline, now) -> None:
    actor.require("drafter", action="break silence (a delegation does)")
    if deadline is not None and now >= deadline:
        raise Conflict("the silence procedure has expired: a break after the deadline "
                       "changes nothing")


def _clock_after_deadline(actor: Actor, draft: Draft, deadline, now) -> None:
    if not actor.is_system:
        raise Forbidden("only the clock ends a silence procedure, at its deadline")
    if deadline is None or now < deadline:
        raise Conflict("the silence procedure has not reached its deadline")


GUARDS: dict[str, Callable[[Actor, Draft, datetime | None, datetime], None]] = {
    "chair": _chair,
    "delegation_before_deadline": _delegation_before_deadline,
    "clock_after_deadline": _clock_after_deadline,
}


def allowed(state: str, action: str) -> bool:
    return (state, action) in TRANSITIONS


def check(actor: Actor, draft: Draft, action: str, *, deadline: datetime | None = None,
          now: datetime | None = None) -> str:
    """The state `action` leads to, or the refusal (409 unless the table allows it from
    the draft's state; 403 or 409 from its guard). Changes nothing."""
    key = (draft.state, action)
    if key not in TRANSITIONS:
        raise Conflict(f"{draft.symbol} is {STATE_LABELS[draft.state]}: it cannot be "
                       f"{ACTION_LABELS.get(action, action)} ({action} from {draft.state})")
    next_state, guard = TRANSITIONS[key]
    GUARDS[guard](actor, draft, deadline, now or utcnow())
    return next_state


def permitted(actor: Actor, draft: Draft, action: str) -> bool:
    """Whether `actor` may take `action` now: the pages offer only what is permitted."""
    return allows(lambda: check(actor, draft, action))


def apply(actor: Actor, draft: Draft, action: str, *, deadline: datetime | None = None,
          now: datetime | None = None) -> str:
    """Move the draft to the state `action` leads to, as `check` allows it; the caller
    then writes the action's one audit event with `record` (see `transition`)."""
    draft.state = check(actor, draft, action, deadline=deadline, now=now)
    return draft.state


def record(session: Session, actor: Actor, draft: Draft, action: str, **data) -> None:
    session.flush()
    audit.record(session, actor, EVENTS[action], draft.id, draft_id=draft.id,
                 state=draft.state, **data)


def transition(session: Session, actor: Actor, draft: Draft, action: str, *,
               deadline: datetime | None = None, now: datetime | None = None, **data) -> str:
    """Take `action` on the draft, as `check` allows it, and write its one audit event
    (with `data`: what else the action did)."""
    apply(actor, draft, action, deadline=deadline, now=now)
    record(session, actor, draft, action, **data)
    return draft.state

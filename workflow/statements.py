"""Statements under paragraph IV.1(A)6, as data: one table of (status, action) → next
status, with the named guard that says who may take the action.

A statement speaks only for those who agreed to it. A drafter who names other delegations
("also on behalf of") submits a statement that awaits each of them: a drafter of each
named delegation confirms or declines it, and a decline returns it to its author, who
resubmits it with another list or withdraws it. The Chair and the secretariat record a
statement as delivered in the room, co-signers included, with nothing left to confirm.
Only a registered statement has an attachment number and appears in a document, a page
or a journal. The secretariat withdraws a statement registered in error, and the later
attachments move up. Every action is refused once the decision is issued.

new → awaiting → registered (the last confirmation) or returned (a decline);
returned → awaiting (resubmitted); awaiting, returned, registered → withdrawn.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from drafting import audit, notices
from drafting.actors import Actor
from drafting.db import storable_id, utcnow
from drafting.errors import Conflict, Forbidden, NotFound, allows
from drafting.models import Delegation
from workflow.groups import (
    GROUPS,
    check_presidency,
    group_of,
    list_presidencies,
    presidency_on,
    set_presidency,
)
from workflow.models import STATEMENT_KINDS, Decision, Statement, StatementCosigner
from workflow.statement_text import (
    LANGUAGE_CODES,
    MAX_STATEMENT_CHARS,
    language,
    one_of,
    reason_text,
    statement_text,
)

# Presidencies live in workflow.groups and the checks of typed input in
# workflow.statement_text: both are part of this module's use cases.
__all__ = [
    "ACTIONS", "GROUPS", "GUARDS", "LANGUAGE_CODES", "MAX_STATEMENT_CHARS", "TRANSITIONS",
    "awaiting_for", "check_none_awaiting", "confirm", "decline",
    "get_statement", "link", "list_presidencies", "lock_decision", "permitted",
    "presidency_on", "register",
    "resubmit", "set_presidency", "unconfirmed", "withdraw",
]

NEW = "new"  # the pseudo-status of a statement not stored yet

# (status, action) -> (next status, guard). "awaiting" lasts only while a named delegation
# has yet to answer: with none pending the statement is registered in the same step (see
# _settle), so one naming nobody, or recorded as delivered in the room, registers at once.
TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (NEW, "register"): ("awaiting", "speaks_for_its_delegation"),
    ("awaiting", "confirm"): ("awaiting", "named_and_pending"),
    ("awaiting", "decline"): ("returned", "named_and_pending"),
    ("returned", "resubmit"): ("awaiting", "author"),
    ("awaiting", "withdraw"): ("withdrawn", "secretariat_or_author"),
    ("returned", "withdraw"): ("withdrawn", "secretariat_or_author"),
    ("registered", "withdraw"): ("withdrawn", "secretariat"),
}
ACTIONS = sorted({action for _, action in TRANSITIONS})
ACTION_LABELS = {"register": "registered", "confirm": "confirmed", "decline": "declined",
                 "resubmit": "resubmitted", "withdraw": "withdrawn"}
EVENTS = {action: f"statement:{action}" for action in ACTIONS}
STATUS_LABELS = {NEW: "new", "awaiting": "awaiting confirmation",
                 "returned": "returned to its author", "registered": "registered",
                 "withdrawn": "withdrawn"}
# A named delegation's answer (StatementCosigner.status), as a page shows it.
COSIGNER_LABELS = {"pending": "awaiting its confirmation", "confirmed": "confirmed",
                   "declined": "declined"}


def _speaks_for_its_delegation(actor: Actor, statement: Statement) -> None:
    actor.require("drafter", "chair", "secretariat", action="register a statement")
    if actor.role == "drafter" and actor.delegation_id != statement.delegation.id:
        raise Forbidden(f"you draft for another delegation, not for {statement.delegation.name}")


def _named_and_pending(actor: Actor, statement: Statement) -> None:
    actor.require("drafter", action="answer for a delegation a statement names")
    row = _row_of(statement, actor.delegation_id)
    if row is None:
        raise Forbidden(f"{_name(statement)} does not name your delegation: only the "
                        "delegations it names confirm or decline it")
    if row.status != "pending":
        raise Conflict(f"your delegation has {row.status} {_name(statement)} already")


def _author(actor: Actor, statement: Statement) -> None:
    actor.require("drafter", action="resubmit a statement (its author's delegation does)")
    if actor.delegation_id != statement.delegation_id:
        raise Forbidden(f"only the delegation of {statement.delegation.name_in_text}, its "
                        "author, resubmits it")


def _secretariat(actor: Actor, statement: Statement) -> None:
    actor.require("secretariat", action="withdraw a registered statement")


def _secretariat_or_author(actor: Actor, statement: Statement) -> None:
    if actor.is_system or actor.role == "secretariat":
        return
    if actor.role != "drafter" or actor.delegation_id != statement.delegation_id:
        raise Forbidden(f"only the secretariat or the delegation of "
                        f"{statement.delegation.name_in_text}, its author, withdraws it")


GUARDS: dict[str, Callable[[Actor, Statement], None]] = {
    "speaks_for_its_delegation": _speaks_for_its_delegation,
    "named_and_pending": _named_and_pending,
    "author": _author,
    "secretariat": _secretariat,
    "secretariat_or_author": _secretariat_or_author,
}


def _check(actor: Actor, statement: Statement, decision: Decision, action: str) -> str:
    """The next status, or the refusal: 409 unless the table allows the action from the
    statement's status, 403 unless its guard lets this actor take it, 409 once issued."""
    key = (statement.status, action)
    if key not in TRANSITIONS:
        raise Conflict(f"{_name(statement)} is {STATUS_LABELS[statement.status]}: it cannot "
                       f"be {ACTION_LABELS[action]} ({action} from {statement.status})")
    next_status, guard = TRANSITIONS[key]
    GUARDS[guard](actor, statement)
    if decision.issued_at is not None:
        raise Conflict(f"{decision.symbol} has been issued; statements are closed")
    return next_status


def permitted(actor: Actor, statement: Statement, action: str) -> bool:
    """Whether `actor` may take `action` on the statement now: what a page offers it."""
    return allows(lambda: _check(actor, statement, statement.decision, action))


def register(
    session: Session, actor: Actor, decision: Decision, *, delegation: Delegation, kind: str,
    original_language: str, text: str, also_on_behalf_of: list[Delegation] = (),
    group: str | None = None,
) -> Statement:
    """A statement under IV.1(A)6: a drafter's for its own delegation awaits the
    delegations it names; the Chair's or the secretariat's, recorded as delivered, is
    registered at once. For a `group` (the European Union), `delegation` is the one
    holding its presidency on the day of adoption, which passes it the floor."""
    _lock(session, decision)
    statement = Statement(status=NEW, delegation=delegation)  # transient until accepted
    next_status = _check(actor, statement, decision, "register")
    statement.group, statement.group_role = group_of(group, also_on_behalf_of)
    statement.kind = one_of(kind, STATEMENT_KINDS, "kind")
    statement.original_language = language(original_language)
    statement.text = statement_text(text)
    check_presidency(session, group, delegation, decision.adopted_on)
    _check_not_a_duplicate(session, decision, statement)
    statement.registered_by_id = actor.user_id
    statement.cosigners = _cosigners(actor, _named(also_on_behalf_of, delegation))
    _settle(session, statement, decision, next_status)
    statement.decision = decision
    session.add(statement)
    session.flush()
    _ask_the_named(session, statement, decision)
    return _recorded(session, actor, statement, decision, "register")


def confirm(session: Session, actor: Actor, statement: Statement) -> Statement:
    """A named delegation agrees that the statement speaks for it; with the last
    confirmation the statement is registered and takes the next attachment number."""
    decision = _lock(session, statement.decision, statement)
    next_status = _check(actor, statement, decision, "confirm")
    _decide(_row_of(statement, actor.delegation_id), "confirmed", actor)
    _settle(session, statement, decision, next_status)
    session.flush()
    if statement.status == "registered":
        _tell_the_author(session, statement, decision, f"{_name(statement)} is registered as "
                         f"attachment {statement.position}: every delegation it names "
                         "confirmed it")
    return _recorded(session, actor, statement, decision, "confirm")


def decline(session: Session, actor: Actor, statement: Statement, reason: str = "") -> Statement:
    """A named delegation does not agree: the statement goes back to its author."""
    decision = _lock(session, statement.decision, statement)
    next_status = _check(actor, statement, decision, "decline")
    reason = reason_text(reason, required=False)
    row = _row_of(statement, actor.delegation_id)
    _decide(row, "declined", actor)
    statement.status = next_status
    session.flush()
    because = f": {reason.rstrip('.')}" if reason else ""
    _tell_the_author(session, statement, decision, f"{row.delegation.name} declined to be "
                     f"named in {_name(statement)}{because}. Resubmit it without that "
                     "delegation, or withdraw it")
    return _recorded(session, actor, statement, decision, "decline",
                     declined_by=row.delegation.name, reason=reason)


def resubmit(session: Session, actor: Actor, statement: Statement,
             also_on_behalf_of: list[Delegation]) -> Statement:
    """The author sends a returned statement again, naming a new list of delegations
    (each is asked again); naming nobody registers it at once."""
    decision = _lock(session, statement.decision, statement)
    next_status = _check(actor, statement, decision, "resubmit")
    named = _named(also_on_behalf_of, statement.delegation)
    statement.cosigners.clear()
    session.flush()  # the old rows go before the new ones take their (statement, delegation)
    statement.cosigners.extend(_cosigners(actor, named))
    _settle(session, statement, decision, next_status)
    session.flush()
    _ask_the_named(session, statement, decision)
    return _recorded(session, actor, statement, decision, "resubmit")


def withdraw(session: Session, actor: Actor, statement: Statement, reason: str = "") -> Statement:
    """The secretariat withdraws a statement registered in error (or one not registered
    yet; its author may withdraw that too). The later attachments move up one number."""
    decision = _lock(session, statement.decision, statement)
    next_status = _check(actor, statement, decision, "withdraw")
    by_author = actor.role == "drafter"
    reason = reason_text(reason, required=not by_author)
    attachment = statement.position
    statement.status, statement.position, statement.withdrawn_at = next_status, None, utcnow()
    session.flush()
    renumbered = _close_up(session, decision, attachment)
    if not by_author:
        _tell_the_author(session, statement, decision, f"The secretariat withdrew "
                         f"{_name(statement)}: {reason}")
    return _recorded(session, actor, statement, decision, "withdraw", reason=reason,
                     was_attachment=attachment, renumbered=renumbered)


def get_statement(session: Session, statement_id: int, actor: Actor,
                  action: str = "read") -> Statement:
    """A statement, as this actor may see it: a registered one, anyone; one not
    registered, only its author's delegation and the delegations it names (the Chair and
    the secretariat see it once registered; the secretariat may still withdraw it)."""
    statement = session.get(Statement, statement_id) if storable_id(statement_id) else None
    may_withdraw = action == "withdraw" and (actor.is_system or actor.role == "secretariat")
    if statement is None or not (may_withdraw or _visible_to(actor, statement)):
        raise NotFound(f"there is no statement {statement_id}")
    return statement


def awaiting_for(session: Session, decision: Decision, actor: Actor) -> list[Statement]:
    """The statements not registered yet that the actor's delegation wrote or is named in,
    while the decision is open: what it has to answer, resubmit or withdraw."""
    if actor.delegation_id is None or decision.issued_at is not None:
        return []
    return [s for s in decision.all_statements
            if s.status in ("awaiting", "returned") and _involves(s, actor.delegation_id)]


def unconfirmed(decision: Decision) -> list[Statement]:
    """The decision's statements awaiting confirmation by the delegations they name."""
    return [s for s in decision.all_statements if s.status == "awaiting"]


def check_none_awaiting(decision: Decision) -> None:
    """Refuse (409) to issue the decision while a statement awaits confirmation: issued,
    it could never be attached."""
    waiting = unconfirmed(decision)
    if waiting:
        statement = waiting[0]
        named = ", ".join(c.delegation.name for c in statement.cosigners
                          if c.status == "pending")
        raise Conflict(f"{decision.symbol} cannot be issued while {_name(statement)} awaits "
                       f"confirmation by {named}: wait for their answer, or withdraw it")


def _visible_to(actor: Actor, statement: Statement) -> bool:
    if statement.status == "registered":
        return True
    return actor.delegation_id is not None and _involves(statement, actor.delegation_id)


def _involves(statement: Statement, delegation_id: int) -> bool:
    return delegation_id == statement.delegation_id or _row_of(statement, delegation_id) is not None


def lock_decision(session: Session, decision: Decision) -> Decision:
    """One change at a time on a decision's statements (and its issue): attachment numbers
    are taken and closed up under this row lock, and two last confirmations cannot miss
    each other. What was read before the lock is read again (flushed first, so nothing is
    lost)."""
    session.flush()
    session.refresh(decision, with_for_update=True)
    return decision


def _lock(session: Session, decision: Decision, statement: Statement | None = None) -> Decision:
    lock_decision(session, decision)
    if statement is not None:
        session.expire(statement)
    return decision


def _settle(session: Session, statement: Statement, decision: Decision, next_status: str):
    if next_status == "awaiting" and all(c.status == "confirmed" for c in statement.cosigners):
        next_status = "registered"
    if next_status == "registered":
        statement.position = _next_position(session, decision)
        statement.registered_at = utcnow()
    statement.status = next_status


def _recorded(session: Session, actor: Actor, statement: Statement, decision: Decision,
              action: str, **data) -> Statement:
    """The action's one audit event; the decision's lists are read afresh after it."""
    audit.record(session, actor, EVENTS[action], statement.id, draft_id=decision.draft_id,
                 decision=decision.symbol, status=statement.status,
                 attachment=statement.position, **data)
    session.expire(decision, ["statements", "all_statements"])
    return statement


def _close_up(session: Session, decision: Decision, gap: int | None) -> dict[str, int]:
    """Attachments after `gap` move up one number, lowest first and one row at a time:
    PostgreSQL checks UNIQUE (decision, position) after each row."""
    if gap is None:
        return {}
    later = session.scalars(select(Statement).where(
        Statement.decision_id == decision.id, Statement.position > gap
    ).order_by(Statement.position)).all()
    for statement in later:
        statement.position -= 1
        session.flush()
    return {str(s.id): s.position for s in later}


def _named(delegations: list[Delegation], author: Delegation) -> list[Delegation]:
    """The delegations named, each once, in order, without the author itself."""
    seen, named = {author.id}, []
    for delegation in delegations:
        if delegation.id not in seen:
            seen.add(delegation.id)
            named.append(delegation)
    return named


def _cosigners(actor: Actor, named: list[Delegation]) -> list[StatementCosigner]:
    # Delivered in the room, a statement spoke for those it named: the Chair or the
    # secretariat records it so. A drafter's waits for each named delegation.
    if actor.role == "drafter":
        return [StatementCosigner(delegation=d, status="pending") for d in named]
    now = utcnow()
    return [StatementCosigner(delegation=d, status="confirmed", decided_at=now,
                              decided_by_id=actor.user_id) for d in named]


def _decide(row: StatementCosigner, status: str, actor: Actor) -> None:
    row.status, row.decided_at, row.decided_by_id = status, utcnow(), actor.user_id


def _row_of(statement: Statement, delegation_id: int | None) -> StatementCosigner | None:
    return next((c for c in statement.cosigners if c.delegation_id == delegation_id), None)


def _ask_the_named(session: Session, statement: Statement, decision: Decision) -> None:
    for row in statement.cosigners:
        if row.status == "pending":
            notices.to_delegation(
                session, row.delegation_id, f"{_name(statement)} is also made on behalf of "
                f"your delegation: confirm or decline it", draft_id=decision.draft_id,
                link=link(statement))


def _tell_the_author(session: Session, statement: Statement, decision: Decision,
                     message: str) -> None:
    notices.to_delegation(session, statement.delegation_id, message,
                          draft_id=decision.draft_id, link=link(statement))


def link(statement: Statement) -> str:
    """Where a statement is shown: its place on its decision's page."""
    return f"/decisions/{statement.decision_id}#statement-{statement.id}"


def _name(statement: Statement) -> str:
    kind = (statement.kind or "statement").replace("_", " ")
    number = f" {statement.id}" if statement.id else ""
    return f"the {kind}{number} of {statement.delegation.name_in_text}"


def _check_not_a_duplicate(session: Session, decision: Decision, statement: Statement) -> None:
    same = session.scalar(select(Statement).where(
        Statement.decision_id == decision.id, Statement.status != "withdrawn",
        Statement.delegation_id == statement.delegation.id, Statement.kind == statement.kind,
        Statement.text == statement.text))
    if same is not None:
        raise Conflict(f"{_name(same)} on {decision.symbol} has this text already "
                       f"({STATUS_LABELS[same.status]}): the same statement is made once")


def _next_position(session: Session, decision: Decision) -> int:
    last = session.scalar(
        select(func.max(Statement.position)).where(Statement.decision_id == decision.id)
    )
    return (last or 0) + 1

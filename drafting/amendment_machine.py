"""The life of an amendment, as data: one table of (draft state, amendment status, action)
→ new status, each cell with the named guard that says who may take the action.

Every amendment action is taken only while its draft is open for negotiation: once the
draft is under silence, adopted or withdrawn, its amendments are part of the record and no
longer move. The draft's own states are `workflow/machine.py`'s table; this one lives in
`drafting` because amendments are drafting's, and imports point from workflow to drafting.

The actions of delegations and of the Chair (propose … confirm) and the consequences of
the Chair's decisions (incorporate, flag, contain, rebase: taken by issuing a revision or
by accepting a colliding amendment) go through the same table, so that no status changes
anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable

from drafting.actors import Actor
from drafting.errors import Conflict, Forbidden, Invalid, allows
from drafting.models import LIVE_STATUSES, Amendment, Draft

NEW = "new"  # the pseudo-status of an amendment not yet proposed
N = "negotiating"

# (draft state, amendment status, action) -> (new status, guard)
TRANSITIONS: dict[tuple[str, str, str], tuple[str, str]] = {
    (N, NEW, "propose"): ("submitted", "drafter"),
    (N, "submitted", "support"): ("submitted", "other_delegation"),
    (N, "accepted", "support"): ("accepted", "other_delegation"),
    (N, "submitted", "unsupport"): ("submitted", "supporting_delegation"),
    (N, "accepted", "unsupport"): ("accepted", "supporting_delegation"),
    (N, "needs_rebase", "unsupport"): ("needs_rebase", "supporting_delegation"),
    (N, "submitted", "withdraw"): ("withdrawn", "own_delegation"),
    (N, "accepted", "withdraw"): ("withdrawn", "own_delegation"),
    (N, "needs_rebase", "withdraw"): ("withdrawn", "own_delegation"),
    (N, "submitted", "accept"): ("accepted", "chair"),
    (N, "submitted", "reject"): ("rejected", "chair"),
    (N, "accepted", "reject"): ("rejected", "chair"),
    (N, "needs_rebase", "reject"): ("rejected", "chair"),
    (N, "submitted", "rewrite"): ("submitted", "own_delegation"),
    (N, "needs_rebase", "rewrite"): ("submitted", "own_delegation"),
    (N, "submitted", "confirm"): ("submitted", "own_delegation_rebased"),
    (N, "accepted", "confirm"): ("accepted", "own_delegation_rebased"),
    # Consequences of the Chair's decisions, taken inside them.
    (N, "submitted", "incorporate"): ("incorporated", "chair"),
    (N, "accepted", "incorporate"): ("incorporated", "chair"),
    (N, "submitted", "flag"): ("needs_rebase", "consequence"),
    (N, "accepted", "flag"): ("needs_rebase", "consequence"),
    (N, "submitted", "contain"): ("contained", "consequence"),
    (N, "accepted", "contain"): ("contained", "consequence"),
    (N, "submitted", "rebase"): ("submitted", "consequence"),
    (N, "accepted", "rebase"): ("accepted", "consequence"),
}
# What drafting itself does to a draft, beside the amendments: (draft state, action) ->
# guard. The draft's procedure (open, silence, adopt, withdraw) is workflow/machine.py's.
DRAFT_ACTIONS: dict[tuple[str, str], str] = {
    (N, "revise"): "chair",
}
ACTIONS = ("propose", "support", "unsupport", "withdraw", "accept", "reject", "rewrite",
           "confirm", "incorporate", "flag", "contain", "rebase")
# What a delegation or the Chair asks for (the pages show a button for each).
USER_ACTIONS = ACTIONS[:8]
ACTION_LABELS = {
    "propose": "proposed", "support": "supported", "unsupport": "unsupported",
    "withdraw": "withdrawn", "accept": "accepted", "reject": "rejected",
    "rewrite": "rewritten", "confirm": "confirmed", "incorporate": "incorporated",
    "flag": "flagged for rewriting", "contain": "closed as contained in the text",
    "rebase": "rebased",
}
STATUS_LABELS = {
    NEW: "new", "submitted": "submitted", "accepted": "accepted",
    "needs_rebase": "to be rewritten", "withdrawn": "withdrawn", "rejected": "rejected",
    "incorporated": "incorporated", "contained": "contained in the text",
}
EVENTS = {action: f"amendment:{action}" for action in USER_ACTIONS}


def _drafter(actor: Actor, draft: Draft, amendment: Amendment | None) -> None:
    actor.require("drafter", action="propose an amendment")


def _own_delegation(actor: Actor, draft: Draft, amendment: Amendment) -> None:
    actor.require("drafter", action="act on an amendment of its delegation")
    if actor.delegation_id != amendment.delegation_id:
        raise Forbidden(f"{label(amendment)} is {amendment.delegation.name}'s; only its "
                        "delegation may withdraw, rewrite or confirm it")


def _own_delegation_rebased(actor: Actor, draft: Draft, amendment: Amendment) -> None:
    _own_delegation(actor, draft, amendment)
    if amendment.rebased_onto is None:
        raise Conflict(f"{label(amendment)} was not rebased: its wording is already "
                       "its delegation's own")


def _other_delegation(actor: Actor, draft: Draft, amendment: Amendment) -> None:
    actor.require("drafter", action="support an amendment")
    if actor.delegation_id == amendment.delegation_id:
        raise Conflict("your delegation proposed this amendment; support is for others")
    if any(s.delegation_id == actor.delegation_id for s in amendment.supports):
        raise Conflict(f"your delegation supports {label(amendment)} already")


def _supporting_delegation(actor: Actor, draft: Draft, amendment: Amendment) -> None:
    actor.require("drafter", action="take back support")
    if not any(s.delegation_id == actor.delegation_id for s in amendment.supports):
        raise Conflict(f"your delegation does not support {label(amendment)}")


def _chair(actor: Actor, draft: Draft, amendment: Amendment) -> None:
    actor.require("chair", action="decide on an amendment")


def _consequence(actor: Actor, draft: Draft, amendment: Amendment) -> None:
    """Taken inside an action whose own guard has let the actor through: issuing a
    revision, accepting a colliding amendment, proposing against an older revision."""


GUARDS: dict[str, Callable[[Actor, Draft, Amendment | None], None]] = {
    "drafter": _drafter,
    "own_delegation": _own_delegation,
    "own_delegation_rebased": _own_delegation_rebased,
    "other_delegation": _other_delegation,
    "supporting_delegation": _supporting_delegation,
    "chair": _chair,
    "consequence": _consequence,
}


def label(amendment: Amendment) -> str:
    return f"amendment {amendment.id}"


def next_status(actor: Actor, draft: Draft, amendment: Amendment | None, action: str) -> str:
    """The status `action` gives the amendment, or the refusal: 409 when the table has no
    such cell (naming the draft's state, the amendment and the action), 403 or 409 from
    the cell's guard. Changes nothing."""
    if action not in ACTIONS:
        raise Invalid(f"unknown action {action!r} on an amendment")
    status = NEW if amendment is None else amendment.status
    cell = TRANSITIONS.get((draft.state, status, action))
    if cell is None:
        raise _refusal(draft, amendment, action)
    new_status, guard = cell
    GUARDS[guard](actor, draft, amendment)
    return new_status


def _refusal(draft: Draft, amendment: Amendment | None, action: str) -> Conflict:
    verb = ACTION_LABELS[action]
    what = "amendments" if amendment is None else label(amendment)
    state = draft.state.replace("_", " ")
    if draft.state == "proposed":
        return Conflict(f"{draft.symbol} is proposed, not yet open for negotiation: "
                        f"{what} cannot be {verb} yet")
    if draft.state != N:
        return Conflict(f"{draft.symbol} is {state}: {what} can no longer be {verb}")
    if amendment is None:
        return Conflict(f"there is no amendment to be {verb} yet: propose one first")
    return Conflict(f"{label(amendment).capitalize()} is {STATUS_LABELS[amendment.status]}: "
                    f"it cannot be {verb}")


def permitted(actor: Actor, draft: Draft, amendment: Amendment | None, action: str) -> bool:
    """Whether the table and its guard would let `actor` take `action` now: the pages
    offer a button only where this is true."""
    return allows(lambda: next_status(actor, draft, amendment, action))


def check_draft_action(actor: Actor, draft: Draft, action: str) -> None:
    """Refuse (409) `action` on the draft unless its state allows it, then its guard."""
    guard = DRAFT_ACTIONS.get((draft.state, action))
    if guard is None:
        raise Conflict(f"{draft.symbol} is {draft.state.replace('_', ' ')}: a revised text is "
                       "issued only while the draft is open for negotiation")
    GUARDS[guard](actor, draft, None)


def may_revise(actor: Actor, draft: Draft) -> bool:
    return allows(lambda: check_draft_action(actor, draft, "revise"))


def statuses_kept(draft: Draft, action: str) -> tuple[str, ...]:
    """The statuses a consequence leaves as they are in the draft's state: amendments in
    them may take it in bulk (one UPDATE for thousands when a revision rebases them)
    without a status of their own to write, and without a guard to ask."""
    return tuple(status for (state, status, taken), (new, guard) in TRANSITIONS.items()
                 if state == draft.state and taken == action and new == status
                 and guard == "consequence")


def move(actor: Actor, draft: Draft, amendment: Amendment, action: str) -> str:
    """Take `action`: the amendment's new status, refused as `next_status` refuses. An
    amendment that leaves the live statuses has no rebased wording left to check."""
    amendment.status = next_status(actor, draft, amendment, action)
    if amendment.status not in LIVE_STATUSES:
        amendment.rebased_onto = None
    return amendment.status

"""Use cases of amendments: propose, support, withdraw, accept, reject, rewrite.

A drafter acts only for its own delegation; the Chair accepts and rejects. An amendment
written against an older revision is rebased onto the current one at once, or marked
needs_rebase: it is never applied to words it was not written against.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafting import audit
from drafting.actors import Actor
from drafting.carry import carry_forward, notify
from drafting.db import utcnow
from drafting.errors import Conflict, Forbidden, Invalid, NotFound
from drafting.models import (
    AMENDMENT_ACTIONS,
    Amendment,
    AmendmentSupport,
    Draft,
    Paragraph,
)
from drafting.rebase import overlaps
from drafting.services import new_paragraph_key, revision_of

MAX_TEXT = 10_000
MAX_RATIONALE = 5_000
DECISION_EVENTS = {"withdrawn": "amendment:withdraw", "accepted": "amendment:accept",
                   "rejected": "amendment:reject"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_open(draft: Draft) -> None:
    if draft.state != "negotiating":
        raise Conflict(f"{draft.symbol} is {draft.state.replace('_', ' ')}: "
                       "amendments are taken only while it is open for negotiation")


def clean_text(text: str | None, what: str, limit: int = MAX_TEXT) -> str:
    if text is not None and not isinstance(text, str):
        raise Invalid(f"the {what} must be text")
    text = " ".join((text or "").split())
    if CONTROL.search(text):
        raise Invalid(f"the {what} contains control characters; paste it as plain text")
    if len(text) > limit:
        raise Invalid(f"the {what} has {len(text):,} characters; at most {limit:,}")
    return text


def propose(
    session: Session, actor: Actor, draft: Draft, *, paragraph_key: str, action: str,
    text: str | None = None, rationale: str | None = None, base_revision: int | None = None,
) -> Amendment:
    actor.require("drafter", action="propose an amendment")
    check_open(draft)
    current = revision_of(session, draft)
    base = _base_revision(session, draft, current.number, base_revision)
    paragraph = _paragraph(base, paragraph_key)
    amendment = Amendment(
        draft_id=draft.id, paragraph_key=paragraph.key, action=_action(action),
        delegation_id=actor.delegation_id, author_id=actor.user_id, base_revision=base.number,
        base_text=paragraph.text, text=_proposed_text(action, text, paragraph),
        rationale=clean_text(rationale, "rationale", MAX_RATIONALE), status="submitted",
        new_key=new_paragraph_key(session, draft) if action == "insert_after" else None,
    )
    session.add(amendment)
    session.flush()
    if base.number < current.number:
        carry_forward(session, draft, amendment, current)
    audit.record(session, actor, "amendment:propose", amendment.id, draft_id=draft.id,
                 paragraph=paragraph.label, action=action)
    return amendment


def _base_revision(session: Session, draft: Draft, current: int, wanted):
    if wanted is None:
        wanted = current
    if isinstance(wanted, bool) or not isinstance(wanted, int) or not 0 <= wanted <= current:
        raise Invalid(f"base_revision must be a revision of {draft.symbol}: 0 to {current}")
    return revision_of(session, draft, wanted)


def _paragraph(revision, key) -> Paragraph:
    if not isinstance(key, str):
        raise Invalid("paragraph must be a paragraph key such as p3f9a0c12b4")
    for paragraph in revision.paragraphs:
        if paragraph.key == key:
            return paragraph
    raise Invalid(f"there is no paragraph {key!r} in this draft's revision {revision.number}; "
                  "use a key from GET /api/v1/drafts/{id}")


def _action(action) -> str:
    if action not in AMENDMENT_ACTIONS:
        raise Invalid(f"unknown action {action!r}; use one of {', '.join(AMENDMENT_ACTIONS)}")
    return action


def _proposed_text(action: str, text, paragraph: Paragraph) -> str | None:
    if action == "delete":
        if text:
            raise Invalid("a deletion takes no text; to change the wording, use modify")
        return None
    text = clean_text(text, "text")
    if not text:
        raise Invalid(f"the text is empty; to remove {paragraph.label}, propose a deletion")
    if action == "modify" and text == paragraph.text:
        raise Invalid(f"the text is identical to {paragraph.label}: change at least one word")
    return text


def get_amendment(session: Session, amendment_id: int) -> Amendment:
    amendment = session.get(Amendment, amendment_id)
    if amendment is None:
        raise NotFound(f"there is no amendment {amendment_id}")
    return amendment


def list_amendments(session: Session, draft: Draft) -> list[Amendment]:
    return list(session.scalars(
        select(Amendment).where(Amendment.draft_id == draft.id).order_by(Amendment.id)))


def _own(actor: Actor, amendment: Amendment, action: str) -> None:
    actor.require("drafter", action=action)
    if actor.delegation_id != amendment.delegation_id:
        raise Forbidden(f"amendment {amendment.id} is {amendment.delegation.name}'s; "
                        f"only its delegation may {action}")


def _pending(amendment: Amendment, action: str) -> None:
    if not amendment.is_pending:
        raise Conflict(f"amendment {amendment.id} is {amendment.status}; it cannot be {action}")


def support(session: Session, actor: Actor, amendment: Amendment) -> Amendment:
    actor.require("drafter", action="support an amendment")
    _pending(amendment, "supported")
    if actor.delegation_id == amendment.delegation_id:
        raise Conflict("your delegation proposed this amendment; support is for others")
    if any(s.delegation_id == actor.delegation_id for s in amendment.supports):
        raise Conflict(f"your delegation supports amendment {amendment.id} already")
    amendment.supports.append(AmendmentSupport(delegation_id=actor.delegation_id))
    session.flush()
    audit.record(session, actor, "amendment:support", amendment.id,
                 draft_id=amendment.draft_id)
    return amendment


def unsupport(session: Session, actor: Actor, amendment: Amendment) -> Amendment:
    actor.require("drafter", action="take back support")
    mine = [s for s in amendment.supports if s.delegation_id == actor.delegation_id]
    if not mine:
        raise Conflict(f"your delegation does not support amendment {amendment.id}")
    amendment.supports.remove(mine[0])
    session.flush()
    audit.record(session, actor, "amendment:unsupport", amendment.id,
                 draft_id=amendment.draft_id)
    return amendment


def withdraw(session: Session, actor: Actor, amendment: Amendment) -> Amendment:
    _own(actor, amendment, "withdraw it")
    _pending(amendment, "withdrawn")
    _decide(session, actor, amendment, "withdrawn", "")
    return amendment


def accept(session: Session, actor: Actor, amendment: Amendment, reason: str = "") -> Amendment:
    """The Chair accepts an amendment for the next revision; pending amendments that
    change the same words are flagged needs_rebase at once."""
    actor.require("chair", action="accept an amendment")
    if amendment.status != "submitted":
        raise Conflict(f"amendment {amendment.id} is {amendment.status}; "
                       "only a submitted amendment can be accepted")
    _decide(session, actor, amendment, "accepted", clean_text(reason, "reason", MAX_RATIONALE))
    for other in _colliding(session, amendment):
        other.status = "needs_rebase"
        other.conflict = {"kind": "amendment", "with_amendment": amendment.id,
                          "old_base": other.base_text, "new_base": amendment.new_text,
                          "amendment": other.new_text}
        notify(session, other, f"amendment {other.id} collides with amendment {amendment.id}, "
                               "which the Chair accepted: rewrite or withdraw it")
    return amendment


def _colliding(session: Session, accepted: Amendment) -> list[Amendment]:
    if accepted.action == "insert_after":
        return []
    others = session.scalars(select(Amendment).where(
        Amendment.draft_id == accepted.draft_id, Amendment.id != accepted.id,
        Amendment.paragraph_key == accepted.paragraph_key,
        Amendment.status.in_(("submitted", "accepted")),
        Amendment.action != "insert_after"))
    return [o for o in others if collide(accepted, o)]


def collide(a: Amendment, b: Amendment) -> bool:
    """Do two amendments of one paragraph change the same words of their common base?"""
    if a.base_text != b.base_text:
        return True  # written against different texts: the author must look again
    if a.new_text == b.new_text:
        return False
    if "delete" in (a.action, b.action):
        return True  # a deletion covers every word of the paragraph
    return bool(overlaps(a.base_text, a.new_text, b.new_text))


def reject(session: Session, actor: Actor, amendment: Amendment, reason: str) -> Amendment:
    actor.require("chair", action="reject an amendment")
    _pending(amendment, "rejected")
    reason = clean_text(reason, "reason", MAX_RATIONALE)
    if not reason:
        raise Invalid("give a reason for the rejection; the delegation will read it")
    _decide(session, actor, amendment, "rejected", reason)
    return amendment


def _decide(session: Session, actor: Actor, amendment: Amendment, status: str,
            reason: str) -> None:
    amendment.status, amendment.reason, amendment.updated_at = status, reason, utcnow()
    if status != "withdrawn":
        notify(session, amendment, f"amendment {amendment.id} was {status}"
                                   + (f": {reason}" if reason else ""))
    session.flush()
    audit.record(session, actor, DECISION_EVENTS[status], amendment.id,
                 draft_id=amendment.draft_id, reason=reason)


def rewrite(session: Session, actor: Actor, amendment: Amendment, text: str | None) -> Amendment:
    """The author rewrites an amendment against the current revision (after a conflict)."""
    _own(actor, amendment, "rewrite it")
    _pending(amendment, "rewritten")
    draft = session.get(Draft, amendment.draft_id)
    check_open(draft)
    current = revision_of(session, draft)
    paragraph = _paragraph(current, amendment.paragraph_key)
    amendment.text = _proposed_text(amendment.action, text, paragraph)
    amendment.base_text, amendment.base_revision = paragraph.text, current.number
    amendment.status, amendment.conflict, amendment.updated_at = "submitted", None, utcnow()
    session.flush()
    audit.record(session, actor, "amendment:rewrite", amendment.id,
                 draft_id=amendment.draft_id)
    return amendment

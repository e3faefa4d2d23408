"""Use cases of amendments: propose, support, withdraw, accept, reject, rewrite, confirm.

Who may take which action, in which state of the draft and of the amendment, is the
table of `drafting/amendment_machine.py`; every use case asks it first and writes one
audit event. An amendment written against an older revision is rebased onto the current
one at once, or marked needs_rebase: it is never applied to words it was not written
against.
"""

from __future__ import annotations

import re

from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import Session, joinedload, make_transient_to_detached, selectinload

from drafting import amendment_machine as machine
from drafting import audit, limits, search_index, stored_redline
from drafting.actors import Actor
from drafting.amendment_labels import label_of
from drafting.carry import CONTAINED, carry_forward, notify
from drafting.db import utcnow
from drafting.errors import Invalid, NotFound
from drafting.labels import without_own_marker
from drafting.models import (
    AMENDMENT_ACTIONS,
    LIVE_STATUSES,
    Amendment,
    AmendmentSupport,
    Delegation,
    Draft,
    Paragraph,
    Revision,
)
from drafting.rebase import overlaps
from drafting.services import (
    ParagraphText,
    delegation_by_id,
    new_paragraph_key,
    paragraph_of_revision,
    revision_of,
)

MAX_TEXT = limits.MAX_PARAGRAPH_CHARS
MAX_RATIONALE = 5_000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str | None, what: str, limit: int = MAX_TEXT) -> str:
    if text is not None and not isinstance(text, str):
        raise Invalid(f"the {what} must be text")
    text = " ".join((text or "").split())
    if CONTROL.search(text):
        raise Invalid(f"the {what} contains control characters; paste it as plain text")
    if len(text) > limit:
        raise Invalid(f"the {what} has {len(text):,} characters; at most {limit:,}")
    return text


def propose(session: Session, actor: Actor, draft: Draft, **proposal) -> Amendment:
    """A drafter proposes an amendment for its delegation: `paragraph_key`, `action`
    (modify, insert_after, delete), `text`, `rationale`, `base_revision`."""
    amendment = new_amendment(session, actor, draft, **proposal)
    audit.record(session, actor, "amendment:propose", amendment.id, draft_id=draft.id,
                 paragraph=amendment.paragraph_key, action=amendment.action,
                 status=amendment.status)
    return amendment


def new_amendment(
    session: Session, actor: Actor, draft: Draft, *, paragraph_key: str, action: str,
    text: str | None = None, rationale: str | None = None, base_revision: int | None = None,
) -> Amendment:
    """The amendment, as the table allows it; without an audit event of its own, so that
    an action it is part of (breaking silence with an amendment) writes one event."""
    status = machine.next_status(actor, draft, None, "propose")
    limits.check_pending(session, draft, actor.delegation_id)
    current = draft.current_revision
    base = _base_revision(draft, current, base_revision)
    paragraph = paragraph_of_revision(session, draft, base, _key(paragraph_key))
    amendment = Amendment(
        draft_id=draft.id, paragraph_key=paragraph.key, action=_action(action),
        delegation_id=actor.delegation_id, author_id=actor.user_id, base_revision=base,
        delegation=delegation_by_id(session, actor.delegation_id),
        base_text=paragraph.text, text=_proposed_text(action, text, paragraph),
        rationale=clean_text(rationale, "rationale", MAX_RATIONALE), status=status,
        new_key=new_paragraph_key(session, draft) if action == "insert_after" else None,
        supports=[],  # known empty: no query to load it when the answer lists supporters
    )
    _insert(session, amendment)
    if base < current and carry_forward(session, actor, draft, amendment,
                                        revision_of(session, draft)) == CONTAINED:
        raise Invalid(f"{draft.revision_symbol(current)} already has the change you propose")
    return amendment


# A proposal is the write a deadline rush is made of. Its row goes in with one INSERT built
# once, not through a flush of the unit of work (which cost as much as all the rest of the
# proposal), and the object then joins the session as persistent and fully loaded.
AMENDMENT_ROW = insert(Amendment.__table__).returning(Amendment.__table__.c.id)
AMENDMENT_COLUMNS = tuple(c.key for c in Amendment.__table__.c if c.key != "id")


def _insert(session: Session, amendment: Amendment) -> None:
    amendment.created_at = amendment.updated_at = utcnow()
    amendment.reason = ""
    amendment.redline = stored_redline.spans(amendment.action, amendment.base_text,
                                             amendment.text)
    for key in ("conflict", "incorporated_in", "rebased_onto"):
        setattr(amendment, key, None)
    # None is left out, so that the JSON column `conflict` holds SQL NULL, not JSON null.
    row = {key: value for key in AMENDMENT_COLUMNS
           if (value := getattr(amendment, key)) is not None}
    session.flush()  # whatever the session holds goes first, as a flush would order it
    amendment.id = session.connection().execute(AMENDMENT_ROW, row).scalar_one()
    make_transient_to_detached(amendment)  # every column is set: nothing left to load
    # An object under the same id is one whose row a rolled-back savepoint took away (a
    # refused item of a writer batch): SQLite gives its id again. It goes.
    ghost = session.identity_map.get(inspect(amendment).key)
    if ghost is not None:
        session.expunge(ghost)
    session.add(amendment)
    search_index.add_amendment(session, amendment)  # no flush indexes it: its entry goes in here
    limits.added(session, amendment.draft_id)


def _base_revision(draft: Draft, current: int, wanted) -> int:
    if wanted is None:
        return current
    if isinstance(wanted, bool) or not isinstance(wanted, int) or not 0 <= wanted <= current:
        raise Invalid(f"base_revision must be a revision of {draft.symbol}: 0 to {current}")
    return wanted


def _key(key) -> str:
    if not isinstance(key, str):
        raise Invalid("paragraph must be a paragraph key such as p3f9a0c12b4")
    return key


def _paragraph(revision: Revision, key) -> Paragraph:
    for paragraph in revision.paragraphs:
        if paragraph.key == _key(key):
            return paragraph
    raise Invalid(f"there is no paragraph {key!r} in this draft's revision {revision.number}; "
                  "use a key from GET /api/v1/drafts/{id}")


def _action(action) -> str:
    if action not in AMENDMENT_ACTIONS:
        raise Invalid(f"unknown action {action!r}; use one of {', '.join(AMENDMENT_ACTIONS)}")
    return action


def _proposed_text(action: str, text, paragraph: Paragraph | ParagraphText) -> str | None:
    if action == "delete":
        if text:
            raise Invalid("a deletion takes no text; to change the wording, use modify")
        return None
    text = clean_text(text, "text")
    if action == "modify":
        text = without_own_marker(text, paragraph.level, paragraph.marker, paragraph.text)
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
    """Every amendment of the draft (for documents; lists read drafting.amendment_lists),
    with its delegation and supporters loaded in the same few queries."""
    return list(session.scalars(
        select(Amendment).where(Amendment.draft_id == draft.id).order_by(Amendment.id)
        .options(joinedload(Amendment.delegation),
                 selectinload(Amendment.supports).joinedload(AmendmentSupport.delegation))))


def _draft(session: Session, amendment: Amendment) -> Draft:
    return session.get(Draft, amendment.draft_id)


def support(session: Session, actor: Actor, amendment: Amendment) -> Amendment:
    draft = _draft(session, amendment)
    machine.move(actor, draft, amendment, "support")
    amendment.supports.append(AmendmentSupport(delegation_id=actor.delegation_id))
    session.flush()
    supporter = session.get(Delegation, actor.delegation_id).name
    notify(session, amendment, f"{supporter} supports {describe(session, amendment)}")
    audit.record(session, actor, "amendment:support", amendment.id, draft_id=draft.id)
    return amendment


def unsupport(session: Session, actor: Actor, amendment: Amendment) -> Amendment:
    draft = _draft(session, amendment)
    machine.move(actor, draft, amendment, "unsupport")
    mine = next(s for s in amendment.supports if s.delegation_id == actor.delegation_id)
    amendment.supports.remove(mine)
    session.flush()
    audit.record(session, actor, "amendment:unsupport", amendment.id, draft_id=draft.id)
    return amendment


def withdraw(session: Session, actor: Actor, amendment: Amendment) -> Amendment:
    _decide(session, actor, amendment, "withdraw", "")
    return amendment


def accept(session: Session, actor: Actor, amendment: Amendment, reason: str = "") -> Amendment:
    """The Chair accepts an amendment for the next revision; pending amendments that
    change the same words are flagged needs_rebase at once."""
    reason = clean_text(reason, "reason", MAX_RATIONALE)
    draft = _draft(session, amendment)
    machine.next_status(actor, draft, amendment, "accept")
    flagged = []
    colliding = _colliding(session, amendment)
    accepted = label_of(session, amendment) if colliding else ""
    for other in colliding:
        machine.move(actor, draft, other, "flag")
        other.conflict = {"kind": "amendment", "with_amendment": amendment.id,
                          "with_label": accepted,
                          "old_base": other.base_text, "new_base": amendment.new_text,
                          "amendment": other.new_text}
        notify(session, other, f"{describe(session, other)} collides with {accepted}, "
                               "which the Chair accepted: rewrite or withdraw it")
        flagged.append(other.id)
    _decide(session, actor, amendment, "accept", reason, flagged=flagged)
    return amendment


def _colliding(session: Session, accepted: Amendment) -> list[Amendment]:
    if accepted.action == "insert_after":
        return []
    others = session.scalars(select(Amendment).where(
        Amendment.draft_id == accepted.draft_id, Amendment.id != accepted.id,
        Amendment.paragraph_key == accepted.paragraph_key,
        Amendment.status.in_(LIVE_STATUSES),
        Amendment.action != "insert_after").order_by(Amendment.id))
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
    reason = clean_text(reason, "reason", MAX_RATIONALE)
    machine.next_status(actor, _draft(session, amendment), amendment, "reject")
    if not reason:
        raise Invalid("give a reason for the rejection; the delegation will read it")
    _decide(session, actor, amendment, "reject", reason)
    return amendment


def _decide(session: Session, actor: Actor, amendment: Amendment, action: str,
            reason: str, **data) -> None:
    machine.move(actor, _draft(session, amendment), amendment, action)
    amendment.reason, amendment.updated_at = reason, utcnow()
    if action != "withdraw":
        notify(session, amendment, f"{describe(session, amendment)} was {amendment.status}"
                                   + (f": {reason}" if reason else ""))
    session.flush()
    audit.record(session, actor, machine.EVENTS[action], amendment.id,
                 draft_id=amendment.draft_id, reason=reason, **data)


def rewrite(session: Session, actor: Actor, amendment: Amendment, text: str | None) -> Amendment:
    """The author rewrites an amendment against the current revision (after a conflict,
    or to correct the wording of a rebased one)."""
    draft = _draft(session, amendment)
    machine.next_status(actor, draft, amendment, "rewrite")
    current = revision_of(session, draft)
    paragraph = _paragraph(current, amendment.paragraph_key)
    amendment.text = _proposed_text(amendment.action, text, paragraph)
    amendment.base_text, amendment.base_revision = paragraph.text, current.number
    machine.move(actor, draft, amendment, "rewrite")
    amendment.conflict, amendment.rebased_onto, amendment.updated_at = None, None, utcnow()
    session.flush()
    audit.record(session, actor, "amendment:rewrite", amendment.id,
                 draft_id=amendment.draft_id)
    return amendment


def confirm(session: Session, actor: Actor, amendment: Amendment) -> Amendment:
    """The author confirms the wording Plenary rebased onto a new revision."""
    machine.move(actor, _draft(session, amendment), amendment, "confirm")
    amendment.rebased_onto, amendment.updated_at = None, utcnow()
    session.flush()
    audit.record(session, actor, "amendment:confirm", amendment.id,
                 draft_id=amendment.draft_id)
    return amendment


def describe(session: Session, amendment: Amendment) -> str:
    """"Amendment 4 · OP3 · Russian Federation (MC.DD/3/26)": how notices name an
    amendment, with the draft it amends (a notice is read away from the draft)."""
    return f"{label_of(session, amendment)} ({_draft(session, amendment).symbol})"

"""Carrying a pending amendment onto a new revision. Measured on their common base text:
- the revision leaves its words alone: rebased (the author is asked to check the wording);
- the revision already has the change it proposes: contained (nothing left to decide);
- the revision changed the words it amends: needs_rebase (the author must rewrite it).
Every outcome is a move of `drafting/amendment_machine.py`'s table, and its delegation is
told what happened."""

from __future__ import annotations

from sqlalchemy.orm import Session

from drafting import amendment_machine as machine
from drafting import notices
from drafting.actors import Actor
from drafting.amendment_labels import label_of
from drafting.models import Amendment, Draft, Revision
from drafting.rebase import rebase

REBASED, CONTAINED, NEEDS_REBASE = "rebased", "contained", "needs_rebase"


def carry_forward(session: Session, actor: Actor, draft: Draft, amendment: Amendment,
                  revision: Revision) -> str:
    """Move `amendment` onto `revision`: REBASED, CONTAINED or NEEDS_REBASE."""
    paragraph = next((p for p in revision.paragraphs if p.key == amendment.paragraph_key), None)
    symbol = draft.revision_symbol(revision.number)
    if paragraph is None:
        if amendment.action == "delete":
            return _contained(session, actor, draft, amendment, revision,
                              f"{symbol} deletes the paragraph, as the amendment proposes")
        return _needs_rebase(session, actor, draft, amendment, revision, None,
                             f"{symbol} deleted the paragraph it amends")
    if amendment.action == "insert_after" or paragraph.text == amendment.base_text:
        return _rebased(session, actor, draft, amendment, revision, paragraph.text,
                        amendment.text, changed=paragraph.text != amendment.base_text)
    if amendment.action == "delete":
        return _needs_rebase(session, actor, draft, amendment, revision, paragraph.text,
                             f"{symbol} changed the paragraph it deletes")
    result = rebase(amendment.base_text, paragraph.text, amendment.text)
    if not result.ok:
        return _needs_rebase(session, actor, draft, amendment, revision, paragraph.text,
                             f"{symbol} changed the words it amends")
    if result.text == paragraph.text:
        return _contained(session, actor, draft, amendment, revision,
                          f"{symbol} already has the change it proposes")
    return _rebased(session, actor, draft, amendment, revision, paragraph.text, result.text,
                    changed=True)


def _rebased(session: Session, actor: Actor, draft: Draft, amendment: Amendment,
             revision: Revision, base_text: str, text: str | None, *, changed: bool) -> str:
    """Onto the new revision. Only where the paragraph changed beneath it is the author
    asked to check the wording; an untouched paragraph leaves nothing to check."""
    machine.move(actor, draft, amendment, "rebase")
    amendment.base_revision, amendment.base_text, amendment.text = (
        revision.number, base_text, text)
    if changed:
        amendment.rebased_onto = revision.number
        notify(session, amendment, f"{label_of(session, amendment, revision.paragraphs)} "
                                   "was rebased onto "
                                   f"{draft.revision_symbol(revision.number)}: check the "
                                   "wording, then confirm or rewrite it")
    return REBASED


def _contained(session: Session, actor: Actor, draft: Draft, amendment: Amendment,
               revision: Revision, why: str) -> str:
    machine.move(actor, draft, amendment, "contain")
    amendment.conflict = {"kind": "contained", "revision": revision.number, "why": why}
    notify(session, amendment,
           f"{label_of(session, amendment, revision.paragraphs)} is closed: {why}")
    return CONTAINED


def _needs_rebase(session: Session, actor: Actor, draft: Draft, amendment: Amendment,
                  revision: Revision, new_base: str | None, why: str) -> str:
    machine.move(actor, draft, amendment, "flag")
    amendment.conflict = {
        "kind": "revision", "revision": revision.number, "why": why,
        "old_base": amendment.base_text, "new_base": new_base,
        "amendment": amendment.new_text,
    }
    notify(session, amendment,
           f"{label_of(session, amendment, revision.paragraphs)} needs rewriting: {why}")
    return NEEDS_REBASE


def notify(session: Session, amendment: Amendment, message: str) -> None:
    notices.to_delegation(session, amendment.delegation_id, message,
                          draft_id=amendment.draft_id, link=f"/amendments/{amendment.id}")

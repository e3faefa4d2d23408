"""Carrying a pending amendment onto a new revision: rebased where its changes do not
overlap the revision's (measured on their common base text), needs_rebase where they do.
Its delegation is told either way it must act."""

from __future__ import annotations

from sqlalchemy.orm import Session

from drafting import notices
from drafting.models import Amendment, Draft, Revision
from drafting.rebase import rebase


def carry_forward(session: Session, draft: Draft, amendment: Amendment,
                  revision: Revision) -> bool:
    """Move `amendment` onto `revision`; True if it now applies there, False if it must be
    rewritten by its author (status needs_rebase, with what to reconcile)."""
    paragraph = next((p for p in revision.paragraphs if p.key == amendment.paragraph_key), None)
    label = draft.revision_symbol(revision.number)
    if paragraph is None:
        return _needs_rebase(session, amendment, revision, None,
                             f"{label} deleted the paragraph it amends")
    if paragraph.text == amendment.base_text or amendment.action == "insert_after":
        _moved(amendment, revision, paragraph.text, amendment.text)
        return True
    if amendment.action == "delete":
        return _needs_rebase(session, amendment, revision, paragraph.text,
                             f"{label} changed the paragraph it deletes")
    result = rebase(amendment.base_text, paragraph.text, amendment.text)
    if not result.ok:
        return _needs_rebase(session, amendment, revision, paragraph.text,
                             f"{label} changed the words it amends")
    if result.text == paragraph.text:
        return _needs_rebase(session, amendment, revision, paragraph.text,
                             f"{label} already has the change it proposes")
    _moved(amendment, revision, paragraph.text, result.text)
    return True


def _moved(amendment: Amendment, revision: Revision, base_text: str, text: str | None) -> None:
    amendment.base_revision, amendment.base_text, amendment.text = (
        revision.number, base_text, text)


def _needs_rebase(session: Session, amendment: Amendment, revision: Revision,
                  new_base: str | None, why: str) -> bool:
    amendment.status = "needs_rebase"
    amendment.conflict = {
        "kind": "revision", "revision": revision.number, "why": why,
        "old_base": amendment.base_text, "new_base": new_base,
        "amendment": amendment.new_text,
    }
    notify(session, amendment, f"amendment {amendment.id} needs rewriting: {why}")
    return False


def notify(session: Session, amendment: Amendment, message: str) -> None:
    notices.to_delegation(session, amendment.delegation_id, message,
                          draft_id=amendment.draft_id, link=f"/amendments/{amendment.id}")

"""Issuing a revised text: Rev.N = the previous text + the accepted amendments + the
Chair's own compromise edits, renumbered; then every other pending amendment is carried
onto it (rebased, or marked needs_rebase)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from drafting import amendment_machine as machine
from drafting import audit, limits, notices
from drafting.actors import Actor
from drafting.amendment_labels import label_of
from drafting.amendments import clean_text
from drafting.carry import CONTAINED, NEEDS_REBASE, REBASED, carry_forward, notify
from drafting.db import storable_id
from drafting.errors import Conflict, Invalid
from drafting.labels import labels_for, without_own_marker
from drafting.models import LIVE_STATUSES, Amendment, Draft, Paragraph, Revision
from drafting.numbering import renumber
from drafting.rebase import rebase
from drafting.services import revision_of


@dataclass(frozen=True)
class Text:
    """One paragraph of a text being revised (the pure counterpart of Paragraph)."""

    key: str
    kind: str
    level: int
    marker: str | None
    text: str


@dataclass
class Outcome:
    revision: Revision
    incorporated: list[int] = field(default_factory=list)
    rebased: list[int] = field(default_factory=list)
    needs_rebase: list[int] = field(default_factory=list)
    contained: list[int] = field(default_factory=list)


def issue_revision(session: Session, actor: Actor, draft: Draft, *, incorporate: list[int],
                   edits: list[tuple[str, str]] = (), base_revision: int | None = None,
                   ) -> Outcome:
    """`base_revision`, when given, is the revision the Chair was looking at: if another
    was issued since, the request is refused (409) rather than revising unseen text."""
    machine.check_draft_action(actor, draft, "revise")
    current = revision_of(session, draft)
    if base_revision is not None and base_revision != current.number:
        raise Conflict(f"{draft.revision_symbol(current.number)} has been issued since "
                       f"revision {base_revision}; reload and try again")
    chosen = _incorporated(session, actor, draft, incorporate)
    texts = [Text(p.key, p.kind, p.level, p.marker, p.text) for p in current.paragraphs]
    for amendment in chosen:
        texts = apply_amendment(texts, amendment, _label(current, amendment))
    texts = renumber(apply_edits(texts, edits))
    if not texts:
        raise Invalid("the revised text would have no paragraph left")
    # Insertions, edits and merged wordings each stay within their own limits; together
    # they could still outgrow the draft's.
    limits.check_size(texts, labels_for(texts), draft.revision_symbol(current.number + 1),
                      limits.FOR_REVISION, Conflict)
    revision = _store(session, actor, draft, current.number + 1, texts)
    outcome = Outcome(revision, incorporated=[a.id for a in chosen])
    for amendment in chosen:
        machine.move(actor, draft, amendment, "incorporate")
        amendment.incorporated_in = revision.number
        notify(session, amendment, f"{label_of(session, amendment, revision.paragraphs)} is "
                                   f"incorporated in {draft.revision_symbol(revision.number)}")
    _carry_pending(session, actor, draft, revision, outcome)
    _announce(session, draft, outcome)
    audit.record(session, actor, "draft:revise", draft.id, draft_id=draft.id,
                 revision=revision.number, incorporated=outcome.incorporated,
                 rebased=outcome.rebased, needs_rebase=outcome.needs_rebase,
                 contained=outcome.contained, edits=[key for key, _ in edits])
    return outcome


def _announce(session: Session, draft: Draft, outcome: Outcome) -> None:
    """Every delegation is told that Rev.N is out, and what became of the amendments."""
    notices.to_everyone(session, f"{draft.revision_symbol(outcome.revision.number)} is issued: "
                                 f"{outcome_summary(outcome)}", draft_id=draft.id,
                        link=f"/drafts/{draft.id}")


def outcome_summary(outcome: Outcome) -> str:
    """"amendments 1, 3 incorporated; 2 rebased; 4 to be rewritten": what a revision did."""
    parts = [(outcome.incorporated, "incorporated"), (outcome.rebased, "rebased"),
             (outcome.needs_rebase, "to be rewritten"),
             (outcome.contained, "already contained in the text")]
    said = [f"{_some(ids)} {what}" for ids, what in parts if ids]
    if not said:
        return "no amendment was pending"
    return ("amendment " if sum(len(ids) for ids, _ in parts) == 1 else "amendments ") + \
        "; ".join(said)


SUMMARY_IDS = 20  # a notice names at most these many amendments of each kind


def _some(ids: list[int]) -> str:
    """"4, 7, 9", or the first SUMMARY_IDS and how many more: the notice of a revision that
    rebased 8,000 amendments stays a sentence."""
    named = ", ".join(map(str, ids[:SUMMARY_IDS]))
    return named if len(ids) <= SUMMARY_IDS else f"{named} and {len(ids) - SUMMARY_IDS:,} more"


def _incorporated(session: Session, actor: Actor, draft: Draft,
                  ids: list[int]) -> list[Amendment]:
    if len(set(ids)) != len(ids):
        raise Invalid("an amendment is listed twice in incorporate")
    found = {a.id: a for a in session.scalars(  # one query, however many are chosen
        select(Amendment).where(Amendment.id.in_([i for i in ids if storable_id(i)])))}
    chosen = []
    for amendment_id in ids:
        amendment = found.get(amendment_id)
        if amendment is None or amendment.draft_id != draft.id:
            raise Invalid(f"amendment {amendment_id} is not an amendment of {draft.symbol}")
        if not machine.permitted(actor, draft, amendment, "incorporate"):
            raise Conflict(f"amendment {amendment_id} is {amendment.status.replace('_', ' ')}"
                           " and cannot be incorporated")
        chosen.append(amendment)
    return sorted(chosen, key=lambda a: a.id)


def _label(revision: Revision, amendment: Amendment) -> str:
    return next((p.label for p in revision.paragraphs if p.key == amendment.paragraph_key),
                amendment.paragraph_key)


def apply_amendment(texts: list[Text], amendment: Amendment, label: str) -> list[Text]:
    """The text with one amendment applied; a collision with an amendment applied before
    it is refused (409), never merged silently."""
    index = next((i for i, t in enumerate(texts) if t.key == amendment.paragraph_key), None)
    if index is None:
        raise Conflict(f"amendment {amendment.id} amends {label}, which another incorporated "
                       "amendment deletes; incorporate one of them")
    target = texts[index]
    if amendment.action == "insert_after":
        end = _end_of_subtree(texts, index)
        new = replace(target, key=amendment.new_key, text=amendment.text,
                      marker=None if target.kind == "preambular" else "new")
        if target.kind == "operative" and target.marker is None:  # after the chapeau
            new = replace(new, level=0)
        return texts[:end] + [new] + texts[end:]
    if amendment.action == "delete":
        if target.text != amendment.base_text:
            raise _collision(amendment, label)
        return texts[:index] + texts[index + 1:]
    return texts[:index] + [replace(target, text=_merged(target, amendment, label))] + \
        texts[index + 1:]


def _merged(target: Text, amendment: Amendment, label: str) -> str:
    if target.text == amendment.base_text:
        return amendment.text
    result = rebase(amendment.base_text, target.text, amendment.text)
    if not result.ok:
        raise _collision(amendment, label)
    return result.text


def _collision(amendment: Amendment, label: str) -> Conflict:
    return Conflict(f"amendment {amendment.id} changes the same words of {label} as another "
                    "amendment to incorporate; incorporate one and make a compromise edit")


def _end_of_subtree(texts: list[Text], index: int) -> int:
    """Where a paragraph inserted after texts[index] goes: after its sub-paragraphs."""
    end = index + 1
    level = texts[index].level
    while end < len(texts) and texts[end].kind == texts[index].kind and texts[end].level > level:
        end += 1
    return end


def apply_edits(texts: list[Text], edits: list[tuple[str, str]]) -> list[Text]:
    by_key = {t.key: i for i, t in enumerate(texts)}
    texts = list(texts)
    for key, text in edits:
        if key not in by_key:
            raise Invalid(f"the edit names paragraph {key!r}, which is not in the revised text")
        target = texts[by_key[key]]
        text = without_own_marker(clean_text(text, "edited text"), target.level, target.marker,
                                  target.text)
        if not text:
            raise Invalid(f"the edit of {key} is empty; incorporate a deletion instead")
        texts[by_key[key]] = replace(target, text=text)
    return texts


def _store(session: Session, actor: Actor, draft: Draft, number: int,
           texts: list[Text]) -> Revision:
    labels = labels_for(texts)
    revision = Revision(draft_id=draft.id, number=number, created_by_id=actor.user_id, paragraphs=[
        Paragraph(key=t.key, position=i, kind=t.kind, level=t.level, marker=t.marker,
                  label=label, text=t.text)
        for i, (t, label) in enumerate(zip(texts, labels, strict=True), 1)
    ])
    try:  # two Chairs' clicks at once: the unique (draft, number) lets exactly one through
        with session.begin_nested():
            session.add(revision)
            draft.current_revision = number
            session.flush()
    except (IntegrityError, StaleDataError) as exc:
        raise Conflict(f"another revised text of {draft.symbol} was issued meanwhile; "
                       "reload and try again") from exc
    return revision


def _carry_pending(session: Session, actor: Actor, draft: Draft, revision: Revision,
                   outcome: Outcome) -> None:
    """Every live amendment onto the new revision. Those whose paragraph the revision left
    exactly as they were written against move in one UPDATE: only their base revision
    changes (carry_forward would rebase them with nothing to check and nobody to tell).
    The others, on the paragraphs it changed or deleted, are carried one by one."""
    session.flush()  # the incorporated ones must no longer look live to the UPDATE below
    moved = _rebase_untouched(session, draft, revision)
    live = session.scalars(select(Amendment.id).where(  # from the index alone
        Amendment.draft_id == draft.id, Amendment.status.in_(LIVE_STATUSES)))
    lists = {REBASED: outcome.rebased, NEEDS_REBASE: outcome.needs_rebase,
             CONTAINED: outcome.contained}
    for amendment in _by_id(session, sorted(set(live) - set(moved))):
        lists[carry_forward(session, actor, draft, amendment, revision)].append(amendment.id)
    outcome.rebased.extend(moved)
    outcome.rebased.sort()


CHUNK = 5_000  # ids in one IN (...): well within SQLite's and PostgreSQL's bind limits


def _by_id(session: Session, ids: list[int]) -> list[Amendment]:
    found: list[Amendment] = []
    for start in range(0, len(ids), CHUNK):
        found += session.scalars(select(Amendment).where(
            Amendment.id.in_(ids[start:start + CHUNK])).order_by(Amendment.id))
    return found


def _rebase_untouched(session: Session, draft: Draft, revision: Revision) -> list[int]:
    """The ids of the live amendments whose base text is their paragraph's text in
    `revision`, now based on it."""
    same_text = select(Paragraph.id).where(
        Paragraph.revision_id == revision.id, Paragraph.key == Amendment.paragraph_key,
        Paragraph.text == Amendment.base_text).exists()
    moved = session.scalars(
        update(Amendment).where(
            Amendment.draft_id == draft.id,
            Amendment.status.in_(machine.statuses_kept(draft, "rebase")), same_text)
        .values(base_revision=revision.number).returning(Amendment.id))
    return list(moved)

"""The compilation of amendments: what a committee circulates before a reading. For each
paragraph of the current revision its text, then every amendment to it (the pending ones,
or all of them with their outcome), each with its label, delegation, supporters, status
and its word-level redline against the text it was written on.

The model is plain data (the renderers, exports.compilation_html and
exports.compilation_docx, read nothing else); `build_compilation` reads it from the
records. A draft may have thousands of amendments (drafting.limits): one compilation lists
at most MAX_COMPILATION_AMENDMENTS of them, and at most MAX_COMPILATION_CHARS characters of
their texts, counted in the database before anything is read or laid out. Beyond, the
request is refused with 422 (it asks for more than one answer holds, as a page size out of
range does; a read never conflicts) saying how to narrow it: the pending ones only, or
some paragraphs at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from importlib import import_module

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from drafting.amendment_labels import labels_of
from drafting.consolidated import amendment_redline, rewrite_note
from drafting.errors import Invalid
from drafting.models import (
    AMENDMENT_STATUSES,
    PENDING_STATUSES,
    Amendment,
    AmendmentSupport,
    Draft,
    Paragraph,
    Revision,
)
from drafting.services import revision_of
from exports import wording
from exports.draft_document import Run
from workflow.dating import VIENNA

SCOPES = ("pending", "all")
# What one compilation lists. A PDF lays out some 25,000 characters a second (the
# README's Limits): the largest draft (100,000 characters) with this many characters of
# amendments stays within the export goals; more is asked for a paragraph at a time.
MAX_COMPILATION_AMENDMENTS = 500
MAX_COMPILATION_CHARS = 200_000  # of the amendments' base texts and proposed texts
MAX_COMPILATION_PARAGRAPHS = 50  # paragraphs named in one request (?paragraph=)
TITLE = "Compilation of amendments"


def _lazy(module: str, name: str):
    """A renderer imported only when used (the renderers import this model)."""
    def render(compilation: Compilation) -> bytes:
        return getattr(import_module(module), name)(compilation)

    return render


FORMATS = {
    "html": ("text/html; charset=utf-8",
             _lazy("exports.compilation_html", "render_compilation_html")),
    "pdf": ("application/pdf", _lazy("exports.compilation_html", "render_compilation_pdf")),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             _lazy("exports.compilation_docx", "render_compilation_docx")),
}
ACTIONS = {"modify": "Change", "insert_after": "New paragraph after {label}",
           "delete": "Deletion"}


@dataclass(frozen=True)
class CompiledAmendment:
    number: int  # the amendment's id, its public number
    label: str  # "Amendment 4 · OP3 · Russian Federation"
    delegation: str
    supporters: list[str]
    action: str  # "Change", "New paragraph after OP3", "Deletion"
    status: str  # one of drafting.models.AMENDMENT_STATUSES
    outcome: str  # "submitted", "rejected: …", "incorporated in MC.DD/3/26/Rev.1", …
    runs: list[Run]  # the redline of its base text to its wording ("=", "+", "-")
    written_against: str | None = None  # the revision it was written on, when not this one


@dataclass(frozen=True)
class CompiledParagraph:
    key: str
    label: str  # "OP3"
    kind: str
    level: int
    marker: str | None
    text: str  # its text in the revision compiled (for one no longer in it: its last text)
    amendments: list[CompiledAmendment]
    note: str | None = None  # for a paragraph the revision no longer has


@dataclass(frozen=True)
class Compilation:
    symbol: str  # the revision compiled: "MC.DD/3/26/Rev.1"
    title: str
    body_name: str
    made_on: date
    scope: str  # "pending" | "all"
    paragraphs: list[CompiledParagraph]
    narrowed: bool = False  # only some paragraphs were asked for

    @property
    def heading_lines(self) -> list[str]:
        """The header: the symbol, the title, what the document is, the date, and the
        revision and amendments it compiles."""
        which = "Pending amendments" if self.scope == "pending" else "All amendments"
        some = ", selected paragraphs" if self.narrowed else ""
        return [self.symbol, wording.heading_title(self.title), TITLE,
                wording.format_date(self.made_on),
                f"{which} to {self.symbol}{some}"]

    @property
    def amendment_count(self) -> int:
        return sum(len(p.amendments) for p in self.paragraphs)


def statuses(scope: str) -> tuple[str, ...]:
    if scope not in SCOPES:
        raise Invalid(f"compilation takes one of {', '.join(SCOPES)}; not {scope!r}")
    return PENDING_STATUSES if scope == "pending" else AMENDMENT_STATUSES


def build_compilation(session: Session, draft: Draft, scope: str, *,
                      paragraphs: Sequence[str] = (), made_on: date | None = None
                      ) -> Compilation:
    """The compilation of `draft`'s current revision: its amendments of `scope`, for the
    paragraphs named (keys or labels; all when none), refused beyond the limits."""
    wanted = statuses(scope)
    revision = revision_of(session, draft)
    keys = _keys(revision.paragraphs, paragraphs)
    check_size(session, draft, wanted, keys, scope)
    found = _amendments(session, draft, wanted, keys)
    names = labels_of(session, draft, found, revision.paragraphs)
    symbol = draft.revision_symbol(revision.number)
    by_key: dict[str, list[CompiledAmendment]] = {}
    for amendment in found:
        by_key.setdefault(amendment.paragraph_key, []).append(
            _compiled(draft, amendment, names[amendment.id], revision.number))
    shown = [_paragraph(p, by_key.pop(p.key, [])) for p in revision.paragraphs
             if keys is None or p.key in keys]
    shown += _gone(session, draft, symbol, by_key)
    return Compilation(symbol=symbol, title=draft.title,
                       body_name=wording.BODY_NAMES[draft.body],
                       made_on=made_on or datetime.now(VIENNA).date(), scope=scope,
                       paragraphs=shown, narrowed=keys is not None)


def _keys(current: Sequence[Paragraph], asked: Sequence[str]) -> set[str] | None:
    """The keys of the paragraphs asked for by key or label; None for all of them."""
    if not asked:
        return None
    if len(asked) > MAX_COMPILATION_PARAGRAPHS:
        raise Invalid(f"name at most {MAX_COMPILATION_PARAGRAPHS} paragraphs in one "
                      "compilation, or none for all of them")
    known = {p.key: p.key for p in current} | {p.label: p.key for p in current}
    unknown = [name for name in asked if name not in known]
    if unknown:
        raise Invalid(f"the current revision has no paragraph {unknown[0]!r}; name a "
                      "paragraph by its key or its label (OP3)")
    return {known[name] for name in asked}


def _filters(draft: Draft, wanted: tuple[str, ...], keys: set[str] | None) -> list:
    where = [Amendment.draft_id == draft.id, Amendment.status.in_(wanted)]
    if keys is not None:
        where.append(Amendment.paragraph_key.in_(keys))
    return where


def check_size(session: Session, draft: Draft, wanted: tuple[str, ...],
               keys: set[str] | None, scope: str) -> None:
    """Refuse (422) a compilation beyond the limits, counted on the index before any
    amendment is read, saying how to narrow it."""
    count, chars = session.execute(
        select(func.count(Amendment.id),
               func.coalesce(func.sum(func.length(Amendment.base_text)
                                      + func.coalesce(func.length(Amendment.text), 0)), 0))
        .where(*_filters(draft, wanted, keys))).one()
    which = "pending amendments" if scope == "pending" else "amendments"
    narrower = ("compile the pending amendments only, or a few paragraphs at a time"
                if scope == "all" else "compile a few paragraphs at a time")
    how = ("(paragraph=KEY or LABEL in the address, repeated; --paragraph on the command "
           "line)")
    if count > MAX_COMPILATION_AMENDMENTS:
        raise Invalid(f"the compilation would list {count:,} {which} to {draft.symbol}, "
                       f"more than one compilation lists (MAX_COMPILATION_AMENDMENTS, "
                       f"{MAX_COMPILATION_AMENDMENTS:,}): {narrower} {how}")
    if chars > MAX_COMPILATION_CHARS:
        raise Invalid(f"the compilation would print {chars:,} characters of {which} to "
                       f"{draft.symbol}, more than one compilation prints "
                       f"(MAX_COMPILATION_CHARS, {MAX_COMPILATION_CHARS:,}): {narrower} "
                       f"{how}")


def _amendments(session: Session, draft: Draft, wanted: tuple[str, ...],
                keys: set[str] | None) -> list[Amendment]:
    return list(session.scalars(
        select(Amendment).where(*_filters(draft, wanted, keys)).order_by(Amendment.id)
        .options(joinedload(Amendment.delegation),
                 selectinload(Amendment.supports).joinedload(AmendmentSupport.delegation))))


def _paragraph(p: Paragraph, amendments: list[CompiledAmendment]) -> CompiledParagraph:
    return CompiledParagraph(p.key, p.label, p.kind, p.level, p.marker, p.text, amendments)


def _gone(session: Session, draft: Draft, symbol: str,
          left: dict[str, list[CompiledAmendment]]) -> list[CompiledParagraph]:
    """The paragraphs the revision no longer has that amendments were written on, after
    the text: each with its label and text in the latest revision that had it."""
    if not left:
        return []
    latest: dict[str, tuple[Paragraph, int]] = {}
    rows = session.execute(  # one query: those paragraphs in every revision, latest first
        select(Paragraph, Revision.number)
        .join(Revision, Revision.id == Paragraph.revision_id)
        .where(Revision.draft_id == draft.id, Paragraph.key.in_(left))
        .order_by(Revision.number.desc()))
    for p, number in rows:
        latest.setdefault(p.key, (p, number))
    return [CompiledParagraph(key, p.label, p.kind, p.level, p.marker, p.text, amendments,
                              note=f"Not in {symbol}; its text in "
                                   f"{draft.revision_symbol(number)}")
            for key, amendments in left.items() if key in latest
            for p, number in [latest[key]]]


def _compiled(draft: Draft, amendment: Amendment, label: str,
              current: int) -> CompiledAmendment:
    paragraph_label = label.split(" · ")[1]
    runs = [Run(op, text, None if op == "=" else amendment.delegation.name)
            for op, text in amendment_redline(amendment)]
    against = (draft.revision_symbol(amendment.base_revision)
               if amendment.base_revision != current else None)
    return CompiledAmendment(
        number=amendment.id, label=label, delegation=amendment.delegation.name,
        supporters=[s.delegation.name for s in amendment.supports],
        action=ACTIONS[amendment.action].format(label=paragraph_label),
        status=amendment.status, outcome=outcome(draft, amendment), runs=runs,
        written_against=against)


def outcome(draft: Draft, amendment: Amendment) -> str:
    """What became of an amendment, in words: "submitted", "accepted", "rejected: the
    reason", "withdrawn", "incorporated in MC.DD/3/26/Rev.1", "contained in …", "to be
    rewritten after …"; a rebased wording says so."""
    status, conflict = amendment.status, amendment.conflict or {}
    if status == "needs_rebase":
        words = rewrite_note(draft, amendment)
    elif status == "incorporated" and amendment.incorporated_in is not None:
        words = f"incorporated in {draft.revision_symbol(amendment.incorporated_in)}"
    elif status == "contained" and conflict.get("revision") is not None:
        words = f"contained in {draft.revision_symbol(conflict['revision'])}"
    elif status == "contained":
        words = "contained in the text"
    else:
        words = status
    if status in ("accepted", "rejected") and amendment.reason.strip():
        words += f": {' '.join(amendment.reason.split())}"
    if amendment.rebased_onto is not None and amendment.is_pending:
        words += (f" (rebased onto {draft.revision_symbol(amendment.rebased_onto)}: "
                  "check the wording)")
    return words


def amendment_facts(amendment: CompiledAmendment) -> list[str]:
    """The lines every format prints under an amendment's label, before its redline."""
    supporters = ", ".join(amendment.supporters) or "none"
    lines = [amendment.action, f"Delegation: {amendment.delegation}",
             f"Supported by: {supporters}", f"Status: {amendment.outcome}"]
    if amendment.written_against:
        lines.append(f"Written against {amendment.written_against}")
    return lines


def none_line(compilation: Compilation) -> str:
    """What the amendment column says of a paragraph without any."""
    return "No pending amendments" if compilation.scope == "pending" else "No amendments"


def paragraph_heading(paragraph: CompiledParagraph) -> str:
    """"OP3", or for a paragraph no longer in the text: "OP3 (Not in …; its text in …)"."""
    return f"{paragraph.label} ({paragraph.note})" if paragraph.note else paragraph.label

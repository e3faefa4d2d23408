"""What a draft exporter renders: a draft at one revision, clean, as a redline against an
earlier revision, or with every pending amendment marked and attributed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Run:
    op: str  # "=" kept, "+" inserted, "-" deleted
    text: str
    author: str | None = None  # who proposed a "+"/"-": a delegation, or "Chairmanship"


@dataclass(frozen=True)
class DraftParagraph:
    label: str  # "PP3", "OP5", "OP5(a)", "OP7bis" (a pending insertion)
    kind: str  # "preambular" | "operative"
    level: int
    marker: str | None
    runs: list[Run]  # a clean paragraph is one "=" run
    # "unchanged" | "modified" | "inserted" | "deleted"; "to_rewrite" for an amendment
    # written on words the revision no longer has (plain text, no tracked change)
    status: str = "unchanged"


@dataclass(frozen=True)
class Listed:
    """The pending amendments of one paragraph that the text does not mark (beyond
    drafting.limits.MARKED_CHARS): counted in the document's annex."""

    label: str  # the paragraph they amend: "OP5"
    count: int


@dataclass(frozen=True)
class Source:
    """A paragraph of a revision, followed by its key, for Word's tracked changes."""

    key: str
    kind: str
    level: int
    marker: str | None
    label: str
    text: str


@dataclass(frozen=True)
class Author:
    """Who made a tracked change (a delegation, or "Chairmanship") and when (UTC)."""

    name: str
    at: datetime


@dataclass(frozen=True)
class Proposed:
    """A pending amendment as the Word export places it: in the text as a tracked change,
    or as a comment on its paragraph (it collides with one placed, or is to be rewritten)."""

    id: int
    name: str  # "Amendment 4 · OP3 · Russian Federation"
    action: str  # "modify" | "insert_after" | "delete"
    paragraph_key: str
    new_key: str | None
    base_text: str
    text: str | None
    author: Author
    label: str  # the paragraph's label, "OP3bis" for a paragraph inserted after OP3
    rewrite: str | None = None  # needs_rebase: "to be rewritten after MC.DD/3/26/Rev.1"
    written_against: str | None = None  # needs_rebase: the symbol of its base revision


@dataclass(frozen=True)
class Tracked:
    """What exports.docx_tracked writes as Word tracked changes. A redline ("against"):
    revision N (`before`) and M (`after`), with who changed each paragraph (`authors`, by
    key; `renumbered`: who changed a marker). Pending amendments: the current revision
    (`before`) and the amendments marked in the document, in the order proposed."""

    before: list[Source]
    after: list[Source] = field(default_factory=list)
    authors: dict[str, Author] = field(default_factory=dict)
    renumbered: dict[str, Author] = field(default_factory=dict)
    default: Author | None = None  # a change nobody else is recorded for
    proposed: list[Proposed] = field(default_factory=list)


@dataclass(frozen=True)
class DraftDocument:
    symbol: str  # "MC.DD/12/17/Rev.1"
    title: str
    enacting_formula: str
    body_name: str  # "Ministerial Council"
    date: date  # the revision's date
    paragraphs: list[DraftParagraph]
    mode: str = "clean"  # "clean" | "against" (a redline of two revisions) | "amendments"
    against_symbol: str | None = None  # the earlier revision, for mode "against"
    language: str = "ENGLISH"
    original_language: str = "ENGLISH"
    listed: list[Listed] = field(default_factory=list)  # mode "amendments": the annex
    tracked: Tracked | None = None  # modes "against" and "amendments": for the Word export

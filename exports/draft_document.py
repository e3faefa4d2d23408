"""What a draft exporter renders: a draft at one revision, clean, as a redline against an
earlier revision, or with every pending amendment marked and attributed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


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

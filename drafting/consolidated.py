"""The consolidated view: the current text with every pending amendment marked beside
its paragraph (alternatives side by side), and the consensus map derived from it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from drafting.models import LIVE_STATUSES, Amendment, Draft, Paragraph
from drafting.redline import Op
from drafting.stored_redline import read_redline

INSERT_SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies")


@dataclass
class Proposal:
    amendment: Amendment
    label: str  # OP5 for a change of OP5; OP5bis for a paragraph inserted after it
    redline: list[Op]


@dataclass
class Line:
    paragraph: Paragraph
    changes: list[Proposal] = field(default_factory=list)  # modify and delete, side by side
    inserts: list[Proposal] = field(default_factory=list)  # new paragraphs after it
    # needs_rebase: written on words this revision no longer has, so shown with their own
    # base and wording, never as a change of this text.
    to_rewrite: list[Proposal] = field(default_factory=list)


def amendment_redline(amendment: Amendment) -> list[Op]:
    """The redline stored with the amendment (drafting/stored_redline.py)."""
    return read_redline(amendment.action, amendment.base_text, amendment.text,
                        amendment.redline)


def rewrite_note(draft: Draft, amendment: Amendment) -> str:
    """"to be rewritten after MC.DD/3/26/Rev.1": why a needs_rebase amendment waits."""
    conflict = amendment.conflict or {}
    if conflict.get("kind") == "revision":
        return f"to be rewritten after {draft.revision_symbol(conflict['revision'])}"
    if conflict.get("with_amendment"):
        # Conflicts flagged before labels were stored have no "with_label".
        named = conflict.get("with_label") or f"Amendment {conflict['with_amendment']}"
        return f"to be rewritten after {named} was accepted"
    return "to be rewritten"


def insert_label(anchor_label: str, index: int) -> str:
    suffix = INSERT_SUFFIXES[index] if index < len(INSERT_SUFFIXES) else f"new{index + 1}"
    return f"{anchor_label}{suffix}"


def consolidated(paragraphs: Sequence[Paragraph], amendments: Sequence[Amendment]) -> list[Line]:
    lines = {p.key: Line(p) for p in paragraphs}
    for amendment in amendments:
        line = lines.get(amendment.paragraph_key)
        if line is None or not amendment.is_pending:
            continue
        if amendment.status not in LIVE_STATUSES:
            line.to_rewrite.append(Proposal(amendment, line.paragraph.label,
                                            amendment_redline(amendment)))
        elif amendment.action == "insert_after":
            label = insert_label(line.paragraph.label, len(line.inserts))
            line.inserts.append(Proposal(amendment, label, amendment_redline(amendment)))
        else:
            line.changes.append(Proposal(amendment, line.paragraph.label,
                                         amendment_redline(amendment)))
    return list(lines.values())


@dataclass(frozen=True)
class ConsensusMap:
    """Paragraphs × delegations: who proposes (P) or supports (S) open amendments where."""

    rows: list[str]  # paragraph labels
    columns: list[str]  # delegation names, in the order of the list of States
    cells: dict[tuple[int, int], str]  # (row, column) -> "proposes" | "supports" | "both"
    open_by_row: list[int]  # open amendments per paragraph


def consensus_map(labels: Sequence[str], involvement: dict[tuple[int, str], set[str]],
                  open_by_row: Sequence[int], delegation_order: Sequence[str]) -> ConsensusMap:
    """The map from who is involved where: (row, delegation name) -> {"proposes",
    "supports"}, and the open amendments of each row (drafting.amendment_lists counts
    them in the database, however many amendments there are)."""
    names = {name for _, name in involvement}
    columns = [name for name in delegation_order if name in names]
    cells = {(row, columns.index(name)): "both" if len(kinds) == 2 else next(iter(kinds))
             for (row, name), kinds in involvement.items()}
    return ConsensusMap(list(labels), columns, cells, list(open_by_row))

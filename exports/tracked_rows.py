"""The paragraphs of a draft's Word file with tracked changes, as plain data (rows of
pieces: kept, inserted or deleted text, each with its author), from two revisions or from
a revision and its pending amendments; exports.docx_tracked writes them as Word XML.

A redline of Rev.M against Rev.N follows each paragraph by its key: kept paragraphs are
redlined word by word (their marker too when renumbered), a moved one is deleted where it
stood and inserted where it stands, so that rejecting every change gives Rev.N's order.
The pending amendments are applied one after the other in the order proposed (their ids)
with drafting.revisions.apply_amendment, as a revised text applies them; one that
collides with an amendment placed before it, or is to be rewritten after a revision, is
set aside as a comment on its paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drafting.compare import compare
from drafting.consolidated import INSERT_SUFFIXES
from drafting.errors import Conflict
from drafting.redline import redline, token_diff, tokens
from drafting.revisions import Text, apply_amendment
from exports.draft_document import Author, Proposed, Source, Tracked

Piece = tuple[str, str, "Author | None"]  # ("=" | "+" | "-", text, who)


@dataclass
class Row:
    """One Word paragraph: its layout, marker and text pieces, its tracked paragraph
    mark, and the comments on it."""

    layout: Source
    marker: list[Piece]
    text: list[Piece]
    mark: tuple[str, Author] | None = None  # ("w:ins" | "w:del", who)
    old_key: str | None = None  # the older text's paragraph it shows, if any
    comments: list[tuple[Proposed, str]] = field(default_factory=list)


def marker_text(source: Source) -> str:
    """"5.", "(a)"; a paragraph proposed for insertion "5bis.", "(b)bis"."""
    if source.marker is None:
        return ""
    if source.level == 0:
        return f"{source.marker}.\t"
    base, suffix = source.marker, ""
    for name in INSERT_SUFFIXES:
        if source.marker.endswith(name) and source.marker != name:
            base, suffix = source.marker.removesuffix(name), name
            break
    return f"({base}){suffix}\t"


def _whole(op: str, source: Source, who: Author) -> Row:
    tag = "w:ins" if op == "+" else "w:del"
    marker = [(op, marker_text(source), who)] if source.marker is not None else []
    return Row(source, marker, [(op, source.text, who)], (tag, who),
               source.key if op == "-" else None)


def _kept(old: Source, new: Source, text: list[Piece], renumbered: Author) -> Row:
    before, after = marker_text(old), marker_text(new)
    if before == after:
        marker = [("=", before, None)] if before else []
    else:
        marker = [(op, m, renumbered) for op, m in (("-", before), ("+", after)) if m]
    return Row(new, marker, text, None, old.key)


def _place_old(rows: list[Row], before: list[Source], placed: set[str], make) -> None:
    """Each paragraph of the older text that no row shows yet goes right after the row of
    the paragraph before it there, so that rejecting every change gives the older order."""
    for position, old in enumerate(before):
        if old.key in placed:
            continue
        at = 0
        for earlier in reversed(before[:position]):
            index = next((i for i, r in enumerate(rows) if r.old_key == earlier.key), None)
            if index is not None:
                at = index + 1
                break
        rows.insert(at, make(old))
        placed.add(old.key)


# --- a redline of two revisions ----------------------------------------------------------


def against_rows(t: Tracked) -> list[Row]:
    before = {s.key: s for s in t.before}
    compared = {row.key: row for row in compare(t.before, t.after)}
    rows, placed = [], set()
    for new in t.after:
        row, who = compared[new.key], t.authors.get(new.key, t.default)
        if new.key not in before or row.moved:
            rows.append(_whole("+", new, who))
            continue
        pieces = [(op, text, None if op == "=" else who) for op, text in row.redline]
        rows.append(_kept(before[new.key], new, pieces, t.renumbered.get(new.key, t.default)))
        placed.add(new.key)
    _place_old(rows, t.before, placed,
               lambda old: _whole("-", old, t.authors.get(old.key, t.default)))
    return rows


# --- the pending amendments --------------------------------------------------------------


def pending_rows(t: Tracked) -> list[Row]:
    texts = [Text(s.key, s.kind, s.level, s.marker, s.text) for s in t.before]
    placed: list[Proposed] = []
    aside: list[tuple[Proposed, str]] = []
    for proposed in t.proposed:
        if proposed.rewrite is not None:
            aside.append((proposed, f"Not marked in the text: {proposed.rewrite}; written "
                                    f"against {proposed.written_against}: "
                                    f"“{proposed.base_text}”"))
            continue
        try:
            texts = apply_amendment(texts, proposed, proposed.label)
        except Conflict:
            aside.append((proposed, _collision_note(proposed, placed)))
            continue
        placed.append(proposed)
    rows = _merged_rows(t, texts, placed)
    for proposed, note in aside:
        row = next((r for r in rows if r.old_key == proposed.paragraph_key), rows[0])
        row.comments.append((proposed, note))
    return rows


def _collision_note(proposed: Proposed, placed: list[Proposed]) -> str:
    other = next((p for p in placed if p.paragraph_key == proposed.paragraph_key
                  and p.action != "insert_after"), None)
    if other is None:
        return "Not marked in the text: it collides with an amendment marked there."
    return f"Not marked in the text: it collides with {other.name}, marked in the text."


def _merged_rows(t: Tracked, texts: list[Text], placed: list[Proposed]) -> list[Row]:
    before = {s.key: s for s in t.before}
    deleting = {p.paragraph_key: p for p in placed if p.action == "delete"}
    inserting = {p.new_key: p for p in placed if p.action == "insert_after"}
    rows, kept = [], set()
    for text in texts:
        if text.key in before:
            old = before[text.key]
            mods = [p for p in placed if p.paragraph_key == text.key and p.action == "modify"]
            new = Source(old.key, old.kind, old.level, old.marker, old.label, text.text)
            rows.append(_kept(old, new, _attributed(old.text, text.text, mods), t.default))
            kept.add(text.key)
        else:
            proposed = inserting[text.key]
            rows.append(_whole("+", _inserted(text, proposed, before), proposed.author))
    _place_old(rows, t.before, kept, lambda old: _whole(
        "-", old, deleting[old.key].author if old.key in deleting else t.default))
    return rows


def _inserted(text: Text, proposed: Proposed, before: dict[str, Source]) -> Source:
    """The inserted paragraph, its marker named after its label: "5bis." for OP5bis."""
    anchor = before[proposed.paragraph_key]
    marker = None
    if anchor.marker is not None and text.marker is not None:
        suffix = proposed.label.removeprefix(anchor.label)
        marker = f"{anchor.marker}{suffix}"
    return Source(text.key, text.kind, text.level, marker, proposed.label, text.text)


def _attributed(base: str, final: str, mods: list[Proposed]) -> list[Piece]:
    """The redline of the paragraph; with several amendments, the minimal word diff (not
    folded into readable phrases, which would join two delegations' changes), each change
    given to the amendment whose own change covers or touches its place (the first
    proposed if several)."""
    if base == final:
        return [("=", base, None)]
    if len(mods) == 1:
        return [(op, text, None if op == "=" else mods[0].author)
                for op, text in redline(base, final)]
    ops = _minimal(base, final)
    spans = [(m.author, _spans(base, _alone(base, m))) for m in mods]
    pieces, position = [], 0
    for op, text in ops:
        end = position + len(text) if op != "+" else position
        who = None
        if op != "=":
            who = next((a for a, found in spans
                        if any(s <= end and position <= e for s, e in found)), mods[0].author)
        pieces.append((op, text, who))
        position = end
    return _grouped(pieces)


def _grouped(pieces: list[Piece]) -> list[Piece]:
    """One delegation's changes separated only by spaces read as one: "existing
    resources" -> "available means", not word by word."""
    out: list[Piece] = []
    i = 0
    while i < len(pieces):
        op, text, who = pieces[i]
        if op == "=":
            out.append(pieces[i])
            i += 1
            continue
        j, k = i, i + 1  # j: the group's last change; k: the piece looked at
        while k < len(pieces):
            o, t, w = pieces[k]
            if o != "=" and w == who:
                j, k = k, k + 1
            elif o == "=" and not t.strip() and k + 1 < len(pieces) \
                    and pieces[k + 1][0] != "=" and pieces[k + 1][2] == who:
                k += 1
            else:
                break
        group = pieces[i:j + 1]
        old = "".join(t for o, t, _ in group if o != "+")
        new = "".join(t for o, t, _ in group if o != "-")
        out += [(o, t, who) for o, t in (("-", old), ("+", new)) if t]
        i = j + 1
    return out


def _alone(base: str, proposed: Proposed) -> str:
    try:
        texts = apply_amendment([Text(proposed.paragraph_key, "", 0, None, base)], proposed,
                                proposed.label)
    except Conflict:
        return proposed.text or ""
    return texts[0].text


def _minimal(old: str, new: str) -> list[tuple[str, str]]:
    return [(op, "".join(words)) for op, words in token_diff(tokens(old), tokens(new))]


def _spans(base: str, new: str) -> list[tuple[int, int]]:
    """The places of `base` (start, end) that the change base -> new touches."""
    found, position = [], 0
    for op, text in _minimal(base, new):
        if op == "+":
            found.append((position, position))
        elif op == "-":
            found.append((position, position + len(text)))
        if op != "+":
            position += len(text)
    return found

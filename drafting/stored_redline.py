"""An amendment's redline as it is stored: spans of its two texts, not the words again.

The word-level redline (drafting.redline) of an amendment is computed once, when its
wording or its base changes, and kept as [op, length] pairs: [["=", 34], ["-", 6],
["+", 6], ["=", 17]] says "34 characters kept, 6 of the base deleted, 6 of the new text
inserted, 17 kept". The words are read back from the base text ("=" and "-") and from the
new text ("=" and "+") by slicing: no diff on a view, and a few dozen bytes where the
words themselves would double the size of the row.

Spans that do not fit the texts they are read against (a row written around the ORM, a
text changed without them) are detected, and the redline is diffed afresh.
"""

from __future__ import annotations

from drafting.redline import Op, redline

Spans = list[list]  # [[op, length], ...] as stored (JSON)


def sides(action: str, base_text: str, text: str | None) -> tuple[str, str]:
    """The two texts an amendment's redline runs between: a new paragraph (insert_after)
    from nothing, a deletion to nothing."""
    old = "" if action == "insert_after" else base_text
    return old, "" if action == "delete" else text or ""


def fresh_redline(action: str, base_text: str, text: str | None) -> list[Op]:
    old, new = sides(action, base_text, text)
    return [("+", new)] if action == "insert_after" else redline(old, new)


def spans(action: str, base_text: str, text: str | None) -> Spans:
    """What is stored: the fresh redline's spans."""
    return [[op, len(words)] for op, words in fresh_redline(action, base_text, text)]


def from_spans(action: str, base_text: str, text: str | None, stored) -> list[Op] | None:
    """The redline the stored spans describe, or None if they do not fit the texts."""
    old, new = sides(action, base_text, text)
    i = j = 0
    ops: list[Op] = []
    for op, length in stored:
        if op == "+":
            ops.append((op, new[j:j + length]))
            j += length
            continue
        if op == "=" and old[i:i + length] != new[j:j + length]:
            return None
        ops.append((op, old[i:i + length]))
        i, j = i + length, j + (length if op == "=" else 0)
    return ops if (i, j) == (len(old), len(new)) else None


def read_redline(action: str, base_text: str, text: str | None, stored) -> list[Op]:
    """The stored redline, or a fresh one where none is stored or it does not fit."""
    ops = from_spans(action, base_text, text, stored) if stored else None
    return fresh_redline(action, base_text, text) if ops is None else ops

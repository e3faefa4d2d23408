"""Comparing two revisions paragraph by paragraph, following each paragraph by its key:
a renumbered paragraph is the same paragraph, a moved one is reported as moved."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from drafting.redline import Op, redline


class Keyed(Protocol):
    key: str
    label: str
    text: str


@dataclass(frozen=True)
class Row:
    key: str
    from_label: str | None
    to_label: str | None
    change: str  # "unchanged" | "modified" | "inserted" | "deleted"
    moved: bool
    redline: list[Op]


def compare(old: Sequence[Keyed], new: Sequence[Keyed]) -> list[Row]:
    before = {p.key: p for p in old}
    after = {p.key: p for p in new}
    stayed = _in_order([p.key for p in old if p.key in after], [p.key for p in new
                                                               if p.key in before])
    rows = [_row(before.get(p.key), p, p.key in before and p.key not in stayed) for p in new]
    for position, p in enumerate(old):  # a deleted paragraph shows where it stood
        if p.key not in after:
            rows.insert(_after(rows, old, position), _row(p, None, False))
    return rows


def _row(old: Keyed | None, new: Keyed | None, moved: bool) -> Row:
    if old is None:
        return Row(new.key, None, new.label, "inserted", False, [("+", new.text)])
    if new is None:
        return Row(old.key, old.label, None, "deleted", False, [("-", old.text)])
    if old.text == new.text:
        return Row(new.key, old.label, new.label, "unchanged", moved, [("=", new.text)])
    ops = [("-", old.text), ("+", new.text)] if rewritten(old.text, new.text) else redline(
        old.text, new.text)
    return Row(new.key, old.label, new.label, "modified", moved, ops)


REWRITE_MIN_CHARS = 2_000  # shorter paragraphs are always redlined word by word
_WORD = re.compile(r"\w+")


def rewritten(old: str, new: str) -> bool:
    """Is a long paragraph rewritten for the most part: do fewer than a third of the pairs
    of consecutive words of either text occur in the other? Such a paragraph is shown
    replaced whole: a word-level redline of a rewrite is noise (its common words are
    scattered "the" and "of"), and diffing two long unrelated texts is what made
    comparing the largest draft slow. Linear in the texts' length."""
    if min(len(old), len(new)) < REWRITE_MIN_CHARS:
        return False
    before, after = _word_pairs(old), _word_pairs(new)
    return 3 * len(before & after) < min(len(before), len(after))


def _word_pairs(text: str) -> set[tuple[str, str]]:
    words = _WORD.findall(text.lower())
    return set(zip(words, words[1:], strict=False))


def _after(rows: list[Row], old: Sequence[Keyed], position: int) -> int:
    """The row index just after the nearest earlier paragraph of `old` already placed."""
    for earlier in reversed(old[:position]):
        for index, row in enumerate(rows):
            if row.key == earlier.key:
                return index + 1
    return 0


def _in_order(old_keys: list[str], new_keys: list[str]) -> set[str]:
    """The keys that kept their relative order (a longest common subsequence); the rest
    moved."""
    lengths = [[0] * (len(new_keys) + 1) for _ in range(len(old_keys) + 1)]
    for i, a in enumerate(old_keys):
        for j, b in enumerate(new_keys):
            lengths[i + 1][j + 1] = (lengths[i][j] + 1 if a == b
                                     else max(lengths[i][j + 1], lengths[i + 1][j]))
    keep, i, j = set(), len(old_keys), len(new_keys)
    while i and j:
        if old_keys[i - 1] == new_keys[j - 1]:
            keep.add(old_keys[i - 1])
            i, j = i - 1, j - 1
        elif lengths[i - 1][j] >= lengths[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return keep
